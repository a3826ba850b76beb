package dev.mlos.core.dbtext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Runs the row lines of a text form ({@code INSERT INTO "t" VALUES(...);}) on one connection by
 * binding their values to a statement prepared once per table, instead of having SQLite parse and
 * plan every line: a merge, its rule check and a rebuild each run a text form's every line (about
 * 215,000 at 10,000 needs), and SQLite's parsing was a third of a pull's CPU.
 *
 * <p>Only the literals the text form writes are read here: {@code NULL}, integers, {@code '...'}
 * texts (quotes doubled), {@code X'...'} blobs and texts with line breaks as {@code
 * ('a'||char(10)||'b')}. The other literals it writes (a real, whose digits SQLite must read
 * itself; an integer of 19 digits; {@code CAST(X'..' AS TEXT)}) are run as the line is, so the
 * result is always what SQLite would make of the line; a line holding anything else (an expression,
 * a query: a hand edit or a hostile file) is refused, not run, except the {@code DELETE FROM
 * sqlite_sequence} before the counters. Bound values take the columns' affinity as literals do.
 */
final class RowInserts implements AutoCloseable {
  private final Connection c;
  private final Statement fallback;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  /** Most statements kept prepared at once: a text form has one per table. */
  private static final int MAX_PREPARED = 256;

  RowInserts(Connection c) throws SQLException {
    this.c = c;
    this.fallback = c.createStatement();
  }

  /**
   * Runs {@code line}, failing as running it would (the same constraint, the same message).
   *
   * @return the number of rows it inserted
   */
  int run(String line) throws SQLException {
    Parsed p = parse(line);
    if (p == null) {
      refuseUnlessLiterals(line);
      return fallback.executeUpdate(line);
    }
    PreparedStatement ps = preparedFor(p);
    if (ps == null) {
      return fallback.executeUpdate(line);
    }
    for (int i = 0; i < p.values().size(); i++) {
      Object v = p.values().get(i);
      if (v == null) {
        ps.setNull(i + 1, java.sql.Types.NULL);
      } else if (v instanceof Long n) {
        ps.setLong(i + 1, n);
      } else if (v instanceof byte[] b) {
        ps.setBytes(i + 1, b);
      } else {
        ps.setString(i + 1, (String) v);
      }
    }
    return ps.executeUpdate();
  }

  /**
   * Fails as {@link #run} would before inserting anything, inserting nothing: a value that is no
   * literal, a line SQLite cannot read, a table or a number of values the database does not have. A
   * row's constraints (a key an earlier line used) are not checked: no row is written.
   */
  void check(String line) throws SQLException {
    Parsed p = parse(line);
    if (p == null) {
      refuseUnlessLiterals(line);
      c.prepareStatement(line).close();
    } else if (preparedFor(p) == null) {
      c.prepareStatement(line).close();
    }
  }

  /** Refuses a line that holds more than the literals a text form writes (see {@link #run}). */
  private void refuseUnlessLiterals(String line) throws SQLException {
    if (parse(line, true) == null && !EMPTY_SEQUENCES.matcher(line).matches()) {
      // A value that is an expression would run as SQL: a subquery reading other rows, or
      // hex(zeroblob(400000000)), an 800 MB row from a line of 60 bytes. A line SQLite cannot
      // read at all (a quote lost in a hand edit) keeps SQLite's own message: preparing it runs
      // nothing.
      try (PreparedStatement syntax = c.prepareStatement(line)) {
        throw new SQLException(NOT_LITERAL);
      }
    }
  }

  /**
   * The statement {@code p}'s values are bound to, prepared once; null past {@link #MAX_PREPARED}.
   */
  private PreparedStatement preparedFor(Parsed p) throws SQLException {
    String key = p.head() + "\u0000" + p.values().size();
    PreparedStatement ps = prepared.get(key);
    if (ps == null) {
      if (prepared.size() >= MAX_PREPARED) {
        return null;
      }
      StringBuilder sql = new StringBuilder(p.head()).append("VALUES(");
      for (int i = 0; i < p.values().size(); i++) {
        sql.append(i == 0 ? "?" : ",?");
      }
      ps = c.prepareStatement(sql.append(')').toString());
      prepared.put(key, ps);
    }
    return ps;
  }

  @Override
  public void close() throws SQLException {
    SQLException first = null;
    for (PreparedStatement ps : prepared.values()) {
      try {
        ps.close();
      } catch (SQLException e) {
        first = first == null ? e : first;
      }
    }
    prepared.clear();
    fallback.close();
    if (first != null) {
      throw first;
    }
  }

  /**
   * A row line read: what comes before {@code VALUES(}, the values, and each value's literal as the
   * line writes it (the same value always has the same literal in a text form), in order.
   */
  record Parsed(String head, List<Object> values, List<String> literals) {}

  /**
   * What a text form writes before {@code VALUES(}: a table's name ({@code "t"}, or {@code
   * sqlite_sequence}), with a virtual table's rowid and columns ({@code "t"(rowid,"a","b")}).
   */
  private static final java.util.regex.Pattern HEAD =
      java.util.regex.Pattern.compile(
          "INSERT INTO (?:\"(?:[^\"]|\"\")*\"|[A-Za-z_][A-Za-z0-9_]*)"
              + "(?:\\((?:rowid|\"(?:[^\"]|\"\")*\")(?:, ?\"(?:[^\"]|\"\")*\")*\\))? ");

  /** The statement before a text form's AUTOINCREMENT counters, the one line run that is no row. */
  private static final java.util.regex.Pattern EMPTY_SEQUENCES =
      java.util.regex.Pattern.compile(
          "\\s*DELETE\\s+FROM\\s+sqlite_sequence\\s*;?\\s*",
          java.util.regex.Pattern.CASE_INSENSITIVE);

  /** Why a row line is refused: a value that is not one of the literals a text form writes. */
  static final String NOT_LITERAL =
      "a row line of a text form holds literal values only (NULL, numbers, '...' texts, X'...'"
          + " blobs, ('...'||char(10)||'...') and CAST(X'...' AS TEXT), as mlos writes them); this"
          + " line holds something else, such as an expression or a query";

  /** The line's head and values, or null when it holds anything but the text form's literals. */
  static Parsed parse(String line) {
    return parse(line, false);
  }

  /**
   * {@link #parse(String)}; with {@code lenient}, the literals that are not bound (reals, integers
   * of 19 digits, {@code CAST(X'..' AS TEXT)}) are read too, each as {@link #UNBOUND}: null then
   * means a value that is no literal at all.
   */
  static Parsed parse(String line, boolean lenient) {
    if (!line.startsWith("INSERT INTO ")) {
      return null;
    }
    int open = line.indexOf(" VALUES(");
    if (open < 0) {
      return null;
    }
    String head = line.substring(0, open + 1);
    if (!HEAD.matcher(head).matches()) {
      // Not a plain table name and column list: a head such as '"t" SELECT ... UNION ALL' would
      // run a query of its own before the literals.
      return null;
    }
    List<Object> values = new ArrayList<>();
    List<String> literals = new ArrayList<>();
    int[] at = {open + " VALUES(".length()};
    while (true) {
      if (at[0] >= line.length()) {
        return null;
      }
      int from = at[0];
      Object v = literal(line, at, lenient);
      if (v == FAILED) {
        return null;
      }
      values.add(v);
      literals.add(line.substring(from, at[0]));
      if (at[0] >= line.length()) {
        return null;
      }
      char next = line.charAt(at[0]++);
      if (next == ')') {
        break;
      }
      if (next != ',') {
        return null;
      }
    }
    // Only the statement's end may follow.
    for (int i = at[0]; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch != ';' && ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t') {
        return null;
      }
    }
    return new Parsed(head, values, literals);
  }

  private static final Object FAILED = new Object();

  /** A literal SQLite reads itself ({@link #parse(String, boolean)} with lenient). */
  static final Object UNBOUND = new Object();

  /** A real as SQLite's quote() writes it ({@code -0.1}, {@code 1.0e+300}), or a long integer. */
  private static final java.util.regex.Pattern NUMBER =
      java.util.regex.Pattern.compile("-?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

  /** A text that is not UTF-8, as the text form writes it. */
  private static final java.util.regex.Pattern CAST_TEXT =
      java.util.regex.Pattern.compile("CAST\\(X'(?:[0-9A-Fa-f]{2})*' AS TEXT\\)");

  /**
   * The literal at {@code at[0]}, moving past it; {@link #FAILED} when it is none we read (with
   * {@code lenient}, {@link #UNBOUND} for one SQLite reads itself).
   */
  private static Object literal(String s, int[] at, boolean lenient) {
    int i = at[0];
    char ch = s.charAt(i);
    if (s.startsWith("NULL", i)) {
      at[0] = i + 4;
      return null;
    }
    if (lenient) {
      for (java.util.regex.Pattern p : List.of(NUMBER, CAST_TEXT)) {
        java.util.regex.Matcher m = p.matcher(s).region(i, s.length());
        if (m.lookingAt()) {
          at[0] = m.end();
          return UNBOUND;
        }
      }
    }
    if (ch == '-' || (ch >= '0' && ch <= '9')) {
      int end = i + (ch == '-' ? 1 : 0);
      int digits = end;
      while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
        end++;
      }
      if (end == digits || end - digits > 18 || (end < s.length() && isRealPart(s.charAt(end)))) {
        return FAILED; // a real, or an integer Long may not hold: SQLite reads it
      }
      at[0] = end;
      return Long.parseLong(s, i, end, 10);
    }
    if (ch == '\'') {
      StringBuilder text = new StringBuilder();
      return quoted(s, at, text) ? text.toString() : FAILED;
    }
    if ((ch == 'X' || ch == 'x') && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
      int close = s.indexOf('\'', i + 2);
      if (close < 0 || (close - i - 2) % 2 != 0) {
        return FAILED;
      }
      try {
        byte[] bytes = HexFormat.of().parseHex(s, i + 2, close);
        at[0] = close + 1;
        return bytes;
      } catch (IllegalArgumentException notHex) {
        return FAILED;
      }
    }
    if (ch == '(') {
      // ('a'||char(10)||'b'): a text with line breaks
      StringBuilder text = new StringBuilder();
      int[] p = {i + 1};
      while (true) {
        if (p[0] >= s.length()) {
          return FAILED;
        }
        if (s.charAt(p[0]) == '\'') {
          if (!quoted(s, p, text)) {
            return FAILED;
          }
        } else if (s.startsWith("char(10)", p[0])) {
          text.append('\n');
          p[0] += 8;
        } else if (s.startsWith("char(13)", p[0])) {
          text.append('\r');
          p[0] += 8;
        } else {
          return FAILED;
        }
        if (s.startsWith("||", p[0])) {
          p[0] += 2;
        } else if (p[0] < s.length() && s.charAt(p[0]) == ')') {
          at[0] = p[0] + 1;
          return text.toString();
        } else {
          return FAILED;
        }
      }
    }
    return FAILED;
  }

  private static boolean isRealPart(char ch) {
    return ch == '.' || ch == 'e' || ch == 'E';
  }

  /**
   * Appends the body of the {@code '...'} literal at {@code at[0]} to {@code out} and moves past
   * it; false when it does not end, or holds a character the SQL text could not (NUL).
   */
  private static boolean quoted(String s, int[] at, StringBuilder out) {
    int i = at[0] + 1;
    while (i < s.length()) {
      char ch = s.charAt(i);
      if (ch == '\'') {
        if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
          out.append('\'');
          i += 2;
          continue;
        }
        at[0] = i + 1;
        return true;
      }
      if (ch == '\u0000') {
        return false;
      }
      out.append(ch);
      i++;
    }
    return false;
  }
}
