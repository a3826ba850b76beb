package dev.mlos.core.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A GFM table in the exact form prettier writes it, which markdownlint also accepts, for any cell
 * text: the body of {@code mlos.table}.
 *
 * <p>Prettier pads every cell so that a column's pipes line up, measuring text by its display width
 * ({@code getStringWidth}: a CJK character counts two, a combining mark none, an emoji sequence
 * two); markdownlint's MD060 checks the same alignment with another width function ({@code
 * string-width}: grapheme clusters, default-ignorable characters count none). The two disagree on
 * some characters (a soft hyphen, a zero-width space, a ZWJ emoji sequence, Hangul jamo, unassigned
 * code points), and any later version of either may change its tables. So a cell holds raw only
 * printable ASCII and the letters of {@link #isWidthSafe} (Latin, Greek, Cyrillic, kana, CJK
 * ideographs, Hangul syllables), whose width both tools agree on and which form no grapheme cluster
 * with a neighbour; every other character is written as a numeric character reference ({@code
 * &#x1F680;}), which renders as the character and is plain ASCII to both tools. The width of a cell
 * is then known exactly, here, and the padding is prettier's own.
 */
final class MarkdownTable {
  private MarkdownTable() {}

  /** How a column's cells are aligned (the delimiter row's colons). */
  enum Align {
    NONE,
    LEFT,
    CENTER,
    RIGHT;

    /** The alignment named by {@code name} ({@code null} or "" for none), or null if unknown. */
    static Align of(String name) {
      if (name == null || name.isEmpty()) {
        return NONE;
      }
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "none" -> NONE;
        case "left" -> LEFT;
        case "center" -> CENTER;
        case "right" -> RIGHT;
        default -> null;
      };
    }
  }

  /** A column: its header text (raw, escaped here) and alignment. */
  record Column(String title, Align align) {}

  /**
   * One cell's content, raw: text, a code span, or a link.
   *
   * @param text the text shown (for a link, its text)
   * @param code true for a code span holding {@code text} exactly
   * @param link a link target (as {@code mlos.link} gives it), or null
   */
  record Cell(String text, boolean code, String link) {
    static final Cell EMPTY = new Cell("", false, null);

    static Cell text(String text) {
      return new Cell(text == null ? "" : text, false, null);
    }
  }

  /**
   * The table, one line per row, lines joined by LF, without a final line break: header, delimiter
   * row, then a line per row (a row shorter than the columns is filled with empty cells).
   *
   * @throws IllegalArgumentException when there are no columns or a row has more cells than columns
   *     (the message names the row, counting from 1)
   */
  static String of(List<Column> columns, List<List<Cell>> rows) {
    int n = columns.size();
    if (n == 0) {
      throw new IllegalArgumentException("a table needs at least one column");
    }
    List<String[]> lines = new ArrayList<>(rows.size() + 1);
    String[] header = new String[n];
    for (int c = 0; c < n; c++) {
      header[c] = text(columns.get(c).title());
    }
    lines.add(header);
    for (int r = 0; r < rows.size(); r++) {
      List<Cell> row = rows.get(r);
      if (row.size() > n) {
        throw new IllegalArgumentException(
            "row "
                + (r + 1)
                + " has "
                + row.size()
                + " cells, but the table has "
                + n
                + " column"
                + (n == 1 ? "" : "s"));
      }
      String[] cells = new String[n];
      for (int c = 0; c < n; c++) {
        cells[c] = c < row.size() && row.get(c) != null ? cell(row.get(c)) : "";
      }
      lines.add(cells);
    }
    // Prettier's minimum column width is 3 (the delimiter row's "---").
    int[] widths = new int[n];
    java.util.Arrays.fill(widths, 3);
    for (String[] line : lines) {
      for (int c = 0; c < n; c++) {
        widths[c] = Math.max(widths[c], width(line[c]));
      }
    }
    StringBuilder out = new StringBuilder();
    appendRow(out, header, columns, widths);
    out.append("\n|");
    for (int c = 0; c < n; c++) {
      Align a = columns.get(c).align();
      boolean left = a == Align.LEFT || a == Align.CENTER;
      boolean right = a == Align.RIGHT || a == Align.CENTER;
      out.append(' ')
          .append(left ? ':' : '-')
          .append("-".repeat(widths[c] - 2))
          .append(right ? ':' : '-')
          .append(" |");
    }
    for (int i = 1; i < lines.size(); i++) {
      out.append('\n');
      appendRow(out, lines.get(i), columns, widths);
    }
    return out.toString();
  }

  /** "| a | b |" with each cell padded as prettier pads it for its column's alignment. */
  private static void appendRow(
      StringBuilder out, String[] cells, List<Column> columns, int[] widths) {
    out.append('|');
    for (int c = 0; c < cells.length; c++) {
      int space = widths[c] - width(cells[c]);
      Align a = columns.get(c).align();
      int before = a == Align.RIGHT ? space : a == Align.CENTER ? space / 2 : 0;
      out.append(' ')
          .append(" ".repeat(before))
          .append(cells[c])
          .append(" ".repeat(space - before))
          .append(" |");
    }
  }

  /** The markdown of one cell: escaped text, a code span, or a link. */
  static String cell(Cell cell) {
    if (cell.link() != null && !cell.link().isEmpty()) {
      return "["
          + widthSafe(MarkdownText.linkText(cell.text(), cell.link()))
          + "]("
          + destination(cell.link())
          + ")";
    }
    if (cell.code()) {
      String span = MarkdownText.codeCell(cell.text());
      // A character reference is not decoded inside a code span: a value with characters the two
      // tools measure differently is shown as escaped text instead.
      return allWidthSafe(span) ? span : text(cell.text());
    }
    return text(cell.text());
  }

  /**
   * Text for a cell: {@link MarkdownText#cell}, with every character outside {@link #isWidthSafe}
   * as a character reference.
   */
  static String text(String raw) {
    return widthSafe(MarkdownText.cell(raw == null ? "" : raw));
  }

  /** {@code s} with every code point outside {@link #isWidthSafe} as {@code &#xHEX;}. */
  private static String widthSafe(String s) {
    if (allWidthSafe(s)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (isWidthSafe(cp)) {
        out.appendCodePoint(cp);
      } else {
        out.append("&#x").append(Integer.toHexString(cp).toUpperCase(Locale.ROOT)).append(';');
      }
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  private static boolean allWidthSafe(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (!isWidthSafe(cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  /**
   * A link target with every character that could end it, start an entity or confuse a table
   * (space, parentheses, angle brackets, {@code |}, {@code \}, {@code &}, backtick, non-ASCII,
   * controls) percent-encoded as UTF-8. {@code mlos.link}'s targets have none of them already.
   */
  static String destination(String link) {
    StringBuilder out = new StringBuilder(link.length());
    for (byte b : link.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean keep = c > 0x20 && c < 0x7F && "()<>|\\&`\"{}^[]".indexOf(c) < 0;
      if (keep) {
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
   * Whether a table cell may hold {@code cp} raw: printable ASCII, and letters whose display width
   * prettier 3 and markdownlint's string-width agree on and that join no neighbour into one
   * grapheme cluster: Latin-1 (but the soft hyphen U+00AD, which one counts and the other does not,
   * and the no-break space, which a cell's trim could take), Latin Extended-A, the basic Greek and
   * Cyrillic alphabets (width 1); hiragana, katakana, CJK ideographs (the unified block and
   * extension A) and Hangul syllables (width 2). Checked against both tools for every code point of
   * these ranges (FormatterStableOutputTest).
   */
  static boolean isWidthSafe(int cp) {
    if (cp < 0x7F) {
      return cp >= 0x20;
    }
    return cp >= 0xA1 && cp <= 0x17F && cp != 0xAD
        || cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2
        || cp >= 0x3B1 && cp <= 0x3C9
        || cp >= 0x400 && cp <= 0x45F
        || isWide(cp);
  }

  private static boolean isWide(int cp) {
    return cp >= 0x3041 && cp <= 0x3096
        || cp >= 0x30A1 && cp <= 0x30FA
        || cp >= 0x3400 && cp <= 0x4DBF
        || cp >= 0x4E00 && cp <= 0x9FFF
        || cp >= 0xAC00 && cp <= 0xD7A3;
  }

  /** Display width of cell markdown made of {@link #isWidthSafe} characters only. */
  static int width(String s) {
    int w = 0;
    for (int i = 0; i < s.length(); i++) {
      // Every width-safe character is in the BMP.
      w += isWide(s.charAt(i)) ? 2 : 1;
    }
    return w;
  }
}
