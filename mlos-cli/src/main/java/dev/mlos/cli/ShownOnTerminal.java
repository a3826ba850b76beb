package dev.mlos.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;

/**
 * mlos's stderr: every control character but the line break and the tab written as {@code \\uXXXX}.
 * Messages quote what a cloned workspace committed (a view name in mlos.yaml, a template's {@code
 * #stop} text, a row's value in a template error), and an ESC there drove the terminal or CI log of
 * whoever compiled it (a title change, hidden text, a cursor moved over the lines before). mlos
 * writes no escape sequences of its own. A CR is kept only just before a LF (a line break on
 * Windows).
 */
final class ShownOnTerminal extends FilterWriter {
  private ShownOnTerminal(Writer out) {
    super(out);
  }

  /** {@code err}, its control characters shown as text. */
  static PrintWriter of(PrintWriter err) {
    return new PrintWriter(new ShownOnTerminal(err), true);
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
      out.write(String.format(Locale.ROOT, "\\u%04x", (int) c));
      start = i + 1;
    }
    out.write(buf, start, end - start);
  }

  private static boolean shown(char c) {
    return c == '\n' || c == '\t' || !Character.isISOControl(c);
  }
}
