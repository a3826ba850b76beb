package dev.mlos.core.frontmatter;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The line-level reads of a compiled file's front matter that need no YAML parser, in one place:
 * whether a file declares a top-level {@code compiled_at:} line (the guard's test for an unknown
 * compiled file, read as raw bytes so a file without front matter costs one small read), the
 * volatile lines a diff should not show ({@code compiled_at:}, {@code content_hash:}), and line
 * endings.
 *
 * <p>The byte-level {@link Scan} is a second implementation of {@link #declaresCompiledAtByLines},
 * kept because it lets one read of a registered artifact both hash it and answer the unknown check,
 * and rejects a file that does not start with {@code ---} without a decoder; {@code
 * FrontMatterLinesTest} checks that both give the same answer.
 */
public final class FrontMatterLines {
  private FrontMatterLines() {}

  /** What a {@link Scan} found so far. */
  public enum Answer {
    /** A front matter block with a top-level {@code compiled_at:} line. */
    YES,
    /** No front matter, or none with {@code compiled_at:} in its first lines. */
    NO,
    /** Undecided: feed more bytes, or call {@link Scan#end()} at the end of the file. */
    MORE,
    /**
     * The first line is {@code ---} and non-ASCII bytes: ask {@link #declaresCompiledAtByLines}.
     */
    BY_LINES
  }

  /**
   * True when the file starts with a front matter block that has a top-level {@code compiled_at:}
   * line. Reads only the front matter (at most {@value #MAX_FRONT_MATTER_LINES} lines), as raw
   * bytes: a file whose first bytes are not {@code ---} is rejected after one small read, without a
   * decoder.
   */
  public static boolean declaresCompiledAt(Path file) throws IOException {
    Scan scan = new Scan();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[FIRST_READ];
      Answer answer = Answer.MORE;
      int n;
      while (answer == Answer.MORE && (n = in.read(buffer)) != -1) {
        answer = scan.feed(buffer, 0, n);
        if (buffer.length == FIRST_READ) {
          buffer = new byte[NEXT_READS];
        }
      }
      if (answer == Answer.MORE) {
        answer = scan.end();
      }
      if (answer != Answer.BY_LINES) {
        return answer == Answer.YES;
      }
    }
    return declaresCompiledAtByLines(file);
  }

  /** Bytes of the first read: enough for the usual answer, "no front matter". */
  private static final int FIRST_READ = 512;

  private static final int NEXT_READS = 8192;

  /**
   * The reference form of {@link #declaresCompiledAt}: decodes the file as UTF-8 (malformed bytes
   * replaced) and reads it line by line. Used only when the first line is {@code ---} followed by
   * bytes other than ASCII, where "only trailing whitespace" needs the decoded characters.
   */
  public static boolean declaresCompiledAtByLines(Path file) throws IOException {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
      String first = in.readLine();
      if (first == null) {
        return false;
      }
      if (first.startsWith("\uFEFF")) {
        first = first.substring(1);
      }
      if (!first.stripTrailing().equals("---")) {
        return false;
      }
      String line;
      int n = 0;
      while ((line = in.readLine()) != null && n++ < MAX_FRONT_MATTER_LINES) {
        if (line.startsWith("---") || line.startsWith("...")) {
          return false;
        }
        if (line.startsWith(CompiledFile.COMPILED_AT_KEY + ":")) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * {@link #declaresCompiledAtByLines} on raw bytes, fed in pieces: the same answer, because every
   * byte it looks at is ASCII ({@code \n}, {@code \r}, the first bytes of a line), and UTF-8
   * decoding, even of malformed input, never merges an ASCII byte into another character. Line ends
   * are those of {@link BufferedReader#readLine}: LF, CR or CRLF.
   */
  static final class Scan {

    private static final byte[] KEY =
        (CompiledFile.COMPILED_AT_KEY + ":").getBytes(StandardCharsets.US_ASCII);

    private static final int BOM_1 = 0,
        BOM_2 = 1,
        BOM_3 = 2,
        DASHES = 3,
        FIRST_REST = 4,
        LINE_START = 5,
        PREFIX = 6,
        SKIP = 7;

    private int state = BOM_1;
    private int dashes;

    /** The last byte ended a line with CR: an LF right after it belongs to the same line end. */
    private boolean afterCr;

    /** Front matter lines started (the first line, {@code ---}, not counted). */
    private int lines;

    /** Bytes of the current line seen so far, up to the key's length. */
    private int length;

    private boolean maybeDashes;
    private boolean maybeDots;
    private boolean maybeKey;
    private Answer answer = Answer.MORE;

    /** Feeds {@code len} bytes; returns the answer so far. */
    Answer feed(byte[] bytes, int off, int len) {
      int end = off + len;
      for (int i = off; i < end && answer == Answer.MORE; i++) {
        step(bytes[i]);
      }
      return answer;
    }

    /** The end of the file: the final answer. */
    Answer end() {
      if (answer == Answer.MORE) {
        answer = Answer.NO;
      }
      return answer;
    }

    private void step(byte b) {
      switch (state) {
        case BOM_1 -> {
          if (b == (byte) 0xEF) {
            state = BOM_2;
          } else {
            state = DASHES;
            step(b);
          }
        }
        case BOM_2 -> {
          if (b == (byte) 0xBB) {
            state = BOM_3;
          } else {
            answer = Answer.NO;
          }
        }
        case BOM_3 -> {
          if (b == (byte) 0xBF) {
            state = DASHES;
          } else {
            answer = Answer.NO;
          }
        }
        case DASHES -> {
          if (b != '-') {
            answer = Answer.NO;
          } else if (++dashes == 3) {
            state = FIRST_REST;
          }
        }
        case FIRST_REST -> {
          if (b == '\n' || b == '\r') {
            lineEnd(b);
          } else if (b < 0) {
            // Not ASCII: whether it is trailing whitespace (U+2003...) depends on decoding.
            answer = Answer.BY_LINES;
          } else if (!(b == ' '
              || b == '\t'
              || b == 0x0B
              || b == '\f'
              || (b >= 0x1C && b <= 0x1F))) {
            // Not what String.stripTrailing removes: the first line is not "---".
            answer = Answer.NO;
          }
        }
        case LINE_START -> {
          if (afterCr && b == '\n') {
            afterCr = false;
            return;
          }
          afterCr = false;
          if (lines == MAX_FRONT_MATTER_LINES) {
            answer = Answer.NO;
            return;
          }
          lines++;
          length = 0;
          maybeDashes = true;
          maybeDots = true;
          maybeKey = true;
          state = PREFIX;
          step(b);
        }
        case PREFIX -> {
          if (b == '\n' || b == '\r') {
            lineEnd(b);
            return;
          }
          maybeDashes &= b == '-';
          maybeDots &= b == '.';
          maybeKey = maybeKey && b == KEY[length];
          length++;
          if (length == 3 && (maybeDashes || maybeDots)) {
            answer = Answer.NO;
          } else if (maybeKey && length == KEY.length) {
            answer = Answer.YES;
          } else if (!maybeKey && (length >= 3 || !(maybeDashes || maybeDots))) {
            state = SKIP;
          }
        }
        case SKIP -> {
          if (b == '\n' || b == '\r') {
            lineEnd(b);
          }
        }
        default -> throw new IllegalStateException("state " + state);
      }
    }

    private void lineEnd(byte b) {
      afterCr = b == '\r';
      state = LINE_START;
    }
  }

  /**
   * Passes bytes through and feeds them to a {@link Scan} until it has its answer, so one read of a
   * file both hashes it and checks its front matter.
   */
  public static final class ScanningInputStream extends FilterInputStream {
    private final Scan scan = new Scan();
    private Answer answer = Answer.MORE;

    /** Scans what {@code in} passes. */
    public ScanningInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (answer == Answer.MORE) {
        answer = b < 0 ? scan.end() : scan.feed(new byte[] {(byte) b}, 0, 1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (answer == Answer.MORE) {
        answer = n < 0 ? scan.end() : scan.feed(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      throw new UnsupportedOperationException("every byte must be scanned");
    }

    /** The answer after the stream was read to its end. */
    public Answer answer() {
      return answer == Answer.MORE ? Answer.NO : answer;
    }
  }

  private static final int MAX_FRONT_MATTER_LINES = 10_000;

  /**
   * {@code expected} with its {@code compiled_at:} and {@code content_hash:} front matter lines
   * replaced by those of {@code actual} (when it has them), so a diff shows content changes only.
   */
  public static String alignVolatileLines(String expected, String actual) {
    Map<String, String> actualLines = volatileLines(actual);
    if (actualLines.isEmpty()) {
      return expected;
    }
    StringBuilder outText = new StringBuilder(expected.length());
    int start = 0;
    int lineNo = 0;
    boolean inFrontMatter = false;
    while (start < expected.length()) {
      int nl = expected.indexOf('\n', start);
      int end = nl < 0 ? expected.length() : nl + 1;
      String line = expected.substring(start, end);
      String replacement = null;
      if (lineNo == 0 && line.equals("---\n")) {
        inFrontMatter = true;
      } else if (inFrontMatter && line.startsWith("---")) {
        inFrontMatter = false;
      } else if (inFrontMatter) {
        for (String key : List.of(CompiledFile.COMPILED_AT_KEY, CompiledFile.CONTENT_HASH_KEY)) {
          if (line.startsWith(key + ":") && actualLines.containsKey(key)) {
            replacement = actualLines.get(key);
          }
        }
      }
      outText.append(replacement != null ? replacement : line);
      start = end;
      lineNo++;
    }
    return outText.toString();
  }

  private static Map<String, String> volatileLines(String text) {
    Map<String, String> found = new HashMap<>();
    if (!text.startsWith("---\n")) {
      return found;
    }
    int start = 4;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl + 1;
      String line = text.substring(start, end);
      if (line.startsWith("---") || line.startsWith("...")) {
        break;
      }
      for (String key : List.of(CompiledFile.COMPILED_AT_KEY, CompiledFile.CONTENT_HASH_KEY)) {
        if (line.startsWith(key + ":")) {
          found.putIfAbsent(key, line.endsWith("\n") ? line : line + "\n");
        }
      }
      start = end;
    }
    return found;
  }

  /** CRLF and lone CR become LF. */
  public static String normalizeLineEndings(String text) {
    if (text.indexOf('\r') < 0) {
      return text;
    }
    return text.replace("\r\n", "\n").replace('\r', '\n');
  }

  /**
   * Front matter keys whose lines change without the page's content changing: the compile's own
   * {@code compiled_at:} and {@code content_hash:}, and the {@code updated:} time the built-in
   * packs give every page of a row (it changes with any change to the row).
   */
  static final List<String> VOLATILE_KEYS =
      List.of(CompiledFile.COMPILED_AT_KEY, CompiledFile.CONTENT_HASH_KEY, "updated");

  /**
   * The line of {@code file} (1-based) a reader should look at first where it differs from {@code
   * other}: the first difference that is not in a top-level {@link #VOLATILE_KEYS} front matter
   * line of either text, so an edit of the body is not reported on the {@code updated:} line above
   * it. When only such lines differ, the first difference; 0 when the texts are equal. Both texts
   * have LF line ends.
   */
  public static int firstEditedLine(String other, String file) {
    if (other.equals(file)) {
      return 0;
    }
    List<int[]> a = contentLines(other);
    List<int[]> b = contentLines(file);
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      if (!other.regionMatches(a.get(i)[1], file, b.get(i)[1], a.get(i)[2] - a.get(i)[1])
          || a.get(i)[2] - a.get(i)[1] != b.get(i)[2] - b.get(i)[1]) {
        return b.get(i)[0];
      }
    }
    if (a.size() != b.size()) {
      // One ends early: the file's first extra line, or its last line when the other text has more.
      return b.size() > n ? b.get(n)[0] : Math.max(1, lineCount(file));
    }
    int line = 1;
    int limit = Math.min(other.length(), file.length());
    for (int i = 0; i < limit && other.charAt(i) == file.charAt(i); i++) {
      if (file.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /**
   * The lines of {@code text} that are not volatile front matter lines, as {number, start, end}.
   */
  private static List<int[]> contentLines(String text) {
    List<int[]> lines = new java.util.ArrayList<>();
    int start = 0;
    int number = 1;
    boolean inFrontMatter = false;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl + 1;
      boolean skip = false;
      if (number == 1 && text.startsWith("---\n", start)) {
        inFrontMatter = true;
      } else if (inFrontMatter
          && (text.startsWith("---", start) || text.startsWith("...", start))) {
        inFrontMatter = false;
      } else if (inFrontMatter) {
        for (String key : VOLATILE_KEYS) {
          skip |= text.startsWith(key + ":", start);
        }
      }
      if (!skip) {
        lines.add(new int[] {number, start, end});
      }
      start = end;
      number++;
    }
    return lines;
  }

  private static int lineCount(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return text.isEmpty() || text.endsWith("\n") ? n : n + 1;
  }
}
