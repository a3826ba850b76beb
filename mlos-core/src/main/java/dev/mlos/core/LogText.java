package dev.mlos.core;

/**
 * Text bound for a log line (Maven's console, a CI log), where a row value, a path or a line of a
 * file must not start a line of its own: on GitHub Actions a line beginning {@code ::error} is a
 * workflow command, and a terminal acts on escape sequences. It keeps one value on one line; what
 * an adapter prints as a whole goes through {@link TerminalText}, whose characters it escapes too.
 */
public final class LogText {
  private LogText() {}

  /**
   * {@code s} on one line: every control character (CR, LF, ESC, BEL, NUL, the C1 controls such as
   * NEL), the Unicode line and paragraph separators and the bidirectional controls (U+202E, which
   * shows the rest of a line reversed, and its kin) written as {@code \\u001B} and the like (as
   * {@link TerminalText#escape}), everything else as it is. Text without such characters is
   * returned as it is.
   */
  public static String line(String s) {
    if (s == null) {
      return "null";
    }
    int i = 0;
    while (i < s.length() && !breaks(s.charAt(i))) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (breaks(c)) {
        out.append(TerminalText.escape(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Several lines (a diff), each made safe with {@link #line} and indented by {@code indent}, so no
   * line of the text can begin a line of the log; joined with {@code separator}.
   */
  public static String lines(String text, String indent, String separator) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    String[] lines = text.split("\n", -1);
    int n = lines.length;
    if (n > 0 && lines[n - 1].isEmpty()) {
      n--; // a final newline ends the last line; it does not start another
    }
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(separator);
      }
      out.append(indent).append(line(lines[i]));
    }
    return out.toString();
  }

  private static boolean breaks(char c) {
    return c == '\n' || c == '\t' || TerminalText.escaped(c);
  }
}
