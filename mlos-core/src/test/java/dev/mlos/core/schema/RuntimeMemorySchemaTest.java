package dev.mlos.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mlos.core.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The runtime-memory schema (seed 002) with plain JDBC, on a connection opened the way mlos opens
 * every connection (foreign keys on): the seed's tables and columns are all there, and every rule
 * rejects the bad write while the good one passes.
 */
class RuntimeMemorySchemaTest {
  @TempDir Path dir;
  Connection c;

  @BeforeEach
  void open() {
    c = Database.at(dir.resolve("tom_runtime.sqlite")).open(true);
    Migrator.forSet("runtime-memory").migrate(c);
    // One of everything, so each rule below is tested against an otherwise valid row.
    ok(
        "INSERT INTO sessions (id, actor, channel, started_at) VALUES ('s1', 'tom', 'cli', '2026-03-01T09:00:00Z')");
    ok(
        "INSERT INTO workflow_runs (id, workflow_name, trigger_source, initiated_by, status, started_at)"
            + " VALUES ('r1', 'nightly', 'cron', 'scheduler', 'running', '2026-03-02T02:00:00Z'),"
            + " ('r2', 'adhoc', 'manual', 'alice', 'queued', '2026-03-02T03:00:00Z')");
    ok(
        "INSERT INTO workflow_steps (id, workflow_run_id, step_index, step_name, status, started_at)"
            + " VALUES ('st1', 'r1', 0, 'collect', 'succeeded', '2026-03-02T02:00:00Z'),"
            + " ('st2', 'r2', 0, 'collect', 'running', '2026-03-02T03:00:00Z')");
    ok(
        "INSERT INTO skills_learned (id, skill_key, description, source_type, confidence, learned_at)"
            + " VALUES ('k1', 'http.retry', 'Retry with backoff', 'conversation', 0.8, '2026-03-01T09:06:00Z')");
    ok(
        "INSERT INTO skill_to_logic_proposals (id, skill_id, proposed_by, proposal_type, proposal_json, risk_level, status, created_at, updated_at)"
            + " VALUES ('p1', 'k1', 'oxide', 'code_patch', '{}', 'medium', 'drafted', '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z')");
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  void ok(String sql) {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      fail("expected to pass: " + sql + "\n  but: " + e.getMessage());
    }
  }

  void rejected(String sql, String messagePart) {
    SQLException e =
        assertThrows(
            SQLException.class,
            () -> {
              try (Statement s = c.createStatement()) {
                s.execute(sql);
              }
            },
            "expected to be rejected: " + sql);
    assertTrue(
        e.getMessage().contains(messagePart), "message of " + sql + " was: " + e.getMessage());
  }

  List<String> column(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  void audit() {
    ok(
        "INSERT INTO validation_results (id, proposal_id, validator, build_pass, lint_pass, test_pass, policy_pass, validated_at)"
            + " VALUES ('v1', 'p1', 'ci', 1, 1, 1, 1, '2026-03-01T11:00:00Z')");
    ok(
        "INSERT INTO approvals (id, proposal_id, approver, approval_type, decision, decided_at)"
            + " VALUES ('a1', 'p1', 'alice', 'human', 'approved', '2026-03-01T12:00:00Z')");
    ok(
        "INSERT INTO deploy_outcomes (id, proposal_id, deployment_target, status, deployed_at)"
            + " VALUES ('d1', 'p1', 'prod', 'succeeded', '2026-03-02T01:00:00Z')");
  }

  @Test
  void everyTableAndColumnOfTheSeedIsThereStrictAndIndexed() throws SQLException {
    Map<String, String> seed = new LinkedHashMap<>();
    seed.put("sessions", "id actor channel started_at ended_at status metadata_json");
    seed.put(
        "conversation_turns",
        "id session_id turn_index role content token_count created_at metadata_json");
    seed.put(
        "workflow_runs",
        "id workflow_name trigger_source initiated_by status started_at finished_at context_json");
    seed.put(
        "workflow_steps",
        "id workflow_run_id step_index step_name status started_at finished_at details_json");
    seed.put(
        "task_events",
        "id workflow_run_id step_id event_type event_level message payload_json created_at");
    seed.put(
        "skills_learned",
        "id skill_key description source_type source_ref confidence learned_at state metadata_json");
    seed.put(
        "behavior_profiles",
        "id profile_name version behavior_json rationale source_ref effective_from effective_to created_at created_by");
    seed.put(
        "personality_profiles",
        "id profile_name version personality_json rationale source_ref effective_from effective_to created_at created_by");
    seed.put(
        "skill_to_logic_proposals",
        "id skill_id proposed_by proposal_type proposal_json determinism_score risk_level status created_at updated_at");
    seed.put(
        "validation_results",
        "id proposal_id validator build_pass lint_pass test_pass policy_pass details_json validated_at");
    seed.put("approvals", "id proposal_id approver approval_type decision notes decided_at");
    seed.put(
        "deploy_outcomes",
        "id proposal_id deployment_target deployment_id status summary metrics_json deployed_at");
    for (Map.Entry<String, String> t : seed.entrySet()) {
      assertEquals(
          t.getValue(),
          String.join(
              " ", column("SELECT name FROM pragma_table_info('" + t.getKey() + "') ORDER BY cid")),
          t.getKey());
      assertEquals(
          List.of("1"),
          column("SELECT strict FROM pragma_table_list WHERE name = '" + t.getKey() + "'"),
          t.getKey());
    }
    assertEquals(
        List.of("REAL", "TEXT"),
        column(
            "SELECT type FROM pragma_table_info('skills_learned') WHERE name IN ('confidence', 'source_ref') ORDER BY name"));
    assertEquals(
        List.of(
            "idx_behavior_effective",
            "idx_personality_effective",
            "idx_proposals_status_risk",
            "idx_skills_key_state",
            "idx_turns_session_created",
            "idx_workflow_runs_status"),
        column(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'idx_%' ORDER BY name"));
    assertEquals(
        List.of("CASCADE"), column("SELECT on_delete FROM pragma_foreign_key_list('approvals')"));
    assertEquals(
        List.of("SET NULL", "SET NULL"),
        column("SELECT on_delete FROM pragma_foreign_key_list('task_events')"));
    assertEquals(List.of("1"), column("PRAGMA foreign_keys"));
  }

  @Test
  void defaultsAreTheSeeds() throws SQLException {
    ok(
        "INSERT INTO sessions (id, actor, started_at) VALUES ('s2', 'user', '2026-03-03T00:00:00Z')");
    assertEquals(
        List.of("active|{}"),
        column("SELECT status || '|' || metadata_json FROM sessions WHERE id = 's2'"));
    ok(
        "INSERT INTO validation_results (id, proposal_id, validator, validated_at) VALUES ('v0', 'p1', 'human', '2026-03-01T11:00:00Z')");
    assertEquals(
        List.of("0000{}"),
        column(
            "SELECT build_pass || lint_pass || test_pass || policy_pass || details_json FROM validation_results"));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "INSERT INTO conversation_turns (id, session_id, turn_index, role, content, created_at) VALUES ('t', 's1', 0, 'robot', 'hi', 'x');conversation_turns_role",
        "INSERT INTO workflow_runs (id, workflow_name, trigger_source, initiated_by, status, started_at) VALUES ('r', 'w', 'webhook', 'a', 'queued', 'x');workflow_runs_trigger_source",
        "INSERT INTO workflow_runs (id, workflow_name, trigger_source, initiated_by, status, started_at) VALUES ('r', 'w', 'cron', 'a', 'done', 'x');workflow_runs_status",
        "INSERT INTO task_events (id, event_type, event_level, message, created_at) VALUES ('e', 'debug', 'low', 'm', 'x');task_events_event_type",
        "INSERT INTO task_events (id, event_type, event_level, message, created_at) VALUES ('e', 'info', 'urgent', 'm', 'x');task_events_event_level",
        "INSERT INTO skills_learned (id, skill_key, description, source_type, confidence, learned_at) VALUES ('k', 'k', 'd', 'dream', 0.5, 'x');skills_learned_source_type",
        "INSERT INTO skill_to_logic_proposals (id, skill_id, proposed_by, proposal_type, proposal_json, risk_level, status, created_at, updated_at) VALUES ('p', 'k1', 'robot', 'code_patch', '{}', 'low', 'drafted', 'x', 'x');proposals_proposed_by",
        "INSERT INTO skill_to_logic_proposals (id, skill_id, proposed_by, proposal_type, proposal_json, risk_level, status, created_at, updated_at) VALUES ('p', 'k1', 'oxide', 'refactor', '{}', 'low', 'drafted', 'x', 'x');proposals_proposal_type",
        "INSERT INTO skill_to_logic_proposals (id, skill_id, proposed_by, proposal_type, proposal_json, risk_level, status, created_at, updated_at) VALUES ('p', 'k1', 'oxide', 'code_patch', '{}', 'severe', 'drafted', 'x', 'x');proposals_risk_level",
        "INSERT INTO skill_to_logic_proposals (id, skill_id, proposed_by, proposal_type, proposal_json, risk_level, status, created_at, updated_at) VALUES ('p', 'k1', 'oxide', 'code_patch', '{}', 'low', 'merged', 'x', 'x');proposals_status",
        "INSERT INTO validation_results (id, proposal_id, validator, validated_at) VALUES ('v', 'p1', 'bot', 'x');validation_results_validator",
        "INSERT INTO validation_results (id, proposal_id, validator, build_pass, validated_at) VALUES ('v', 'p1', 'ci', 2, 'x');validation_results_build_pass",
        "INSERT INTO validation_results (id, proposal_id, validator, lint_pass, validated_at) VALUES ('v', 'p1', 'ci', -1, 'x');validation_results_lint_pass",
        "INSERT INTO validation_results (id, proposal_id, validator, test_pass, validated_at) VALUES ('v', 'p1', 'ci', 5, 'x');validation_results_test_pass",
        "INSERT INTO validation_results (id, proposal_id, validator, policy_pass, validated_at) VALUES ('v', 'p1', 'ci', 9, 'x');validation_results_policy_pass",
        "INSERT INTO approvals (id, proposal_id, approver, approval_type, decision, decided_at) VALUES ('a', 'p1', 'al', 'legal', 'approved', 'x');approvals_approval_type",
        "INSERT INTO approvals (id, proposal_id, approver, approval_type, decision, decided_at) VALUES ('a', 'p1', 'al', 'human', 'maybe', 'x');approvals_decision",
        "INSERT INTO deploy_outcomes (id, proposal_id, deployment_target, status, deployed_at) VALUES ('d', 'p1', 'prod', 'partial', 'x');deploy_outcomes_status",
        "INSERT INTO sessions (id, actor, started_at, status) VALUES ('s', 'tom', 'x', 'Active');sessions_status",
        "INSERT INTO workflow_steps (id, workflow_run_id, step_index, step_name, status, started_at) VALUES ('st', 'r1', 5, 'n', 'in progress', 'x');workflow_steps_status",
        "INSERT INTO skills_learned (id, skill_key, description, source_type, confidence, learned_at, state) VALUES ('k', 'k', 'd', 'doc', 0.5, 'x', '');skills_learned_state",
      })
  void valuesOutsideTheSeedsSetsAreRejected(String sql, String constraint) {
    rejected(sql, "CHECK constraint failed: " + constraint);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "INSERT INTO sessions (id, actor, started_at, metadata_json) VALUES ('s', 'tom', 'x', '{oops');sessions_metadata_json",
        "INSERT INTO conversation_turns (id, session_id, turn_index, role, content, created_at, metadata_json) VALUES ('t', 's1', 0, 'user', 'hi', 'x', '');conversation_turns_metadata_json",
        "INSERT INTO workflow_runs (id, workflow_name, trigger_source, initiated_by, status, started_at, context_json) VALUES ('r', 'w', 'cron', 'a', 'queued', 'x', 'null,');workflow_runs_context_json",
        "INSERT INTO workflow_steps (id, workflow_run_id, step_index, step_name, status, started_at, details_json) VALUES ('st', 'r1', 5, 'n', 'ok', 'x', '{a:1}');workflow_steps_details_json",
        "INSERT INTO task_events (id, event_type, event_level, message, created_at, payload_json) VALUES ('e', 'info', 'low', 'm', 'x', '[1,');task_events_payload_json",
        "INSERT INTO skills_learned (id, skill_key, description, source_type, confidence, learned_at, metadata_json) VALUES ('k', 'k', 'd', 'doc', 0.5, 'x', 'nope');skills_learned_metadata_json",
        "INSERT INTO behavior_profiles (id, profile_name, version, behavior_json, effective_from, created_at, created_by) VALUES ('b', 'tom', 1, '{\"a\":}', 'x', 'x', 'y');behavior_profiles_behavior_json",
        "INSERT INTO personality_profiles (id, profile_name, version, personality_json, effective_from, created_at, created_by) VALUES ('q', 'tom', 1, 'warm', 'x', 'x', 'y');personality_profiles_personality_json",
        "INSERT INTO skill_to_logic_proposals (id, skill_id, proposed_by, proposal_type, proposal_json, risk_level, status, created_at, updated_at) VALUES ('p', 'k1', 'oxide', 'code_patch', '{', 'low', 'drafted', 'x', 'x');proposals_proposal_json",
        "INSERT INTO validation_results (id, proposal_id, validator, validated_at, details_json) VALUES ('v', 'p1', 'ci', 'x', '}');validation_results_details_json",
        "INSERT INTO deploy_outcomes (id, proposal_id, deployment_target, status, deployed_at, metrics_json) VALUES ('d', 'p1', 'prod', 'failed', 'x', '{\"p95\": }');deploy_outcomes_metrics_json",
      })
  void everyJsonColumnHoldsValidJson(String sql, String constraint) {
    rejected(sql, "CHECK constraint failed: " + constraint);
  }

  @Test
  void windowsConfidenceTypesKeysAndForeignKeysHold() {
    rejected(
        "INSERT INTO behavior_profiles (id, profile_name, version, behavior_json, effective_from, effective_to, created_at, created_by)"
            + " VALUES ('b', 'tom', 1, '{}', '2026-02-01T00:00:00Z', '2026-01-01T00:00:00Z', 'x', 'y')",
        "behavior_profiles_window");
    rejected(
        "INSERT INTO personality_profiles (id, profile_name, version, personality_json, effective_from, effective_to, created_at, created_by)"
            + " VALUES ('q', 'tom', 1, '{}', '2026-02-01T00:00:00Z', '2026-01-31T23:59:59Z', 'x', 'y')",
        "personality_profiles_window");
    ok(
        "INSERT INTO behavior_profiles (id, profile_name, version, behavior_json, effective_from, effective_to, created_at, created_by)"
            + " VALUES ('b1', 'tom', 1, '{}', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', 'x', 'y')");
    rejected(
        "INSERT INTO behavior_profiles (id, profile_name, version, behavior_json, effective_from, created_at, created_by)"
            + " VALUES ('b2', 'tom', 1, '{}', '2026-03-01T00:00:00Z', 'x', 'y')",
        "UNIQUE constraint failed: behavior_profiles.profile_name, behavior_profiles.version");
    rejected(
        "INSERT INTO skills_learned (id, skill_key, description, source_type, confidence, learned_at) VALUES ('k', 'k', 'd', 'doc', 1.5, 'x')",
        "skills_learned_confidence");
    rejected(
        "INSERT INTO skills_learned (id, skill_key, description, source_type, confidence, learned_at) VALUES ('k', 'k', 'd', 'doc', -0.1, 'x')",
        "skills_learned_confidence");
    ok(
        "INSERT INTO skills_learned (id, skill_key, description, source_type, confidence, learned_at) VALUES ('k0', 'k', 'd', 'doc', 0, 'x'), ('k2', 'k', 'd', 'doc', 1, 'y')");
    rejected(
        "INSERT INTO skills_learned (id, skill_key, description, source_type, confidence, learned_at) VALUES ('k3', 'k', 'd', 'doc', 0.5, 'x')",
        "UNIQUE constraint failed: skills_learned.skill_key, skills_learned.learned_at");
    rejected(
        "INSERT INTO conversation_turns (id, session_id, turn_index, role, content, created_at) VALUES ('t', 's1', 'first', 'user', 'hi', 'x')",
        "cannot store TEXT value in INTEGER column conversation_turns.turn_index");
    ok(
        "INSERT INTO conversation_turns (id, session_id, turn_index, role, content, created_at) VALUES ('t0', 's1', 0, 'user', 'hi', 'x')");
    rejected(
        "INSERT INTO conversation_turns (id, session_id, turn_index, role, content, created_at) VALUES ('t1', 's1', 0, 'assistant', 'yo', 'x')",
        "UNIQUE constraint failed: conversation_turns.session_id, conversation_turns.turn_index");
    rejected(
        "INSERT INTO conversation_turns (id, session_id, turn_index, role, content, created_at) VALUES ('t2', 'nope', 0, 'user', 'hi', 'x')",
        "FOREIGN KEY constraint failed");
    ok(
        "INSERT INTO sessions (id, actor, channel, started_at) VALUES ('s9', 'Tom Riddle', 'Slack DM', 'x')"); // actor and channel are open
  }

  @Test
  void auditTrailsAreAppendOnly() {
    audit();
    rejected(
        "UPDATE approvals SET decision = 'rejected' WHERE id = 'a1'", "approvals is append-only");
    rejected("DELETE FROM approvals WHERE id = 'a1'", "approvals is append-only");
    rejected("UPDATE validation_results SET test_pass = 0", "validation_results is append-only");
    rejected("DELETE FROM validation_results", "validation_results is append-only");
    rejected("UPDATE deploy_outcomes SET status = 'rolled_back'", "deploy_outcomes is append-only");
    rejected("DELETE FROM deploy_outcomes", "deploy_outcomes is append-only");
    // a correction is a new row
    ok(
        "INSERT INTO deploy_outcomes (id, proposal_id, deployment_target, status, deployed_at)"
            + " VALUES ('d2', 'p1', 'prod', 'rolled_back', '2026-03-02T02:00:00Z')");
    // the proposal itself moves on
    ok(
        "UPDATE skill_to_logic_proposals SET status = 'promoted', updated_at = '2026-03-02T01:00:00Z' WHERE id = 'p1'");
  }

  @Test
  void aProposalWithAnAuditTrailCannotBeDeletedOrRekeyedButAFreshOneCascades() throws SQLException {
    ok(
        "INSERT INTO skills_learned (id, skill_key, description, source_type, confidence, learned_at) VALUES ('k2', 'k2', 'd', 'doc', 0.5, 'x')");
    ok(
        "INSERT INTO skill_to_logic_proposals (id, skill_id, proposed_by, proposal_type, proposal_json, risk_level, status, created_at, updated_at)"
            + " VALUES ('p2', 'k2', 'human', 'config_change', '{}', 'low', 'drafted', 'x', 'x')");
    audit();
    rejected(
        "DELETE FROM skill_to_logic_proposals WHERE id = 'p1'",
        "a proposal with validations, approvals or deploy outcomes cannot be deleted");
    rejected(
        "DELETE FROM skills_learned WHERE id = 'k1'",
        "a skill whose proposals have validations, approvals or deploy outcomes cannot be deleted");
    rejected(
        "UPDATE skill_to_logic_proposals SET id = 'p1b' WHERE id = 'p1'",
        "cannot change (audit trail)");
    rejected(
        "UPDATE skill_to_logic_proposals SET skill_id = 'k2' WHERE id = 'p1'",
        "cannot change (audit trail)");
    assertEquals(
        List.of("3"),
        column(
            "SELECT (SELECT count(*) FROM validation_results) + (SELECT count(*) FROM approvals) + (SELECT count(*) FROM deploy_outcomes)"));
    // no audit rows: the seed's cascade still works
    ok("DELETE FROM skills_learned WHERE id = 'k2'");
    assertEquals(List.of("p1"), column("SELECT id FROM skill_to_logic_proposals ORDER BY id"));
  }

  @Test
  void anEventNamingARunAndAStepNeedsAStepOfThatRun() throws SQLException {
    rejected(
        "INSERT INTO task_events (id, workflow_run_id, step_id, event_type, event_level, message, created_at)"
            + " VALUES ('e1', 'r1', 'st2', 'info', 'low', 'm', 'x')",
        "task_events: step_id must be a step of workflow_run_id");
    ok(
        "INSERT INTO task_events (id, workflow_run_id, step_id, event_type, event_level, message, created_at)"
            + " VALUES ('e1', 'r1', 'st1', 'info', 'low', 'm', 'x'), ('e2', 'r1', NULL, 'warn', 'medium', 'm', 'x'), ('e3', NULL, NULL, 'policy', 'high', 'm', 'x')");
    rejected(
        "UPDATE task_events SET step_id = 'st2' WHERE id = 'e2'",
        "task_events: step_id must be a step of workflow_run_id");
    // deleting a run keeps its events, detached, as the seed's ON DELETE SET NULL says
    ok("DELETE FROM workflow_runs WHERE id = 'r1'");
    assertEquals(
        List.of("e1||", "e2||", "e3||"),
        column(
            "SELECT id || '|' || coalesce(workflow_run_id, '') || '|' || coalesce(step_id, '') FROM task_events ORDER BY id"));
  }
}
