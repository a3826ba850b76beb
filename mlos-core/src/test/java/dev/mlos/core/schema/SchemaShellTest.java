package dev.mlos.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqliteShell;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules hold for any client: a fresh {@code sqlite3} process, which runs with foreign_keys off
 * unless told otherwise.
 */
class SchemaShellTest {
  @TempDir Path dir;
  Path db;

  @BeforeEach
  void create() throws Exception {
    db = dir.resolve("shell.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
      Migrator.forSet("mlos-compiler").migrate(c);
    }
  }

  void rejected(String sql, String message) {
    SqliteShell.Result r = SqliteShell.run(db, sql);
    assertFalse(r.ok(), "sqlite3 accepted: " + sql);
    assertTrue(r.err().contains(message), "sqlite3 said: " + r.err());
  }

  String ok(String sql) {
    SqliteShell.Result r = SqliteShell.run(db, sql);
    assertTrue(r.ok(), "sqlite3 rejected " + sql + ": " + r.err());
    return r.out().strip();
  }

  @Test
  void theShellCanReadTheSchema() {
    assertEquals("ok", ok("PRAGMA integrity_check;"));
    assertEquals("2", ok("SELECT max(version) FROM schema_migrations WHERE schema_set = 'mlos';"));
  }

  @Test
  void malformedRowsAreRejectedEvenWithForeignKeysOff() {
    rejected("INSERT INTO needs (title, priority) VALUES ('n', 9);", "CHECK constraint failed: needs_priority");
    rejected("INSERT INTO needs (title, status) VALUES ('n', 'open');", "CHECK constraint failed: needs_status");
    rejected("INSERT INTO tasks (need_id, description) VALUES (5, 't');", "task: its need does not exist");
    rejected("INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type) "
        + "VALUES ('task', 1, 'artifact', 99, 'produced');", "relationship: source task does not exist");
    rejected("INSERT INTO artifacts (title, file_path) VALUES ('a', '../etc/passwd');",
        "artifact: file_path must not contain a .. segment");
    rejected("INSERT INTO agents (agent_type, assigned_tasks) VALUES ('janitor', '{}');", "agents_assigned_tasks");
    assertEquals("0", ok("SELECT count(*) FROM needs;"));
  }

  @Test
  void lifecycleGraduationAndHistoryHoldInTheShell() {
    ok("INSERT INTO needs (title) VALUES ('n');");
    rejected("INSERT INTO tasks (need_id, description) VALUES (1, 't');", "task: its need must be actionable or in_progress");
    rejected("UPDATE needs SET status = 'actionable' WHERE id = 1;", "need: identified -> actionable is not allowed");
    ok("UPDATE needs SET status = 'active' WHERE id = 1; UPDATE needs SET status = 'actionable' WHERE id = 1;");
    ok("INSERT INTO tasks (need_id, description) VALUES (1, 't');");
    assertEquals("task|1|derived_from|need|1",
        ok("SELECT source_type, source_id, relationship_type, target_type, target_id FROM relationships;"));
    rejected("DELETE FROM history;", "history is append-only");
    rejected("PRAGMA foreign_keys = ON; INSERT INTO needs (title, parent_need_id) VALUES ('x', 42);",
        "need: its parent need does not exist");
    ok("PRAGMA foreign_keys = ON; INSERT INTO needs (title, parent_need_id) VALUES ('child', 1);");
  }
}
