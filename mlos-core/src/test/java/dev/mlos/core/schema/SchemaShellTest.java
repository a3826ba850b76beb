package dev.mlos.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
    assertEquals("21", ok("SELECT max(version) FROM schema_migrations WHERE schema_set = 'mlos';"));
  }

  @Test
  void malformedRowsAreRejectedEvenWithForeignKeysOff() {
    rejected(
        "INSERT INTO needs (title, priority) VALUES ('n', 9);",
        "CHECK constraint failed: needs_priority");
    rejected(
        "INSERT INTO needs (title, status) VALUES ('n', 'open');",
        "CHECK constraint failed: needs_status");
    rejected(
        "INSERT INTO tasks (need_id, description) VALUES (5, 't');",
        "task: its need does not exist");
    rejected(
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type) "
            + "VALUES ('task', 1, 'artifact', 99, 'produced');",
        "relationship: source task does not exist");
    rejected(
        "INSERT INTO artifacts (title, file_path) VALUES ('a', '../etc/passwd');",
        "artifact: file_path must not contain a .. segment");
    rejected(
        "INSERT INTO agents (agent_type, assigned_tasks) VALUES ('janitor', '{}');",
        "agents_assigned_tasks");
    assertEquals("0", ok("SELECT count(*) FROM needs;"));
  }

  @Test
  void lifecycleGraduationAndHistoryHoldInTheShell() {
    ok("INSERT INTO needs (title) VALUES ('n');");
    rejected(
        "INSERT INTO tasks (need_id, description) VALUES (1, 't');",
        "task: its need must be actionable or in_progress");
    rejected(
        "UPDATE needs SET status = 'actionable' WHERE id = 1;",
        "need: identified -> actionable is not allowed");
    ok(
        "UPDATE needs SET status = 'active' WHERE id = 1; UPDATE needs SET status = 'actionable' WHERE id = 1;");
    ok("INSERT INTO tasks (need_id, description) VALUES (1, 't');");
    assertEquals(
        "task|1|derived_from|need|1",
        ok(
            "SELECT source_type, source_id, relationship_type, target_type, target_id FROM relationships;"));
    rejected("DELETE FROM history;", "history is append-only");
    rejected(
        "PRAGMA foreign_keys = ON; INSERT INTO needs (title, parent_need_id) VALUES ('x', 42);",
        "need: its parent need does not exist");
    ok("PRAGMA foreign_keys = ON; INSERT INTO needs (title, parent_need_id) VALUES ('child', 1);");
  }

  /**
   * A need 1 that is actionable, and a need 2 that is its child and resolved through a finished
   * task.
   */
  void twoNeeds() {
    ok(
        "INSERT INTO needs (id, title, status) VALUES (1, 'one', 'actionable');"
            + "INSERT INTO needs (id, title, status, parent_need_id) VALUES (2, 'two', 'actionable', 1);"
            + "INSERT INTO tasks (id, need_id, description) VALUES (1, 2, 't');"
            + "INSERT INTO agents (id, agent_type) VALUES (1, 'janitor');"
            + "UPDATE tasks SET status = 'assigned', assigned_agent_id = 1 WHERE id = 1;"
            + "UPDATE tasks SET status = 'completed' WHERE id = 1;");
    assertEquals("resolved", ok("SELECT status FROM needs WHERE id = 2;"));
  }

  // Issue 22 item 3: each attack through the shell (foreign keys off), then once more with them on.
  @Test
  void replaceCannotMakeAParentCycle() {
    twoNeeds();
    for (String fk : new String[] {"", "PRAGMA foreign_keys = ON; "}) {
      rejected(
          fk + "REPLACE INTO needs (id, title, parent_need_id) VALUES (1, 'one', 2);",
          "need: id exists; use UPDATE");
      rejected(
          fk + "INSERT OR REPLACE INTO needs (id, title, parent_need_id) VALUES (1, 'one', 2);",
          "need: id exists");
      rejected(
          fk
              + "INSERT INTO needs (id, title, parent_need_id) VALUES (1, 'one', 2) "
              + "ON CONFLICT (id) DO UPDATE SET parent_need_id = excluded.parent_need_id;",
          "need: id exists");
      rejected(
          fk + "UPDATE needs SET parent_need_id = 2 WHERE id = 1;",
          "need: parent_need_id would form a cycle");
    }
    assertEquals(
        "|1",
        ok(
            "SELECT group_concat(ifnull(parent_need_id, ''), '|') FROM (SELECT parent_need_id FROM needs ORDER BY id);"));
  }

  @Test
  void twoPlainInsertsCannotMakeAParentCycleWithForeignKeysOff() {
    rejected(
        "INSERT INTO needs (id, title, parent_need_id) VALUES (1, 'a', 2);",
        "need: its parent need does not exist");
    ok("INSERT INTO needs (id, title) VALUES (2, 'b');");
    ok("INSERT INTO needs (id, title, parent_need_id) VALUES (1, 'a', 2);");
    rejected(
        "UPDATE needs SET parent_need_id = 1 WHERE id = 2;",
        "need: parent_need_id would form a cycle");
    rejected(
        "UPDATE needs SET parent_need_id = 9 WHERE id = 2;",
        "need: its parent need does not exist");
    rejected("DELETE FROM needs WHERE id = 2;", "need: it is the parent of other needs");
    rejected(
        "INSERT INTO needs (id, title, parent_need_id) VALUES (3, 'c', 3);",
        "need: parent_need_id would form a cycle");
  }

  @Test
  void replaceCannotMoveAResolvedNeedBack() {
    twoNeeds();
    rejected(
        "INSERT OR REPLACE INTO needs (id, title, status, parent_need_id) VALUES (2, 'two', 'active', 1);",
        "need: id exists; use UPDATE");
    rejected(
        "REPLACE INTO needs (id, title, status) VALUES (2, 'two', 'identified');",
        "need: id exists");
    rejected(
        "INSERT INTO needs (id, title) VALUES (2, 'two') ON CONFLICT DO UPDATE SET status = 'active';",
        "need: id exists");
    rejected(
        "UPDATE needs SET status = 'active' WHERE id = 2;",
        "need: resolved -> active is not allowed");
    assertEquals("resolved", ok("SELECT status FROM needs WHERE id = 2;"));
  }

  @Test
  void replaceCannotForgeHistory() {
    twoNeeds();
    String count = ok("SELECT count(*) FROM history;");
    String first = ok("SELECT new_values FROM history WHERE id = 1;");
    rejected(
        "INSERT OR REPLACE INTO history (id, entity, entity_id, operation, new_values) "
            + "VALUES (1, 'need', 1, 'insert', '{\"title\": \"forged\"}');",
        "history: id exists; history is append-only");
    rejected(
        "REPLACE INTO history (id, entity, entity_id, operation) VALUES (1, 'need', 1, 'insert');",
        "history: id exists");
    rejected(
        "INSERT INTO history (id, entity, entity_id, operation) VALUES (1, 'need', 1, 'insert') "
            + "ON CONFLICT (id) DO UPDATE SET operation = 'delete';",
        "history: id exists");
    rejected(
        "UPDATE OR REPLACE history SET id = 1 WHERE id = 2;",
        "history is append-only: rows cannot be updated");
    assertEquals(count, ok("SELECT count(*) FROM history;"));
    assertEquals(first, ok("SELECT new_values FROM history WHERE id = 1;"));
  }

  @Test
  void replaceCannotMoveATaskToAnotherNeed() {
    ok(
        "INSERT INTO needs (id, title, status) VALUES (1, 'a', 'actionable'), (2, 'b', 'actionable');"
            + "INSERT INTO tasks (id, need_id, description) VALUES (1, 1, 't');");
    rejected(
        "INSERT OR REPLACE INTO tasks (id, need_id, description) VALUES (1, 2, 't');",
        "task: id exists; use UPDATE");
    rejected(
        "REPLACE INTO tasks (id, need_id, description) VALUES (1, 2, 't');", "task: id exists");
    rejected(
        "INSERT INTO tasks (id, need_id, description) VALUES (1, 2, 't') "
            + "ON CONFLICT (id) DO UPDATE SET need_id = 2;",
        "task: id exists");
    rejected("UPDATE tasks SET need_id = 2 WHERE id = 1;", "task: need_id cannot change");
    rejected(
        "UPDATE relationships SET target_id = 2 WHERE source_type = 'task';",
        "is kept by mlos and cannot change");
    rejected("DELETE FROM relationships WHERE source_type = 'task';", "is kept by mlos");
    rejected(
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type) "
            + "VALUES ('task', 1, 'need', 2, 'derived_from');",
        "relationship: a task is derived_from its own need only");
    assertEquals(
        "1|task 1 derived_from need 1",
        ok(
            "SELECT (SELECT need_id FROM tasks WHERE id = 1) || '|' || "
                + "group_concat(source_type || ' ' || source_id || ' ' || relationship_type || ' ' || target_type || ' ' || target_id) "
                + "FROM relationships;"));
  }

  @Test
  void replaceCannotOverwriteOtherRowsOrEdges() {
    ok(
        "INSERT INTO needs (id, title) VALUES (1, 'a'), (2, 'b');"
            + "INSERT INTO artifacts (id, title) VALUES (1, 'x');"
            + "INSERT INTO agents (id, agent_type) VALUES (1, 'janitor');"
            + "INSERT INTO lenses (id, agent_type) VALUES (1, 'janitor');"
            + "INSERT INTO relationships (id, source_type, source_id, target_type, target_id, relationship_type) "
            + "VALUES (1, 'need', 1, 'need', 2, 'references'), (2, 'need', 1, 'need', 2, 'enables');");
    rejected(
        "REPLACE INTO artifacts (id, title) VALUES (1, 'y');", "artifact: id exists; use UPDATE");
    rejected(
        "REPLACE INTO agents (id, agent_type) VALUES (1, 'architect');",
        "agent: id exists; use UPDATE");
    rejected(
        "REPLACE INTO lenses (id, agent_type) VALUES (1, 'architect');",
        "lens: id exists; use UPDATE");
    rejected(
        "REPLACE INTO lenses (agent_type, token_budget) VALUES ('janitor', 5);",
        "lens: the agent type already has a lens");
    rejected(
        "REPLACE INTO relationships (id, source_type, source_id, target_type, target_id, relationship_type) "
            + "VALUES (1, 'need', 2, 'need', 1, 'references');",
        "relationship: id exists; use UPDATE");
    rejected(
        "INSERT OR REPLACE INTO relationships (source_type, source_id, target_type, target_id, relationship_type) "
            + "VALUES ('need', 1, 'need', 2, 'references');",
        "relationship: this edge exists");
    rejected(
        "INSERT OR IGNORE INTO relationships (source_type, source_id, target_type, target_id, relationship_type) "
            + "VALUES ('need', 1, 'need', 2, 'references');",
        "relationship: this edge exists");
    rejected(
        "UPDATE OR REPLACE relationships SET relationship_type = 'references' WHERE id = 2;",
        "relationship: this edge exists");
    ok("INSERT INTO lenses (id, agent_type) VALUES (2, 'architect');");
    rejected(
        "UPDATE OR REPLACE lenses SET agent_type = 'janitor' WHERE id = 2;",
        "lens: the agent type already has a lens");
    assertEquals(
        "1 janitor|2 architect",
        ok(
            "SELECT group_concat(id || ' ' || agent_type, '|') FROM (SELECT * FROM lenses ORDER BY id);"));
    assertEquals("2", ok("SELECT count(*) FROM relationships;"));
  }

  /**
   * V9: an agent run moves provisioning -> active -> completed | failed (failed also from
   * provisioning) in the shell too, and a finished run stays finished.
   */
  @Test
  void theAgentLifecycleHoldsInTheShell() {
    ok(
        "INSERT INTO agents (id, agent_type) VALUES (1, 'janitor');"
            + "INSERT INTO agents (id, agent_type, status) VALUES (2, 'architect', 'completed');");
    rejected(
        "UPDATE agents SET status = 'completed' WHERE id = 1;",
        "agent: provisioning -> completed is not allowed; from provisioning: active, failed"
            + " (a run completes from active: set status = 'active' first)");
    ok("UPDATE agents SET status = 'active' WHERE id = 1;");
    rejected(
        "UPDATE agents SET status = 'provisioning' WHERE id = 1;",
        "agent: active -> provisioning is not allowed; from active: completed, failed");
    ok("UPDATE agents SET status = 'failed', completed_at = '2026-12-05T00:00:00Z' WHERE id = 1;");
    for (String fk : new String[] {"", "PRAGMA foreign_keys = ON; "}) {
      rejected(
          fk + "UPDATE agents SET status = 'active' WHERE id = 1;",
          "agent: failed -> active is not allowed; failed is final (a retry is a new agent run:"
              + " insert a new row)");
      rejected(
          fk + "UPDATE agents SET status = 'active', completed_at = NULL WHERE id = 2;",
          "agent: completed -> active is not allowed; completed is final (more work is a new"
              + " agent run: insert a new row)");
    }
    assertEquals(
        "1 failed|2 completed",
        ok(
            "SELECT group_concat(id || ' ' || status, '|') FROM (SELECT * FROM agents ORDER BY id);"));
    // A REPLACE would delete the row and insert it again, past the update rule: refused (V2).
    rejected(
        "INSERT OR REPLACE INTO agents (id, agent_type, status) VALUES (2, 'architect', 'active');",
        "agent: id exists; use UPDATE");
    ok("INSERT INTO agents (id, agent_type, status) VALUES (3, 'janitor', 'active');");
  }

  /**
   * V10: a task an agent holds is not handed to another agent by one UPDATE of assigned_agent_id
   * (the engine's claim only takes open tasks; before V10 the shell took held ones silently).
   */
  @Test
  void aHeldTaskIsNotTakenFromItsAgentInTheShell() {
    ok(
        "INSERT INTO needs (id, title, status) VALUES (1, 'n', 'actionable');"
            + "INSERT INTO agents (id, agent_type) VALUES (1, 'janitor'), (2, 'architect');"
            + "INSERT INTO tasks (id, need_id, description) VALUES (1, 1, 'a'), (2, 1, 'b');"
            + "UPDATE tasks SET status = 'assigned', assigned_agent_id = 1 WHERE id IN (1, 2);"
            + "UPDATE tasks SET status = 'in_progress' WHERE id = 2;");
    String rule =
        "task: its agent holds it; another agent gets it only after a release: set status = 'open'"
            + " and assigned_agent_id = NULL first, then claim it";
    for (String fk : new String[] {"", "PRAGMA foreign_keys = ON; "}) {
      rejected(fk + "UPDATE tasks SET assigned_agent_id = 2 WHERE id = 1;", rule);
      rejected(fk + "UPDATE tasks SET assigned_agent_id = 2 WHERE id = 2;", rule);
      rejected(
          fk + "UPDATE tasks SET status = 'completed', assigned_agent_id = 2 WHERE id = 2;", rule);
      // Nor in two steps: the agent cleared while the task stays out of open, then another set.
      rejected(fk + "UPDATE tasks SET assigned_agent_id = NULL WHERE id = 2;", rule);
      rejected(
          fk + "UPDATE tasks SET status = 'completed', assigned_agent_id = NULL WHERE id = 2;",
          rule);
    }
    assertEquals(
        "1 assigned 1|2 in_progress 1",
        ok(
            "SELECT group_concat(id || ' ' || status || ' ' || assigned_agent_id, '|')"
                + " FROM (SELECT * FROM tasks ORDER BY id);"));
    // The way that is allowed: a release, then a claim by the other agent.
    ok(
        "UPDATE tasks SET status = 'open', assigned_agent_id = NULL WHERE id = 1;"
            + "UPDATE tasks SET status = 'assigned', assigned_agent_id = 2 WHERE id = 1;");
    assertEquals("2", ok("SELECT assigned_agent_id FROM tasks WHERE id = 1;"));
    // An open task an import inserted with an agent is still claimed by another.
    ok(
        "INSERT INTO tasks (id, need_id, description, status, assigned_agent_id)"
            + " VALUES (3, 1, 'c', 'open', 1);"
            + "UPDATE tasks SET status = 'assigned', assigned_agent_id = 2 WHERE id = 3;");
  }

  /**
   * V14: a finished run makes no more changes: a writer naming it as the write's actor is refused,
   * and no task is handed to it; anyone else still gives its held tasks back or finishes them.
   */
  @Test
  void aFinishedRunMakesNoMoreChangesInTheShell() {
    ok(
        "INSERT INTO needs (id, title, status) VALUES (1, 'n', 'actionable');"
            + "INSERT INTO agents (id, agent_type, status) VALUES (1, 'janitor', 'active'),"
            + " (2, 'architect', 'active');"
            + "INSERT INTO tasks (id, need_id, description) VALUES (1, 1, 'a'), (2, 1, 'b'),"
            + " (3, 1, 'c');"
            + "UPDATE tasks SET status = 'assigned', assigned_agent_id = 1 WHERE id IN (1, 2);"
            + "UPDATE tasks SET status = 'in_progress' WHERE id = 2;"
            + "UPDATE agents SET status = 'completed' WHERE id = 1;");
    String finished =
        "agent: a finished agent run (completed or failed) makes no more changes"
            + " (agent.lifecycle): more work is a new agent run (insert a new agents row and write"
            + " as it); a task the finished run still holds is released (status = 'open',"
            + " assigned_agent_id = NULL), retried or finished by anyone else";
    for (String fk : new String[] {"", "PRAGMA foreign_keys = ON; "}) {
      // Writing as the finished run, as the engine and any client acting for a run do.
      rejected(
          fk
              + "BEGIN; INSERT INTO write_context (id, actor) VALUES (1, 'agent:1');"
              + " UPDATE tasks SET status = 'completed', result = 'late' WHERE id = 2; COMMIT;",
          finished);
      rejected(
          fk
              + "BEGIN; INSERT INTO write_context (id, actor) VALUES (1, 'person:alice');"
              + " UPDATE write_context SET actor = 'agent:1'; COMMIT;",
          finished);
      // A task handed to the finished run, claimed or taken from open.
      rejected(
          fk + "UPDATE tasks SET status = 'assigned', assigned_agent_id = 1 WHERE id = 3;",
          "agent: a finished agent run (completed or failed) takes no task (agent.lifecycle):"
              + " claim it for an active run; more work is a new agent run (insert a new agents"
              + " row)");
    }
    assertEquals(
        "1 assigned 1|2 in_progress 1|3 open",
        ok(
            "SELECT group_concat(id || ' ' || status || ' ' || ifnull(assigned_agent_id, ''), '|')"
                + " FROM (SELECT * FROM tasks ORDER BY id);"));
    assertEquals("0", ok("SELECT count(*) FROM write_context;"));
    // Another actor (agent:10 is not agent:1), a person, or no actor at all writes on.
    ok(
        "BEGIN; INSERT INTO write_context (id, actor) VALUES (1, 'agent:2');"
            + " UPDATE tasks SET status = 'assigned', assigned_agent_id = 2 WHERE id = 3;"
            + " DELETE FROM write_context; COMMIT;"
            + "INSERT INTO agents (id, agent_type, status) VALUES (10, 'janitor', 'active');"
            + "BEGIN; INSERT INTO write_context (id, actor) VALUES (1, 'agent:10');"
            + " DELETE FROM write_context; COMMIT;"
            + "BEGIN; INSERT INTO write_context (id, actor) VALUES (1, 'person:alice');"
            + " UPDATE tasks SET status = 'completed', result = 'done by hand' WHERE id = 2;"
            + " DELETE FROM write_context; COMMIT;"
            + "UPDATE tasks SET status = 'open', assigned_agent_id = NULL WHERE id = 1;"
            + "UPDATE tasks SET status = 'assigned', assigned_agent_id = 2 WHERE id = 1;");
    assertEquals(
        "1 assigned 2|2 completed 1|3 assigned 2",
        ok(
            "SELECT group_concat(id || ' ' || status || ' ' || assigned_agent_id, '|')"
                + " FROM (SELECT * FROM tasks ORDER BY id);"));
    assertEquals(
        "person:alice",
        ok(
            "SELECT actor FROM history WHERE entity = 'task' AND entity_id = 2 ORDER BY id DESC"
                + " LIMIT 1;"));
  }

  /**
   * V17: an artifact's file_path is never in git's own .git, in any case, from the shell either
   * (the engine refused it; a row at .git/config was hashed by the guard and inlined into a context
   * pack). A row from before V17 keeps its path and still changes its other columns.
   */
  @Test
  void anArtifactIsNotInGitsOwnDirectoryInTheShell() {
    String rule = "artifact: file_path must not be in git's own .git (artifact.path)";
    for (String path : new String[] {".git/config", ".GIT/HEAD", "sub/.Git/index", ".git"}) {
      rejected(
          "INSERT INTO artifacts (title, file_path, content_hash) VALUES ('a', '"
              + path
              + "', '"
              + "a".repeat(64)
              + "');",
          rule);
    }
    ok(
        "INSERT INTO artifacts (id, title, file_path, content_hash) VALUES (1, 'a', 'docs/.gitkeep', '"
            + "a".repeat(64)
            + "');");
    rejected(
        "PRAGMA case_sensitive_like = ON;"
            + "UPDATE artifacts SET file_path = 'x/.GIT/hooks/pre-commit' WHERE id = 1;",
        rule);
    // A row from before V17: the trigger is taken out for its write and put back as it was.
    String trigger =
        ok("SELECT sql FROM sqlite_master WHERE name = 'artifacts_not_in_git_update';");
    ok(
        "DROP TRIGGER artifacts_not_in_git_update;"
            + "UPDATE artifacts SET file_path = '.git/config' WHERE id = 1;"
            + trigger
            + ";");
    ok("UPDATE artifacts SET title = 'retitled' WHERE id = 1;");
    assertEquals(
        "retitled|.git/config",
        ok("SELECT title || '|' || file_path FROM artifacts WHERE id = 1;"));
  }

  /**
   * V15: an agent run's kernel version is one line in the shell too; a row's other columns still
   * change.
   */
  @Test
  void aKernelVersionIsOneLineInTheShell() {
    ok("INSERT INTO agents (id, agent_type, kernel_version) VALUES (1, 'janitor', '6.1');");
    String rule =
        "agent: kernel_version must be one line of text (agent.text): remove line breaks, tabs and"
            + " other control characters (C0, DEL, C1), line and paragraph separators (U+2028,"
            + " U+2029), bidirectional controls (U+202A-U+202E, U+2066-U+2069) and U+FEFF";
    for (String bad :
        new String[] {"char(10)", "char(13)", "char(9)", "char(8232)", "char(8238)"}) {
      rejected(
          "INSERT INTO agents (agent_type, kernel_version) VALUES ('a', '6.1' || " + bad + ");",
          rule);
      rejected("UPDATE agents SET kernel_version = '6.1' || " + bad + " WHERE id = 1;", rule);
    }
    rejected(
        "INSERT INTO agents (agent_type, kernel_version) VALUES ('a', '6.1' || char(0) || 'x');",
        rule);
    ok("UPDATE agents SET status = 'active', kernel_version = '6.2 (x86_64)' WHERE id = 1;");
    assertEquals("6.2 (x86_64)", ok("SELECT kernel_version FROM agents WHERE id = 1;"));
  }

  /**
   * V11: a one-line text (a need's title or scope, a task's description, an artifact's title, a
   * lens's scopes) takes no line break, bidirectional control or U+FEFF from the shell either, on
   * insert or update; the engine refused them, the database did not.
   */
  @Test
  void oneLineTextsTakeNoControlCharacterInTheShell() {
    ok(
        "INSERT INTO needs (id, title, status) VALUES (1, 'n', 'actionable');"
            + "INSERT INTO tasks (id, need_id, description) VALUES (1, 1, 't');"
            + "INSERT INTO artifacts (id, title) VALUES (1, 'a');");
    String[][] attacks = {
      {"INSERT INTO needs (title) VALUES ('two' || char(10) || 'lines');", "need.title"},
      {"INSERT INTO needs (title) VALUES ('evil ' || char(8238) || 'txt.exe');", "need.title"},
      {"UPDATE needs SET title = 'n' || char(8233) WHERE id = 1;", "need.title"},
      {"INSERT INTO needs (title, scope) VALUES ('n', 'k' || char(8294));", "need.scope"},
      {"UPDATE needs SET scope = char(65279) || 'k' WHERE id = 1;", "need.scope"},
      {
        "INSERT INTO tasks (need_id, description) VALUES (1, 'a' || char(13) || 'b');",
        "task.description"
      },
      {"UPDATE tasks SET description = 't' || char(27) || '[2J' WHERE id = 1;", "task.description"},
      {"INSERT INTO artifacts (title) VALUES ('a' || char(133));", "artifact.text"},
      {"UPDATE artifacts SET title = 'a' || char(8232) || 'b' WHERE id = 1;", "artifact.text"},
      {
        "INSERT INTO lenses (agent_type, scopes) VALUES ('architect', json_array('k' || char(9)));",
        "lens.scopes"
      }
    };
    for (String fk : new String[] {"", "PRAGMA foreign_keys = ON; "}) {
      for (String[] a : attacks) {
        rejected(fk + a[0], "must be one line of text (" + a[1] + "): remove line breaks");
      }
    }
    assertEquals(
        "n|t|a|0",
        ok(
            "SELECT (SELECT group_concat(title) FROM needs) || '|' || (SELECT description FROM"
                + " tasks) || '|' || (SELECT title FROM artifacts) || '|' || (SELECT count(*)"
                + " FROM lenses);"));
  }

  @Test
  void lifecycleAndFollowingNeedsHoldInTheShell() {
    ok(
        "INSERT INTO needs (id, title, status, priority) VALUES (1, 'n', 'actionable', 2);"
            + "INSERT INTO agents (id, agent_type) VALUES (1, 'janitor');"
            + "INSERT INTO tasks (id, need_id, description) VALUES (1, 1, 'a'), (2, 1, 'b');");
    assertEquals("2|2", ok("SELECT group_concat(priority, '|') FROM tasks;"));
    rejected(
        "UPDATE tasks SET status = 'completed' WHERE id = 1;",
        "task: open -> completed is not allowed; from open: assigned, in_progress, cancelled");
    rejected(
        "UPDATE tasks SET status = 'assigned' WHERE id = 1;",
        "task: an assigned task needs an assigned_agent_id");
    ok("UPDATE tasks SET status = 'assigned', assigned_agent_id = 1 WHERE id = 1;");
    rejected("DELETE FROM agents WHERE id = 1;", "agent: tasks are assigned to it");
    rejected("UPDATE tasks SET status = 'open' WHERE id = 1;", "task: an open task has no agent");
    ok("UPDATE tasks SET status = 'in_progress' WHERE id = 1;");
    assertEquals("in_progress", ok("SELECT status FROM needs WHERE id = 1;"));
    rejected(
        "UPDATE needs SET status = 'resolved' WHERE id = 1;",
        "need: cannot be resolved while one of its tasks is open");
    ok(
        "UPDATE tasks SET status = 'failed' WHERE id = 1; UPDATE tasks SET status = 'cancelled' WHERE id = 2;");
    assertEquals("in_progress", ok("SELECT status FROM needs WHERE id = 1;"));
    rejected(
        "UPDATE tasks SET status = 'open' WHERE id = 2;",
        "task: cancelled -> open is not allowed; cancelled is final");
    ok(
        "UPDATE tasks SET status = 'open', assigned_agent_id = NULL WHERE id = 1;"
            + "UPDATE tasks SET status = 'in_progress' WHERE id = 1; UPDATE tasks SET status = 'completed' WHERE id = 1;");
    assertEquals("resolved", ok("SELECT status FROM needs WHERE id = 1;"));
    rejected(
        "UPDATE tasks SET status = 'open' WHERE id = 2;",
        "task: its need is resolved; the task can only be cancelled");
  }

  @Test
  void edgeRulesHoldInTheShell() {
    ok(
        "INSERT INTO needs (id, title) VALUES (1, 'a'), (2, 'b'), (3, 'c');"
            + "INSERT INTO artifacts (id, title) VALUES (1, 'x');"
            + "INSERT INTO agents (id, agent_type) VALUES (1, 'janitor');");
    String edge =
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type) VALUES ";
    rejected(
        edge + "('need', 1, 'need', 1, 'blocks');",
        "relationship: an entity cannot be related to itself");
    rejected(
        edge + "('artifact', 1, 'need', 1, 'monitors');",
        "relationship: monitors connects agent->need");
    ok(
        edge
            + "('need', 1, 'need', 2, 'blocks'), ('need', 2, 'need', 3, 'blocks'), ('agent', 1, 'need', 1, 'monitors');");
    rejected(
        edge + "('need', 3, 'need', 1, 'blocks');",
        "relationship: this blocks edge would close a cycle");
    rejected(
        "UPDATE relationships SET target_id = 1 WHERE source_id = 2 AND relationship_type = 'blocks';",
        "this blocks edge would close a cycle");
    ok(
        "UPDATE relationships SET target_id = 3 WHERE source_id = 1 AND relationship_type = 'blocks';");
    rejected(
        "INSERT INTO agents (agent_type, monitored_needs) VALUES ('janitor', '[1, 99]');",
        "agent: monitored_needs must list ids of existing needs");
    ok(
        "INSERT INTO agents (id, agent_type, provisioned_artifacts, monitored_needs) VALUES (2, 'janitor', '[1]', '[1, 3]');");
    ok("DELETE FROM artifacts WHERE id = 1;");
    assertEquals("[]", ok("SELECT provisioned_artifacts FROM agents WHERE id = 2;"));
  }

  @Test
  void blocksEdgesCannotLeaveWorkWaitingForItselfThroughANeedAndItsTasks() {
    // V7: a task waits for its need's blockers as well as its own, and a need for its tasks.
    ok(
        "INSERT INTO needs (id, title, status) VALUES (1, 'a', 'actionable'), (2, 'b', 'actionable'),"
            + " (3, 'c', 'actionable');"
            + "INSERT INTO tasks (id, need_id, description) VALUES (1, 1, 'of a'), (2, 1, 'also of a'),"
            + " (3, 2, 'of b');");
    String edge =
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type) VALUES ";
    String refused =
        "relationship: this blocks edge would close a cycle through a need and its tasks";
    ok(edge + "('task', 1, 'need', 2, 'blocks');");
    // Need 2 blocking need 1 would block task 1, which blocks need 2.
    rejected(edge + "('need', 2, 'need', 1, 'blocks');", refused);
    // Need 2's task 3 waits for task 1 (through need 2): task 1 cannot wait for it.
    rejected(edge + "('task', 3, 'task', 1, 'blocks');", refused);
    // A task blocking its own need, or a need its own task: each waits for the other.
    rejected(edge + "('task', 2, 'need', 1, 'blocks');", refused);
    rejected(edge + "('need', 1, 'task', 2, 'blocks');", refused);
    // Work in order inside a need, and across needs without a loop, stays allowed.
    ok(edge + "('task', 1, 'task', 2, 'blocks'), ('need', 3, 'need', 1, 'blocks');");
    // An update that would close such a loop is refused as well.
    rejected(
        "UPDATE relationships SET source_type = 'need', source_id = 2"
            + " WHERE source_type = 'need' AND source_id = 3;",
        refused);
    assertEquals("3", ok("SELECT count(*) FROM relationships WHERE relationship_type = 'blocks';"));

    // A completed task waits for nothing and holds no need: its old edge closes no loop.
    ok(
        "INSERT INTO needs (id, title, status) VALUES (4, 'd', 'actionable'), (5, 'e', 'actionable');"
            + "INSERT INTO agents (id, agent_type) VALUES (1, 'janitor');"
            + "INSERT INTO tasks (id, need_id, description) VALUES (4, 5, 'done'), (5, 5, 'open'),"
            + " (6, 4, 'of d');"
            + "UPDATE tasks SET status = 'assigned', assigned_agent_id = 1 WHERE id = 4;"
            + "UPDATE tasks SET status = 'completed' WHERE id = 4;");
    ok(edge + "('task', 4, 'task', 6, 'blocks'), ('need', 4, 'need', 5, 'blocks');");
  }

  /**
   * V7 and V16: a need deferred while its task went on comes back where its task puts it: resumed
   * (deferred to active) with the task in progress, it is in_progress at once, and the task's
   * completion resolves it. Before V16 it stayed active, and stayed so after the task completed.
   */
  @Test
  void aResumedNeedFollowsTasksThatWentOnWhileItWasDeferred() {
    ok(
        "INSERT INTO needs (id, title, status) VALUES (1, 'n', 'actionable');"
            + "INSERT INTO agents (id, agent_type) VALUES (1, 'janitor');"
            + "INSERT INTO tasks (id, need_id, description) VALUES (1, 1, 'a');"
            + "UPDATE tasks SET status = 'assigned', assigned_agent_id = 1 WHERE id = 1;"
            + "UPDATE needs SET status = 'deferred' WHERE id = 1;"
            + "UPDATE tasks SET status = 'in_progress' WHERE id = 1;"
            + "UPDATE needs SET status = 'active' WHERE id = 1;");
    assertEquals(
        "in_progress", ok("SELECT status FROM needs WHERE id = 1;"), "its task is in progress");
    ok("UPDATE tasks SET status = 'completed' WHERE id = 1;");
    assertEquals("resolved", ok("SELECT status FROM needs WHERE id = 1;"));
    assertEquals(
        "actionable>deferred|deferred>active|active>actionable|actionable>in_progress"
            + "|in_progress>resolved",
        ok(
            "SELECT group_concat(json_extract(old_values, '$.status') || '>'"
                + " || json_extract(new_values, '$.status'), '|') FROM (SELECT * FROM history"
                + " WHERE entity = 'need' AND entity_id = 1 AND operation = 'update' ORDER BY id);"),
        "each move is in the history, in the order it was made");
    // Each history row starts where the one before it ended.
    assertEquals(
        "",
        ok(
            "SELECT group_concat(h.id) FROM history h JOIN history p ON p.entity = 'need'"
                + " AND p.entity_id = 1 AND p.id = (SELECT max(id) FROM history"
                + " WHERE entity = 'need' AND entity_id = 1 AND id < h.id)"
                + " WHERE h.entity = 'need' AND h.entity_id = 1 AND h.operation = 'update'"
                + " AND json_extract(h.old_values, '$.updated_at')"
                + " IS NOT json_extract(p.new_values, '$.updated_at');"));
  }

  /**
   * V16: resumed, a need lands where its tasks put it: actionable when none has started, resolved
   * when all its work was done meanwhile, active when it has no task but cancelled ones; a need
   * with a failed task is in progress (the failure waits for a retry or a cancel).
   */
  @Test
  void aResumedNeedLandsWhereItsTasksPutIt() {
    ok(
        "INSERT INTO needs (id, title, status) VALUES (1, 'open', 'actionable'),"
            + " (2, 'done', 'actionable'), (3, 'cancelled', 'actionable'), (4, 'failed', 'actionable'),"
            + " (5, 'none', 'actionable');"
            + "INSERT INTO agents (id, agent_type) VALUES (1, 'janitor');"
            + "INSERT INTO tasks (id, need_id, description) VALUES (1, 1, 'a'), (2, 2, 'b'),"
            + " (3, 3, 'c'), (4, 4, 'd'), (5, 4, 'e');"
            + "UPDATE tasks SET status = 'assigned', assigned_agent_id = 1 WHERE id IN (1, 2, 4);"
            + "UPDATE needs SET status = 'deferred';"
            + "UPDATE tasks SET status = 'completed' WHERE id = 2;"
            + "UPDATE tasks SET status = 'cancelled' WHERE id = 3;"
            + "UPDATE tasks SET status = 'failed' WHERE id = 4;"
            + "UPDATE needs SET status = 'active';");
    assertEquals(
        "1 actionable|2 resolved|3 active|4 in_progress|5 active",
        ok(
            "SELECT group_concat(id || ' ' || status, '|') FROM (SELECT * FROM needs ORDER BY id);"));
  }

  /**
   * V7 and V16: a need left active with tasks (resumed as identified, or before V16) follows them
   * once it is moved to actionable: in_progress while one has started and work is open, resolved
   * when all its work is done.
   */
  @Test
  void aNeedMadeActionableAgainFollowsItsTasks() {
    ok(
        "INSERT INTO needs (id, title, status) VALUES (1, 'n', 'actionable'), (2, 'm', 'actionable');"
            + "INSERT INTO agents (id, agent_type) VALUES (1, 'janitor');"
            + "INSERT INTO tasks (id, need_id, description) VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'c');"
            + "UPDATE tasks SET status = 'assigned', assigned_agent_id = 1 WHERE id IN (1, 3);"
            + "UPDATE needs SET status = 'deferred';"
            + "UPDATE tasks SET status = 'in_progress' WHERE id IN (1, 3);"
            + "UPDATE needs SET status = 'identified';"
            + "UPDATE needs SET status = 'active';"
            + "UPDATE tasks SET status = 'completed' WHERE id = 3;");
    assertEquals(
        "active|active",
        ok("SELECT group_concat(status, '|') FROM (SELECT * FROM needs ORDER BY id);"),
        "resumed as identified: left where it was put");
    ok("UPDATE needs SET status = 'actionable';");
    assertEquals(
        "in_progress|resolved",
        ok("SELECT group_concat(status, '|') FROM (SELECT * FROM needs ORDER BY id);"));
  }

  @Test
  void anUpdatesHistoryShowsTheUpdatedAtTheRowWasLeftWith() {
    ok(
        "INSERT INTO needs (id, title, updated_at) VALUES (1, 'n', '2026-01-01T00:00:00.000Z');"
            + "UPDATE needs SET title = 'm' WHERE id = 1;");
    String now = ok("SELECT updated_at FROM needs WHERE id = 1;");
    assertNotEquals("2026-01-01T00:00:00.000Z", now, "touched");
    assertEquals(
        now + "|" + now,
        ok(
            "SELECT json_extract(new_values, '$.updated_at') || '|' || changed_at FROM history"
                + " WHERE entity = 'need' AND operation = 'update';"));
    ok("UPDATE needs SET title = 'o', updated_at = '2027-01-01T00:00:00.000Z' WHERE id = 1;");
    assertEquals(
        "2027-01-01T00:00:00.000Z",
        ok(
            "SELECT json_extract(new_values, '$.updated_at') FROM history WHERE entity = 'need'"
                + " AND operation = 'update' ORDER BY id DESC LIMIT 1;"),
        "a time the update set itself is kept");
  }

  @Test
  void aFailedTaskKeepsItsNeedFromBeingResolvedByHand() {
    ok(
        "INSERT INTO needs (id, title, status) VALUES (1, 'n', 'actionable');"
            + "INSERT INTO agents (id, agent_type) VALUES (1, 'janitor');"
            + "INSERT INTO tasks (id, need_id, description) VALUES (1, 1, 'a');"
            + "UPDATE tasks SET status = 'assigned', assigned_agent_id = 1 WHERE id = 1;"
            + "UPDATE tasks SET status = 'failed' WHERE id = 1;");
    assertEquals("in_progress", ok("SELECT status FROM needs WHERE id = 1;"));
    rejected(
        "UPDATE needs SET status = 'resolved' WHERE id = 1;",
        "need: cannot be resolved while one of its tasks is open, assigned, in_progress or failed;"
            + " complete, retry or cancel those tasks first");
    ok("UPDATE tasks SET status = 'cancelled' WHERE id = 1;");
    ok("UPDATE needs SET status = 'resolved' WHERE id = 1;");
  }
}
