package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.mlos.core.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull puts the merged database's content into the workspace's database inside its own
 * transaction: afterwards the two are the same, schema and rows, whatever kinds of table they hold.
 */
class ContentReplacementTest {
  @TempDir Path dir;

  private static void sql(Path db, String... statements) throws Exception {
    try (Connection c = Database.at(db).open(true);
        Statement s = c.createStatement()) {
      for (String st : statements) {
        s.execute(st);
      }
    }
  }

  private static String dump(Path db) throws Exception {
    try (Connection c = Database.at(db).openReadOnly()) {
      return DatabaseText.dump(c, db);
    }
  }

  private static String one(Path db, String query) throws Exception {
    try (Connection c = Database.at(db).openReadOnly();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Test
  void afterwardsTheDatabaseHoldsTheFilesSchemaAndRowsOfEveryKindOfTable() throws Exception {
    Path ours = dir.resolve("ours.db");
    Path merged = dir.resolve("merged.db");
    String[] schema = {
      "CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL)",
      "CREATE TABLE tags (name TEXT PRIMARY KEY, weight INTEGER) WITHOUT ROWID",
      "CREATE TABLE loose (a TEXT, b BLOB)",
      "CREATE VIRTUAL TABLE items_fts USING fts5(body, item_id UNINDEXED)",
      "CREATE INDEX items_title ON items (title)",
      "CREATE VIEW titles AS SELECT title FROM items ORDER BY id",
    };
    sql(ours, schema);
    sql(
        ours,
        "INSERT INTO items (title) VALUES ('ours one'), ('ours two')",
        "INSERT INTO tags VALUES ('old', 1)",
        "INSERT INTO loose VALUES ('x', X'00FF')",
        "INSERT INTO items_fts (rowid, body, item_id) VALUES (3, 'ours text', 1)",
        "CREATE TRIGGER ours_only AFTER INSERT ON items BEGIN SELECT 1; END",
        "CREATE TABLE gone (x)",
        "PRAGMA user_version = 3");
    sql(merged, schema);
    sql(
        merged,
        "INSERT INTO items (title) VALUES ('merged one'), ('merged two'), ('merged three')",
        "DELETE FROM items WHERE id = 2",
        "INSERT INTO tags VALUES ('b', 2), ('a', 1)",
        "INSERT INTO loose VALUES ('y', NULL), ('z', X'01')",
        "INSERT INTO items_fts (rowid, body, item_id) VALUES (7, 'merged words here', 3)",
        "CREATE TRIGGER merged_only BEFORE DELETE ON tags BEGIN SELECT RAISE(ABORT, 'kept'); END",
        "CREATE TABLE added (x INTEGER)",
        "INSERT INTO added VALUES (42)",
        "PRAGMA user_version = 9");
    assertNotEquals(dump(merged), dump(ours));

    try (Connection c = Database.at(ours).open(false);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA foreign_keys = OFF");
      s.execute("BEGIN IMMEDIATE");
      ContentReplacement.replace(c, merged);
      s.execute("COMMIT");
    }

    assertEquals(dump(merged), dump(ours), "schema, rows, counters and user_version");
    assertEquals("7", one(ours, "SELECT rowid FROM items_fts WHERE items_fts MATCH 'words'"));
    assertEquals("merged one", one(ours, "SELECT title FROM titles"));
    assertEquals("ok", one(ours, "PRAGMA integrity_check"));
    assertEquals(null, one(ours, "SELECT name FROM sqlite_schema WHERE name = 'gone'"));
    assertEquals("9", one(ours, "PRAGMA user_version"));
    assertEquals("3", one(ours, "SELECT seq FROM sqlite_sequence WHERE name = 'items'"));
  }

  @Test
  void nothingItDoesOutlivesTheTransactionWhenThePullRollsBack() throws Exception {
    Path ours = dir.resolve("ours.db");
    Path merged = dir.resolve("merged.db");
    sql(ours, "CREATE TABLE items (id INTEGER PRIMARY KEY, title TEXT)");
    sql(ours, "INSERT INTO items VALUES (1, 'kept')");
    sql(
        merged,
        "CREATE TABLE items (id INTEGER PRIMARY KEY, title TEXT)",
        "INSERT INTO items VALUES (2, 'merged')",
        "CREATE TABLE t (x)",
        "CREATE VIEW v AS SELECT x FROM t");
    String before = dump(ours);

    try (Connection c = Database.at(ours).open(false);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA foreign_keys = OFF");
      s.execute("BEGIN IMMEDIATE");
      ContentReplacement.replace(c, merged);
      // as when the pull fails after the copy (its commit refused, the text form unwritable)
      s.execute("ROLLBACK");
    }

    assertEquals(before, dump(ours));
  }
}
