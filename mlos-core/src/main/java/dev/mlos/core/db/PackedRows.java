package dev.mlos.core.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads many short rows of text with a few calls into SQLite instead of one per row and column.
 *
 * <p>Through sqlite-jdbc every {@code next()} and {@code getString} crosses into native code: at
 * 100,000 compile records of four columns that is most of the time of reading them (issue 20: about
 * 200 ms in a cold JVM, where SQLite itself steps through the rows in 40 ms). Here SQLite joins a
 * chunk of rows into one text with {@code group_concat}, its fields and rows parted by the ASCII
 * unit and record separators, and Java splits it.
 *
 * <p>Exact or nothing: every field is written as {@code =value}, or empty for NULL, and a value
 * that holds a separator (a hand-written row can hold anything) changes the number of rows or of
 * fields a row splits into, which is checked against the count SQLite gives, and the rows must come
 * in the key's order (the aggregate is not asked to sort them, which costs a sort per chunk); else
 * {@link #read} returns false having handed over no row, and the caller reads row by row.
 */
public final class PackedRows {
  private static final char FIELD = '\u001f';
  private static final char ROW = '\u001e';

  /**
   * Rows per call: a chunk's text is about 140 bytes a compile record, so about 14 MB (one call at
   * 100,000 pages). Each further chunk's query steps over the rows before it ({@code OFFSET}).
   */
  static final int CHUNK = 100_000;

  private PackedRows() {}

  /**
   * Reads the rows of a query in {@code key}'s order and hands each to {@code each} as an array of
   * {@code columns.length} values (null for NULL), after all of them were read and found in that
   * order. Nothing else may write the rows meanwhile: the query runs once per chunk of {@link
   * #CHUNK} rows.
   *
   * @param columns the SQL expressions of the values, the first of them {@code key}'s
   * @param fromWhere the query's {@code FROM} and {@code WHERE} clauses, with {@code ?} for {@code
   *     params}
   * @param key a column that is unique and never NULL among the rows, compared as SQLite's BINARY
   *     collation compares: the rows' order
   * @return false, with nothing handed over, when some value holds a separator or the rows did not
   *     come in {@code key}'s order
   */
  public static boolean read(
      Connection c,
      String[] columns,
      String fromWhere,
      String key,
      List<String> params,
      Consumer<String[]> each)
      throws SQLException {
    return read(c, columns, fromWhere, key, params, each, CHUNK);
  }

  /** As above, {@code chunk} rows per call. */
  static boolean read(
      Connection c,
      String[] columns,
      String fromWhere,
      String key,
      List<String> params,
      Consumer<String[]> each,
      int chunk)
      throws SQLException {
    StringBuilder inner = new StringBuilder("SELECT ");
    StringBuilder packed = new StringBuilder();
    for (int i = 0; i < columns.length; i++) {
      inner.append(i == 0 ? "" : ", ").append(columns[i]).append(" AS c").append(i);
      packed
          .append(i == 0 ? "" : " || char(31) || ")
          .append("ifnull('=' || c")
          .append(i)
          .append(", '')");
    }
    inner
        .append(' ')
        .append(fromWhere)
        .append(" ORDER BY ")
        .append(key)
        .append(" LIMIT ? OFFSET ?");
    // No ORDER BY in the aggregate: SQLite would sort each chunk again (about half the read's time
    // at 100,000 rows). The rows come in the subquery's order; that they did is checked below.
    String sql = "SELECT count(*), group_concat(" + packed + ", char(30)) FROM (" + inner + ")";
    List<String[]> rows = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int offset = 0; ; offset += chunk) {
        int i = 1;
        for (String p : params) {
          s.setString(i++, p);
        }
        s.setInt(i++, chunk);
        s.setInt(i, offset);
        int count;
        String text;
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          count = rs.getInt(1);
          text = rs.getString(2);
        }
        if (count > 0 && !split(text, columns.length, count, rows)) {
          return false;
        }
        if (count < chunk) {
          break;
        }
      }
    }
    // In key order, each key after the one before: else (a group_concat that did not keep the
    // subquery's order) nothing is handed over.
    for (int i = 1; i < rows.size(); i++) {
      if (compareAsUtf8(rows.get(i - 1)[0], rows.get(i)[0]) >= 0) {
        return false;
      }
    }
    rows.forEach(each);
    return true;
  }

  /**
   * Compares two texts as SQLite's BINARY collation compares their UTF-8 bytes, that is by code
   * point: unlike {@link String#compareTo}, a character beyond U+FFFF (a surrogate pair) sorts
   * after every other one.
   */
  static int compareAsUtf8(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        boolean sx = Character.isSurrogate(x);
        boolean sy = Character.isSurrogate(y);
        return sx == sy ? Character.compare(x, y) : sx ? 1 : -1;
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  /**
   * Splits one chunk's text into {@code count} rows of {@code fields} values each, appended to
   * {@code rows}; false when it does not split so.
   */
  static boolean split(String text, int fields, int count, List<String[]> rows) {
    if (text == null) {
      return false;
    }
    int length = text.length();
    int start = 0;
    for (int r = 0; r < count; r++) {
      int end = text.indexOf(ROW, start);
      if (end < 0) {
        end = length;
      }
      // The last row ends the text, and no other row does.
      if ((end == length) != (r == count - 1)) {
        return false;
      }
      String[] row = new String[fields];
      int from = start;
      for (int f = 0; f < fields; f++) {
        int to = text.indexOf(FIELD, from);
        if (f == fields - 1) {
          // A separator left inside the last field: the row holds more fields than asked for.
          if (to >= 0 && to < end) {
            return false;
          }
          to = end;
        } else if (to < 0 || to > end) {
          return false;
        }
        if (to == from) {
          row[f] = null;
        } else if (text.charAt(from) == '=') {
          row[f] = text.substring(from + 1, to);
        } else {
          return false;
        }
        from = to + 1;
      }
      rows.add(row);
      start = end + 1;
    }
    return true;
  }
}
