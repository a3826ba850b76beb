package dev.mlos.core.render;

import freemarker.core.Environment;
import freemarker.core.TemplateValueFormatException;
import freemarker.template.SimpleScalar;
import freemarker.template.TemplateBooleanModel;
import freemarker.template.TemplateCollectionModel;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;
import freemarker.template.TemplateSequenceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The functions of the {@code mlos} object that shape text and touch no file: Markdown escapes and
 * code blocks ({@link MarkdownText}), {@code mlos.table} ({@link MarkdownTable}) and {@code
 * mlos.oneLine}. {@link MlosFunctions} registers them next to the ones that read the workspace.
 */
final class TextFunctions {
  private TextFunctions() {}

  /**
   * Adds the text functions to {@code functions}: the escapes of {@link MarkdownText} ({@code
   * inline}, {@code cell}, {@code mermaid}, {@code fence}, {@code codeBlock}, {@code code}, {@code
   * codeCell}, {@code block}, {@code linkText}), {@code table}, {@code oneLine}, {@code summary}
   * and {@code summaryWords}.
   */
  static void register(Map<String, TemplateModel> functions) {
    functions.put(
        "inline",
        (MlosFunction) args -> new SimpleScalar(MarkdownText.inline(str(args, 0, "inline"))));
    functions.put(
        "cell", (MlosFunction) args -> new SimpleScalar(MarkdownText.cell(str(args, 0, "cell"))));
    functions.put(
        "mermaid",
        (MlosFunction)
            args -> new SimpleScalar(MarkdownText.mermaidLabel(str(args, 0, "mermaid"))));
    functions.put(
        "fence",
        (MlosFunction) args -> new SimpleScalar(MarkdownText.fence(str(args, 0, "fence"))));
    functions.put(
        "codeBlock",
        (MlosFunction)
            args ->
                new SimpleScalar(
                    MarkdownText.codeBlock(
                        str(args, 0, "codeBlock"),
                        args.size() > 1 ? str(args, 1, "codeBlock") : "")));
    functions.put(
        "code", (MlosFunction) args -> new SimpleScalar(MarkdownText.code(str(args, 0, "code"))));
    functions.put(
        "codeCell",
        (MlosFunction) args -> new SimpleScalar(MarkdownText.codeCell(str(args, 0, "codeCell"))));
    functions.put(
        "block",
        (MlosFunction)
            args ->
                new SimpleScalar(
                    SafeMarkdown.block(
                        OpenBlocks.withoutBlankEnds(MarkdownText.block(str(args, 0, "block"))))));
    functions.put(
        "linkText",
        (MlosFunction)
            args ->
                new SimpleScalar(
                    MarkdownText.linkText(
                        str(args, 0, "linkText"),
                        args.size() > 1 ? str(args, 1, "linkText") : "")));
    functions.put("table", (MlosFunction) TextFunctions::table);
    functions.put("oneLine", (MlosFunction) TextFunctions::oneLine);
    functions.put("summary", (MlosFunction) args -> summary(args, "summary"));
    functions.put("summaryWords", (MlosFunction) args -> summary(args, "summaryWords"));
  }

  /**
   * {@code mlos.summary(text, max)} and {@code mlos.summaryWords(text, max)}: see {@link
   * MarkdownSummary#of} and {@link MarkdownSummary#words}.
   */
  private static TemplateModel summary(List<?> args, String name) throws TemplateModelException {
    if (args.size() != 2) {
      throw new TemplateModelException("mlos." + name + "(text, max) takes 2 arguments");
    }
    String text = str(args, 0, name);
    if (!(args.get(1) instanceof TemplateNumberModel m)) {
      throw new TemplateModelException("mlos." + name + ": argument 2 must be a number");
    }
    double d = m.getAsNumber().doubleValue();
    if (d != Math.rint(d) || d < 3 || d > Integer.MAX_VALUE) {
      throw new TemplateModelException(
          "mlos." + name + ": max must be a whole number of at least 3, not " + m.getAsNumber());
    }
    return new SimpleScalar(
        name.equals("summary")
            ? MarkdownSummary.of(text, (int) d)
            : MarkdownSummary.words(text, (int) d));
  }

  private static TemplateModel oneLine(List<?> args) throws TemplateModelException {
    if (args.size() != 2) {
      throw new TemplateModelException("mlos.oneLine(text, max) takes 2 arguments");
    }
    String text;
    Object a = args.get(0);
    if (a instanceof TemplateScalarModel s) {
      text = s.getAsString();
    } else if (a instanceof TemplateNumberModel n) {
      // as FreeMarker's string built-ins see a number: in the number format
      try {
        text = Environment.getCurrentEnvironment().getTemplateNumberFormat().formatToPlainText(n);
      } catch (TemplateValueFormatException e) {
        throw new TemplateModelException("mlos.oneLine: " + e.getMessage(), e);
      }
    } else {
      throw new TemplateModelException("mlos.oneLine: argument 1 must be text");
    }
    if (text == null) {
      throw new TemplateModelException("mlos.oneLine: argument 1 must be text");
    }
    if (!(args.get(1) instanceof TemplateNumberModel m)) {
      throw new TemplateModelException("mlos.oneLine: argument 2 must be a number");
    }
    Number max = m.getAsNumber();
    double d = max.doubleValue();
    String t = MarkdownText.collapseRegexSpace(text).trim();
    if (t.length() <= d) {
      return new SimpleScalar(t);
    }
    if (d != Math.rint(d) || d < 3) {
      throw new TemplateModelException(
          "mlos.oneLine: max must be a whole number of at least 3, not " + max);
    }
    return new SimpleScalar(MarkdownText.oneLine(t, (int) d));
  }

  /**
   * {@code mlos.table(columns, rows)}: columns are header texts or hashes {@code {"title": ...,
   * "align": "left|center|right"}}; rows are lists of cells, each text (a string, number or
   * boolean; null is empty), {@code {"code": text}} or {@code {"text": text, "link": target}}.
   */
  private static TemplateModel table(List<?> args) throws TemplateModelException {
    if (args.size() != 2) {
      throw new TemplateModelException("mlos.table(columns, rows) takes 2 arguments");
    }
    List<MarkdownTable.Column> columns = new ArrayList<>();
    int i = 0;
    for (TemplateModel c :
        sequence(args.get(0), "mlos.table: columns must be a list of header texts or hashes")) {
      i++;
      if (c instanceof TemplateHashModel h && !(c instanceof TemplateScalarModel)) {
        String align = text(h.get("align"), "mlos.table: column " + i + "'s align");
        MarkdownTable.Align a = MarkdownTable.Align.of(align);
        if (a == null) {
          throw new TemplateModelException(
              "mlos.table: column "
                  + i
                  + "'s align is '"
                  + align
                  + "'; use left, center, right or none");
        }
        columns.add(
            new MarkdownTable.Column(
                text(h.get("title"), "mlos.table: column " + i + "'s title"), a));
      } else {
        columns.add(
            new MarkdownTable.Column(text(c, "mlos.table: column " + i), MarkdownTable.Align.NONE));
      }
    }
    List<List<MarkdownTable.Cell>> rows = new ArrayList<>();
    int r = 0;
    for (TemplateModel row :
        sequence(args.get(1), "mlos.table: rows must be a list of lists of cells")) {
      r++;
      List<MarkdownTable.Cell> cells = new ArrayList<>();
      int c = 0;
      for (TemplateModel cell :
          sequence(row, "mlos.table: row " + r + " must be a list of cells")) {
        c++;
        cells.add(cell(cell, "mlos.table: row " + r + ", cell " + c));
      }
      rows.add(cells);
    }
    try {
      return new SimpleScalar(MarkdownTable.of(columns, rows));
    } catch (IllegalArgumentException e) {
      throw new TemplateModelException("mlos.table: " + e.getMessage());
    }
  }

  private static MarkdownTable.Cell cell(TemplateModel cell, String where)
      throws TemplateModelException {
    if (cell instanceof TemplateHashModel h && !(cell instanceof TemplateScalarModel)) {
      TemplateModel code = h.get("code");
      if (code != null) {
        return new MarkdownTable.Cell(text(code, where + "'s code"), true, null);
      }
      String link = text(h.get("link"), where + "'s link");
      return new MarkdownTable.Cell(
          text(h.get("text"), where + "'s text"), false, link.isEmpty() ? null : link);
    }
    return MarkdownTable.Cell.text(text(cell, where));
  }

  /**
   * A cell's or header's text: a string, a number (as ${n} would not localise it), a boolean; null
   * is "".
   */
  private static String text(TemplateModel value, String where) throws TemplateModelException {
    if (value == null) {
      return "";
    }
    if (value instanceof TemplateScalarModel s) {
      String t = s.getAsString();
      return t == null ? "" : t;
    }
    if (value instanceof TemplateNumberModel n) {
      return PlainNumberFormat.text(n.getAsNumber());
    }
    if (value instanceof TemplateBooleanModel b) {
      return b.getAsBoolean() ? "true" : "false";
    }
    throw new TemplateModelException(where + " must be text, a number or a boolean");
  }

  private static Iterable<TemplateModel> sequence(Object value, String message)
      throws TemplateModelException {
    List<TemplateModel> items = new ArrayList<>();
    if (value instanceof TemplateSequenceModel s) {
      for (int k = 0; k < s.size(); k++) {
        items.add(s.get(k));
      }
    } else if (value instanceof TemplateCollectionModel c) {
      var it = c.iterator();
      while (it.hasNext()) {
        items.add(it.next());
      }
    } else {
      throw new TemplateModelException(message);
    }
    return items;
  }

  /** Argument {@code i} of {@code mlos.<fn>} as text (a number as its digits, null as ""). */
  static String str(List<?> args, int i, String fn) throws TemplateModelException {
    if (args.size() <= i) {
      throw new TemplateModelException("mlos." + fn + " needs an argument");
    }
    Object a = args.get(i);
    if (a instanceof TemplateScalarModel s) {
      return s.getAsString();
    }
    if (a instanceof TemplateNumberModel n) {
      return n.getAsNumber().toString();
    }
    if (a == null) {
      return "";
    }
    throw new TemplateModelException("mlos." + fn + ": argument " + (i + 1) + " must be text");
  }
}
