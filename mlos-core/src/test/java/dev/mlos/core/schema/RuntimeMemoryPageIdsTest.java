package dev.mlos.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The id of a session, a workflow run and a proposal names its page and its MCP resource
 * (mlos://sessions/{id}): one with whitespace at an end or a control character was accepted, its
 * page compiled, and the resource could never be read. Schema V2 refuses it, naming the rule.
 */
class RuntimeMemoryPageIdsTest {
  @TempDir Path dir;
  Connection c;

  @BeforeEach
  void open() throws SQLException {
    c = Database.at(dir.resolve("tom_runtime.sqlite")).open(true);
    Migrator.forSet("runtime-memory").migrate(c);
    try (Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO skills_learned (id, skill_key, description, source_type, confidence, learned_at)"
              + " VALUES ('k1', 'http.retry', 'Retry', 'conversation', 0.8, '2026-03-01T09:06:00Z')");
    }
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private void insert(String table, String id) throws SQLException {
    String sql =
        switch (table) {
          case "sessions" ->
              "INSERT INTO sessions (id, actor, started_at) VALUES (?, 'tom', '2026-03-01T09:00:00Z')";
          case "workflow_runs" ->
              "INSERT INTO workflow_runs (id, workflow_name, trigger_source, initiated_by, status,"
                  + " started_at) VALUES (?, 'nightly', 'cron', 'cron', 'queued', '2026-03-01T09:00:00Z')";
          default ->
              "INSERT INTO skill_to_logic_proposals (id, skill_id, proposed_by, proposal_type,"
                  + " proposal_json, risk_level, status, created_at, updated_at) VALUES (?, 'k1',"
                  + " 'oxide', 'code_patch', '{}', 'low', 'drafted', '2026-03-01T09:00:00Z',"
                  + " '2026-03-01T09:00:00Z')";
        };
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
  }

  private void refused(String table, String id, String page) {
    SQLException e = assertThrows(SQLException.class, () -> insert(table, id), table + " " + id);
    assertTrue(
        e.getMessage()
            .contains(
                table
                    + ": an id is 1 to 500 characters with no whitespace at either end and no"
                    + " control character (tab, line break), since it names the page mlos://"
                    + page
                    + "/{id}: trim the id and write it on one line"),
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        " sess-1",
        "sess-1 ",
        "\tsess-1",
        "sess-1\n",
        "a\nb",
        "a\rb",
        "a\u0000b",
        "a\u001bb",
        "a\u0085b",
        "\u3000sess",
        "sess\u2028",
        "\u00a0\u0009",
        ""
      })
  void anIdThatNoResourceUriCanNameIsRefusedByEveryPagedTable(String id) {
    refused("sessions", id, "sessions");
    refused("workflow_runs", id, "workflows");
    refused("skill_to_logic_proposals", id, "proposals");
  }

  @Test
  void anyOtherTextIsAnId() throws SQLException {
    String longest = "🎉".repeat(500); // 500 characters, 1,000 UTF-16 units
    for (String table : new String[] {"sessions", "workflow_runs", "skill_to_logic_proposals"}) {
      for (String id :
          new String[] {"Séance 1 🎉", "a/b", "marcus@rome+1", "\u00a0nbsp\u00a0", "x", longest}) {
        insert(table, id);
      }
      refused(
          table,
          longest + "x",
          table.equals("sessions")
              ? "sessions"
              : table.equals("workflow_runs") ? "workflows" : "proposals");
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
        assertEquals(6, rs.getInt(1), table);
      }
    }
  }

  @Test
  void anIdCannotBeChangedToOneThatBreaksTheRule() throws SQLException {
    insert("sessions", "sess-1");
    try (Statement s = c.createStatement()) {
      SQLException e =
          assertThrows(
              SQLException.class,
              () -> s.execute("UPDATE sessions SET id = id || ' ' WHERE id = 'sess-1'"));
      assertTrue(e.getMessage().contains("sessions: an id is 1 to 500 characters"), e.getMessage());
      s.execute("UPDATE sessions SET id = 'sess-2' WHERE id = 'sess-1'");
      s.execute("UPDATE sessions SET status = 'closed'"); // other columns are not the rule's
    }
  }
}
