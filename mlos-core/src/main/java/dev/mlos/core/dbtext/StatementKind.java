package dev.mlos.core.dbtext;

import java.util.Locale;

/**
 * What a statement of a text form is, by its first words: the only shapes {@link DatabaseText#dump}
 * writes.
 */
enum StatementKind {
  TABLE,
  VIRTUAL_TABLE,
  ROW,
  SEQUENCE,
  SCHEMA,
  USER_VERSION,
  OTHER;

  static StatementKind of(String sql) {
    String head = sql.strip();
    head =
        head.substring(0, Math.min(head.length(), 40))
            .replaceAll("\\s+", " ")
            .toUpperCase(Locale.ROOT);
    if (head.startsWith("INSERT INTO SQLITE_SEQUENCE VALUES(")
        || head.startsWith("DELETE FROM SQLITE_SEQUENCE;")) {
      return SEQUENCE;
    }
    if (head.startsWith("INSERT INTO ")) {
      return ROW;
    }
    if (head.startsWith("CREATE TABLE ")) {
      // A table made from a query (CREATE TABLE t AS SELECT ...) runs the query, one that never
      // ends among them; SQLite keeps even such a table as its columns, so a dump never writes it.
      return columnsFollowName(sql.strip()) ? TABLE : OTHER;
    }
    if (head.startsWith("CREATE VIRTUAL TABLE ")) {
      return VIRTUAL_TABLE;
    }
    if (head.startsWith("CREATE INDEX ")
        || head.startsWith("CREATE UNIQUE INDEX ")
        || head.startsWith("CREATE TRIGGER ")
        || head.startsWith("CREATE VIEW ")) {
      return SCHEMA;
    }
    if (head.matches("PRAGMA USER_VERSION = -?[0-9]+;?")) {
      return USER_VERSION;
    }
    return OTHER;
  }

  /**
   * Why {@code sql}, of kind {@link #OTHER}, is no statement of a text form, in words for the
   * refusal that names its line.
   */
  static String whyNot(String sql) {
    String head = sql.strip();
    head = head.substring(0, Math.min(head.length(), 40)).replaceAll("\\s+", " ");
    if (head.toUpperCase(Locale.ROOT).startsWith("CREATE TABLE ")) {
      return "creates a table other than with its columns (such as CREATE TABLE ... AS SELECT,"
          + " whose query would run on every clone that rebuilds or merges the file), which a text"
          + " form never holds: "
          + dev.mlos.core.MlosException.quoted(sql);
    }
    return "is not a statement of a database text form: " + dev.mlos.core.MlosException.quoted(sql);
  }

  /**
   * True when {@code sql} ({@code CREATE TABLE ...}) names one table and then its column list, as
   * SQLite keeps every table in {@code sqlite_schema} and so as a dump writes it: {@code CREATE
   * TABLE name (} or {@code "name"(}, with spaces or comments before the parenthesis.
   */
  private static boolean columnsFollowName(String sql) {
    int i = skipWord(sql, 0, "CREATE");
    i = i < 0 ? -1 : skipWord(sql, skipSpace(sql, i), "TABLE");
    if (i < 0) {
      return false;
    }
    i = skipSpace(sql, i);
    if (i >= sql.length()) {
      return false;
    }
    char open = sql.charAt(i);
    if (open == '"' || open == '`' || open == '[') {
      char close = open == '[' ? ']' : open;
      i++;
      while (true) {
        if (i >= sql.length()) {
          return false;
        }
        if (sql.charAt(i) == close) {
          if (close != ']' && i + 1 < sql.length() && sql.charAt(i + 1) == close) {
            i += 2;
            continue;
          }
          i++;
          break;
        }
        i++;
      }
    } else {
      int start = i;
      while (i < sql.length()
          && (Character.isLetterOrDigit(sql.charAt(i))
              || sql.charAt(i) == '_'
              || sql.charAt(i) == '$'
              || sql.charAt(i) > 0x7f)) {
        i++;
      }
      if (i == start) {
        return false;
      }
    }
    i = skipSpace(sql, i);
    return i < sql.length() && sql.charAt(i) == '(';
  }

  /** The index after {@code word} (any case) at {@code i}, or -1 when it is not there. */
  private static int skipWord(String sql, int i, String word) {
    return sql.regionMatches(true, i, word, 0, word.length()) ? i + word.length() : -1;
  }

  /** The index after the spaces and comments at {@code i}. */
  private static int skipSpace(String sql, int i) {
    while (i < sql.length()) {
      if (Character.isWhitespace(sql.charAt(i))) {
        i++;
      } else if (sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end + 1;
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() : end + 2;
      } else {
        break;
      }
    }
    return i;
  }
}
