package dev.mlos.core.render;

import freemarker.core.ParseException;
import freemarker.core.TemplateElement;
import freemarker.core.TextBlock;
import freemarker.template.Template;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * Refuses a template that reads the clock ({@code .now}). A page must come out the same from the
 * same data: the guard renders it again (in CI, on a fresh clone, at another time) and would find a
 * page holding the time of its compile {@code STALE} on every run, with a fix ("compile") that
 * cannot help. FreeMarker cannot switch {@code .now} off, so each template is checked once when it
 * is loaded, the includes and imports of a template too.
 */
final class ClockFreeTemplates {
  private ClockFreeTemplates() {}

  /**
   * {@code .now} as an expression: not a member ({@code x.now}), not inside a word or a name, nor
   * after a closing bracket or quote (a member of what they end).
   */
  private static final Pattern NOW = Pattern.compile("(?<![\\w.\\])\"'$])\\.now(?![\\w])");

  /**
   * {@code ?eval} and {@code ?interpret} run a string as template code when the page renders, where
   * no check made at load time sees it: {@code ".now"?eval} read the clock unrefused.
   */
  private static final Pattern RUNS_TEXT = Pattern.compile("\\?(eval|interpret)(?![\\w])");

  /**
   * A string literal without an interpolation ({@code "a .now b"}, {@code r"..."}): text, not an
   * expression, so what it says is not read as one. One with {@code $'{'} or {@code #'{'} holds
   * expressions and stays.
   */
  // Possessive: a run of plain characters is one step, so matching does not recurse once per
  // character (a literal of a few thousand characters ran the thread's stack out).
  private static final Pattern PLAIN_STRING =
      Pattern.compile("r?\"(?:[^\"\\\\]++|\\\\.)*+\"|r?'(?:[^'\\\\]++|\\\\.)*+'");

  /**
   * Throws a {@link ParseException} at the first element of {@code template} that reads {@code
   * .now}; its text blocks (what a template writes as it is) are not expressions and are skipped.
   */
  static void check(Template template) throws ParseException {
    Deque<TemplateElement> todo = new ArrayDeque<>();
    TemplateElement root = template.getRootTreeNode();
    if (root != null) {
      todo.push(root);
    }
    while (!todo.isEmpty()) {
      TemplateElement e = todo.pop();
      if (e instanceof TextBlock) {
        continue;
      }
      // The element's own text: its canonical form without its children's.
      String own = e.getCanonicalForm();
      for (int i = 0; i < e.getChildCount(); i++) {
        TemplateElement child = (TemplateElement) e.getChildAt(i);
        own = own.replace(child.getCanonicalForm(), " ");
        todo.push(child);
      }
      own = withoutPlainStrings(own);
      if (RUNS_TEXT.matcher(own).find()) {
        throw new ParseException(
            "?eval and ?interpret run text as template code when the page renders, where mlos"
                + " cannot check it (\".now\"?eval would read the clock, and a page must come out"
                + " the same from the same data): write the expression in the template itself;"
                + " ?eval_json reads JSON",
            e);
      }
      if (NOW.matcher(own).find()) {
        throw new ParseException(
            ".now reads the clock, and a page must come out the same from the same data (the guard"
                + " renders it again, and would find it stale at any other time): take the time"
                + " from the data (a query's max(updated_at)) or leave it out; every page's front"
                + " matter has compiled_at",
            e);
      }
    }
  }

  private static String withoutPlainStrings(String own) {
    java.util.regex.Matcher m = PLAIN_STRING.matcher(own);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String literal = m.group();
      boolean holdsExpressions =
          !literal.startsWith("r") && (literal.contains("${") || literal.contains("#{"));
      m.appendReplacement(
          out, java.util.regex.Matcher.quoteReplacement(holdsExpressions ? literal : "\"\""));
    }
    return m.appendTail(out).toString();
  }
}
