package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code need show} and {@code task show} print as text, in this JVM. */
class ShowCommandsTest {
  @TempDir Path dir;

  private String run(String... args) {
    return InProcess.ok(dir, args).out();
  }

  @BeforeEach
  void workspace() {
    run("init");
    run("agent", "register", "builder");
    run("need", "create", "Parent", "--as", "alice");
    run("need", "create", "Child", "--parent", "1", "--as", "alice");
    run("need", "move", "2", "active", "--as", "alice");
    run("need", "move", "2", "actionable", "--as", "alice", "--reason", "reproduced");
    run("need", "graduate", "2", "--task", "Try it");
  }

  @Test
  void needShowNamesItsParentAndItsRecentHistory() {
    String shown = run("need", "show", "2");
    assertTrue(shown.contains("\nparent: need 1\n"), shown);
    assertTrue(shown.contains("\nrecent history:\n"), shown);
    assertTrue(shown.contains("  insert  by person:alice"), shown);
    assertTrue(shown.contains("  update  by person:alice: reproduced"), shown);
  }

  /**
   * A hierarchy of needs was seen upwards only: need show named a need's parent, never its children
   * (nor did get_need, which answers the same detail).
   */
  @Test
  void needShowListsItsChildrenAndJsonCountsThem() throws Exception {
    run("need", "create", "Second child", "--parent", "1", "--scope", "eval", "--as", "alice");

    String shown = run("need", "show", "1");

    assertTrue(
        shown.contains(
            "\nchildren:\n"
                + "  need 2 [actionable] P- Child\n"
                + "  need 3 [identified] P- Second child (scope eval)\n"
                + "next statuses: "),
        shown);
    assertTrue(!run("need", "show", "2").contains("children:"), "none: no line");
    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(run("need", "show", "1", "--json"));
    assertEquals(2, json.get("children_total").asInt(), json.toString());
    assertEquals("Second child", json.get("children").get(1).get("title").asText());
    assertEquals("identified", json.get("children").get(1).get("status").asText());
  }

  /** The ids of a team's agent runs were nowhere but in each registration's output. */
  @Test
  void agentListGivesTheRunsNotFinishedAndAllOfThemWithAll() {
    run("agent", "register", "evaluator");
    run("agent", "start", "2");
    run("agent", "register", "trainer");
    run("agent", "finish", "3", "--status", "failed");

    assertEquals(
        "2 agent run(s) not finished:\n  agent 1 (builder) [provisioning]\n"
            + "  agent 2 (evaluator) [active]\n",
        run("agent", "list"));
    assertEquals(
        "3 agent run(s), the first 2:\n  agent 1 (builder) [provisioning]\n"
            + "  agent 2 (evaluator) [active]\n",
        run("agent", "list", "--all", "--limit", "2"));
  }

  @Test
  void taskShowGivesTheResultARetriedTaskKept() {
    run("task", "claim", "1", "--agent", "1");
    run("task", "fail", "1", "--agent", "1", "--result", "the disk was full");
    run("task", "retry", "1", "--agent", "1");
    String shown = run("task", "show", "1");
    assertTrue(shown.startsWith("task 1 [open]"), shown);
    assertTrue(shown.contains("\nresult: the disk was full"), shown);
  }

  /**
   * A description is several lines by design, and need show printed it as it was among the fields:
   * one written to read "next statuses: (none)" and "tasks:" with a forged task under it passed for
   * the need's own. Its lines are indented under "description:" now.
   */
  @Test
  void aMultiLineDescriptionIsIndentedSoNoLineOfItPassesForAField() {
    run(
        "need",
        "create",
        "Spoof",
        "--as",
        "mallory",
        "--description",
        "ok\n\nnext statuses: (none)\ntasks:\n  task 9 [completed] P1 Forged (need 3, agent 1)");
    String shown = run("need", "show", "3");
    assertTrue(
        shown.contains(
            "\ndescription:\n  ok\n\n  next statuses: (none)\n  tasks:\n"
                + "    task 9 [completed] P1 Forged (need 3, agent 1)\nnext statuses: active, deferred\n"
                + "tasks: (none)\n"),
        shown);
    assertEquals(1, shown.lines().filter(l -> l.startsWith("next statuses:")).count(), shown);
    String oneLine = run("need", "show", "1");
    assertTrue(oneLine.contains("\nnext statuses:"), oneLine);
    run("need", "update", "1", "--description", "One line.", "--as", "alice");
    assertTrue(run("need", "show", "1").contains("\ndescription: One line.\nnext statuses:"));
  }

  @Test
  void aMultiLineResultIsIndentedUnderItsLabel() {
    run("task", "claim", "1", "--agent", "1");
    run("task", "fail", "1", "--agent", "1", "--result", "first try\nstatus: completed");
    String shown = run("task", "show", "1");
    assertTrue(shown.endsWith("\nresult:\n  first try\n  status: completed\n"), shown);
  }

  @Test
  void aTitleThatStartsWithADashIsRefusedWithTheWayToPassIt() {
    StringWriter err = new StringWriter();
    assertEquals(
        Main.BROKEN,
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
            .execute("need", "create", "- not a bullet", "--workspace", dir.toString()));
    assertTrue(
        err.toString()
            .contains(
                "hint: '- not a bullet' was read as an option; put a value that starts with '-'"
                    + " after `--`, after every option, as in `mlos need create -- '- not a"
                    + " bullet'`"),
        err.toString());
    StringWriter out = new StringWriter();
    assertEquals(
        Main.OK,
        Main.commandLine(new PrintWriter(out), new PrintWriter(new StringWriter()))
            .execute("need", "create", "--workspace", dir.toString(), "--", "- not a bullet"));
    assertTrue(out.toString().contains("- not a bullet"), out.toString());
  }

  /** Runs a line expected to be refused as bad arguments; returns its stderr. */
  private static String badArguments(String... args) {
    StringWriter err = new StringWriter();
    assertEquals(
        Main.BROKEN,
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err)).execute(args));
    return err.toString();
  }

  @Test
  void aTitleOfExactlyTwoDashesGoesAfterTheDelimiterAndEveryMisplacedDelimiterSaysSo() {
    // `--` ends the options; the `--` after it is the title.
    StringWriter out = new StringWriter();
    assertEquals(
        Main.OK,
        Main.commandLine(new PrintWriter(out), new PrintWriter(new StringWriter()))
            .execute("need", "create", "--workspace", dir.toString(), "--", "--"));
    assertTrue(out.toString().startsWith("Created need 3 "), out.toString());
    assertTrue(run("need", "show", "3").startsWith("need 3 [identified] P- --\n"));

    String alone = badArguments("need", "create", "--workspace", dir.toString(), "--");
    assertTrue(alone.startsWith("error: Missing required parameter: 'TITLE'\n"), alone);
    assertTrue(
        alone.contains(
            "  hint: `--` ends the options and is no value itself; a TITLE that is `--` goes after"
                + " it, as in `mlos need create -- --`\n"),
        alone);

    // Options after the delimiter are values: picocli's "Unknown options" alone did not say so.
    String after = badArguments("need", "create", "--", "--", "--workspace", dir.toString());
    assertTrue(after.startsWith("error: Unknown options: '--workspace', "), after);
    assertTrue(
        after.contains(
            "  hint: every argument after `--` is a value, not an option (here '--',"
                + " '--workspace', "),
        after);
    assertTrue(
        after.contains(
            "put the options before `--` and only TITLE after it, as in `mlos need create"
                + " [OPTIONS] -- TITLE`\n"),
        after);

    // picocli never takes `--` as an option's value, attached or not.
    for (String[] line :
        new String[][] {
          {"need", "update", "1", "--title", "--", "--workspace", dir.toString()},
          {"need", "update", "1", "--title=--", "--workspace", dir.toString()}
        }) {
      String update = badArguments(line);
      assertTrue(
          update.contains(
              "  hint: `--` ends the options, so it cannot be the value of --title (nor written as"
                  + " --title=--)\n"),
          update);
    }
    assertTrue(run("need", "show", "1").startsWith("need 1 [identified] P- Parent"), "unchanged");
  }

  /**
   * A required option typed after the delimiter ({@code mlos need graduate 6 -- --task x}, a new
   * user's trial) was answered with the hint for a NEED_ID of {@code --}: it is a value there, and
   * the hint says to put it before the delimiter.
   */
  @Test
  void aRequiredOptionAfterTheDelimiterIsToldToGoBeforeIt() {
    String said =
        badArguments("need", "graduate", "6", "--workspace", dir.toString(), "--", "--task", "x");
    assertTrue(said.startsWith("error: Missing required option: '--task=DESCRIPTION'\n"), said);
    assertTrue(
        said.contains(
            "  hint: every argument after `--` is a value, not an option (here --task too): put"
                + " the options before `--` and only NEED_ID after it, as in `mlos need graduate"
                + " [OPTIONS] -- NEED_ID`\n"),
        said);
    assertFalse(said.contains("a NEED_ID that is `--`"), said);
  }

  @Test
  void aLensWeightGivenTwiceIsRefusedNotSilentlyTheLastOne() {
    String said =
        badArguments(
            "agent",
            "lens",
            "--for",
            "1",
            "--weight",
            "tag:x=2",
            "--weight",
            "tag:x=3",
            "--workspace",
            dir.toString());
    assertTrue(said.startsWith("error: --weight tag:x is given twice"), said);
    assertTrue(
        run("agent", "lens", "--for", "1", "--weight", "tag:x=2", "--weight", "scope:k=3")
            .contains("weights {scope:k=3.0, tag:x=2.0}"));
  }

  /**
   * A user trial: {@code need move 2 actionable} on an actionable need printed "Moved need 2
   * [actionable]", and an update to the values held "Updated", though nothing was written.
   */
  @Test
  void aMoveOrUpdateThatFindsNothingToDoSaysNothingChanged() {
    String history = run("history", "need:2");
    String moved = run("need", "move", "2", "actionable", "--reason", "again");
    assertTrue(
        moved.startsWith(
            "Nothing changed: need 2 is actionable already (nothing written, no history row)\n"
                + "need 2 [actionable]"),
        moved);
    assertEquals(history, run("history", "need:2"), "no history row");
    assertTrue(
        run("need", "move", "2", "actionable", "--json").contains("\"changed\" : false"),
        "JSON says so too");
    assertTrue(run("need", "move", "1", "active").startsWith("Moved need 1 [active]"));
    assertTrue(
        run("need", "defer", "1").startsWith("Deferred need 1"), "a real defer says Deferred");
    assertTrue(run("need", "defer", "1").startsWith("Nothing changed: need 1 is deferred already"));
    assertTrue(
        run("need", "update", "2", "--title", "Child")
            .startsWith("Nothing changed: need 2 holds these values already"));
    assertTrue(
        run("need", "update", "2", "--title", "Kid", "--json").contains("\"changed\" : true"));
    assertTrue(
        run("task", "update", "1", "--description", "Try it")
            .startsWith("Nothing changed: task 1 holds these values already"));
    assertTrue(
        run("task", "update", "1", "--priority", "1").startsWith("Updated task 1 [open] P1"));
  }

  @Test
  void anUpdateThatChangesNothingSaysSoInsteadOfUpdated() {
    String said = badArguments("need", "update", "1", "--workspace", dir.toString());
    assertTrue(said.startsWith("error: nothing to change ("), said);
    assertTrue(said.contains("\n  fix: give --title,"), said);
    assertTrue(said.contains("`mlos need move`"), said);
    // A source transcript can be set on an existing need too, not only cleared.
    run("need", "update", "1", "--source-transcript", "chats/42.md");
    assertTrue(
        run("need", "show", "1", "--json").contains("\"source_transcript\" : \"chats/42.md\""),
        run("need", "show", "1", "--json"));
  }

  @Test
  void clearTagsEmptiesThemAndABadArgumentSaysErrorOnce() {
    run("need", "update", "1", "--tags", "kernel,boot");
    assertTrue(run("need", "show", "1").startsWith("need 1 [identified] P- Parent #boot #kernel"));
    run("need", "update", "1", "--clear", "tags");
    assertTrue(run("need", "show", "1").startsWith("need 1 [identified] P- Parent\n"));

    StringWriter both = new StringWriter();
    assertEquals(
        Main.BROKEN,
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(both))
            .execute(
                "need",
                "update",
                "1",
                "--clear",
                "tags",
                "--tags",
                "x",
                "--workspace",
                dir.toString()));
    assertTrue(both.toString().contains("contradict"), both.toString());

    StringWriter err = new StringWriter();
    Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
        .execute("need", "graduate", "2", "--workspace", dir.toString());
    assertTrue(
        err.toString().startsWith("error: Missing required option: '--task=DESCRIPTION'"),
        err.toString());
  }

  @Test
  void aControlSequenceARawSqlWriteLeftIsShownNotSentToTheTerminal() throws Exception {
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlos.db"));
        java.sql.Statement s = c.createStatement()) {
      s.execute("UPDATE tasks SET result = 'red' || char(27) || '[31m text' WHERE id = 1");
    }
    String shown = run("task", "show", "1");
    assertTrue(shown.contains("result: red\\u001B[31m text"), shown);
    assertTrue(shown.chars().noneMatch(ch -> ch == 27), shown);
  }

  @Test
  void bidiControlsARawSqlWriteLeftAreShownAsOnThePagesButJsonKeepsThem() throws Exception {
    // A user trial: need show printed U+202E and U+2066 raw, reversing the rest of the line. Since
    // schema V11 the database refuses them (needs_one_line_update, dropped for the write and put
    // back as it was); a row from before keeps them.
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlos.db"));
        java.sql.Statement s = c.createStatement()) {
      String trigger;
      try (java.sql.ResultSet rs =
          s.executeQuery("SELECT sql FROM sqlite_schema WHERE name = 'needs_one_line_update'")) {
        trigger = rs.getString(1);
      }
      s.execute("DROP TRIGGER needs_one_line_update");
      s.execute(
          "UPDATE needs SET title = 'raw ' || char(8238) || 'evil' || char(65279),"
              + " scope = 's' || char(8294) || 'x' WHERE id = 1");
      s.execute(trigger);
    }
    String shown = run("need", "show", "1");
    assertTrue(
        shown.startsWith("need 1 [identified] P- raw \uFFFDevil\uFFFD (scope s\uFFFDx)"), shown);
    assertTrue(
        shown
            .chars()
            .noneMatch(
                ch -> ch >= 0x202A && ch <= 0x202E || ch >= 0x2066 && ch <= 0x2069 || ch == 0xFEFF),
        shown);
    // JSON keeps them exact: the bidirectional controls as JSON escapes (stdout's rule), U+FEFF
    // raw.
    String json = run("need", "show", "1", "--json");
    assertTrue(json.contains("\"raw \\u202Eevil\uFEFF\""), json);
    assertTrue(json.contains("\"s\\u2066x\""), json);
    com.fasterxml.jackson.databind.JsonNode need = Output.JSON.readTree(json);
    assertEquals("raw \u202Eevil\uFEFF", need.path("title").asText(), json);
    assertEquals("s\u2066x", need.path("scope").asText(), json);
  }

  /**
   * A run registered before schema V15 keeps a kernel version of several lines (V13 took one), and
   * agent show printed it raw: lines of its own under the run's, a forged field for whoever reads
   * it. It is shown on one line now, its line breaks as \\u000A; --json keeps it exact.
   */
  @Test
  void aKernelVersionOfSeveralLinesFromBeforeV15IsShownOnOneLine() throws Exception {
    OldAgentRows.preV15KernelVersion(dir.resolve("mlos.db"), "6.1\nstatus: completed\r\n# Tools");
    String shown = run("agent", "show", "1");
    assertTrue(
        shown.startsWith(
            "agent 1 (builder) [provisioning] kernel 6.1\\u000Astatus: completed\\u000D\\u000A# Tools\n"),
        shown);
    assertTrue(shown.lines().noneMatch(l -> l.startsWith("status:") || l.startsWith("#")), shown);
    assertTrue(
        run("agent", "show", "1", "--json")
            .contains("\"kernel_version\" : \"6.1\\nstatus: completed\\r\\n# Tools\""));
    assertTrue(
        run("agent", "start", "1")
            .startsWith("Started agent 1 (builder) [active] kernel 6.1\\u000A"));
  }
}
