package dev.mlos.core.frontmatter;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
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
 * compiled file), the volatile lines a diff should not show ({@code compiled_at:}, {@code
 * content_hash:}), and line endings.
 */
public final class FrontMatterLines {
  private FrontMatterLines() {}

  /**
   * True when the file starts with a front matter block that has a top-level {@code compiled_at:}
   * line. Reads only the front matter (at most {@value #MAX_FRONT_MATTER_LINES} lines), decoded as
   * UTF-8 (malformed bytes replaced), line by line; a file whose first bytes are not {@code ---}
   * (after an optional byte order mark) is rejected after reading them, before any decoding, so a
   * long first line of a file without front matter is never read into memory.
   *
   * <p>It is the only implementation: a byte-level second one was measured to save 0.4 s of CPU
   * over 100,000 compiled pages on disk (bench/RESULTS.md, "What the byte-level front matter scan
   * bought"), and the guard calls this only on {@code *.md} files the compile did not record.
   */
  public static boolean declaresCompiledAt(Path file) throws IOException {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 512)) {
      raw.mark(6);
      byte[] start = raw.readNBytes(6);
      int dashes = start.length >= 3 && (start[0] & 0xFF) == 0xEF ? 3 : 0;
      if (start.length < dashes + 3
          || start[dashes] != '-'
          || start[dashes + 1] != '-'
          || start[dashes + 2] != '-') {
        return false;
      }
      raw.reset();
      BufferedReader in = new BufferedReader(new InputStreamReader(raw, decoder));
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
