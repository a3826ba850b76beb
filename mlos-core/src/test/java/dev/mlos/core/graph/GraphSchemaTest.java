package dev.mlos.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.SqliteShell;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agentos-graph schema refuses malformed rows, through JDBC and through the sqlite3 shell. */
class GraphSchemaTest {
  private static final String T = "'2026-01-01T00:00:00.000Z'";

  @TempDir Path dir;
  GraphWorkspace w;

  @BeforeEach
  void create() {
    w = GraphWorkspace.create(dir);
    w.sql(
        "INSERT INTO nodes (id, created_at, updated_at) VALUES ('a', "
            + T
            + ", "
            + T
            + "), ('b', "
            + T
            + ", "
            + T
            + ")");
  }

  private void rejectedByJdbc(String sql, String message) {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.sql(sql), sql);
    assertTrue(
        e.getMessage().contains(message),
        "expected '" + message + "' from " + sql + " but got: " + e.getMessage());
  }

  private void rejectedByShell(String sql, String message) {
    SqliteShell.Result r = SqliteShell.run(w.db, sql);
    assertFalse(r.ok(), "sqlite3 accepted: " + sql);
    assertTrue(r.err().contains(message), "sqlite3 said: " + r.err());
  }

  private void rejected(String sql, String message) {
    rejectedByJdbc(sql, message);
    rejectedByShell(sql, message);
  }

  private String shell(String sql) {
    SqliteShell.Result r = SqliteShell.run(w.db, sql);
    assertTrue(r.ok(), "sqlite3 rejected " + sql + ": " + r.err());
    return r.out().strip();
  }

  @Test
  void nodesNeedSaneIdsAndIsoTimestamps() {
    rejected("INSERT INTO nodes (id) VALUES ('')", "nodes_id");
    rejected("INSERT INTO nodes (id) VALUES ('has space')", "nodes_id");
    rejected("INSERT INTO nodes (id) VALUES ('a/b')", "nodes_id");
    rejected(
        "INSERT INTO nodes (id, created_at, updated_at) VALUES ('c', '01/02/2026', " + T + ")",
        "nodes_created_at");
    rejected(
        "INSERT INTO nodes (id, created_at, updated_at) VALUES ('c', '2026-13-01T00:00:00Z', "
            + T
            + ")",
        "nodes_created_at");
    rejected(
        "INSERT INTO nodes (id, created_at, updated_at) VALUES ('c', "
            + T
            + ", '2025-01-01T00:00:00Z')",
        "nodes_updated_at");
    rejected("INSERT INTO nodes (id, created_at) VALUES ('c', 5)", "created_at");
    w.sql("INSERT INTO nodes (id) VALUES ('defaults-are-iso')");
    assertEquals(
        "1",
        w.one(
            "SELECT created_at GLOB '????-??-??T??:??:??.???Z' FROM nodes WHERE id = 'defaults-are-iso'"));
  }

  @Test
  void edgesNeedALabelExistingNodesAndIsoTimestamps() {
    rejected(
        "INSERT INTO edges (id, from_id, label, to_id) VALUES ('e', 'a', '', 'b')", "edges_label");
    rejected(
        "INSERT INTO edges (id, from_id, label, to_id) VALUES ('e', 'a', ' tagged', 'b')",
        "edges_label");
    rejected(
        "INSERT INTO edges (id, from_id, label, to_id, deleted_at) VALUES ('e', 'a', 'x', 'b', 'yesterday')",
        "edges_deleted_at");
    rejectedByJdbc(
        "INSERT INTO edges (id, from_id, label, to_id) VALUES ('e', 'a', 'x', 'nope')",
        "FOREIGN KEY constraint failed");
    rejectedByShell(
        "PRAGMA foreign_keys = ON; INSERT INTO edges (id, from_id, label, to_id) VALUES ('e', 'a', 'x', 'nope');",
        "FOREIGN KEY constraint failed");
    shell("INSERT INTO edges (id, from_id, label, to_id) VALUES ('e', 'a', 'tagged_with', 'b');");
    assertEquals(
        "e|a|tagged_with|b|NULL", w.one("SELECT id, from_id, label, to_id, deleted_at FROM edges"));
  }

  @Test
  void valuesKeepTheirDeclaredType() {
    rejected("INSERT INTO node_vals VALUES ('a', 'pages', '495', 'integer')", "node_vals_value");
    rejected("INSERT INTO node_vals VALUES ('a', 'done', 2, 'boolean')", "node_vals_value");
    rejected("INSERT INTO node_vals VALUES ('a', 'born', '2026-02-30', 'date')", "node_vals_value");
    rejected(
        "INSERT INTO node_vals VALUES ('a', 'seen', '2026-02-01 10:00', 'datetime')",
        "node_vals_value");
    rejected("INSERT INTO node_vals VALUES ('a', 'home', 'not a url', 'url')", "node_vals_value");
    rejected("INSERT INTO node_vals VALUES ('a', 'extra', '{oops', 'json')", "node_vals_value");
    rejected("INSERT INTO node_vals VALUES ('a', 'x', 'y', 'colour')", "node_vals_type");
    rejected("INSERT INTO node_vals VALUES ('a', '', 'y', 'string')", "node_vals_key");
    rejected("INSERT INTO edge_vals VALUES ('none', 'w', 'heavy', 'number')", "edge_vals_value");
    rejectedByJdbc(
        "INSERT INTO node_vals VALUES ('ghost', 'x', 'y', 'string')",
        "FOREIGN KEY constraint failed");
    shell(
        "INSERT INTO node_vals VALUES ('a', 'pages', 495, 'integer'), ('a', 'price', 12.5, 'number'), ('a', 'done', 1, 'boolean');");
    assertEquals(
        "495|integer", w.one("SELECT value, typeof(value) FROM node_vals WHERE key = 'pages'"));
  }

  @Test
  void contentIsFullTextIndexedForEveryClient() {
    shell(
        "INSERT INTO content (id, node_id, kind, body) VALUES ('a/body', 'a', 'body', 'The quick brown fox');");
    assertEquals(
        "a/body", shell("SELECT content_id FROM content_fts WHERE content_fts MATCH 'brown';"));
    w.sql("UPDATE content SET body = 'A lazy dog' WHERE id = 'a/body'");
    assertEquals("0", shell("SELECT count(*) FROM content_fts WHERE content_fts MATCH 'brown';"));
    assertEquals(
        "a/body", w.one("SELECT content_id FROM content_fts WHERE content_fts MATCH 'lazy'"));
    shell("DELETE FROM content;");
    assertEquals("0", w.one("SELECT count(*) FROM content_fts"));
    rejected(
        "INSERT INTO content (id, node_id, kind, body) VALUES ('x', 'a', '', 'b')", "content_kind");
    rejected(
        "INSERT INTO content (id, node_id, kind, body) VALUES ('x', 'a', 'k', NULL)",
        "NOT NULL constraint failed: content.body");
  }

  @Test
  void settingsAndTheShellReadTheSchema() {
    rejected("INSERT INTO settings (key, value) VALUES ('', 'x')", "settings_key");
    assertEquals("ok", shell("PRAGMA integrity_check;"));
    assertEquals(
        "4",
        shell("SELECT max(version) FROM schema_migrations WHERE schema_set = 'agentos-graph';"));
    assertEquals("0", shell("SELECT count(*) FROM graph_records;"));
  }

  /**
   * A shape's row with a key twice in one object cannot be read (SQLite takes the first, a JSON
   * reader the last): since V3 the database refuses it from every client, where graph_records took
   * a title from it that the record's own page said was left out. Other settings rows, and a shape
   * row that is no JSON at all (the pages name it), are not this rule's.
   */
  @Test
  void aShapeRowWithAKeyTwiceIsRefusedFromEveryClient() {
    String twice = "'{\"title_field\":\"a\",\"title_field\":\"b\"}'";
    rejected(
        "INSERT INTO settings (key, value) VALUES ('shape:book', " + twice + ")",
        "settings_shape_repeated_key");
    shell("INSERT INTO settings (key, value) VALUES ('shape:book', '{\"title_field\":\"a\"}');");
    rejected(
        "UPDATE settings SET value = '{\"fields\":[{\"name\":\"t\",\"type\":\"string\","
            + "\"type\":\"integer\"}]}' WHERE key = 'shape:book'",
        "settings_shape_repeated_key");
    shell("INSERT INTO settings (key, value) VALUES ('note', 'x');");
    rejected(
        "UPDATE settings SET key = 'shape:other', value = " + twice + " WHERE key = 'note'",
        "settings_shape_repeated_key");
    assertEquals(
        "{\"title_field\":\"a\"}", shell("SELECT value FROM settings WHERE key = 'shape:book';"));
    shell("INSERT INTO settings (key, value) VALUES ('other', " + twice + ");");
    shell("INSERT INTO settings (key, value) VALUES ('shape:loose', 'book, also product');");
  }
}
