package dev.mlos.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rule of the mlos schema, exercised with plain JDBC: the bad write fails, the good one
 * passes.
 */
class SchemaRulesTest {
  static final String ISO = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

  @TempDir Path dir;
  Connection c;

  @BeforeEach
  void open() {
    c = Database.at(dir.resolve("rules.db")).open(true);
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
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      return fail(e);
    }
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

  long need(String status) {
    ok("INSERT INTO needs (title, status) VALUES ('n', '" + status + "')");
    return Long.parseLong(one("SELECT max(id) FROM needs"));
  }

  @Nested
  class AllowedValues {
    @Test
    void needsStatusPriorityAndTitle() {
      rejected(
          "INSERT INTO needs (title, status) VALUES ('n', 'open')",
          "CHECK constraint failed: needs_status");
      rejected(
          "INSERT INTO needs (title, priority) VALUES ('n', 0)",
          "CHECK constraint failed: needs_priority");
      rejected(
          "INSERT INTO needs (title, priority) VALUES ('n', 6)",
          "CHECK constraint failed: needs_priority");
      rejected(
          "INSERT INTO needs (title, priority) VALUES ('n', 'high')",
          "cannot store TEXT value in INTEGER column");
      rejected(
          "INSERT INTO needs (title) VALUES (NULL)", "NOT NULL constraint failed: needs.title");
      rejected(
          "INSERT INTO needs (title, status) VALUES ('n', NULL)",
          "NOT NULL constraint failed: needs.status");
      ok("INSERT INTO needs (title, priority) VALUES ('n', 1)");
      ok("INSERT INTO needs (title, priority) VALUES ('n', 5)");
      ok("INSERT INTO needs (title, priority, status) VALUES ('n', NULL, 'deferred')");
      assertEquals("identified", one("SELECT status FROM needs WHERE id = 1"));
    }

    @Test
    void tasksStatusPriorityAndDescription() {
      long n = need("actionable");
      rejected(
          "INSERT INTO tasks (need_id, description, status) VALUES (" + n + ", 't', 'done')",
          "tasks_status");
      rejected(
          "INSERT INTO tasks (need_id, description, priority) VALUES (" + n + ", 't', 9)",
          "tasks_priority");
      rejected(
          "INSERT INTO tasks (need_id, description) VALUES (" + n + ", NULL)",
          "NOT NULL constraint failed: tasks.description");
      for (String s :
          List.of("open", "assigned", "in_progress", "completed", "failed", "cancelled")) {
        ok(
            "INSERT INTO tasks (need_id, description, status, priority) VALUES ("
                + n
                + ", 't', '"
                + s
                + "', 3)");
      }
      rejected("UPDATE tasks SET status = 'blocked' WHERE id = 1", "tasks_status");
    }

    @Test
    void artifactTypes() {
      rejected(
          "INSERT INTO artifacts (title, artifact_type) VALUES ('a', 'pdf')",
          "artifacts_artifact_type");
      rejected(
          "INSERT INTO artifacts (title) VALUES (NULL)",
          "NOT NULL constraint failed: artifacts.title");
      for (String t :
          List.of("document", "code", "config", "context_pack", "transcript", "image", "schema")) {
        ok("INSERT INTO artifacts (title, artifact_type) VALUES ('a', '" + t + "')");
      }
    }

    @Test
    void agentStatusTypeAndJsonArrays() {
      rejected(
          "INSERT INTO agents (agent_type, status) VALUES ('janitor', 'idle')", "agents_status");
      rejected("INSERT INTO agents (agent_type) VALUES ('Architect')", "agents_agent_type");
      rejected("INSERT INTO agents (agent_type) VALUES ('context manager')", "agents_agent_type");
      rejected(
          "INSERT INTO agents (agent_type) VALUES (NULL)",
          "NOT NULL constraint failed: agents.agent_type");
      rejected(
          "INSERT INTO agents (agent_type, provisioned_artifacts) VALUES ('janitor', '{\"a\":1}')",
          "agents_provisioned_artifacts");
      rejected(
          "INSERT INTO agents (agent_type, assigned_tasks) VALUES ('janitor', '[1,')",
          "agents_assigned_tasks");
      rejected(
          "INSERT INTO agents (agent_type, monitored_needs) VALUES ('janitor', '3')",
          "agents_monitored_needs");
      // V2: the lists hold ids of rows that exist.
      rejected(
          "INSERT INTO agents (agent_type, provisioned_artifacts) VALUES ('janitor', '[1]')",
          "agent: provisioned_artifacts must list ids of existing artifacts");
      ok("INSERT INTO artifacts (title) VALUES ('a'), ('b')");
      ok(
          "INSERT INTO agents (agent_type, status, provisioned_artifacts, assigned_tasks, monitored_needs) "
              + "VALUES ('context_manager', 'active', '[1, 2]', '[]', NULL)");
      ok("INSERT INTO agents (agent_type) VALUES ('researcher2')");
      assertEquals("[]", one("SELECT assigned_tasks FROM agents WHERE id = 2"));
      assertEquals("provisioning", one("SELECT status FROM agents WHERE id = 2"));
      assertTrue(one("SELECT started_at FROM agents WHERE id = 2").matches(ISO));
    }

    @Test
    void relationshipTypesAndMetadata() {
      long a = need("identified");
      long b = need("identified");
      String edge =
          "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, metadata) VALUES ";
      rejected(
          edge + "('need', " + a + ", 'need', " + b + ", 'depends_on', NULL)",
          "relationships_relationship_type");
      rejected(
          edge + "('goal', " + a + ", 'need', " + b + ", 'blocks', NULL)",
          "relationships_source_type");
      rejected(
          edge + "('need', " + a + ", 'file', " + b + ", 'blocks', NULL)",
          "relationships_target_type");
      rejected(
          edge + "('need', " + a + ", 'need', " + b + ", 'blocks', '{oops')",
          "relationships_metadata");
      rejected(
          edge + "('need', NULL, 'need', " + b + ", 'blocks', NULL)",
          "NOT NULL constraint failed: relationships.source_id");
      // need -> artifact is the one pair every type may connect (V2's relationship_kinds).
      ok("INSERT INTO artifacts (title) VALUES ('a')");
      for (String t :
          List.of(
              "derived_from",
              "references",
              "blocks",
              "enables",
              "monitors",
              "produced",
              "consumed")) {
        ok(edge + "('need', " + a + ", 'artifact', 1, '" + t + "', '{\"why\": \"test\"}')");
      }
    }
  }

  @Nested
  class NeedLifecycle {
    static final List<String> STATES =
        List.of("identified", "active", "actionable", "in_progress", "resolved", "deferred");
    static final List<String> ALLOWED =
        List.of(
            "identified>active",
            "active>actionable",
            "actionable>in_progress",
            "in_progress>resolved",
            "identified>deferred",
            "active>deferred",
            "actionable>deferred",
            "in_progress>deferred",
            "deferred>identified",
            "deferred>active");

    @Test
    void theForwardPathIsAllowedOneStepAtATime() {
      long n = need("identified");
      for (String to : List.of("active", "actionable", "in_progress", "resolved")) {
        ok("UPDATE needs SET status = '" + to + "' WHERE id = " + n);
      }
      assertEquals("resolved", one("SELECT status FROM needs WHERE id = " + n));
    }

    @Test
    void everyPairIsJudgedByTheTransitionTable() {
      for (String from : STATES) {
        for (String to : STATES) {
          if (from.equals(to)) {
            continue;
          }
          long n = need(from);
          String sql = "UPDATE needs SET status = '" + to + "' WHERE id = " + n;
          if (ALLOWED.contains(from + ">" + to)) {
            ok(sql);
          } else {
            rejected(sql, "need: " + from + " -> " + to + " is not allowed");
            assertEquals(from, one("SELECT status FROM needs WHERE id = " + n));
          }
        }
      }
    }

    @Test
    void settingTheSameStatusIsNotAMove() {
      long n = need("resolved");
      ok("UPDATE needs SET status = 'resolved', title = 'renamed' WHERE id = " + n);
    }

    @Test
    void anUnknownStatusIsReportedAsSuch() {
      long n = need("active");
      rejected(
          "UPDATE needs SET status = 'done' WHERE id = " + n,
          "CHECK constraint failed: needs_status");
    }

    @Test
    void theRulesAreData() {
      long n = need("resolved");
      rejected(
          "UPDATE needs SET status = 'active' WHERE id = " + n,
          "need: resolved -> active is not allowed");
      ok("INSERT INTO need_transitions VALUES ('resolved', 'active')");
      ok("UPDATE needs SET status = 'active' WHERE id = " + n);
      rejected(
          "INSERT INTO need_transitions VALUES ('resolved', 'closed')",
          "need_transitions_to_status");
    }
  }

  @Nested
  class ParentNeeds {
    @Test
    void aTreeIsFineButNoCycle() {
      long a = need("identified");
      ok("INSERT INTO needs (title, parent_need_id) VALUES ('b', " + a + ")");
      long b = a + 1;
      ok("INSERT INTO needs (title, parent_need_id) VALUES ('c', " + b + ")");
      long cc = b + 1;
      rejected(
          "UPDATE needs SET parent_need_id = " + a + " WHERE id = " + a,
          "need: parent_need_id would form a cycle");
      rejected("UPDATE needs SET parent_need_id = " + b + " WHERE id = " + a, "would form a cycle");
      rejected(
          "UPDATE needs SET parent_need_id = " + cc + " WHERE id = " + a, "would form a cycle");
      rejected(
          "INSERT INTO needs (id, title, parent_need_id) VALUES (99, 'self', 99)",
          "would form a cycle");
      ok("UPDATE needs SET parent_need_id = NULL WHERE id = " + b);
      ok("UPDATE needs SET parent_need_id = " + cc + " WHERE id = " + a);
    }

    @Test
    void theParentMustExist() {
      rejected(
          "INSERT INTO needs (title, parent_need_id) VALUES ('orphan', 42)",
          "need: its parent need does not exist");
    }
  }

  @Nested
  class TaskGraduation {
    @ParameterizedTest
    @ValueSource(strings = {"identified", "active", "resolved", "deferred"})
    void notBeforeTheNeedIsActionable(String status) {
      long n = need(status);
      rejected(
          "INSERT INTO tasks (need_id, description) VALUES (" + n + ", 't')",
          "task: its need must be actionable or in_progress");
      assertEquals("0", one("SELECT count(*) FROM tasks"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"actionable", "in_progress"})
    void actionableNeedsGetTasksWithTheirDerivedFromEdge(String status) {
      long n = need(status);
      ok("INSERT INTO tasks (need_id, description) VALUES (" + n + ", 't')");
      long t = Long.parseLong(one("SELECT max(id) FROM tasks"));
      assertEquals(
          "task " + t + " derived_from need " + n,
          one(
              "SELECT source_type || ' ' || source_id || ' ' || relationship_type || ' ' || target_type || ' ' || target_id "
                  + "FROM relationships"));
    }

    @Test
    void theNeedMustExistAndStays() throws SQLException {
      rejected(
          "INSERT INTO tasks (need_id, description) VALUES (77, 't')",
          "task: its need does not exist");
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA foreign_keys = OFF");
      }
      rejected(
          "INSERT INTO tasks (need_id, description) VALUES (77, 't')",
          "task: its need does not exist");
      rejected(
          "INSERT INTO tasks (description) VALUES ('t')",
          "NOT NULL constraint failed: tasks.need_id");
    }

    @Test
    void aTaskCannotMoveToAnotherNeed() {
      long a = need("actionable");
      long b = need("actionable");
      ok("INSERT INTO tasks (need_id, description) VALUES (" + a + ", 't')");
      rejected("UPDATE tasks SET need_id = " + b + " WHERE id = 1", "task: need_id cannot change");
      rejected("UPDATE tasks SET id = 5 WHERE id = 1", "task: id cannot change");
    }

    @Test
    void aNeedWithTasksCannotBeDeleted() {
      long a = need("actionable");
      ok("INSERT INTO tasks (need_id, description) VALUES (" + a + ", 't')");
      rejected("DELETE FROM needs WHERE id = " + a, "need: it has tasks; delete them first");
      assertEquals("1", one("SELECT count(*) FROM relationships"));
    }

    @Test
    void anAssignedAgentMustExist() {
      long a = need("actionable");
      rejected(
          "INSERT INTO tasks (need_id, description, assigned_agent_id) VALUES (" + a + ", 't', 5)",
          "task: its agent does not exist");
    }
  }

  @Nested
  class Relationships {
    String edge(String st, long sid, String tt, long tid, String type) {
      return "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type) VALUES ('"
          + st
          + "', "
          + sid
          + ", '"
          + tt
          + "', "
          + tid
          + ", '"
          + type
          + "')";
    }

    @ParameterizedTest
    @CsvSource({"need", "task", "artifact", "agent"})
    void bothEndpointsMustExist(String type) {
      long n = need("identified");
      // An agent only monitors (agent -> need); nothing may point at an agent (V2's
      // relationship_kinds).
      String kind = type.equals("agent") ? "monitors" : "references";
      rejected(edge(type, 99, "need", n, kind), "relationship: source " + type + " does not exist");
      if (type.equals("agent")) {
        rejected(
            edge("need", n, type, 99, "references"),
            "relationship: references connects a need, task or artifact");
      } else {
        rejected(
            edge("need", n, type, 99, "references"),
            "relationship: target " + type + " does not exist");
      }
      assertEquals("0", one("SELECT count(*) FROM relationships"));
    }

    @Test
    void updatesAreCheckedToo() {
      long n = need("identified");
      ok("INSERT INTO artifacts (title) VALUES ('a')");
      ok(edge("need", n, "artifact", 1, "produced"));
      rejected(
          "UPDATE relationships SET target_id = 99",
          "relationship: target artifact does not exist");
      rejected(
          "UPDATE relationships SET source_type = 'agent'",
          "relationship: source agent does not exist");
    }

    @Test
    void theSameEdgeOnlyOnce() {
      long a = need("identified");
      long b = need("identified");
      ok(edge("need", a, "need", b, "blocks"));
      rejected(edge("need", a, "need", b, "blocks"), "relationship: this edge exists");
      ok(edge("need", a, "need", b, "enables"));
      ok(edge("need", b, "need", a, "enables"));
      // V2: b blocks a would close a cycle with a blocks b.
      rejected(
          edge("need", b, "need", a, "blocks"),
          "relationship: this blocks edge would close a cycle");
    }

    @Test
    void deletingAnyEntityRemovesItsEdges() {
      long n = need("actionable");
      ok("INSERT INTO tasks (need_id, description) VALUES (" + n + ", 't')");
      ok("INSERT INTO artifacts (title) VALUES ('a'), ('b')");
      ok("INSERT INTO agents (agent_type) VALUES ('janitor')");
      ok(edge("task", 1, "artifact", 1, "produced"));
      ok(edge("agent", 1, "artifact", 1, "produced"));
      ok(edge("agent", 1, "need", n, "monitors"));
      ok(edge("artifact", 2, "artifact", 1, "references"));
      assertEquals("5", one("SELECT count(*) FROM relationships"));
      ok("DELETE FROM artifacts WHERE id = 1");
      assertEquals(
          List.of("agent monitors need", "task derived_from need"),
          all(
              "SELECT source_type || ' ' || relationship_type || ' ' || target_type FROM relationships ORDER BY 1"));
      ok("DELETE FROM agents WHERE id = 1");
      ok("DELETE FROM tasks WHERE id = 1");
      ok("DELETE FROM needs WHERE id = " + n);
      assertEquals("0", one("SELECT count(*) FROM relationships"));
    }
  }

  @Nested
  class Artifacts {
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "/etc/passwd|not absolute", "../outside.md|a .. segment", "docs/../../x|a .. segment",
              "docs/..|a .. segment",
          "..|a .. segment", "docs\\\\win.md|backslash", "C:/x.md|not absolute or on a drive",
              "''|must not be empty",
          "./docs/a.md|a . segment", "docs//a.md|an empty segment", "docs/|an empty segment"
        })
    void filePathMustBeRelativeSlashSeparatedAndInside(String path, String message) {
      rejected(
          "INSERT INTO artifacts (title, file_path) VALUES ('a', '" + path + "')",
          "artifact: file_path must ");
      rejected("INSERT INTO artifacts (title, file_path) VALUES ('a', '" + path + "')", message);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"README.md", "docs/a.md", "a..b/c..md", ".hidden/x", "sprint 12/notes.md"})
    void relativePathsAreFine(String path) {
      ok("INSERT INTO artifacts (title, file_path) VALUES ('a', '" + path + "')");
    }

    @Test
    void contentHashIsNullOr64LowerHex() {
      String good = "0123456789abcdef".repeat(4);
      ok("INSERT INTO artifacts (title, content_hash) VALUES ('a', '" + good + "')");
      ok("INSERT INTO artifacts (title, content_hash) VALUES ('a', NULL)");
      rejected(
          "INSERT INTO artifacts (title, content_hash) VALUES ('a', '" + good.toUpperCase() + "')",
          "artifacts_content_hash");
      rejected(
          "INSERT INTO artifacts (title, content_hash) VALUES ('a', '" + good.substring(1) + "')",
          "artifacts_content_hash");
      rejected(
          "INSERT INTO artifacts (title, content_hash) VALUES ('a', '" + good.substring(1) + "g')",
          "artifacts_content_hash");
      rejected("UPDATE artifacts SET content_hash = 'abc' WHERE id = 1", "artifacts_content_hash");
    }
  }

  @Nested
  class Timestamps {
    @Test
    void createdAndUpdatedDefaultToUtcIso8601() {
      long n = need("identified");
      assertTrue(one("SELECT created_at FROM needs WHERE id = " + n).matches(ISO));
      assertEquals(
          one("SELECT created_at FROM needs WHERE id = " + n),
          one("SELECT updated_at FROM needs WHERE id = " + n));
      ok("INSERT INTO artifacts (title) VALUES ('a')");
      assertTrue(one("SELECT updated_at FROM artifacts").matches(ISO));
    }

    @ParameterizedTest
    @ValueSource(strings = {"OFF", "ON"})
    void updatedAtFollowsEveryUpdate(String recursiveTriggers) {
      ok("PRAGMA recursive_triggers = " + recursiveTriggers);
      long n = need("actionable");
      ok("INSERT INTO tasks (need_id, description) VALUES (" + n + ", 't')");
      ok("INSERT INTO artifacts (title) VALUES ('a')");
      for (String table : List.of("needs", "tasks", "artifacts")) {
        ok("UPDATE " + table + " SET updated_at = '2000-01-01T00:00:00.000Z'");
        assertEquals(
            "2000-01-01T00:00:00.000Z",
            one("SELECT updated_at FROM " + table),
            "an explicit value is kept");
        ok("UPDATE " + table + " SET description = 'changed'");
        String now = one("SELECT updated_at FROM " + table);
        assertTrue(
            now.matches(ISO) && now.startsWith("20") && !now.startsWith("2000"),
            table + " updated_at = " + now);
      }
    }
  }

  @Nested
  class History {
    @Test
    void everyWriteIsRecordedOnceWithOldAndNewValues() {
      long n = need("identified");
      ok("UPDATE needs SET status = 'active', priority = 2 WHERE id = " + n);
      ok("DELETE FROM needs WHERE id = " + n);
      assertEquals(
          List.of("insert", "update", "delete"),
          all(
              "SELECT operation FROM history WHERE entity = 'need' AND entity_id = "
                  + n
                  + " ORDER BY id"));
      assertEquals(
          "identified|active|2",
          one(
              "SELECT json_extract(old_values, '$.status') || '|' || "
                  + "json_extract(new_values, '$.status') || '|' || json_extract(new_values, '$.priority') "
                  + "FROM history WHERE operation = 'update'"));
      assertEquals(
          "active",
          one(
              "SELECT json_extract(old_values, '$.status') FROM history WHERE operation = 'delete'"));
      assertEquals(null, one("SELECT new_values FROM history WHERE operation = 'delete'"));
      assertTrue(one("SELECT changed_at FROM history LIMIT 1").matches(ISO));
    }

    @Test
    void allFiveTablesAreRecordedWithJsonKeptAsJson() {
      long n = need("actionable");
      ok("INSERT INTO tasks (need_id, description) VALUES (" + n + ", 't')");
      ok("INSERT INTO artifacts (title) VALUES ('a')");
      ok("INSERT INTO agents (agent_type, monitored_needs) VALUES ('janitor', '[" + n + "]')");
      ok(
          "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, metadata) "
              + "VALUES ('agent', 1, 'need', "
              + n
              + ", 'monitors', '{\"since\": 1}')");
      assertEquals(
          List.of("agent", "artifact", "need", "relationship", "task"),
          all("SELECT DISTINCT entity FROM history ORDER BY 1"));
      assertEquals(
          "1",
          one(
              "SELECT json_extract(new_values, '$.metadata.since') FROM history "
                  + "WHERE entity = 'relationship' AND json_extract(new_values, '$.relationship_type') = 'monitors'"));
      assertEquals(
          "array",
          one(
              "SELECT json_type(new_values, '$.monitored_needs') FROM history WHERE entity = 'agent'"));
    }

    @Test
    void isAppendOnly() {
      need("identified");
      rejected(
          "UPDATE history SET operation = 'delete'",
          "history is append-only: rows cannot be updated");
      rejected("DELETE FROM history", "history is append-only: rows cannot be deleted");
      assertEquals("1", one("SELECT count(*) FROM history"));
    }
  }

  @Test
  void tablesAreStrictAndIndexed() {
    for (String t :
        List.of(
            "needs",
            "tasks",
            "artifacts",
            "relationships",
            "agents",
            "history",
            "need_transitions")) {
      assertEquals("1", one("SELECT strict FROM pragma_table_list WHERE name = '" + t + "'"), t);
    }
    List<String> indexes =
        all(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name");
    assertTrue(
        indexes.containsAll(
            List.of(
                "needs_by_scope_status",
                "tasks_by_need",
                "relationships_by_target",
                "artifacts_by_file_path")),
        indexes.toString());
    assertNotEquals(
        null, one("SELECT 1 FROM pragma_index_list('relationships') WHERE \"unique\" = 1"));
    assertEquals(
        "source_type,source_id",
        String.join(
            ",",
            all(
                "SELECT ii.name FROM pragma_index_list('relationships') il, pragma_index_info(il.name) ii "
                    + "WHERE il.\"unique\" = 1 AND ii.seqno < 2 ORDER BY ii.seqno")));
  }
}
