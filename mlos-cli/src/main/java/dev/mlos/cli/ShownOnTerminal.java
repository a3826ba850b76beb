package dev.mlos.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>{@code mlos mcp}'s stderr is a byte stream ({@code System.out} goes there too), which {@link
 * #of(OutputStream)} filters alike: its log quotes a compile's warnings and a template's error.
 */
final class ShownOnTerminal extends FilterWriter {
  private ShownOnTerminal(Writer out) {
    super(out);
  }

  /** {@code stream} (the command line's stdout or stderr), its control characters shown as text. */
  static PrintWriter of(PrintWriter stream) {
    return new PrintWriter(new ShownOnTerminal(stream), true);
  }

  /**
   * {@code stream} as a UTF-8 {@link PrintStream} that flushes at each line, its control characters
   * shown as text as {@link #of(PrintWriter)}'s are (what mlos mcp logs on stderr).
   */
  static PrintStream of(OutputStream stream) {
    return new PrintStream(
        new Utf8Bytes(new BufferedOutputStream(stream)), true, StandardCharsets.UTF_8);
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

  /**
   * The same rule for UTF-8 bytes: a C0 control and DEL are one byte each, which no other
   * character's bytes hold; a C1 control is 0xC2 then 0x80..0x9F. A CR or a 0xC2 is held until the
   * next byte says what it is.
   */
  private static final class Utf8Bytes extends FilterOutputStream {
    private int held = -1;

    Utf8Bytes(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      int u = b & 0xff;
      int before = held;
      held = -1;
      if (before == '\r') {
        if (u == '\n') {
          out.write('\r');
          out.write('\n');
          return;
        }
        shown('\r');
      } else if (before == 0xC2) {
        if (u >= 0x80 && u <= 0x9f) {
          shown(u);
          return;
        }
        out.write(0xC2);
      }
      if (u == '\r' || u == 0xC2) {
        held = u;
      } else if (u < 0x20 && u != '\n' && u != '\t' || u == 0x7f) {
        shown(u);
      } else {
        out.write(u);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      for (int i = off; i < off + len; i++) {
        write(b[i]);
      }
    }

    @Override
    public void close() throws IOException {
      if (held == '\r') {
        shown('\r');
      } else if (held == 0xC2) {
        out.write(0xC2);
      }
      held = -1;
      super.close();
    }

    private void shown(int c) throws IOException {
      out.write(String.format(Locale.ROOT, "\\u%04X", c).getBytes(StandardCharsets.US_ASCII));
    }
  }
}
