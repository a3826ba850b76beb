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

  /** The heads {@link #admit} let through, each checked once. */
  private final java.util.Set<String> admitted = new java.util.HashSet<>();

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
      admit(line);
      return fallback.executeUpdate(line);
    }
    admit(p.head());
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
      admit(line);
      c.prepareStatement(line).close();
    } else if (admit(p.head()) && preparedFor(p) == null) {
      c.prepareStatement(line).close();
    }
  }

  /**
   * Refuses a row line (or its head) that writes where a text form never does: a virtual table's
   * shadow table (an FTS5 index's own storage, which the virtual table's rows rebuild; rows put
   * there by hand are never checked by the module and outlive every search), or a column a virtual
   * table does not show (FTS5's column named as the table runs a command of the module, such as
   * {@code 'delete-all'} or {@code 'rank'}, in place of a row). Each head is looked up once.
   *
   * @return true, so a check can run before an {@code &&}
   */
  private boolean admit(String lineOrHead) throws SQLException {
    int open = lineOrHead.indexOf(" VALUES(");
    String head = open < 0 ? lineOrHead : lineOrHead.substring(0, open + 1);
    if (admitted.contains(head) || !head.startsWith("INSERT INTO ")) {
      return true;
    }
    List<String> names = identifiers(head, "INSERT INTO ".length());
    if (names.isEmpty()) {
      return true; // not a head this class reads: SQLite refuses it, or refuseUnlessLiterals did
    }
    String table = names.get(0);
    String type = null;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT type FROM pragma_table_list WHERE schema = 'main' AND lower(name) = lower(?)")) {
      ps.setString(1, table);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        type = rs.next() ? rs.getString(1) : null;
      }
    }
    if ("shadow".equals(type)) {
      throw new SQLException(
          "a row of "
              + quotedName(table)
              + ", the storage a virtual table keeps for itself: a text form never holds one, as"
              + " the virtual table's own rows rebuild it");
    }
    if (names.size() > 1) {
      java.util.Set<String> shown = new java.util.HashSet<>();
      try (PreparedStatement ps =
          c.prepareStatement("SELECT lower(name) FROM pragma_table_info(?)")) {
        ps.setString(1, table);
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            shown.add(rs.getString(1));
          }
        }
      }
      for (int i = 1; i < names.size(); i++) {
        String column = names.get(i);
        boolean rowid = i == 1 && column.equalsIgnoreCase("rowid");
        if (!rowid && !shown.contains(column.toLowerCase(java.util.Locale.ROOT))) {
          throw new SQLException(
              "a row that writes "
                  + quotedName(column)
                  + ", which is no column "
                  + quotedName(table)
                  + " shows: a text form names only rowid and a table's own columns (a virtual"
                  + " table's hidden column runs a command of its module instead of storing a"
                  + " row)");
        }
      }
    }
    admitted.add(head);
    return true;
  }

  /**
   * The table and column names of a head as {@link #HEAD} matches it ({@code "t"(rowid,"a")}, or a
   * bare name), unquoted, from {@code from}; empty when the text is not of that form.
   */
  private static List<String> identifiers(String head, int from) {
    List<String> names = new ArrayList<>();
    int i = from;
    boolean inList = false;
    while (i < head.length()) {
      char ch = head.charAt(i);
      if (ch == '"') {
        StringBuilder name = new StringBuilder();
        i++;
        while (i < head.length()) {
          char q = head.charAt(i++);
          if (q == '"') {
            if (i < head.length() && head.charAt(i) == '"') {
              name.append('"');
              i++;
            } else {
              break;
            }
          } else {
            name.append(q);
          }
        }
        names.add(name.toString());
      } else if (Character.isLetter(ch) || ch == '_') {
        int start = i;
        while (i < head.length()
            && (Character.isLetterOrDigit(head.charAt(i)) || head.charAt(i) == '_')) {
          i++;
        }
        names.add(head.substring(start, i));
      } else if (ch == '(' && !inList && !names.isEmpty()) {
        inList = true;
        i++;
      } else if (ch == ',' || ch == ' ' && inList) {
        i++;
      } else if (ch == ')' || ch == ' ') {
        break;
      } else {
        return List.of();
      }
    }
    return names;
  }

  private static String quotedName(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
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
