package dev.mlos.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqliteShell;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime-memory rules hold for any client: a fresh {@code sqlite3} process, which runs with
 * foreign keys off unless told otherwise. The audit trail does not depend on that pragma.
 */
class RuntimeMemoryShellTest {
  @TempDir Path dir;
  Path db;

  @BeforeEach
  void create() throws Exception {
    db = dir.resolve("tom_runtime.sqlite");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("runtime-memory").migrate(c);
    }
    ok(
        "INSERT INTO skills_learned (id, skill_key, description, source_type, confidence, learned_at)"
            + " VALUES ('k1', 'http.retry', 'Retry with backoff', 'conversation', 0.8, '2026-03-01T09:06:00Z');"
            + "INSERT INTO skill_to_logic_proposals (id, skill_id, proposed_by, proposal_type, proposal_json, risk_level, status, created_at, updated_at)"
            + " VALUES ('p1', 'k1', 'oxide', 'code_patch', '{}', 'medium', 'approved', '2026-03-01T10:00:00Z', '2026-03-01T12:00:00Z');"
            + "INSERT INTO approvals (id, proposal_id, approver, approval_type, decision, decided_at)"
            + " VALUES ('a1', 'p1', 'alice', 'human', 'approved', '2026-03-01T12:00:00Z');");
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
  void theMigrationIsPlainSqlTheShellLoads() throws Exception {
    StringBuilder sql = new StringBuilder();
    for (String migration : new String[] {"V1__runtime_memory_tables.sql", "V2__page_ids.sql"}) {
      try (InputStream in =
          getClass()
              .getClassLoader()
              .getResourceAsStream("dev/mlos/core/schema/runtime-memory/" + migration)) {
        sql.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
      }
    }
    Path fresh = dir.resolve("fresh.sqlite");
    // the file starts with a '--' comment, which the shell would take for an option
    SqliteShell.Result r = SqliteShell.run(fresh, "PRAGMA foreign_keys = ON;\n" + sql);
    assertTrue(r.ok(), r.err());
    assertEquals(
        "12",
        SqliteShell.run(
                fresh,
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%';")
            .out()
            .strip());
    assertEquals(
        "6",
        SqliteShell.run(
                fresh,
                "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%page_id%';")
            .out()
            .strip());
    assertEquals("ok", ok("PRAGMA integrity_check;"));
    assertEquals(
        "2", ok("SELECT max(version) FROM schema_migrations WHERE schema_set = 'runtime-memory';"));
  }

  @Test
  void badValuesAreRejectedByTheShell() {
    rejected(
        "INSERT INTO sessions (id, actor, started_at) VALUES ('s1', 'tom', '2026-03-01T09:00:00Z');"
            + "INSERT INTO conversation_turns (id, session_id, turn_index, role, content, created_at)"
            + " VALUES ('t1', 's1', 0, 'narrator', 'hi', '2026-03-01T09:00:00Z');",
        "CHECK constraint failed: conversation_turns_role");
    rejected(
        "INSERT INTO workflow_runs (id, workflow_name, trigger_source, initiated_by, status, started_at, context_json)"
            + " VALUES ('r1', 'nightly', 'cron', 'scheduler', 'queued', 'x', '{not json}');",
        "CHECK constraint failed: workflow_runs_context_json");
    rejected(
        "INSERT INTO approvals (id, proposal_id, approver, approval_type, decision, decided_at)"
            + " VALUES ('a2', 'p1', 'bob', 'human', 'abstained', 'x');",
        "CHECK constraint failed: approvals_decision");
    rejected(
        "INSERT INTO sessions (id, actor, started_at) VALUES ('s1 ', 'tom', '2026-03-01T09:00:00Z');",
        "sessions: an id is 1 to 500 characters with no whitespace at either end");
    assertEquals("0", ok("SELECT count(*) FROM workflow_runs;"));
  }

  @Test
  void theAuditTrailHoldsWithForeignKeysOff() {
    assertEquals("0", ok("PRAGMA foreign_keys;"));
    rejected(
        "UPDATE approvals SET decision = 'rejected';",
        "approvals is append-only: an approval cannot be updated");
    rejected("DELETE FROM approvals;", "approvals is append-only: an approval cannot be deleted");
    rejected(
        "DELETE FROM skill_to_logic_proposals WHERE id = 'p1';",
        "a proposal with validations, approvals or deploy outcomes cannot be deleted");
    rejected(
        "DELETE FROM skills_learned;",
        "a skill whose proposals have validations, approvals or deploy outcomes cannot be deleted");
    rejected(
        "INSERT INTO deploy_outcomes (id, proposal_id, deployment_target, status, deployed_at)"
            + " VALUES ('d1', 'p404', 'prod', 'succeeded', 'x');",
        "deploy_outcomes: its proposal does not exist");
    ok(
        "INSERT INTO deploy_outcomes (id, proposal_id, deployment_target, status, deployed_at)"
            + " VALUES ('d1', 'p1', 'prod', 'succeeded', '2026-03-02T01:00:00Z');");
    rejected(
        "UPDATE deploy_outcomes SET status = 'rolled_back';", "deploy_outcomes is append-only");
    assertEquals("a1|approved", ok("SELECT id, decision FROM approvals;"));
  }

  @Test
  void withForeignKeysOnTheSeedsCascadeFailsRatherThanEraseTheTrail() {
    rejected(
        "PRAGMA foreign_keys = ON; DELETE FROM skills_learned WHERE id = 'k1';",
        "cannot be deleted");
    assertEquals("1", ok("SELECT count(*) FROM approvals;"));
  }
}
