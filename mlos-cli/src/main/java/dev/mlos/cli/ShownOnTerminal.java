package dev.mlos.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;

/**
 * mlos's stdout and stderr: every control character but the line break and the tab (C0, DEL and the
 * C1 controls U+0080..U+009F, CSI U+009B among them) written as {@code \\u001B} and the like.
 * Messages quote what a cloned workspace committed (a view name in mlos.yaml, a template's {@code
 * #stop} text, a row's value in a template error), and the data printed holds what another agent or
 * a teammate's pulled mlos.db.sql wrote (a description, a result, a reason); an ESC there drove the
 * terminal or CI log of whoever ran mlos (a title change, hidden text, a cursor moved over the
 * lines before). mlos writes no escape sequences of its own. A CR is kept only just before a LF (a
 * line break on Windows).
 *
 * <p>{@code --json} passes through it too and stays valid JSON with the same values: Jackson
 * already writes a C0 control in a string as {@code \\u001B} (those bytes are as before), and
 * writes DEL and the C1 controls raw; here they become the JSON escape {@code \\u009B}, which a
 * JSON reader decodes to the same character. Outside its strings JSON holds only spaces and line
 * breaks.
 */
final class ShownOnTerminal extends FilterWriter {
  private ShownOnTerminal(Writer out) {
    super(out);
  }

  /** {@code stream} (the command line's stdout or stderr), its control characters shown as text. */
  static PrintWriter of(PrintWriter stream) {
    return new PrintWriter(new ShownOnTerminal(stream), true);
  }

  @Override
  public void write(int c) throws IOException {
    write(new char[] {(char) c}, 0, 1);
  }

  @Override
  public void write(String s, int off, int len) throws IOException {
    write(s.toCharArray(), off, len);
  }

  @Override
  public void write(char[] buf, int off, int len) throws IOException {
    int start = off;
    int end = off + len;
    for (int i = off; i < end; i++) {
      char c = buf[i];
      if (shown(c) || c == '\r' && i + 1 < end && buf[i + 1] == '\n') {
        continue;
      }
      out.write(buf, start, i - start);
      out.write(String.format(Locale.ROOT, "\\u%04X", (int) c));
      start = i + 1;
    }
    out.write(buf, start, end - start);
  }

  private static boolean shown(char c) {
    return c == '\n' || c == '\t' || !Character.isISOControl(c);
  }
}
