package dev.mlos.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqliteShell;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema V4's ready_items and ready_counts: kept by the database for raw SQL in the plain sqlite3
 * shell (foreign keys off), closed to direct writes, and built for the data of a V3 database that
 * upgrades; schema V6's per-task recompute, and a V5 database that upgrades to it.
 */
class ReadyItemsSchemaTest {
  @TempDir Path dir;

  /**
   * ready_items against its defining view, and ready_counts against a count of it: empty when kept.
   */
  private static final String DRIFT =
      "SELECT 'extra', * FROM (SELECT * FROM ready_items EXCEPT SELECT * FROM ready_items_expected);"
          + " SELECT 'missing', * FROM (SELECT * FROM ready_items_expected EXCEPT SELECT * FROM ready_items);"
          + " SELECT 'count', * FROM (SELECT state, scope, tags, count(*) FROM ready_items GROUP BY 1, 2, 3"
          + "  EXCEPT SELECT state, scope, tags, n FROM ready_counts);"
          + " SELECT 'count', * FROM (SELECT state, scope, tags, n FROM ready_counts"
          + "  EXCEPT SELECT state, scope, tags, count(*) FROM ready_items GROUP BY 1, 2, 3);";

  private Path fresh() throws Exception {
    Path db = dir.resolve("shell.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    }
    return db;
  }

  private static String ok(Path db, String sql) {
    SqliteShell.Result r = SqliteShell.run(db, sql);
    assertTrue(r.ok(), "sqlite3 rejected " + sql + ": " + r.err());
    return r.out().strip();
  }

  @Test
  void rawSqlInTheShellKeepsReadyItemsAndCounts() throws Exception {
    Path db = fresh();
    ok(
        db,
        "INSERT INTO needs (title, priority, scope, tags) VALUES ('blocker', 2, 'kernel', '[\"a\"]'), ('work', 4, 'ui', '[]');"
            + " UPDATE needs SET status = 'active'; UPDATE needs SET status = 'actionable';");
    assertEquals(
        "1|1|1|2|0|kernel|[\"a\"]\n1|2|2|4|0|ui|[]",
        ok(
            db,
            "SELECT kind_order, id, need_id, p, state, scope, tags FROM ready_items ORDER BY id;"),
        "two actionable needs without tasks");

    ok(
        db,
        "INSERT INTO tasks (need_id, description) VALUES (2, 'w1'), (2, 'w2');"
            + " INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type) VALUES ('need', 1, 'need', 2, 'blocks');");
    assertEquals(
        "0|1|2|4|1\n0|2|2|4|1\n1|1|1|2|0",
        ok(
            db,
            "SELECT kind_order, id, need_id, p, state FROM ready_items ORDER BY kind_order, id;"),
        "need 2's tasks (its priority) replace it, blocked by need 1");
    assertEquals("", ok(db, DRIFT));

    // The blocker graduates, and its only task completes: need 1 resolves, need 2's tasks are free.
    ok(
        db,
        "INSERT INTO tasks (need_id, description, priority) VALUES (1, 'b1', 1);"
            + " UPDATE tasks SET status = 'in_progress' WHERE id = 3; UPDATE tasks SET status = 'completed' WHERE id = 3;");
    assertEquals("resolved", ok(db, "SELECT status FROM needs WHERE id = 1;"));
    assertEquals(
        "0|1|0\n0|2|0",
        ok(db, "SELECT kind_order, id, state FROM ready_items ORDER BY kind_order, id;"));

    // Scope and tags follow the need; a task's own priority (inherited at insert: 4) wins over its
    // need's new one; deferring the need takes its tasks out.
    ok(
        db,
        "UPDATE needs SET scope = NULL, tags = '[\"b\"]', priority = 5 WHERE id = 2; UPDATE tasks SET priority = 1 WHERE id = 2;");
    assertEquals(
        "0|1|4||[\"b\"]\n0|2|1||[\"b\"]",
        ok(db, "SELECT kind_order, id, p, scope, tags FROM ready_items ORDER BY id;"));
    assertEquals("0||[\"b\"]|2", ok(db, "SELECT state, scope, tags, n FROM ready_counts;"));
    ok(db, "UPDATE needs SET status = 'deferred' WHERE id = 2;");
    assertEquals(
        "0\n0", ok(db, "SELECT count(*) FROM ready_items; SELECT count(*) FROM ready_counts;"));
    assertEquals("", ok(db, DRIFT));
  }

  @Test
  void directWritesToReadyItemsAndCountsAreRefused() throws Exception {
    Path db = fresh();
    ok(
        db,
        "INSERT INTO needs (title) VALUES ('n'); UPDATE needs SET status = 'active'; UPDATE needs SET status = 'actionable';");
    for (String sql :
        List.of(
            "INSERT INTO ready_items VALUES (0, 99, 1, 1, '2026', 0, NULL, '[]');",
            "UPDATE ready_items SET p = 1;",
            "DELETE FROM ready_items;",
            "INSERT INTO ready_counts (state, scope, tags, n) VALUES (0, 'x', '[]', 5);",
            "UPDATE ready_counts SET n = 7;",
            "DELETE FROM ready_counts;")) {
      SqliteShell.Result r = SqliteShell.run(db, sql);
      assertFalse(r.ok(), "sqlite3 accepted: " + sql);
      assertTrue(r.err().contains("is kept by the database"), r.err());
    }
    assertEquals("1|1|3|0", ok(db, "SELECT kind_order, id, p, state FROM ready_items; "));
    assertEquals("0||[]|1", ok(db, "SELECT state, scope, tags, n FROM ready_counts;"));
  }

  @Test
  void oneStatementRebuildsThemForEveryNeed() throws Exception {
    Path db = fresh();
    ok(
        db,
        "INSERT INTO needs (title, priority) VALUES ('a', 2), ('b', 3); UPDATE needs SET status = 'active';"
            + " UPDATE needs SET status = 'actionable'; INSERT INTO tasks (need_id, description) VALUES (1, 't');");
    String items = ok(db, "SELECT * FROM ready_items ORDER BY kind_order, id;");
    String counts = ok(db, "SELECT * FROM ready_counts ORDER BY state, scope, tags;");
    // What a restore that carried no derived rows (or stale ones) does to bring them back.
    ok(
        db,
        "INSERT INTO ready_dirty (need_id) SELECT id FROM needs UNION SELECT need_id FROM ready_items;");
    assertEquals(items, ok(db, "SELECT * FROM ready_items ORDER BY kind_order, id;"));
    assertEquals(counts, ok(db, "SELECT * FROM ready_counts ORDER BY state, scope, tags;"));
    assertEquals("", ok(db, DRIFT));
  }

  /** A class loader that sees V1..V3 of the mlos set, with the text mlos ships (same checksums). */
  private ClassLoader upToV3() throws Exception {
    return upTo("v3", List.of("V1__core_tables.sql", "V2__engine.sql", "V3__ready_indexes.sql"));
  }

  /**
   * A class loader that sees the mlos set's migrations {@code names}, with the text mlos ships
   * (same checksums).
   */
  private ClassLoader upTo(String label, List<String> names) throws Exception {
    Path folder = dir.resolve("cp-" + label + "/" + Migrator.ROOT + "mlos");
    Files.createDirectories(folder);
    for (String name : names) {
      try (InputStream in =
          Migrator.class.getClassLoader().getResourceAsStream(Migrator.ROOT + "mlos/" + name)) {
        Files.write(folder.resolve(name), in.readAllBytes());
      }
    }
    Files.writeString(folder.resolve("index.txt"), String.join("\n", names) + "\n");
    return new URLClassLoader(new URL[] {dir.resolve("cp-" + label).toUri().toURL()}, null);
  }

  @Test
  void aV3DatabaseUpgradesWithItsReadyWorkBuiltAndNothingLost() throws Exception {
    Path db = dir.resolve("v3.db");
    List<String> tables =
        List.of("needs", "tasks", "relationships", "history", "need_tags", "agents", "lenses");
    List<List<String>> before = new ArrayList<>();
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos", upToV3()).migrate(c);
      try (Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO needs (title, priority, scope, tags) VALUES ('a', 1, 'kernel', '[\"x\"]'), ('b', NULL, NULL, '[]'),"
                + " ('c', 3, 'ui', '[\"x\",\"y\"]'), ('d', 2, 'ui', '[]')");
        s.execute("UPDATE needs SET status = 'active'");
        s.execute("UPDATE needs SET status = 'actionable'");
        s.execute(
            "INSERT INTO tasks (need_id, description) VALUES (1, 't1'), (1, 't2'), (2, 't3'), (3, 't4')");
        s.execute("UPDATE tasks SET priority = NULL WHERE id = 3");
        s.execute("UPDATE tasks SET status = 'cancelled' WHERE id = 4");
        s.execute(
            "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type)"
                + " VALUES ('need', 4, 'task', 2, 'blocks'), ('task', 4, 'need', 2, 'blocks')");
        s.execute("UPDATE needs SET status = 'deferred' WHERE id = 3");
      }
      assertEquals(
          18, Migrator.forSet("mlos").pending(c).size(), "V4 to V21 are pending on a V3 database");
      for (String t : tables) {
        before.add(rows(c, "SELECT * FROM " + t + " ORDER BY 1, 2"));
      }
    }
    try (Connection c = Database.at(db).open(false)) {
      MigrationReport report = Migrator.forSet("mlos").migrate(c);
      assertEquals(
          List.of(
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
      for (int i = 0; i < tables.size(); i++) {
        assertEquals(
            before.get(i),
            rows(c, "SELECT * FROM " + tables.get(i) + " ORDER BY 1, 2"),
            tables.get(i) + " kept");
      }
      // Task 1 ready (need 1's priority), task 2 blocked by need 4, task 3 ready with the default
      // priority (its need has none); need 2 is not blocked (task 4 is cancelled); need 3 is
      // deferred; need 4 waits to be graduated.
      assertEquals(
          List.of(
              "0|1|1|1|0|kernel|[\"x\"]",
              "0|2|1|1|1|kernel|[\"x\"]",
              "0|3|2|3|0||[]",
              "1|4|4|2|0|ui|[]"),
          rows(
              c,
              "SELECT kind_order, id, need_id, p, state, scope, tags FROM ready_items ORDER BY kind_order, id"));
      assertEquals(
          List.of("0||[]|1", "0|kernel|[\"x\"]|1", "0|ui|[]|1", "1|kernel|[\"x\"]|1"),
          rows(c, "SELECT state, scope, tags, n FROM ready_counts ORDER BY state, scope, tags"));
    }
    assertEquals("", ok(db, DRIFT));
  }

  /**
   * Schema V6: a write to one task of a need with several tasks recomputes that task's item and its
   * need's own item (and what the task blocks), in the shell as through mlos; every step is checked
   * against the defining view, so a stale sibling or need item fails here.
   */
  @Test
  void taskWritesOnANeedWithSeveralTasksKeepEveryItemInTheShell() throws Exception {
    Path db = fresh();
    ok(
        db,
        "INSERT INTO needs (title, priority, scope, tags) VALUES ('blocker', 2, 'kernel', '[\"a\"]'), ('work', 4, 'ui', '[]');"
            + " UPDATE needs SET status = 'active'; UPDATE needs SET status = 'actionable';"
            + " INSERT INTO tasks (need_id, description) VALUES (2, 'w1'), (2, 'w2'), (2, 'w3'), (2, 'w4'), (1, 'b1');"
            + " INSERT INTO agents (agent_type) VALUES ('worker');");
    String items = "SELECT kind_order, id, p, state FROM ready_items ORDER BY kind_order, id;";
    assertEquals("0|1|4|0\n0|2|4|0\n0|3|4|0\n0|4|4|0\n0|5|2|0", ok(db, items));
    assertEquals("", ok(db, DRIFT));

    // A claim takes one task out; the need keeps its other tasks and no item of its own.
    ok(db, "UPDATE tasks SET status = 'assigned', assigned_agent_id = 1 WHERE id = 2;");
    assertEquals("0|1|4|0\n0|3|4|0\n0|4|4|0\n0|5|2|0", ok(db, items));
    assertEquals("", ok(db, DRIFT));

    // A task blocks a sibling; a task of another need blocks another; a task gets its own
    // priority.
    ok(
        db,
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type)"
            + " VALUES ('task', 3, 'task', 4, 'blocks'), ('task', 5, 'task', 1, 'blocks');"
            + " UPDATE tasks SET priority = 1 WHERE id = 3;");
    assertEquals("0|1|4|1\n0|3|1|0\n0|4|4|1\n0|5|2|0", ok(db, items));
    assertEquals("", ok(db, DRIFT));

    // The blocking task starts and completes (need 2 moves to in_progress): task 4 is free.
    ok(
        db,
        "UPDATE tasks SET status = 'in_progress' WHERE id = 3; UPDATE tasks SET status = 'completed' WHERE id = 3;");
    assertEquals("in_progress", ok(db, "SELECT status FROM needs WHERE id = 2;"));
    assertEquals("0|1|4|1\n0|4|4|0\n0|5|2|0", ok(db, items));
    assertEquals("", ok(db, DRIFT));

    // Need 1's only task completes and frees task 1 (of need 2); need 1 resolves, and
    // (resolved) is no item of its own.
    ok(
        db,
        "UPDATE tasks SET status = 'in_progress' WHERE id = 5; UPDATE tasks SET status = 'completed' WHERE id = 5;");
    assertEquals("resolved", ok(db, "SELECT status FROM needs WHERE id = 1;"));
    assertEquals("0|1|4|0\n0|4|4|0", ok(db, items));
    assertEquals("", ok(db, DRIFT));

    // The claimed task is released and another is deleted; a new one arrives by raw SQL.
    ok(
        db,
        "UPDATE tasks SET status = 'open', assigned_agent_id = NULL WHERE id = 2; DELETE FROM tasks WHERE id = 4;"
            + " INSERT INTO tasks (need_id, description, created_at) VALUES (2, 'w5', '2026-01-01T00:00:00.000Z');");
    assertEquals("0|1|4|0\n0|2|4|0\n0|6|4|0", ok(db, items));
    assertEquals("0|ui|[]|3", ok(db, "SELECT state, scope, tags, n FROM ready_counts;"));
    assertEquals("", ok(db, DRIFT));

    // Every task of need 2 cancelled: an in_progress need with no live task is no item either.
    ok(db, "UPDATE tasks SET status = 'cancelled' WHERE need_id = 2 AND status = 'open';");
    assertEquals("0", ok(db, "SELECT count(*) FROM ready_items;"));
    assertEquals("", ok(db, DRIFT));

    // Recomputing one item by hand is allowed (it can only bring the item in line) and leaves
    // nothing behind; writing the items directly is still refused.
    ok(db, "INSERT INTO ready_dirty_item (kind_order, id) VALUES (0, 1), (1, 2);");
    assertEquals(
        "0|0",
        ok(db, "SELECT count(*), (SELECT count(*) FROM ready_dirty_item) FROM ready_items;"));
    SqliteShell.Result r =
        SqliteShell.run(db, "INSERT INTO ready_items VALUES (0, 1, 2, 4, '2026', 0, 'ui', '[]');");
    assertFalse(r.ok(), "sqlite3 accepted a direct write to ready_items");
    assertTrue(r.err().contains("is kept by the database"), r.err());
  }

  /**
   * Schema V6's point, counted by SQLite instead of timed: claiming, starting and completing a task
   * of a need with 1,000 open tasks runs about as many virtual machine steps as on a need with 10
   * (under V4 each recomputed every item of the need: about 100 times as many).
   */
  @Test
  void aTaskWriteOnANeedWithAThousandTasksCostsWhatItCostsOnANeedWithTen() throws Exception {
    Path db = fresh();
    ok(
        db,
        "INSERT INTO needs (title) VALUES ('small'), ('big'); UPDATE needs SET status = 'active';"
            + " UPDATE needs SET status = 'actionable'; INSERT INTO agents (agent_type) VALUES ('worker');"
            + " WITH RECURSIVE c (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 10)"
            + "  INSERT INTO tasks (need_id, description) SELECT 1, 's' || i FROM c;"
            + " WITH RECURSIVE c (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 1000)"
            + "  INSERT INTO tasks (need_id, description) SELECT 2, 'b' || i FROM c;");
    assertEquals("1010", ok(db, "SELECT count(*) FROM ready_items;"));
    for (String write :
        List.of(
            "UPDATE tasks SET status = 'assigned', assigned_agent_id = 1 WHERE id = %d;",
            "UPDATE tasks SET status = 'in_progress' WHERE id = %d;",
            "UPDATE tasks SET status = 'completed' WHERE id = %d;")) {
      long small = vmSteps(db, String.format(java.util.Locale.ROOT, write, 5));
      long big = vmSteps(db, String.format(java.util.Locale.ROOT, write, 505));
      assertTrue(small > 0, write);
      assertTrue(
          big < 2 * small,
          write + ": " + big + " steps on the big need, " + small + " on the small one");
    }
    assertEquals("1008", ok(db, "SELECT count(*) FROM ready_items;"));
    assertEquals("", ok(db, DRIFT));
  }

  /** The virtual machine steps the shell counts for {@code sql} (its triggers included). */
  private static long vmSteps(Path db, String sql) {
    SqliteShell.Result r = SqliteShell.run(db, sql, List.of(".stats on"));
    assertTrue(r.ok(), "sqlite3 rejected " + sql + ": " + r.err());
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("Virtual Machine Steps:\\s+(\\d+)").matcher(r.out());
    assertTrue(m.find(), r.out());
    return Long.parseLong(m.group(1));
  }

  @Test
  void aV5DatabaseUpgradesWithItsReadyWorkKeptAndTaskWritesKeepIt() throws Exception {
    Path db = dir.resolve("v5.db");
    List<String> tables =
        List.of(
            "needs",
            "tasks",
            "relationships",
            "history",
            "need_tags",
            "agents",
            "lenses",
            "ready_items",
            "ready_counts");
    List<List<String>> before = new ArrayList<>();
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet(
              "mlos",
              upTo(
                  "v5",
                  List.of(
                      "V1__core_tables.sql",
                      "V2__engine.sql",
                      "V3__ready_indexes.sql",
                      "V4__ready_items.sql",
                      "V5__change_log.sql")))
          .migrate(c);
      try (Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO needs (title, priority, scope, tags) VALUES ('a', 1, 'kernel', '[\"x\"]'), ('b', NULL, NULL, '[]'),"
                + " ('c', 3, 'ui', '[\"x\",\"y\"]'), ('d', 2, 'ui', '[]')");
        s.execute("UPDATE needs SET status = 'active'");
        s.execute("UPDATE needs SET status = 'actionable'");
        s.execute(
            "INSERT INTO tasks (need_id, description) VALUES (1, 't1'), (1, 't2'), (1, 't3'), (2, 't4'), (2, 't5'), (3, 't6')");
        s.execute("UPDATE tasks SET priority = NULL WHERE id = 4");
        s.execute("UPDATE tasks SET status = 'cancelled' WHERE id = 6");
        s.execute(
            "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type)"
                + " VALUES ('need', 4, 'task', 2, 'blocks'), ('task', 5, 'task', 3, 'blocks'), ('task', 1, 'need', 2, 'blocks')");
        s.execute("UPDATE needs SET status = 'deferred' WHERE id = 3");
      }
      assertEquals(
          16, Migrator.forSet("mlos").pending(c).size(), "V6 to V21 are pending on a V5 database");
      for (String t : tables) {
        before.add(rows(c, "SELECT * FROM " + t + " ORDER BY 1, 2"));
      }
      assertEquals(
          List.of(
              "0|1|1|1|0|kernel|[\"x\"]",
              "0|2|1|1|1|kernel|[\"x\"]",
              "0|3|1|1|1|kernel|[\"x\"]",
              "0|4|2|3|1||[]",
              "0|5|2|3|1||[]",
              "1|4|4|2|0|ui|[]"),
          rows(
              c,
              "SELECT kind_order, id, need_id, p, state, scope, tags FROM ready_items ORDER BY 1, 2"),
          "the V5 database's items");
    }
    try (Connection c = Database.at(db).open(false)) {
      MigrationReport report = Migrator.forSet("mlos").migrate(c);
      assertEquals(
          List.of(
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
      for (int i = 0; i < tables.size(); i++) {
        assertEquals(
            before.get(i),
            rows(c, "SELECT * FROM " + tables.get(i) + " ORDER BY 1, 2"),
            tables.get(i) + " kept");
      }
    }
    assertEquals("", ok(db, DRIFT));

    // After the upgrade, task writes go the per-task way and keep every item: task 1 (which
    // blocks need 2) completes, freeing need 2's tasks; task 5 is cancelled, freeing task 3.
    ok(
        db,
        "UPDATE tasks SET status = 'in_progress' WHERE id = 1; UPDATE tasks SET status = 'completed' WHERE id = 1;"
            + " UPDATE tasks SET status = 'cancelled' WHERE id = 5;");
    assertEquals(
        "0|2|1\n0|3|0\n0|4|0\n1|4|0",
        ok(db, "SELECT kind_order, id, state FROM ready_items ORDER BY kind_order, id;"));
    assertEquals("", ok(db, DRIFT));
  }

  private static List<String> rows(Connection c, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i > 1 ? "|" : "").append(rs.getString(i) == null ? "" : rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }
}
