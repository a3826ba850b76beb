package dev.mlos.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqliteShell;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change log (mlos V4, {@code mlos_changes}) records every write of every table, raw SQL in the
 * plain {@code sqlite3} shell included, with the keys an incremental compile needs to find the
 * pages a row fed after it moved or was deleted; and no client can rewrite or delete an entry.
 */
class ChangeLogShellTest {
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

  private String ok(String sql) {
    SqliteShell.Result r = SqliteShell.run(db, sql);
    assertTrue(r.ok(), "sqlite3 rejected " + sql + ": " + r.err());
    return r.out().strip();
  }

  private String changesAfter(long seq, String table) {
    return ok(
        "SELECT group_concat(coalesce(old_keys, '-') || ' > ' || coalesce(new_keys, '-'), ' | ') FROM"
            + " (SELECT * FROM mlos_changes WHERE seq > "
            + seq
            + " AND tbl = '"
            + table
            + "' ORDER BY seq);");
  }

  private long head() {
    return Long.parseLong(ok("SELECT coalesce(max(seq), 0) FROM mlos_changes;"));
  }

  @Test
  void rawInsertsUpdatesAndDeletesAreRecordedWithTheirKeysBeforeAndAfter() {
    long start = head();
    ok(
        "INSERT INTO needs (title) VALUES ('parent'); INSERT INTO needs (title) VALUES ('child');"
            + " UPDATE needs SET parent_need_id = 1 WHERE id = 2;");
    String needs = changesAfter(start, "needs");
    assertTrue(
        needs.startsWith(
            "- > {\"id\":1,\"parent_need_id\":null} | - > {\"id\":2,\"parent_need_id\":null}"),
        needs);
    assertTrue(
        needs.contains("{\"id\":2,\"parent_need_id\":null} > {\"id\":2,\"parent_need_id\":1}"),
        needs);
    long mark = head();
    ok(
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type)"
            + " VALUES ('need', 2, 'need', 1, 'blocks');"
            + " DELETE FROM relationships WHERE source_id = 2 AND relationship_type = 'blocks';");
    assertEquals(
        "- > {\"id\":1,\"source_type\":\"need\",\"source_id\":2,\"target_type\":\"need\",\"target_id\":1}"
            + " | {\"id\":1,\"source_type\":\"need\",\"source_id\":2,\"target_type\":\"need\",\"target_id\":1} > -",
        changesAfter(mark, "relationships"));
    // The history rows the triggers write are recorded too: a view may read them.
    assertTrue(
        changesAfter(start, "history").contains("\"entity\":\"need\",\"entity_id\":2"),
        changesAfter(start, "history"));
  }

  @Test
  void everyTableOfTheSchemaSetIsLogged() throws Exception {
    List<String> unlogged = new ArrayList<>();
    try (Connection c = Database.at(db).open(false);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT name FROM sqlite_schema t WHERE type = 'table'"
                        + " AND name NOT LIKE 'sqlite_%' AND name NOT IN ('mlos_changes', 'schema_migrations')"
                        // ready work's tables are computed by V4's triggers from logged tables; a
                        // view reading them
                        // is not logged, so it runs its queries (ChangePlan.loggedTables)
                        + " AND name NOT IN ('ready_items', 'ready_counts', 'ready_dirty', 'ready_dirty_item')"
                        // the compile record (set mlos-compiler), written by the compile itself
                        + " AND name NOT IN ('mlos_outputs', 'mlos_compile_reads')"
                        // request ids of keyed writes (V21): local runtime state no page reads
                        + " AND name <> 'mlos_requests'"
                        + " AND (SELECT count(*) FROM sqlite_schema g WHERE g.type = 'trigger' AND g.tbl_name = t.name"
                        + " AND g.name IN ('mlos_changes_' || t.name || '_insert', 'mlos_changes_' || t.name || '_update',"
                        + " 'mlos_changes_' || t.name || '_delete')) < 3")) {
      while (rs.next()) {
        unlogged.add(rs.getString(1));
      }
    }
    assertEquals(List.of(), unlogged, "tables whose writes the change log would miss");
  }

  @Test
  void theLogCannotBeRewrittenOrTrimmed() {
    ok("INSERT INTO needs (title) VALUES ('n');");
    SqliteShell.Result update = SqliteShell.run(db, "UPDATE mlos_changes SET tbl = 'tasks';");
    assertFalse(update.ok());
    assertTrue(update.err().contains("mlos_changes is append-only"), update.err());
    SqliteShell.Result delete = SqliteShell.run(db, "DELETE FROM mlos_changes;");
    assertFalse(delete.ok());
    assertTrue(
        delete.err().contains("mlos_changes keeps every change a compile record has not read yet"),
        delete.err());
    assertTrue(head() > 0);
  }

  /**
   * V8: the rows every compile record has read may be deleted (a compile prunes them), by anyone; a
   * row some compile record has not read yet may not, nor any row while no compile record has a
   * horizon.
   */
  @Test
  void onlyTheRowsEveryCompileRecordHasReadCanBeDeleted() throws Exception {
    for (int i = 0; i < 4; i++) {
      ok("INSERT INTO needs (title) VALUES ('n" + i + "');");
    }
    long head = head();
    String refusal = "mlos_changes keeps every change a compile record has not read yet";
    SqliteShell.Result none = SqliteShell.run(db, "DELETE FROM mlos_changes WHERE seq = 1;");
    assertFalse(none.ok(), "no compile record has a horizon yet");
    assertTrue(none.err().contains(refusal), none.err());
    ok(
        "INSERT INTO mlos_compile_reads (workspace, templates, files, changes_through) VALUES"
            + " ('a', '{}', '{}', 2), ('b', '{}', '{}', "
            + head
            + ");");
    SqliteShell.Result unread = SqliteShell.run(db, "DELETE FROM mlos_changes WHERE seq <= 3;");
    assertFalse(unread.ok(), "workspace a has not read row 3");
    assertTrue(unread.err().contains(refusal), unread.err());
    assertEquals(String.valueOf(head), ok("SELECT count(*) FROM mlos_changes;"));
    ok("DELETE FROM mlos_changes WHERE seq <= 2;");
    assertEquals(String.valueOf(head - 2), ok("SELECT count(*) FROM mlos_changes;"));
  }

  /**
   * A REPLACE deletes the row it replaces without a delete trigger (recursive_triggers is off): a
   * row of the log, read or not, is never replaced, so a change cannot be hidden that way.
   */
  @Test
  void noRowOfTheLogIsReplaced() {
    ok("INSERT INTO needs (title) VALUES ('n');");
    long head = head();
    String before = ok("SELECT seq, tbl, new_keys FROM mlos_changes ORDER BY seq;");
    for (String sql :
        List.of(
            "INSERT OR REPLACE INTO mlos_changes (seq, tbl, new_keys) VALUES ("
                + head
                + ", 'agents', '{\"id\":9}');",
            "REPLACE INTO mlos_changes (seq, tbl, new_keys) VALUES ("
                + head
                + ", 'agents', '{\"id\":9}');",
            "INSERT INTO mlos_changes (seq, tbl, new_keys) VALUES ("
                + head
                + ", 'agents', '{\"id\":9}')"
                + " ON CONFLICT (seq) DO UPDATE SET tbl = 'agents';")) {
      SqliteShell.Result r = SqliteShell.run(db, sql);
      assertFalse(r.ok(), sql);
      assertTrue(r.err().contains("a row whose seq exists is never replaced"), r.err());
    }
    assertEquals(before, ok("SELECT seq, tbl, new_keys FROM mlos_changes ORDER BY seq;"));
    // Writes go on appending.
    ok("INSERT INTO needs (title) VALUES ('m');");
    assertTrue(head() > head);
  }
}
