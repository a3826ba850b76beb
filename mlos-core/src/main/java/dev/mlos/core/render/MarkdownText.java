package dev.mlos.core.render;

import java.nio.charset.StandardCharsets;

/**
 * Escaping for values placed into markdown, so an odd title (pipes, brackets, backticks, HTML,
 * newlines) cannot break the table, link or diagram it lands in.
 */
final class MarkdownText {
  private MarkdownText() {}

  /** One line of inline markdown: whitespace runs collapsed, markdown punctuation escaped. */
  static String inline(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    StringBuilder out = new StringBuilder(one.length() + 8);
    for (int i = 0; i < one.length(); i++) {
      char c = one.charAt(i);
      switch (c) {
        case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '!' -> out.append('\\').append(c);
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Like {@link #inline} (pipes are already escaped there), for table cells. */
  static String cell(String s) {
    return inline(s);
  }

  /** A quoted mermaid label: quotes become {@code #quot;}, line breaks spaces. */
  static String mermaidLabel(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < one.length(); i++) {
      char c = one.charAt(i);
      switch (c) {
        case '"' -> out.append("#quot;");
        case '#' -> out.append("#35;");
        case '<' -> out.append("#lt;");
        case '>' -> out.append("#gt;");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** Percent-encodes a relative path for a markdown link target (keeps / . - _ ~ and alphanumerics). */
  static String urlPath(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '/' || c == '.' || c == '-' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }

  /** A backtick fence for a code block holding {@code content}: one longer than its longest run. */
  static String fence(String content) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < content.length(); i++) {
      if (content.charAt(i) == '`') {
        run++;
        longest = Math.max(longest, run);
      } else {
        run = 0;
      }
    }
    return "`".repeat(Math.max(3, longest + 1));
  }
}
