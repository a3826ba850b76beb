package dev.mlos.core.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;

/** Unified diffs of two texts, for showing what a guard found different. */
public final class UnifiedDiff {
  /** Appended to a last line that has no newline, as in {@code git diff}. */
  static final String NO_NEWLINE = "\\ No newline at end of file";

  private UnifiedDiff() {}

  /**
   * A unified diff from {@code expected} to {@code actual}:
   *
   * <pre>
   * --- expectedName
   * +++ actualName
   * &#64;&#64; -1,3 +1,3 &#64;&#64;
   *  same
   * -old
   * +new
   * </pre>
   *
   * Lines are split at '\n' (a CR stays part of its line, so CRLF-only changes show as changed
   * lines); a last line without a newline is followed by {@code \ No newline at end of file}. Each
   * output line ends with '\n'. When the diff has more than {@code maxLines} lines, the first
   * {@code maxLines} are kept and a last line {@code ... (N more lines)} says how many were cut.
   *
   * @param context unchanged lines shown around each change
   * @return the diff, or the empty string when the texts are equal
   * @throws IllegalArgumentException when {@code context} or {@code maxLines} is negative
   */
  public static String between(
      String expectedName,
      String expected,
      String actualName,
      String actual,
      int context,
      int maxLines) {
    if (context < 0 || maxLines < 0) {
      throw new IllegalArgumentException(
          "context and maxLines must not be negative: " + context + ", " + maxLines);
    }
    if (expected.equals(actual)) {
      return "";
    }
    List<String> original = lines(expected);
    List<String> revised = lines(actual);
    Patch<String> patch = DiffUtils.diff(original, revised);
    List<String> diff = new ArrayList<>();
    for (String line :
        UnifiedDiffUtils.generateUnifiedDiff(expectedName, actualName, original, patch, context)) {
      // A line carrying the no-newline marker holds an embedded '\n': count it as two lines.
      diff.addAll(List.of(line.split("\n", -1)));
    }
    StringBuilder out = new StringBuilder();
    int shown = Math.min(maxLines, diff.size());
    for (int i = 0; i < shown; i++) {
      out.append(diff.get(i)).append('\n');
    }
    if (diff.size() > shown) {
      out.append("... (").append(diff.size() - shown).append(" more lines)\n");
    }
    return out.toString();
  }

  /**
   * The 1-based number of the first line where the texts differ, a line including its '\n' (so
   * {@code "a\n"} and {@code "a"} differ at line 1, and {@code "a\r\n"} and {@code "a\n"} too); -1
   * when the texts are equal.
   */
  public static int firstDifferentLine(String a, String b) {
    if (a.equals(b)) {
      return -1;
    }
    int limit = Math.min(a.length(), b.length());
    int line = 1;
    for (int i = 0; i < limit; i++) {
      char c = a.charAt(i);
      if (c != b.charAt(i)) {
        return line;
      }
      if (c == '\n') {
        line++;
      }
    }
    // One text is a prefix of the other. If the shorter one ends with '\n', the extra text starts
    // a new line; otherwise its last line is the one that differs.
    return line;
  }

  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      if (nl < 0) {
        lines.add(text.substring(start) + "\n" + NO_NEWLINE);
        break;
      }
      lines.add(text.substring(start, nl));
      start = nl + 1;
    }
    return lines;
  }
}
