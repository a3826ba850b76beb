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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules migration V2 adds for the need state engine, through JDBC on a real file (foreign keys
 * on).
 */
class EngineRulesTest {
  @TempDir Path dir;
  Connection c;

  @BeforeEach
  void open() {
    c = Database.at(dir.resolve("engine.db")).open(true);
    Migrator.forSet("mlos").migrate(c);
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

  String one(String sql) {
    List<String> all = all(sql);
    return all.isEmpty() ? null : all.get(0);
  }

  List<String> all(String sql) {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      return fail(e);
    }
  }

  @Nested
  class Tags {
    @Test
    void aNeedCarriesDistinctWellFormedTagsIndexedInNeedTags() {
      ok(
          "INSERT INTO needs (id, title, tags) VALUES (1, 'a', '[\"kernel\", \"methodology\"]'), (2, 'b', '[\"kernel\"]')");
      ok("INSERT INTO needs (id, title) VALUES (3, 'c')");
      assertEquals(
          List.of("kernel 1", "kernel 2", "methodology 1"),
          all("SELECT tag || ' ' || need_id FROM need_tags ORDER BY tag, need_id"));
      ok("UPDATE needs SET tags = '[\"architecture\", \"kernel\"]' WHERE id = 1");
      assertEquals(
          List.of("architecture 1", "kernel 1", "kernel 2"),
          all("SELECT tag || ' ' || need_id FROM need_tags ORDER BY tag, need_id"));
      ok("DELETE FROM needs WHERE id = 2");
      assertEquals(
          List.of("architecture 1", "kernel 1"),
          all("SELECT tag || ' ' || need_id FROM need_tags ORDER BY tag, need_id"));
      assertEquals("[]", one("SELECT tags FROM needs WHERE id = 3"));
      assertEquals(
          "[\"kernel\",\"methodology\"]",
          one(
              "SELECT json_extract(old_values, '$.tags') FROM history WHERE entity = 'need' AND entity_id = 1 AND operation = 'update'"));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "'kernel'",
          "'{}'",
          "'[1]'",
          "'[\"\"]'",
          "'[\"Kernel\"]'",
          "'[\"-x\"]'",
          "'[\"a b\"]'",
          "'[\"a/b\"]'",
          "NULL"
        })
    void malformedTagsAreRefused(String tags) {
      rejected("INSERT INTO needs (title, tags) VALUES ('n', " + tags + ")", "need: ");
      ok("INSERT INTO needs (id, title) VALUES (7, 'n')");
      rejected("UPDATE needs SET tags = " + tags + " WHERE id = 7", "need: ");
    }

    @Test
    void repeatsAndOverlongTagsAreRefused() {
      rejected(
          "INSERT INTO needs (title, tags) VALUES ('n', '[\"a\", \"a\"]')",
          "need: tags must not repeat a tag");
      rejected(
          "INSERT INTO needs (title, tags) VALUES ('n', '[\"" + "a".repeat(65) + "\"]')",
          "need: each tag must be");
      ok(
          "INSERT INTO needs (title, tags) VALUES ('n', '[\""
              + "a".repeat(64)
              + "\", \"0.x:y_z-w\"]')");
    }

    @Test
    void needTagsCannotDisagreeWithNeedsTags() {
      ok("INSERT INTO needs (id, title, tags) VALUES (1, 'a', '[\"kernel\"]')");
      rejected(
          "INSERT INTO need_tags VALUES ('ghost', 1)", "need: need_tags is kept from needs.tags");
      rejected("DELETE FROM need_tags", "need: need_tags is kept from needs.tags");
      rejected("UPDATE need_tags SET tag = 'x'", "need: need_tags is kept from needs.tags");
      assertEquals(List.of("kernel"), all("SELECT tag FROM need_tags"));
    }
  }

  @Nested
  class Tasks {
    @Test
    void aTaskWithoutPriorityTakesItsNeedsAndTheHistoryShowsIt() {
      ok(
          "INSERT INTO needs (id, title, status, priority) VALUES (1, 'n', 'actionable', 2), (2, 'm', 'actionable', NULL)");
      ok(
          "INSERT INTO tasks (id, need_id, description, created_at, updated_at) VALUES (1, 1, 't', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
      ok(
          "INSERT INTO tasks (id, need_id, description, priority) VALUES (2, 1, 'own', 5), (3, 2, 'none', NULL)");
      assertEquals(
          List.of("1 2", "2 5"),
          all("SELECT id || ' ' || priority FROM tasks WHERE priority IS NOT NULL ORDER BY id"));
      assertEquals(null, one("SELECT priority FROM tasks WHERE id = 3"));
      assertEquals(
          "2026-01-01T00:00:00Z",
          one("SELECT updated_at FROM tasks WHERE id = 1"),
          "inheriting is part of the insert");
      assertEquals(
          List.of("insert 2"),
          all(
              "SELECT operation || ' ' || json_extract(new_values, '$.priority') FROM history "
                  + "WHERE entity = 'task' AND entity_id = 1 ORDER BY id"));
      // A later change of a NULL priority is an update like any other.
      ok("UPDATE tasks SET priority = 4 WHERE id = 3");
      assertEquals(
          List.of("insert", "update"),
          all("SELECT operation FROM history WHERE entity = 'task' AND entity_id = 3 ORDER BY id"));
    }

    @Test
    void everyPairOfStatusesIsJudgedByTaskTransitions() {
      List<String> states =
          List.of("open", "assigned", "in_progress", "completed", "failed", "cancelled");
      List<String> allowed = all("SELECT from_status || '>' || to_status FROM task_transitions");
      assertEquals(14, allowed.size());
      ok("INSERT INTO agents (id, agent_type) VALUES (1, 'janitor')");
      ok("INSERT INTO needs (id, title, status) VALUES (1, 'n', 'in_progress')");
      int id = 0;
      for (String from : states) {
        for (String to : states) {
          if (from.equals(to)) {
            continue;
          }
          id++;
          String agent = from.equals("open") ? "NULL" : "1";
          ok(
              "INSERT INTO tasks (id, need_id, description, status, assigned_agent_id) VALUES ("
                  + id
                  + ", 1, 't', '"
                  + from
                  + "', "
                  + agent
                  + ")");
          String set =
              to.equals("open")
                  ? ", assigned_agent_id = NULL"
                  : to.equals("assigned") ? ", assigned_agent_id = 1" : "";
          String sql = "UPDATE tasks SET status = '" + to + "'" + set + " WHERE id = " + id;
          if (allowed.contains(from + ">" + to)) {
            ok(sql);
          } else {
            rejected(sql, "task: " + from + " -> " + to + " is not allowed");
          }
        }
      }
    }

    @Test
    void needsFollowTheirTasksAndAFailedTaskKeepsItsNeedOpen() {
      ok("INSERT INTO agents (id, agent_type) VALUES (1, 'janitor')");
      ok(
          "INSERT INTO needs (id, title, status, updated_at) VALUES (1, 'n', 'actionable', '2026-01-01T00:00:00Z')");
      ok(
          "INSERT INTO tasks (id, need_id, description, created_at, updated_at) VALUES "
              + "(1, 1, 'a', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z'), (2, 1, 'b', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z')");
      assertEquals("actionable", one("SELECT status FROM needs"));
      ok(
          "UPDATE tasks SET status = 'in_progress', updated_at = '2026-01-03T00:00:00Z' WHERE id = 1");
      assertEquals(
          "in_progress 2026-01-03T00:00:00Z",
          one("SELECT status || ' ' || updated_at FROM needs"),
          "moved, at the time of the task change that moved it");
      ok("UPDATE tasks SET status = 'failed', updated_at = '2026-01-04T00:00:00Z' WHERE id = 1");
      ok("UPDATE tasks SET status = 'cancelled', updated_at = '2026-01-04T00:00:00Z' WHERE id = 2");
      assertEquals(
          "in_progress",
          one("SELECT status FROM needs"),
          "a failed task: someone decides (retry or cancel)");
      rejected(
          "UPDATE tasks SET status = 'completed' WHERE id = 1",
          "task: failed -> completed is not allowed; from failed: open, cancelled");
      ok("UPDATE tasks SET status = 'open', updated_at = '2026-01-05T00:00:00Z' WHERE id = 1");
      ok(
          "UPDATE tasks SET status = 'assigned', assigned_agent_id = 1, updated_at = '2026-01-06T00:00:00Z' WHERE id = 1");
      ok("UPDATE tasks SET status = 'completed', updated_at = '2026-01-07T00:00:00Z' WHERE id = 1");
      assertEquals(
          "resolved 2026-01-07T00:00:00Z", one("SELECT status || ' ' || updated_at FROM needs"));
      assertEquals(
          List.of(
              "actionable>in_progress@2026-01-03T00:00:00Z",
              "in_progress>resolved@2026-01-07T00:00:00Z"),
          all(
              "SELECT json_extract(old_values, '$.status') || '>' || json_extract(new_values, '$.status') || '@' || changed_at "
                  + "FROM history WHERE entity = 'need' AND operation = 'update' ORDER BY id"));
    }

    @Test
    void allTasksCancelledLeavesTheNeedWhereItIs() {
      ok("INSERT INTO needs (id, title, status) VALUES (1, 'n', 'in_progress')");
      ok("INSERT INTO tasks (id, need_id, description) VALUES (1, 1, 'a')");
      ok("UPDATE tasks SET status = 'cancelled' WHERE id = 1");
      assertEquals("in_progress", one("SELECT status FROM needs"));
      ok("UPDATE needs SET status = 'resolved' WHERE id = 1");
    }

    @Test
    void anInsertedCompletedTaskStartsTheNeedButDoesNotResolveIt() {
      ok("INSERT INTO needs (id, title, status) VALUES (1, 'n', 'actionable')");
      ok(
          "INSERT INTO tasks (id, need_id, description, status) VALUES (1, 1, 'done before', 'completed')");
      assertEquals("in_progress", one("SELECT status FROM needs"));
      ok("INSERT INTO tasks (id, need_id, description) VALUES (2, 1, 'still to do')");
      rejected(
          "UPDATE needs SET status = 'resolved' WHERE id = 1",
          "need: cannot be resolved while one of its tasks is open");
    }

    @Test
    void aTaskOfAResolvedNeedCanOnlyBeCancelled() {
      ok("INSERT INTO needs (id, title, status) VALUES (1, 'n', 'in_progress')");
      ok("INSERT INTO tasks (id, need_id, description, status) VALUES (1, 1, 'a', 'failed')");
      // A need resolved past its failed task, as the schema allowed before V7.
      rejected(
          "UPDATE needs SET status = 'resolved' WHERE id = 1",
          "need: cannot be resolved while one of its tasks is open, assigned, in_progress or failed");
      String check = one("SELECT sql FROM sqlite_schema WHERE name = 'needs_resolve_check'");
      ok("DROP TRIGGER needs_resolve_check");
      ok("UPDATE needs SET status = 'resolved' WHERE id = 1");
      ok(check);
      rejected("UPDATE tasks SET status = 'open' WHERE id = 1", "task: its need is resolved");
      ok("UPDATE tasks SET status = 'cancelled' WHERE id = 1");
    }
  }

  @Nested
  class Actor {
    @Test
    void historyRowsCarryTheWriteContext() {
      ok("INSERT INTO needs (id, title) VALUES (1, 'raw')");
      ok("BEGIN IMMEDIATE");
      ok(
          "INSERT INTO write_context (id, actor, session, reason) VALUES (1, 'agent:7', 'sess-1', 'triage')");
      ok("UPDATE needs SET status = 'active' WHERE id = 1");
      ok("INSERT INTO lenses (agent_type, tags) VALUES ('janitor', '[\"kernel\"]')");
      ok("DELETE FROM write_context");
      ok("COMMIT");
      assertEquals(
          List.of("insert||||", "update|agent:7|sess-1|triage|"),
          all(
              "SELECT operation || '|' || ifnull(actor, '') || '|' || ifnull(session, '') || '|' || ifnull(reason, '') || '|' "
                  + "FROM history WHERE entity = 'need' AND entity_id = 1 ORDER BY id"));
      assertEquals(
          "lens insert agent:7",
          one(
              "SELECT entity || ' ' || operation || ' ' || actor FROM history WHERE entity = 'lens'"));
      rejected("INSERT INTO write_context (id, actor) VALUES (2, 'x')", "CHECK constraint failed");
      rejected("INSERT INTO write_context (id, actor) VALUES (1, '')", "CHECK constraint failed");
    }
  }

  @Nested
  class Lenses {
    @Test
    void aLensBelongsToOneAgentOrOneAgentType() {
      ok("INSERT INTO agents (id, agent_type) VALUES (1, 'janitor')");
      ok(
          "INSERT INTO lenses (agent_id, scopes, tags, weights, token_budget) "
              + "VALUES (1, '[\"kernel\"]', '[\"methodology\"]', '{\"tag:methodology\": 2.5, \"scope:kernel\": 100}', 4000)");
      ok("INSERT INTO lenses (agent_type) VALUES ('architect')");
      rejected(
          "INSERT INTO lenses (agent_id, agent_type) VALUES (1, 'janitor')",
          "lens: set exactly one of agent_id");
      rejected("INSERT INTO lenses (scopes) VALUES ('[]')", "lens: set exactly one of agent_id");
      rejected("INSERT INTO lenses (agent_id) VALUES (9)", "lens: its agent does not exist");
      rejected("INSERT INTO lenses (agent_id) VALUES (1)", "lens: the agent already has a lens");
      rejected(
          "INSERT INTO lenses (agent_type) VALUES ('architect')",
          "lens: the agent type already has a lens");
      rejected(
          "INSERT INTO lenses (agent_type) VALUES ('Big Boss')",
          "lens: agent_type must be lower-case snake_case");
      rejected("DELETE FROM agents WHERE id = 1", "agent: it has a lens");
      ok("DELETE FROM lenses WHERE agent_id = 1");
      ok("DELETE FROM agents WHERE id = 1");
      assertEquals(
          List.of("insert", "insert", "delete"),
          all("SELECT operation FROM history WHERE entity = 'lens' ORDER BY id"));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "scopes = 'kernel'",
          "scopes = '[1]'",
          "tags = '[\"Kernel\"]'",
          "tags = '{}'",
          "weights = '[]'",
          "weights = '{\"kernel\": 2}'",
          "weights = '{\"tag:kernel\": 0}'",
          "weights = '{\"tag:kernel\": 101}'",
          "weights = '{\"tag:kernel\": \"2\"}'",
          "weights = '{\"tag:\": 2}'",
          "token_budget = 0",
          "token_budget = 10000001"
        })
    void malformedLensesAreRefused(String set) {
      ok("INSERT INTO lenses (id, agent_type) VALUES (1, 'janitor')");
      rejected("UPDATE lenses SET " + set + " WHERE id = 1", "lens: ");
      String column = set.substring(0, set.indexOf(' '));
      rejected(
          "INSERT INTO lenses (agent_type, "
              + column
              + ") VALUES ('architect', "
              + set.substring(set.indexOf('=') + 2)
              + ")",
          "lens: ");
    }

    @Test
    void updatedAtFollowsAndIdIsFixed() {
      ok(
          "INSERT INTO lenses (id, agent_type, updated_at) VALUES (1, 'janitor', '2000-01-01T00:00:00.000Z')");
      ok("UPDATE lenses SET token_budget = 5 WHERE id = 1");
      assertTrue(
          one("SELECT updated_at FROM lenses").startsWith("20")
              && !one("SELECT updated_at FROM lenses").startsWith("2000"));
      rejected("UPDATE lenses SET id = 2", "lens: id cannot change");
    }
  }

  @Nested
  class Agents {
    @Test
    void listsHoldExistingIdsAndLoseDeletedOnes() {
      ok(
          "INSERT INTO needs (id, title, status) VALUES (1, 'n', 'actionable'), (2, 'm', 'identified')");
      ok("INSERT INTO tasks (id, need_id, description) VALUES (1, 1, 't')");
      ok("INSERT INTO artifacts (id, title) VALUES (1, 'a'), (2, 'b')");
      rejected(
          "INSERT INTO agents (agent_type, assigned_tasks) VALUES ('janitor', '[2]')",
          "agent: assigned_tasks must list ids of existing tasks");
      rejected(
          "INSERT INTO agents (agent_type, assigned_tasks) VALUES ('janitor', '[\"1\"]')",
          "agent: assigned_tasks must list ids");
      rejected(
          "INSERT INTO agents (agent_type, provisioned_artifacts) VALUES ('janitor', '[1.5]')",
          "agent: provisioned_artifacts must list ids");
      ok(
          "INSERT INTO agents (id, agent_type, provisioned_artifacts, assigned_tasks, monitored_needs) "
              + "VALUES (1, 'janitor', '[2, 1]', '[1]', '[2, 1]')");
      rejected(
          "UPDATE agents SET monitored_needs = '[2, 1, 3]' WHERE id = 1",
          "agent: monitored_needs must list ids of existing needs");
      ok("DELETE FROM artifacts WHERE id = 2");
      ok("DELETE FROM tasks WHERE id = 1");
      ok("DELETE FROM needs WHERE id = 2");
      assertEquals(
          "[1]|[]|[1]",
          one(
              "SELECT provisioned_artifacts || '|' || assigned_tasks || '|' || monitored_needs FROM agents"));
    }
  }
}
