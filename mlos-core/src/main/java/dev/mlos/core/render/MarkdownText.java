package dev.mlos.core.render;

import dev.mlos.core.ShownText;
import java.nio.charset.StandardCharsets;

/**
 * Escaping for values placed into markdown, so an odd title (pipes, brackets, backticks, HTML,
 * newlines) cannot break the table, link or diagram it lands in.
 */
final class MarkdownText {
  private MarkdownText() {}

  /** One line of inline markdown: whitespace runs collapsed, markdown punctuation escaped. */
  static String inline(String s) {
    // Most titles and cells need nothing: no whitespace at the ends, no run or line break inside,
    // no markdown punctuation. Those are returned as they are, without a copy.
    int n = s.length();
    if (n > 0 && !isEndSpace(s.charAt(0)) && !isEndSpace(s.charAt(n - 1))) {
      int i = 0;
      while (i < n) {
        char c = s.charAt(i);
        // A ' ' is never last here, so s.charAt(i + 1) exists.
        if (c < 128 && ASCII[c] != 0 && (c != ' ' || isRegexSpace(s.charAt(i + 1)))
            || isHiddenInLine(c)) {
          break;
        }
        i++;
      }
      if (i == n) {
        return notABlockStart(noAutolink(s));
      }
    }
    return notABlockStart(noAutolink(oneLineEscaped(s, "", "", MarkdownText::markdownEscape)));
  }

  /**
   * {@code text} with a backslash before what would make it a block where it starts a line: a
   * {@code -} or {@code +} followed by a space or nothing (a list item), a line of {@code -} or
   * {@code =} only (a rule, or a line that turns the one above into a heading), three or more
   * {@code -} with spaces between ({@code -- -}, a rule too) and the {@code .} or {@code )} after
   * up to nine digits followed by a space or nothing (an ordered list item). A template that writes
   * a value as a paragraph of its own ({@code ${mlos.inline(row.note)}}) showed {@code - x} as a
   * list and {@code ---} as a rule. Elsewhere on a line the escape changes nothing shown, and
   * prettier keeps it; text that is no block start ({@code -x}, {@code 1.5}) is left as it is, for
   * people and agents who read the markdown itself, and so is a lone {@code -}.
   */
  static String notABlockStart(String text) {
    int n = text.length();
    if (n == 0 || text.equals("-")) {
      // A lone "-" is what the built-in packs show for no value, always after a label on the
      // line ("- Source transcript: -"), where it starts nothing: escaping it there would only
      // rewrite their pages.
      return text;
    }
    char c = text.charAt(0);
    if ((c == '-' || c == '+') && (n == 1 || text.charAt(1) == ' ')
        || (c == '-' || c == '=') && text.chars().allMatch(x -> x == c)
        || c == '-' && isDashRule(text)) {
      return "\\" + text;
    }
    int digits = 0;
    while (digits < n && digits < 10 && isAsciiDigit(text.charAt(digits))) {
      digits++;
    }
    if (digits >= 1
        && digits <= 9
        && digits < n
        && (text.charAt(digits) == '.' || text.charAt(digits) == ')')
        && (digits + 1 == n || text.charAt(digits + 1) == ' ')) {
      return text.substring(0, digits) + "\\" + text.substring(digits);
    }
    return text;
  }

  /** Three or more {@code -} with only spaces or tabs between ({@code -- -}): a rule too. */
  private static boolean isDashRule(String text) {
    String dashes = text.replace(" ", "").replace("\t", "");
    return dashes.length() >= 3 && dashes.chars().allMatch(x -> x == '-');
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * {@code text} with the starts of GFM's bare-URL autolinks broken by an escape: {@code ://}
   * becomes {@code \://} and {@code www.} (at a word start) {@code www\.}; {@code @} is escaped
   * with the other punctuation. A title or name that holds a URL or an address is shown as the text
   * it is, not turned into a link by the renderer, and markdownlint's MD034 (bare URL) has nothing
   * to report. Prettier keeps these escapes.
   */
  private static String noAutolink(String text) {
    text = noReference(text);
    if (text.indexOf("://") < 0 && text.indexOf('.') < 0) {
      return text;
    }
    String out = text.replace("://", "\\://");
    return out.indexOf('.') < 0 ? out : noWww(out);
  }

  /**
   * {@code text} with a backslash before the dot of each {@code www.} (any case of the w's) that no
   * ASCII letter or digit precedes: what {@code (?<![A-Za-z0-9])([Ww][Ww][Ww])\.} replaced by
   * {@code $1\.} did, without a regex (most descriptions hold a dot, and the regex cost a fifth of
   * PROBLEM.md's render). Matches cannot overlap (each ends at its dot), and the check before one
   * looks at the text as given, as the regex's lookbehind did.
   */
  static String noWww(String text) {
    StringBuilder out = null;
    int copied = 0;
    for (int dot = text.indexOf('.', 3); dot >= 0; dot = text.indexOf('.', dot + 1)) {
      int w = dot - 3;
      if (isW(text.charAt(w))
          && isW(text.charAt(w + 1))
          && isW(text.charAt(w + 2))
          && (w == 0 || !isAsciiLetterOrDigit(text.charAt(w - 1)))) {
        if (out == null) {
          out = new StringBuilder(text.length() + 8);
        }
        out.append(text, copied, dot).append('\\');
        copied = dot;
      }
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  private static boolean isW(char c) {
    return c == 'w' || c == 'W';
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  private static final java.util.regex.Pattern REFERENCE =
      java.util.regex.Pattern.compile(
          "&(?=#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)");

  /**
   * {@code text} with an {@code &} that would start a character reference ({@code &copy;}, {@code
   * &#169;}, {@code &#xA9;}) escaped as {@code \&}: a title holding those characters shows them,
   * not ©. Any other {@code &} ("R&D") stays as it is.
   */
  private static String noReference(String text) {
    return text.indexOf('&') < 0 ? text : REFERENCE.matcher(text).replaceAll("\\\\&");
  }

  /** Like {@link #inline} (pipes are already escaped there), for table cells. */
  static String cell(String s) {
    return inline(s);
  }

  /**
   * Link text: {@link #inline} of {@code text}, or of {@code fallback} when that shows nothing
   * ({@link ShownText#or}: blank, or a zero-width space written before schema mlos V19), or {@code
   * "(untitled)"} when neither shows anything: a link never has empty text.
   */
  static String linkText(String text, String fallback) {
    // ShownText: the command line and the MCP server fall back by the same rule.
    return inline(ShownText.or(text, ShownText.or(fallback, "(untitled)")));
  }

  /**
   * A quoted mermaid label: quotes become {@code #quot;}, line breaks spaces; {@code %} becomes
   * {@code #37;} (mermaid reads a {@code %%{init: ...}%%} directive anywhere in the diagram, even
   * inside a quoted label), and a backtick that begins the label {@code #96;} (a label in backticks
   * is a markdown string; a backtick anywhere else is plain text).
   */
  static String mermaidLabel(String s) {
    String label = oneLineEscaped(s, "\"", "\"", MarkdownText::mermaidEscape);
    return label.length() > 2 && label.charAt(1) == '`' ? "\"#96;" + label.substring(2) : label;
  }

  /**
   * A code span holding {@code s} as it is, for running text: delimited by one backtick more than
   * the longest backtick run inside, padded with a space when {@code s} starts or ends with a
   * backtick. Line breaks become spaces (a code span cannot hold one, and it would end a table
   * row), control characters {@link #visibleControl visible}, and whitespace at the ends ({@link
   * #isEndSpace}) is dropped (markdownlint's MD038 reports it; a renderer shows it as nothing).
   * Empty or blank text gives a code span of one space.
   */
  static String code(String s) {
    return codeSpan(s, false);
  }

  /**
   * {@link #code} for a table cell: a {@code |} inside is escaped as {@code \|}, as GFM tables
   * require.
   */
  static String codeCell(String s) {
    return codeSpan(s, true);
  }

  /**
   * Multi-line markdown written by a person (a description), kept as it is but for what no page
   * should hold: CR LF and CR become LF, and control characters other than tab and LF are made
   * {@link #visibleControl visible}.
   */
  static String block(String s) {
    int n = s.length();
    int i = 0;
    while (i < n && (!isControl(s.charAt(i)) || s.charAt(i) == '\n' || s.charAt(i) == '\t')) {
      i++;
    }
    if (i == n) {
      return s;
    }
    StringBuilder out = new StringBuilder(n + 8).append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\r') {
        out.append('\n');
        if (i + 1 < n && s.charAt(i + 1) == '\n') {
          i++;
        }
      } else if (c == '\n' || c == '\t' || !isControl(c)) {
        out.append(c);
      } else {
        out.append(visibleControl(c));
      }
    }
    return out.toString();
  }

  private static String codeSpan(String s, boolean cell) {
    StringBuilder content = new StringBuilder(s.length());
    int longest = 0;
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '`') {
        longest = Math.max(longest, ++run);
      } else {
        run = 0;
      }
      if (c == '\n' || c == '\r') {
        content.append(' ');
      } else if (c == '|' && cell) {
        content.append("\\|");
      } else if (c != '\t' && isControl(c)) {
        content.append(visibleControl(c));
      } else {
        content.append(c);
      }
    }
    // Whitespace at the ends (JavaScript's \s, which markdownlint's MD038 reports there, and which
    // a renderer shows as nothing) is dropped.
    int end = content.length();
    while (end > 0 && isEndSpace(content.charAt(end - 1))) {
      end--;
    }
    int start = 0;
    while (start < end && isEndSpace(content.charAt(start))) {
      start++;
    }
    if (start > 0 || end < content.length()) {
      content = new StringBuilder(content.substring(start, end));
    }
    for (int i = content.indexOf("\uFEFF"); i >= 0; i = content.indexOf("\uFEFF", i + 1)) {
      content.setCharAt(i, visibleControl('\uFEFF')); // inside the span: see isHiddenInLine
    }
    if (content.length() == 0) {
      return "` `";
    }
    String fence = "`".repeat(longest + 1);
    boolean pad = content.charAt(0) == '`' || content.charAt(content.length() - 1) == '`';
    String space = pad ? " " : "";
    return fence + space + content + space + fence;
  }

  /**
   * True for the characters no page should hold raw: C0 and C1 controls and DEL ({@link
   * Character#isISOControl}), and the invisible characters that change how a page reads: the
   * bidirectional embedding, override and isolate controls (U+202A..U+202E, U+2066..U+2069; an
   * override reverses the text after it, as in "Trojan Source"). A terminal or an editor may act on
   * controls (ESC starts a terminal escape sequence, BEL rings), and NUL ends a C string. The
   * engine refuses all of them in titles; a row written by other means is shown, not applied.
   */
  static boolean isControl(char c) {
    return c < 0x20 || c >= 0x7F && c <= 0x9F || dev.mlos.core.InvisibleText.reorders(c);
  }

  /**
   * {@link #isControl}, and U+FEFF: inside one line of text (a heading, a link, a cell) it is an
   * invisible character that makes two titles that look alike differ. A block keeps it (a file's
   * content may start with a byte order mark); at the ends of a line it is stripped as a space.
   */
  static boolean isHiddenInLine(char c) {
    return isControl(c) || c == '\uFEFF';
  }

  /**
   * {@code s} with each bidirectional embedding, override and isolate control (U+202A..U+202E,
   * U+2066..U+2069) and each U+FEFF as U+FFFD, as {@link #inline} shows them, and everything else
   * as it is: for a front matter value, which YAML would write with them raw (YAML escapes C0 and
   * C1 controls itself). Text without them is returned as it is.
   */
  static String invisibleShown(String s) {
    int i = 0;
    while (i < s.length() && !isInvisible(s.charAt(i))) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    char[] out = s.toCharArray();
    for (; i < out.length; i++) {
      if (isInvisible(out[i])) {
        out[i] = '\uFFFD';
      }
    }
    return new String(out);
  }

  /** A bidirectional embedding, override or isolate control, or U+FEFF. */
  private static boolean isInvisible(char c) {
    return dev.mlos.core.InvisibleText.isInvisible(c);
  }

  /**
   * What a page shows instead of control character {@code c}: its Unicode control picture for C0
   * and DEL ({@code U+241B} for ESC), the replacement character for a C1 control and for the
   * invisible ones {@link #isControl} names.
   */
  static char visibleControl(char c) {
    if (c < 0x20) {
      return (char) (0x2400 + c);
    }
    return c == 0x7F ? '\u2421' : '\uFFFD';
  }

  /** Characters inline markdown gives a meaning to; each is escaped with a backslash. */
  private static final String MARKDOWN_PUNCTUATION = "\\`*_[]<>|#!@~";

  /**
   * For each ASCII character: 1 when markdown escapes it, 2 when it is regex whitespace, else 0.
   */
  private static final byte[] ASCII = new byte[128];

  /** The escaped form of each markdown punctuation character, by character. */
  private static final String[] ESCAPED = new String[128];

  static {
    for (char c : MARKDOWN_PUNCTUATION.toCharArray()) {
      ASCII[c] = 1;
      ESCAPED[c] = "\\" + c;
    }
    for (char c = '\t'; c <= '\r'; c++) {
      ASCII[c] = 2;
    }
    ASCII[' '] = 2;
  }

  private static String markdownEscape(char c) {
    if (isHiddenInLine(c)) {
      return String.valueOf(visibleControl(c));
    }
    return c < 128 ? ESCAPED[c] : null;
  }

  private static String mermaidEscape(char c) {
    return switch (c) {
      case '"' -> "#quot;";
      case '#' -> "#35;";
      case '<' -> "#lt;";
      case '>' -> "#gt;";
      case '%' -> "#37;";
      default -> isHiddenInLine(c) ? String.valueOf(visibleControl(c)) : null;
    };
  }

  /** What to write instead of a character, or null to keep it. */
  @FunctionalInterface
  private interface Escape {
    String of(char c);
  }

  /**
   * {@code prefix}, then {@code s} on one line (whitespace runs collapsed, ends stripped) with
   * every character {@code escape} names replaced, then {@code suffix}. Unchanged stretches are
   * copied in bulk.
   */
  private static String oneLineEscaped(String s, String prefix, String suffix, Escape escape) {
    int end = stripEnd(s);
    int start = stripStart(s, end);
    StringBuilder out = new StringBuilder(end - start + 8).append(prefix);
    int plain = start; // start of the characters not yet copied, which need no change
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c == ' ' && !isRegexSpace(s.charAt(i + 1))) {
        continue; // a single space stays as it is (never last: the end is stripped)
      }
      if (isRegexSpace(c)) {
        out.append(s, plain, i);
        i = collapse(s, i, end, out);
        plain = i + 1;
        continue;
      }
      String replacement = escape.of(c);
      if (replacement != null) {
        out.append(s, plain, i).append(replacement);
        plain = i + 1;
      }
    }
    return out.append(s, plain, end).append(suffix).toString();
  }

  // The whitespace handling below equals s.replaceAll("\\s+", " ").strip() without a regex:
  // a run of regex whitespace (\s, by default only [ \t\n\x0B\f\r]) becomes one space, then
  // String.strip() removes Character.isWhitespace characters at both ends. Every \s character is
  // Character.isWhitespace, so stripping first (on the original) and collapsing the inner runs
  // gives the same result; all whitespace code points are in the BMP, so checking chars is enough.

  /** Whether {@code c} is matched by the regex {@code \s} (without UNICODE_CHARACTER_CLASS). */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  /**
   * The characters stripped from both ends of one-line text: {@link Character#isWhitespace} (what
   * {@link String#strip()} removes) and the no-break spaces and BOM it keeps (U+00A0, U+2007,
   * U+202F, U+FEFF), which JavaScript's {@code \\s} matches. markdownlint reads a link text or line
   * that starts or ends with one as having spaces there (MD039, MD009), and prettier would trim
   * them, so a value never brings one to an end of a heading, link or list item.
   */
  static boolean isEndSpace(char c) {
    return Character.isWhitespace(c)
        || c == '\u00A0'
        || c == '\u2007'
        || c == '\u202F'
        || c == '\uFEFF';
  }

  /** Index just past the last character that {@link #isEndSpace} keeps. */
  private static int stripEnd(String s) {
    int end = s.length();
    while (end > 0 && isEndSpace(s.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  /** Index of the first character that {@link #isEndSpace} keeps, at most {@code end}. */
  private static int stripStart(String s, int end) {
    int start = 0;
    while (start < end && isEndSpace(s.charAt(start))) {
      start++;
    }
    return start;
  }

  /**
   * Appends one space for the run of regex whitespace starting at {@code i}; returns its last
   * index.
   */
  private static int collapse(String s, int i, int end, StringBuilder out) {
    out.append(' ');
    while (i + 1 < end && isRegexSpace(s.charAt(i + 1))) {
      i++;
    }
    return i;
  }

  /**
   * What the ML OS pack's {@code oneLine} did in FreeMarker: {@code text?replace("\\s+", " ",
   * "r")?trim}, and when that is longer than {@code max} (UTF-16 units), its first {@code max - 3}
   * characters, trimmed, plus "...". {@code ?trim} is {@link String#trim()} (it removes every
   * character up to U+0020, not only regex whitespace).
   *
   * @param max at least 3
   */
  static String oneLine(String text, int max) {
    String t = collapseRegexSpace(text).trim();
    if (t.length() > max) {
      int cut = max - 3;
      // Not between the two halves of an emoji: a lone half is written as '?'.
      if (cut > 0
          && Character.isHighSurrogate(t.charAt(cut - 1))
          && Character.isLowSurrogate(t.charAt(cut))) {
        cut--;
      }
      return t.substring(0, cut).trim() + "...";
    }
    return t;
  }

  /** {@code s.replaceAll("\\s+", " ")} without a regex. */
  static String collapseRegexSpace(String s) {
    int n = s.length();
    int i = 0;
    // Nothing to do unless there is a regex space other than a single ' '.
    while (i < n) {
      char c = s.charAt(i);
      if (isRegexSpace(c) && (c != ' ' || (i + 1 < n && isRegexSpace(s.charAt(i + 1))))) {
        break;
      }
      i++;
    }
    if (i == n) {
      return s;
    }
    StringBuilder out = new StringBuilder(n).append(s, 0, i);
    while (i < n) {
      char c = s.charAt(i);
      if (isRegexSpace(c)) {
        out.append(' ');
        while (i + 1 < n && isRegexSpace(s.charAt(i + 1))) {
          i++;
        }
      } else {
        out.append(c);
      }
      i++;
    }
    return out.toString();
  }

  /**
   * Percent-encodes a relative path for a markdown link target (keeps / . - _ ~ and alphanumerics).
   */
  static String urlPath(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '/'
          || c == '.'
          || c == '-'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }

  /**
   * A whole fenced code block holding {@code content}, in the form prettier writes it: a backtick
   * fence longer than any run inside, then {@code lang} ("text" when empty: markdownlint's MD040
   * wants one, and prettier reformats the content of a fence whose language it knows), the content
   * as {@link #block} makes it with spaces and tabs at the ends of its lines removed (prettier
   * removes them; other characters stay), one empty line for empty content, and the closing fence.
   * No line break after the closing fence. Tabs elsewhere in a line stay: markdownlint's MD010
   * needs {@code code_blocks: false} for them (the settings mlos ships).
   */
  static String codeBlock(String content, String lang) {
    String body = block(content);
    StringBuilder out = new StringBuilder(body.length() + 16);
    int start = 0;
    int n = body.length();
    if (n > 0 && body.charAt(n - 1) == '\n') {
      n--; // the last line's break is the fence's
    }
    while (start <= n) {
      int nl = body.indexOf('\n', start);
      int end = nl < 0 || nl > n ? n : nl;
      int e = end;
      while (e > start && (body.charAt(e - 1) == ' ' || body.charAt(e - 1) == '\t')) {
        e--;
      }
      out.append(body, start, e).append('\n');
      start = end + 1;
    }
    String fence = fence(body);
    String language =
        lang == null || lang.isBlank() ? "text" : lang.strip().replace("`", "").replace("\n", "");
    return fence + language + "\n" + out + fence;
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
