package dev.mlos.core.render;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;

/**
 * A template failed to parse or to render. Names the template, the line and column inside it, the
 * view, and (for per-row views) the row being rendered.
 */
public class TemplateRenderException extends MlosException {
  private final String template;
  private final int line;
  private final int column;
  private final String view;

  /** The default fix: the template's text is wrong at that line. */
  public static final String FIX_TEMPLATE =
      "fix the template at that line, then run {0} again (a syntax error stops the compile"
          + " before any file is written; when a row fails to render, the pages rendered before it are written and recorded)";

  public TemplateRenderException(
      String view,
      String template,
      int line,
      int column,
      String row,
      String problem,
      Throwable cause) {
    this(view, template, line, column, row, problem, FIX_TEMPLATE, cause);
  }

  public TemplateRenderException(
      String view,
      String template,
      int line,
      int column,
      String row,
      String problem,
      String fix,
      Throwable cause) {
    super(
        "View '"
            + view
            + "', template "
            + template
            + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "")
            + (row == null ? "" : " (row " + row + ")")
            + ": "
            + problem,
        fix,
        cause);
    this.template = template;
    this.line = line;
    this.column = column;
    this.view = view;
    // Every fix of a template error ends in compiling again; {0} is that compile, in the adapter's
    // words.
    suggesting(Remedy.compile());
  }

  public String template() {
    return template;
  }

  /** 1-based line in the template, 0 when unknown. */
  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public String view() {
    return view;
  }
}
