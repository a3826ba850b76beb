package dev.mlos.core.render;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps markdown a person wrote (a need's description, a record's text field) from swallowing the
 * page it is placed in. A code fence or an HTML comment that the text opens and never closes runs,
 * in CommonMark, to the end of the document: on a need's page the parent, tasks, relationships and
 * history below the description would show as code or not at all. So the one a text leaves open is
 * closed at its end; a text that closes what it opens is left exactly as it is.
 *
 * <p>Only blocks that start at a line's beginning (at most three spaces in) are followed: a fence
 * inside a list item or a block quote ends with that item or quote, which the page's next heading
 * ends.
 */
final class OpenBlocks {
  private OpenBlocks() {}

  /** A fence's opening line: 3+ backticks or tildes, at most 3 spaces in, then an info string. */
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})(.*)$");

  /** {@code text} with a code fence or HTML comment it leaves open closed at its end. */
  static String closed(String text) {
    // Most texts open neither (every need page's description goes through here): no line is cut.
    if (text.indexOf("```") < 0 && text.indexOf("~~~") < 0 && text.indexOf("<!--") < 0) {
      return text;
    }
    char fence = 0;
    int fenceLength = 0;
    boolean comment = false;
    int start = 0;
    int n = text.length();
    while (start <= n) {
      int nl = text.indexOf('\n', start);
      String line = text.substring(start, nl < 0 ? n : nl);
      start = nl < 0 ? n + 1 : nl + 1;
      if (fence != 0) {
        if (closes(line, fence, fenceLength)) {
          fence = 0;
        }
        continue;
      }
      if (comment) {
        comment = !line.contains("-->");
        continue;
      }
      Matcher m = FENCE.matcher(line);
      // A backtick fence's info string cannot hold a backtick (that line is a code span instead).
      if (m.matches() && !(m.group(1).charAt(0) == '`' && m.group(2).indexOf('`') >= 0)) {
        fence = m.group(1).charAt(0);
        fenceLength = m.group(1).length();
        continue;
      }
      int in = 0;
      while (in < line.length() && in < 4 && line.charAt(in) == ' ') {
        in++;
      }
      if (in <= 3 && line.startsWith("<!--", in)) {
        comment = !line.substring(in + 4).contains("-->");
      }
    }
    if (fence == 0 && !comment) {
      return text;
    }
    StringBuilder out = new StringBuilder(text);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      out.append('\n');
    }
    return (fence != 0 ? out.append(String.valueOf(fence).repeat(fenceLength)) : out.append("-->"))
        .toString();
  }

  /** Whether {@code line} closes a fence of {@code length} {@code c}s. */
  private static boolean closes(String line, char c, int length) {
    int i = 0;
    while (i < line.length() && i < 4 && line.charAt(i) == ' ') {
      i++;
    }
    if (i > 3) {
      return false;
    }
    int run = 0;
    while (i < line.length() && line.charAt(i) == c) {
      run++;
      i++;
    }
    return run >= length && line.substring(i).isBlank();
  }
}
