package dev.mlos.cli;

import dev.mlos.core.TerminalText;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * mlos's stdout and stderr, through the core's {@link TerminalText}: every control character but
 * the line break and the tab (C0, DEL and the C1 controls U+0080..U+009F, CSI U+009B among them),
 * and the bidirectional controls, written as {@code \\u001B} and the like, and no line that a CI
 * runner takes for a command ({@code ::stop-commands::...} at a line's start, {@code ##[error]}).
 * Messages quote what a cloned workspace committed (a view name in mlos.yaml, a template's {@code
 * #stop} text, a row's value in a template error), and the data printed holds what another agent or
 * a teammate's pulled mlos.db.sql wrote (a description, a result, a reason); an ESC there drove the
 * terminal or CI log of whoever ran mlos (a title change, hidden text, a cursor moved over the
 * lines before), and a line break in a title followed by {@code ::add-mask::} or {@code
 * ::stop-commands::} gave commands to the GitHub Actions runner of a CI job that ran mlos. mlos
 * writes no escape sequences of its own. A CR is kept only just before a LF (a line break on
 * Windows), also when the two come in two writes; one that is the output's last character is shown
 * as {@code \\u000D} when the command ends ({@link #end}).
 *
 * <p>{@code --json} passes through it too and stays valid JSON with the same values: Jackson
 * already writes a C0 control in a string as {@code \\u001B} (those bytes are as before), and
 * writes DEL and the C1 controls raw; here they become the JSON escape {@code \\u009B}, which a
 * JSON reader decodes to the same character (as {@code \\u003A} and {@code \\u005B} are ':' and
 * '['). Outside its strings JSON holds only spaces and line breaks.
 *
 * <p>{@code mlos mcp}'s stderr is a byte stream ({@code System.out} goes there too), which {@link
 * #of(OutputStream)} filters alike: its log quotes a compile's warnings and a template's error.
 */
final class ShownOnTerminal {
  private ShownOnTerminal() {}

  /** {@code stream} (the command line's stdout or stderr), shown by {@link TerminalText}'s rule. */
  static PrintWriter of(PrintWriter stream) {
    return new Shown(new TerminalText(stream));
  }

  /**
   * Ends what {@code stream} (one of {@link #of(PrintWriter)}'s) shows, without closing it: a CR
   * that was its last character, no LF after it, is written as {@code \\u000D}; it waited for a LF
   * that never came and was lost. Any other writer is only flushed.
   */
  static void end(PrintWriter stream) {
    if (stream instanceof Shown shown) {
      shown.end();
    } else {
      stream.flush();
    }
  }

  /** A writer over {@link TerminalText} that can end its text without closing. */
  private static final class Shown extends PrintWriter {
    private final TerminalText text;

    Shown(TerminalText text) {
      super(text, true);
      this.text = text;
    }

    void end() {
      synchronized (lock) {
        flush();
        try {
          text.endText();
        } catch (IOException e) {
          setError();
        }
      }
    }
  }

  /**
   * {@code stream} as a UTF-8 {@link PrintStream} that flushes at each line, shown by the same rule
   * as {@link #of(PrintWriter)}'s (what mlos mcp logs on stderr): its bytes are read back as UTF-8
   * (a malformed byte as U+FFFD) and go through the same writer, so the two cannot differ.
   */
  static PrintStream of(OutputStream stream) {
    return new PrintStream(
        new Utf8Chars(
            new TerminalText(
                new OutputStreamWriter(new BufferedOutputStream(stream), StandardCharsets.UTF_8))),
        true,
        StandardCharsets.UTF_8);
  }

  /**
   * Bytes decoded as UTF-8 to a writer; a character whose bytes arrive in two writes waits for the
   * rest (a flush leaves it waiting).
   */
  private static final class Utf8Chars extends OutputStream {
    private final Writer out;
    private final CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer in = ByteBuffer.allocate(8192);
    private final CharBuffer chars = CharBuffer.allocate(8192);

    Utf8Chars(Writer out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int n = Math.min(len, in.remaining());
        in.put(b, off, n);
        off += n;
        len -= n;
        decode(false);
      }
    }

    private void decode(boolean end) throws IOException {
      in.flip();
      CoderResult result;
      do {
        result = decoder.decode(in, chars, end);
        drain();
      } while (result.isOverflow());
      if (end) {
        while (decoder.flush(chars).isOverflow()) {
          drain();
        }
        drain();
      }
      in.compact();
    }

    private void drain() throws IOException {
      chars.flip();
      out.write(chars.array(), chars.arrayOffset() + chars.position(), chars.remaining());
      chars.clear();
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      decode(true);
      out.close();
    }
  }
}
