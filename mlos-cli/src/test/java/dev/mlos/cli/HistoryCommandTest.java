package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code mlos history} prints, in this JVM. */
class HistoryCommandTest {
  @TempDir Path dir;

  private String run(int expected, String... args) {
    InProcess.Run r = InProcess.run(dir, expected, args);
    return r.out() + r.err();
  }

  @Test
  void theHistoryOfALensSaysWhoSetItAndWhoChangedIt() {
    run(Main.OK, "init");
    run(Main.OK, "agent", "register", "architect");
    String set = run(Main.OK, "agent", "lens", "--for", "1", "--tag", "kernel", "--as", "alice");
    assertTrue(set.startsWith("Set the lens of agent 1 (lens:1): "), set);
    run(
        Main.OK,
        "agent",
        "lens",
        "--for",
        "1",
        "--tag",
        "boot",
        "--as",
        "bob",
        "--reason",
        "moved");

    String shown = run(Main.OK, "history", "lens:1");
    assertTrue(shown.startsWith("lens 1: 2 change(s)\n"), shown);
    assertTrue(shown.contains("  insert  by person:alice"), shown);
    assertTrue(shown.contains("  update  by person:bob: moved"), shown);

    assertTrue(
        run(Main.REFUSED, "history", "lens:9")
            .startsWith("refused (not_found): lens 9 does not exist"));
  }

  /**
   * A lens or relationship id that names none was refused with no fix (a new user's trial: {@code
   * mlos history lens:999}), where a need's, task's, artifact's or agent's says where such ids are
   * listed: they say it too now.
   */
  @Test
  void aLensOrRelationshipIdThatNamesNoneSaysWhereTheIdsAre() {
    InProcess.ok(dir, "init");

    assertEquals(
        "refused (not_found): lens 9 does not exist\n"
            + "  fix: find the lens's id with `mlos agent show <agent id>` (lens:1); `mlos agent"
            + " lens` prints it when it sets one\n",
        InProcess.run(dir, Main.REFUSED, "history", "lens:9").err());
    assertEquals(
        "refused (not_found): relationship 9 does not exist\n"
            + "  fix: find the relationship's id with `mlos need show <need id>` of a need it"
            + " touches (relationship 4)\n",
        InProcess.run(dir, Main.REFUSED, "history", "relationship:9").err());
  }

  @Test
  void aHistoryCutByLimitSaysSoInsteadOfCountingOnlyTheRowsShown() {
    run(Main.OK, "init");
    run(Main.OK, "need", "create", "Boots", "--as", "alice");
    for (int i = 1; i <= 3; i++) {
      run(Main.OK, "need", "update", "1", "--title", "Boots " + i, "--as", "bob");
    }
    // 4 rows in all: --limit 2 shows the latest two and says older ones are left out.
    String cut = run(Main.OK, "history", "need:1", "--limit", "2");
    assertTrue(
        cut.startsWith("need 1: the latest 2 change(s); older ones left out (--limit 2)\n"), cut);
    assertEquals(2, cut.split("  update  by person:bob", -1).length - 1, cut);
    assertTrue(!cut.contains("insert"), cut);
    // Scripts are told too.
    String json = run(Main.OK, "history", "need:1", "--limit", "2", "--json").replaceAll("\\s", "");
    assertTrue(json.endsWith("\"older_left_out\":true}"), json);
    json = run(Main.OK, "history", "need:1", "--limit", "4", "--json").replaceAll("\\s", "");
    assertTrue(json.endsWith("\"older_left_out\":false}"), json);
    // At the engine's most rows, fewer rows than asked are the whole history: a script was told
    // null ('cannot tell') for a need with 4 rows, while the text counted them whole.
    json = run(Main.OK, "history", "need:1", "--limit", "1000", "--json").replaceAll("\\s", "");
    assertTrue(json.endsWith("\"older_left_out\":false}"), json);
    // A limit the history fits in counts it whole, as before.
    String whole = run(Main.OK, "history", "need:1", "--limit", "4");
    assertTrue(whole.startsWith("need 1: 4 change(s)\n"), whole);
    assertTrue(whole.contains("  insert  by person:alice"), whole);
    assertTrue(
        run(Main.BROKEN, "history", "need:1", "--limit", "0").contains("history limit 0 is not"),
        "the engine's refusal of a limit out of range stands");
  }

  @Test
  void jsonHistoryGivesTheValuesAsObjectsNotAsTextInStrings() throws Exception {
    run(Main.OK, "init");
    run(Main.OK, "need", "create", "Boots", "--tag", "kernel");
    run(Main.OK, "need", "update", "1", "--title", "Boots \"everywhere\"");

    com.fasterxml.jackson.databind.JsonNode rows =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(InProcess.ok(dir, "history", "need:1", "--json").out())
            .get("history");
    assertTrue(rows.get(0).get("old_values").isNull(), rows.toString());
    assertTrue(rows.get(0).get("new_values").isObject(), rows.toString());
    assertEquals("Boots", rows.get(0).get("new_values").get("title").asText());
    assertEquals("kernel", rows.get(0).get("new_values").get("tags").get(0).asText());
    assertEquals("Boots", rows.get(1).get("old_values").get("title").asText());
    assertEquals("Boots \"everywhere\"", rows.get(1).get("new_values").get("title").asText());
    assertTrue(rows.get(1).get("new_values").get("id").isIntegralNumber(), rows.toString());

    // need show --json (and MCP get_need, from the same Rows) carries the same shape.
    com.fasterxml.jackson.databind.JsonNode shown =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(InProcess.ok(dir, "need", "show", "1", "--json").out());
    assertTrue(shown.get("history").get(1).get("new_values").isObject(), shown.toString());
  }

  @Test
  void eachUpdateLineSaysWhatChanged() {
    // A trial: a need's history read "update  by agent:1" twice, with no word of what either did;
    // the need's page showed the moves, the command did not.
    run(Main.OK, "init");
    run(Main.OK, "agent", "register", "builder");
    run(Main.OK, "need", "create", "Boots", "--as", "alice");
    run(Main.OK, "need", "move", "1", "active", "--as", "alice", "--reason", "seen twice");
    run(Main.OK, "need", "update", "1", "--title", "Boots twice", "--priority", "2", "--as", "bob");

    String shown = run(Main.OK, "history", "need:1");

    List<String> lines = shown.lines().map(String::strip).toList();
    assertEquals(4, lines.size(), shown);
    assertTrue(lines.get(1).endsWith("  insert  by person:alice"), shown);
    assertTrue(
        lines
            .get(2)
            .endsWith("  update  by person:alice: seen twice  (status identified -> active)"),
        shown);
    assertTrue(lines.get(3).endsWith("  update  by person:bob  (changed priority, title)"), shown);
  }

  /**
   * A history row is one line of the command's output, but its values were printed as they were: a
   * row added with the sqlite3 shell (history is append-only, not closed) whose reason, actor or
   * status held a line break printed lines of its own, such as a forged "update by person:admin"
   * that no one made. A line break or carriage return inside a value is shown as \\u000A now, as
   * the other control characters were.
   */
  @Test
  void aHistoryRowIsOneLineWhateverItsValuesHold() throws Exception {
    run(Main.OK, "init");
    run(Main.OK, "need", "create", "Boots", "--as", "alice");
    String forged =
        "  2026-01-01T00:00:00.000Z  update  by person:admin  (status active -> resolved)";
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlos.db"));
        java.sql.PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO history (entity, entity_id, operation, old_values, new_values, actor,"
                    + " session, reason) VALUES ('need', 1, 'update', json_object('status', 'a'),"
                    + " json_object('status', ?), ?, ?, ?)")) {
      s.setString(1, "b\n" + forged);
      s.setString(2, "person:eve\r\n" + forged);
      s.setString(3, "s\n" + forged);
      s.setString(4, "why\n" + forged);
      s.executeUpdate();
    }

    String shown = run(Main.OK, "history", "need:1");

    List<String> lines = shown.lines().toList();
    assertEquals(3, lines.size(), shown);
    assertTrue(lines.stream().noneMatch(l -> l.startsWith(forged)), shown);
    assertTrue(lines.get(2).contains("by person:eve\\u000D\\u000A  2026-01-01T00"), shown);
    assertTrue(lines.get(2).contains("(status a -> b\\u000A  2026-01-01T00"), shown);
  }
}
