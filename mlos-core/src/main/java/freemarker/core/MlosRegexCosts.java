package freemarker.core;

import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * mlos's, not FreeMarker's: the part of {@link MlosBuiltInCosts} that charges the regular
 * expressions FreeMarker's string built-ins run ({@code ?matches}, and {@code ?replace}, {@code
 * ?split}... with the flag {@code r}).
 */
final class MlosRegexCosts {
  private MlosRegexCosts() {}

  /** The built-ins that may run a regular expression (always, or with the flag {@code r}). */
  static final Set<String> REGEX =
      Set.of(
          "matches",
          "replace",
          "split",
          "keep_after",
          "keepAfter",
          "keep_after_last",
          "keepAfterLast",
          "keep_before",
          "keepBefore",
          "keep_before_last",
          "keepBeforeLast",
          "ensure_starts_with",
          "ensureStartsWith");

  /**
   * Runs the regular expression a built-in is about to run over {@code target} once first, over
   * characters that charge a step for each read: a pattern that backtracks ({@code (.*a){12}} over
   * 25 characters took 17 s, over 40 hours) stops at the bound instead of in the built-in, where
   * nothing can count. The built-in then does the same work again, no more.
   */
  static void charge(List<?> args, String target, Environment env, TemplateObject at, String key)
      throws TemplateModelException {
    if (target == null || args.isEmpty() || text(args, 0) == null) {
      return;
    }
    String flags;
    boolean regex;
    switch (key) {
      case "matches" -> {
        flags = text(args, 1);
        regex = true;
      }
      case "replace" -> {
        flags = text(args, 2);
        regex = flags != null && flags.indexOf('r') >= 0;
      }
      case "ensure_starts_with", "ensureStartsWith" -> {
        flags = text(args, 2);
        regex = args.size() > 1 && (flags == null || flags.indexOf('r') >= 0);
      }
      default -> {
        flags = text(args, 1);
        regex = flags != null && flags.indexOf('r') >= 0;
      }
    }
    if (!regex) {
      return;
    }
    Pattern p =
        RegexpHelper.getPattern(
            text(args, 0), (int) RegexpHelper.parseFlagString(flags == null ? "" : flags));
    Matcher m = p.matcher(new CountedChars(target, env, at));
    m.matches();
    m.reset();
    while (m.find()) {
      // every match, as ?matches's list, ?replace and ?split walk them
    }
  }

  static String text(List<?> args, int i) throws TemplateModelException {
    if (i >= args.size()) {
      return null;
    }
    Object a = args.get(i);
    return a instanceof String s ? s : a instanceof TemplateScalarModel m ? m.getAsString() : null;
  }

  /** A string whose reads are charged, a step for each, in batches. */
  private static final class CountedChars implements CharSequence {
    private static final int BATCH = 1024;
    private final String text;
    private final Environment env;
    private final TemplateObject at;
    private int reads;

    CountedChars(String text, Environment env, TemplateObject at) {
      this.text = text;
      this.env = env;
      this.at = at;
    }

    @Override
    public char charAt(int index) {
      if (++reads == BATCH) {
        reads = 0;
        MlosBuiltInCosts.charge(env, BATCH, at);
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
