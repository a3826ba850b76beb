package dev.mlos.core.schema;

import static dev.mlos.core.db.JdbcRows.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqliteShell;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database created and filled under V1 (as every workspace is today) upgrades to V2 through the
 * migrator: no row lost, every id and history row kept, and the new rules active afterwards.
 */
class UpgradeToV2Test {
  @TempDir Path dir;

  /** A class loader that sees only V1 of the mlos set, with the text mlos ships (same checksum). */
  private ClassLoader v1Only() throws Exception {
    Path folder = dir.resolve("cp/" + Migrator.ROOT + "mlos");
    Files.createDirectories(folder);
    try (InputStream in =
        Migrator.class
            .getClassLoader()
            .getResourceAsStream(Migrator.ROOT + "mlos/V1__core_tables.sql")) {
      Files.write(folder.resolve("V1__core_tables.sql"), in.readAllBytes());
    }
    Files.writeString(folder.resolve("index.txt"), "V1__core_tables.sql\n");
    return new URLClassLoader(new URL[] {dir.resolve("cp").toUri().toURL()}, null);
  }

  private static final String V1_DATA =
      String.join(
          "\n",
          "INSERT INTO needs (id, title, status, priority, scope, created_at, updated_at, parent_need_id) VALUES",
          "  (1, 'root', 'identified', 1, 'kernel', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', NULL),",
          "  (2, 'child', 'identified', 2, 'kernel', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z', 1),",
          "  (3, 'grandchild', 'identified', NULL, 'compiler', '2026-01-03T00:00:00Z', '2026-01-03T00:00:00Z', 2),",
          "  (40, 'gap in ids', 'identified', 5, NULL, '2026-01-04T00:00:00Z', '2026-01-04T00:00:00Z', NULL);",
          "UPDATE needs SET status = 'active', updated_at = '2026-01-05T00:00:00Z' WHERE id IN (1, 2);",
          "UPDATE needs SET status = 'actionable', updated_at = '2026-01-06T00:00:00Z' WHERE id IN (1, 2);",
          "UPDATE needs SET status = 'in_progress', updated_at = '2026-01-07T00:00:00Z' WHERE id = 2;",
          "INSERT INTO agents (id, agent_type, status, provisioned_artifacts, assigned_tasks, monitored_needs, started_at) VALUES",
          "  (1, 'architect', 'active', '[1]', '[1, 2]', '[1, 2]', '2026-01-08T00:00:00Z'),",
          // V1 did not check list elements: a dangling id written then is kept.
          "  (2, 'janitor', 'provisioning', '[99]', '[]', '[3]', '2026-01-08T00:00:00Z');",
          "INSERT INTO tasks (id, need_id, description, status, priority, assigned_agent_id, created_at, updated_at) VALUES",
          "  (1, 1, 'open one', 'open', NULL, NULL, '2026-01-09T00:00:00Z', '2026-01-09T00:00:00Z'),",
          "  (2, 2, 'assigned one', 'assigned', 2, 1, '2026-01-09T00:00:00Z', '2026-01-09T00:00:00Z'),",
          "  (3, 2, 'done one', 'completed', 3, NULL, '2026-01-09T00:00:00Z', '2026-01-10T00:00:00Z');",
          "UPDATE tasks SET status = 'completed' WHERE id = 1;",
          "INSERT INTO artifacts (id, title, file_path, artifact_type, created_at, updated_at) VALUES",
          "  (1, 'design', 'docs/design.md', 'document', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),",
          // V1 accepted './x' paths; the row is kept, V2 judges writes from now on.
          "  (2, 'dotted', './notes.md', 'document', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');",
          "INSERT INTO relationships (id, source_type, source_id, target_type, target_id, relationship_type, metadata, created_at) VALUES",
          "  (100, 'need', 1, 'artifact', 1, 'references', '{\"why\": 1}', '2026-01-11T00:00:00Z'),",
          "  (101, 'need', 2, 'artifact', 2, 'consumed', NULL, '2026-01-11T00:00:00Z'),",
          "  (102, 'need', 1, 'need', 3, 'blocks', NULL, '2026-01-11T00:00:00Z'),",
          "  (103, 'agent', 1, 'need', 1, 'monitors', NULL, '2026-01-11T00:00:00Z'),",
          // Accepted by V1, refused by V2 for new writes: kept as they are.
          "  (104, 'artifact', 1, 'need', 1, 'monitors', NULL, '2026-01-11T00:00:00Z'),",
          "  (105, 'need', 40, 'need', 40, 'blocks', NULL, '2026-01-11T00:00:00Z');",
          "UPDATE artifacts SET content_hash = '" + "ab".repeat(32) + "' WHERE id = 1;",
          "DELETE FROM relationships WHERE id = 101;");

  private static final List<String> TABLES =
      List.of("needs", "tasks", "artifacts", "relationships", "agents", "history");

  @Test
  void aFilledV1DatabaseUpgradesWithNothingLost() throws Exception {
    Path db = dir.resolve("v1.db");
    List<List<String>> before = new ArrayList<>();
    String historySeq;
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos", v1Only()).migrate(c);
      try (Statement s = c.createStatement()) {
        s.executeUpdate("PRAGMA foreign_keys = ON");
        for (String statement : V1_DATA.split(";\n")) {
          s.execute(statement);
        }
      }
      for (String t : TABLES) {
        before.add(rows(c, "SELECT * FROM " + t + " ORDER BY id"));
      }
      historySeq = rows(c, "SELECT seq FROM sqlite_sequence WHERE name = 'history'").get(0);
      assertEquals(
          20, Migrator.forSet("mlos").pending(c).size(), "V2 to V21 are pending on a V1 database");
    }

    try (Connection c = Database.at(db).open(false)) {
      MigrationReport report = Migrator.forSet("mlos").migrate(c);
      assertEquals(
          List.of(
              "mlos V2 engine",
              "mlos V3 ready indexes",
              "mlos V4 ready items",
              "mlos V5 change log",
              "mlos V6 ready items per task",
              "mlos V7 rule fixes",
              "mlos V8 change log pruning",
              "mlos V9 agent lifecycle",
              "mlos V10 task holder",
              "mlos V11 one line texts",
              "mlos V12 open needs listing",
              "mlos V13 text limits",
              "mlos V14 finished runs",
              "mlos V15 kernel version one line",
              "mlos V16 resumed needs follow tasks",
              "mlos V17 artifacts not in git",
              "mlos V18 portable artifact paths",
              "mlos V19 shown texts",
              "mlos V20 blank and ignorable texts",
              "mlos V21 request ids"),
          report.applied().stream().map(Migration::label).toList());

      for (int i = 0; i < TABLES.size(); i++) {
        String t = TABLES.get(i);
        // The V1 columns in V1 order: every row, id and value as it was.
        String columns = String.join(", ", v1Columns(c, t));
        assertEquals(
            before.get(i), rows(c, "SELECT " + columns + " FROM " + t + " ORDER BY id"), t);
      }
      assertEquals(List.of("[]"), rows(c, "SELECT DISTINCT tags FROM needs"));
      assertEquals(
          List.of("0"),
          rows(
              c,
              "SELECT count(*) FROM history WHERE actor IS NOT NULL OR session IS NOT NULL OR reason IS NOT NULL"));
      assertEquals(
          List.of(historySeq), rows(c, "SELECT seq FROM sqlite_sequence WHERE name = 'history'"));
      assertEquals(List.of("ok"), rows(c, "PRAGMA integrity_check"));
      assertEquals(List.of(), rows(c, "PRAGMA foreign_key_check"));
      assertEquals(
          List.of(), rows(c, "SELECT name FROM sqlite_schema WHERE name LIKE 'history_v2%'"));

      // The new rules are active: the next history row follows the old ones, with tags and the
      // actor.
      long lastHistory = Long.parseLong(historySeq);
      try (Statement s = c.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
        s.execute(
            "INSERT INTO write_context (id, actor, reason) VALUES (1, 'person:alice', 'upgrade test')");
        s.execute("UPDATE needs SET tags = '[\"kernel\"]' WHERE id = 3");
        s.execute("DELETE FROM write_context");
        s.execute("COMMIT");
      }
      assertEquals(
          List.of((lastHistory + 1) + " person:alice [\"kernel\"]"),
          rows(
              c,
              "SELECT id || ' ' || actor || ' ' || json_extract(new_values, '$.tags') FROM history WHERE id > "
                  + lastHistory));
      assertEquals(List.of("kernel 3"), rows(c, "SELECT tag || ' ' || need_id FROM need_tags"));
      assertRefused(
          c,
          "REPLACE INTO needs (id, title) VALUES (1, 'replaced')",
          "need: id exists; use UPDATE");
      assertRefused(
          c,
          "INSERT OR REPLACE INTO history (id, entity, entity_id, operation) VALUES (1, 'need', 1, 'insert')",
          "history: id exists");
      assertRefused(
          c,
          "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type) "
              + "VALUES ('need', 3, 'need', 1, 'blocks')",
          "would close a cycle of blocks edges");
      assertRefused(
          c,
          "UPDATE artifacts SET file_path = './again.md' WHERE id = 1",
          "artifact: file_path must not contain a . segment");
      assertRefused(
          c,
          "UPDATE tasks SET status = 'open' WHERE id = 1",
          "task: completed -> open is not allowed");
    }
  }

  @Test
  void pre2RowsStayWorkable() throws Exception {
    Path db = dir.resolve("v1b.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos", v1Only()).migrate(c);
      try (Statement s = c.createStatement()) {
        for (String statement : V1_DATA.split(";\n")) {
          s.execute(statement);
        }
      }
      Migrator.forSet("mlos").migrate(c);
      try (Statement s = c.createStatement()) {
        // A list holding a dangling id from V1 can still shrink and change otherwise...
        s.execute("UPDATE agents SET status = 'active', monitored_needs = '[]' WHERE id = 2");
        s.execute("UPDATE agents SET provisioned_artifacts = '[99, 1]' WHERE id = 2");
        // ...and the last open task finishing resolves its need through the lifecycle.
        s.execute("UPDATE tasks SET status = 'completed' WHERE id = 2");
      }
      assertEquals(List.of("resolved"), rows(c, "SELECT status FROM needs WHERE id = 2"));
    }
    SqliteShell.Result r =
        SqliteShell.run(
            db,
            "PRAGMA integrity_check; SELECT max(version) FROM schema_migrations WHERE schema_set = 'mlos';");
    assertTrue(r.ok(), r.err());
    assertEquals("ok\n21", r.out().strip());
  }

  @Test
  void theUpgradeRunsInTheShellToo() throws Exception {
    // The same two files applied by the plain sqlite3 shell (foreign keys off), as a person might.
    Path db = dir.resolve("shell.db");
    ClassLoader loader = Migrator.class.getClassLoader();
    String v1;
    String v2;
    try (InputStream a = loader.getResourceAsStream(Migrator.ROOT + "mlos/V1__core_tables.sql");
        InputStream b = loader.getResourceAsStream(Migrator.ROOT + "mlos/V2__engine.sql")) {
      v1 = new String(a.readAllBytes(), StandardCharsets.UTF_8);
      v2 = new String(b.readAllBytes(), StandardCharsets.UTF_8);
    }
    // An argument starting with "-" would be taken for an option.
    SqliteShell.Result created = SqliteShell.run(db, "\n" + v1);
    assertTrue(created.ok(), created.err());
    SqliteShell.Result data = SqliteShell.run(db, V1_DATA + ";");
    assertTrue(data.ok(), data.err());
    String count =
        SqliteShell.run(
                db,
                "SELECT (SELECT count(*) FROM history) || ' ' || (SELECT count(*) FROM relationships);")
            .out();
    SqliteShell.Result up = SqliteShell.run(db, "\n" + v2);
    assertTrue(up.ok(), up.err());
    assertEquals(
        count,
        SqliteShell.run(
                db,
                "SELECT (SELECT count(*) FROM history) || ' ' || (SELECT count(*) FROM relationships);")
            .out());
  }

  private static void assertRefused(Connection c, String sql, String message) {
    SQLException e =
        assertThrows(
            SQLException.class,
            () -> {
              try (Statement s = c.createStatement()) {
                s.execute(sql);
              }
            },
            sql);
    assertTrue(e.getMessage().contains(message), sql + ": " + e.getMessage());
  }

  private static List<String> v1Columns(Connection c, String table) throws SQLException {
    List<String> names =
        rows(c, "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid");
    // The columns V2 added are not part of the V1 snapshot.
    names.removeAll(List.of("tags", "actor", "session", "reason"));
    return names;
  }
}
