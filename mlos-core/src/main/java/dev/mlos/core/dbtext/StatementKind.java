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
      return TABLE;
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
}
