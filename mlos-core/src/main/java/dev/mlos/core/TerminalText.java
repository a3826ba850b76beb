package dev.mlos.core;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;

/**
 * What mlos writes where a person or a CI runner reads it (the command line's stdout and stderr,
 * {@code mlos mcp}'s log, the Maven log), with nothing in it that a terminal or a runner acts on.
 * The one rule for those outputs: each adapter sends all it writes through it, in one place.
 *
 * <ul>
 *   <li>Every control character but the line break and the tab (C0, DEL, the C1 controls
 *       U+0080..U+009F, CSI U+009B among them), the Unicode line and paragraph separators and the
 *       bidirectional controls (U+202A..U+202E, U+2066..U+2069, LRM, RLM, ALM) are written as
 *       {@code \\u001B} and the like, hex in capitals, the spelling every mlos message uses. A CR
 *       is kept only just before a LF (a line break on Windows), even when the two arrive in two
 *       writes.
 *   <li>A line that begins, after spaces and tabs, with {@code ::} has its second colon written as
 *       {@code \\u003A}: GitHub Actions' runner takes such a line for a workflow command ({@code
 *       ::add-mask::}, {@code ::stop-commands::}, {@code ::error file=...::}), and a row's title or
 *       a file name holding a line break then {@code ::} would start one in a multi-line message.
 *   <li>A {@code [} after {@code ##} and ASCII letters ({@code ##[}, {@code ##vso[}, {@code
 *       ##teamcity[}) is written as {@code \\u005B}: the runner's older form of its commands
 *       ({@code ##[error]}), and Azure Pipelines' and TeamCity's, count anywhere in a line.
 *   <li>In a Buildkite job ({@link #ON_BUILDKITE}), a line that begins, at its very start, with
 *       {@code ---}, {@code +++} or {@code ~~~} then a space, a tab or a CR has its third mark
 *       written as {@code \\u002D} and the like: Buildkite takes it for the header of a collapsible
 *       section (its agent's {@code headerRegex}), which folds away what follows; a diff's removed
 *       line {@code -- x} is {@code --- x}, and the diff's own header {@code --- x (compiled, on
 *       disk)} folded the violations after it too. The marks are held back until the character
 *       after them tells.
 *   <li>For the commands (not Buildkite's headers, which must begin the line as they are), a format
 *       character (Unicode's category Cf: U+200B..U+200D, U+2060, U+FEFF, the tag characters, ...;
 *       those that reorder text are escaped by the first rule) counts as nothing: neither a person
 *       nor an agent sees it, so {@code U+200B::add-mask::} and {@code #U+2060#[error]} read as a
 *       command does and are written as one is. The runner trims only what .NET calls white space,
 *       which is none of them, so in the middle of its output such a line is no command; but a
 *       U+FEFF that is the first character of a step's output is its byte order mark to .NET's
 *       reader, which drops it, and the line after it is read as {@code ::add-mask::}
 *       (actions/runner's {@code ActionCommand.TryParseV2}, {@code Process.StandardOutput}).
 *       Escaping the colon costs nothing where the character is not seen.
 * </ul>
 *
 * Each replacement is also a JSON escape of the same character, so {@code --json}, whose strings
 * are the only place such text can be, stays valid JSON with the same values. mlos's own GitHub
 * annotations ({@link dev.mlos.core.guard.report.GitHubAnnotations}) are the one output that must
 * not go through this: they are written straight to stdout.
 */
public final class TerminalText extends FilterWriter {
  private static final int LINE_START = 0; // nothing but spaces and tabs yet on this line
  private static final int ONE_COLON = 1; // spaces and tabs, then one colon
  private static final int IN_LINE = 2;

  private int line = LINE_START;
  private boolean heldCr;
  private boolean afterHash;
  private boolean afterHashes; // "##" then only ASCII letters
  private final boolean buildkite;
  private boolean column0 = true; // nothing at all yet on this line
  private int marks; // '-', '+' or '~' held back at the start of this line (up to 3)
  private char mark;

  // The state before a high surrogate, restored when its pair is a format character.
  private boolean pairPending;
  private char high;
  private int lineBefore;
  private boolean afterHashBefore;
  private boolean afterHashesBefore;

  /** A writer that writes to {@code out} what this rule shows. */
  public TerminalText(Writer out) {
    this(out, ON_BUILDKITE);
  }

  /**
   * @param buildkite whether a line that begins {@code --- } and the like is a Buildkite section
   *     header to neutralise ({@link #ON_BUILDKITE} but for tests)
   */
  TerminalText(Writer out, boolean buildkite) {
    super(out);
    this.buildkite = buildkite;
  }

  /**
   * Whether this process runs in a Buildkite job (its agent sets {@code BUILDKITE=true}), where a
   * line beginning {@code --- }, {@code +++ } or {@code ~~~ } is a section header. Elsewhere such
   * lines (a diff's own {@code --- x (compiled, on disk)}) are left as they are for people to read.
   */
  static final boolean ON_BUILDKITE = "true".equals(System.getenv("BUILDKITE"));

  /**
   * {@code text} as the rule shows it, taken as the start of a line (a message to a log that puts a
   * prefix before its first line, or none).
   */
  public static String of(CharSequence text) {
    return of(text, ON_BUILDKITE);
  }

  /** {@link #of(CharSequence)}, Buildkite's headers neutralised or not. */
  static String of(CharSequence text, boolean buildkite) {
    if (text == null) {
      return "null";
    }
    StringWriter sink = new StringWriter(text.length() + 16);
    try (TerminalText shown = new TerminalText(sink, buildkite)) {
      shown.append(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not throw
    }
    return sink.toString();
  }

  /**
   * True for a character this rule writes as {@code \\uXXXX} wherever it is: a control character
   * but the line break and the tab (and a CR, kept before a LF), a line or paragraph separator, a
   * bidirectional control.
   */
  public static boolean escaped(char c) {
    return Character.isISOControl(c) && c != '\n' && c != '\t'
        || c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200e'
        || c == '\u200f'
        || c == '\u061c';
  }

  /** {@code c} as {@code \\u001B}: the spelling of every escaped character in mlos's messages. */
  public static String escape(char c) {
    return String.format(Locale.ROOT, "\\u%04X", (int) c);
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
      if (heldCr) {
        heldCr = false;
        if (c == '\n') {
          out.write('\r');
        } else {
          out.write(escape('\r'));
          line = IN_LINE;
          afterHash = afterHashes = false;
        }
      }
      if (marks > 0) {
        if (c == mark && marks < 3) {
          marks++;
          start = i + 1;
          continue;
        }
        // "--- ", "+++ ", "~~~ " (or a tab, or a CR, after them) at a line's very start: a
        // Buildkite section header, which folds away what follows it.
        releaseMarks(marks == 3 && (c == ' ' || c == '\t' || c == '\r'));
      } else if (column0 && buildkite && (c == '-' || c == '+' || c == '~')) {
        out.write(buf, start, i - start);
        start = i + 1;
        marks = 1;
        mark = c;
        column0 = false;
        line = IN_LINE;
        afterHash = afterHashes = false;
        continue;
      }
      column0 = c == '\n';
      boolean pair = pairPending;
      pairPending = false;
      String replaced;
      if (c == '\r') {
        out.write(buf, start, i - start);
        start = i + 1;
        heldCr = true;
        continue;
      } else if (escaped(c)) {
        replaced = escape(c);
      } else if (c == ':' && line == ONE_COLON || c == '[' && afterHashes) {
        replaced = escape(c);
      } else {
        replaced = null;
      }
      if (replaced != null) {
        out.write(buf, start, i - start);
        out.write(replaced);
        start = i + 1;
        line = IN_LINE;
        afterHash = afterHashes = false;
        continue;
      }
      if (Character.getType(c) == Character.FORMAT) {
        continue; // seen by no one: the line reads as it did before it
      }
      if (pair && Character.isLowSurrogate(c)) {
        if (Character.getType(Character.toCodePoint(high, c)) == Character.FORMAT) {
          // A format character beyond U+FFFF (a tag character): as if neither half had come.
          line = lineBefore;
          afterHash = afterHashBefore;
          afterHashes = afterHashesBefore;
          continue;
        }
      } else if (Character.isHighSurrogate(c)) {
        pairPending = true;
        high = c;
        lineBefore = line;
        afterHashBefore = afterHash;
        afterHashesBefore = afterHashes;
      }
      if (c == '\n') {
        line = LINE_START;
      } else if (line == LINE_START && c == ':') {
        line = ONE_COLON;
      } else if (!(line == LINE_START && (c == '\t' || Character.isSpaceChar(c)))) {
        // The runner trims what .NET calls white space before it looks for "::": spaces of every
        // width (U+00A0, U+2000..U+200A, U+3000 among them) and the tab; the other kinds are
        // escaped above.
        line = IN_LINE;
      }
      afterHashes =
          c == '#' && afterHash || afterHashes && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z');
      afterHash = c == '#';
    }
    out.write(buf, start, end - start);
  }

  /** Writes the marks held back, the third as {@code \\u002D} and the like for a header. */
  private void releaseMarks(boolean header) throws IOException {
    for (int k = 0; k < marks; k++) {
      if (header && k == 2) {
        out.write(escape(mark));
      } else {
        out.write(mark);
      }
    }
    marks = 0;
  }

  /**
   * Writes a CR still held (the last character written, its LF not yet come) as {@code \\u000D},
   * then closes. A flush keeps it held: a LF may follow.
   */
  @Override
  public void close() throws IOException {
    endText();
    super.close();
  }

  /**
   * Says no more text follows, without closing (the writer over the process's stdout, which others
   * may still use): a CR still held is written as {@code \\u000D} and flushed, as {@link #close()}
   * does. Text written after starts a new part, as if on a line of its own.
   */
  public void endText() throws IOException {
    pairPending = false;
    if (marks > 0) {
      releaseMarks(false);
    }
    if (heldCr) {
      heldCr = false;
      out.write(escape('\r'));
      line = IN_LINE;
      afterHash = afterHashes = false;
    }
    out.flush();
  }
}
