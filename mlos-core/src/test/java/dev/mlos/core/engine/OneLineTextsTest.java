package dev.mlos.core.engine;

import static dev.mlos.core.engine.EngineTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.OldRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-line texts against schema mlos V11's triggers: the engine refuses first, in its own words
 * (which character, which row); what the triggers say maps to the engine's rule ids; and a row
 * written before V11 with such a text still takes the engine's other changes.
 */
class OneLineTextsTest {
  static final String RLO =
      "it contains a control character (U+202E, a right-to-left override, invisible, which"
          + " reverses the text after it)";

  @TempDir Path dir;
  Path db;
  Engine engine;

  @BeforeEach
  void open() {
    db = EngineDatabase.create(dir.resolve("mlos.db"));
    engine = Engine.open(db, Actor.person("alice"));
  }

  @AfterEach
  void close() {
    engine.close();
  }

  Need actionable(String title) {
    Need n = engine.createNeed(NeedSpec.titled(title));
    engine.moveNeed(n.id(), "active", null);
    return engine.moveNeed(n.id(), "actionable", null).row();
  }

  @Test
  void theEngineRefusesFirstInItsOwnWords() throws Exception {
    String bad = "a\u202Eb";
    assertEquals(
        "need title must be one line of at most 500 characters; " + RLO,
        refused("need.title", () -> engine.createNeed(NeedSpec.titled(bad))).getMessage());
    assertEquals(
        "scope must be 1..200 characters on one line; " + RLO,
        refused("need.scope", () -> engine.createNeed(NeedSpec.titled("n").withScope(bad)))
            .getMessage());
    Need n = actionable("n");
    assertEquals(
        "need " + n.id() + ": need title must be one line of at most 500 characters; " + RLO,
        refused("need.title", () -> engine.updateNeed(n.id(), NeedChange.none().title(bad)))
            .getMessage());
    assertEquals(
        "need " + n.id() + ": task description must be one line of at most 500 characters; " + RLO,
        refused("task.description", () -> engine.graduate(n.id(), List.of(TaskSpec.of(bad))))
            .getMessage());
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    assertEquals(
        "task " + t.id() + ": task description must be one line of at most 500 characters; " + RLO,
        refused("task.description", () -> engine.updateTask(t.id(), bad, null)).getMessage());
    Files.writeString(dir.resolve("notes.md"), "x\n");
    assertEquals(
        "artifact title must be one line of at most 500 characters; " + RLO,
        refused(
                "artifact.text",
                () ->
                    engine.registerArtifact(
                        ArtifactPlaces.defaults(dir), ArtifactSpec.of("notes.md").withTitle(bad)))
            .getMessage());
    assertEquals(
        "scope must be 1..200 characters on one line; " + RLO,
        refused(
                "lens.scopes",
                () -> engine.setLens(LensSpec.forAgentType("architect").withScopes(List.of(bad))))
            .getMessage());
    assertEquals(
        List.of("1|1|0|0"),
        EngineDatabase.rows(
            db,
            "SELECT (SELECT count(*) FROM needs), (SELECT count(*) FROM tasks),"
                + " (SELECT count(*) FROM artifacts), (SELECT count(*) FROM lenses)"),
        "nothing refused was written");
  }

  /**
   * A file name may hold a right-to-left override (the path rule refuses only control characters);
   * as the title of an artifact registered without one it was written as it was, and since V11 the
   * database would refuse it in its own words.
   */
  @Test
  void aFileNameTheTitleRuleRefusesIsNamedAndATitleFixesIt() throws Exception {
    String path = "docs/report\u202Etxt.md";
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve(path), "x\n");
    RefusedException e =
        refused(
            "artifact.text",
            () -> engine.registerArtifact(ArtifactPlaces.defaults(dir), ArtifactSpec.of(path)));
    assertEquals(
        "artifact title, taken from the file name of 'docs/report\\u202Etxt.md' when none is"
            + " given, must be one line; "
            + RLO,
        e.getMessage());
    assertEquals("give the artifact a title, on one line", e.fix());
    assertEquals(List.of("0"), EngineDatabase.rows(db, "SELECT count(*) FROM artifacts"));
    assertEquals(
        "Report",
        engine
            .registerArtifact(
                ArtifactPlaces.defaults(dir), ArtifactSpec.of(path).withTitle("Report"))
            .artifact()
            .title());
  }

  @Test
  void theTriggersMessagesMapToTheEnginesRuleIds() throws Exception {
    Map<String, String> writes =
        Map.of(
            "INSERT INTO needs (title) VALUES ('a' || char(10))",
            "need.title",
            "INSERT INTO needs (title, scope) VALUES ('a', 'b' || char(8294))",
            "need.scope",
            "INSERT INTO tasks (need_id, description) VALUES (1, 'c' || char(65279))",
            "task.description",
            "INSERT INTO artifacts (title) VALUES ('d' || char(8232))",
            "artifact.text",
            "INSERT INTO lenses (agent_type, scopes) VALUES ('x', json_array('e' || char(9)))",
            "lens.scopes",
            "INSERT INTO lenses (agent_type, weights) VALUES ('x', json_object('scope:' ||"
                + " char(127), 1))",
            "lens.weights");
    actionable("n");
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      for (Map.Entry<String, String> w : writes.entrySet()) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(w.getKey()));
        RefusedException r = DatabaseRefusals.translate(e);
        assertEquals(w.getValue(), r.rule(), r.getMessage());
      }
    }
  }

  /**
   * An agent run's kernel version is shown on one line (`agent 1 (builder) [active] kernel 6.1`,
   * the boot prompt's identity line), but it kept line breaks: `--kernel-version $'6.1\n# Tools'`
   * put a heading of its own into the agent's boot prompt. The engine refuses it now, naming the
   * character, and the database (schema V15) for every other writer.
   */
  @Test
  void aKernelVersionIsOneLine() throws Exception {
    for (String bad : List.of("6.1\n# Tools", "6.1\r", "6.1\tx", "6.1\u2028x", "6.1\u202Ex")) {
      RefusedException e =
          refused("agent.text", () -> engine.registerAgent(new AgentSpec("builder", bad, null)));
      assertEquals(List.of(), e.allowed());
      assertEquals(
          true,
          e.getMessage().startsWith("kernel_version must be one line; it contains a control"),
          e.getMessage());
    }
    assertEquals(
        "kernel_version must be one line; it contains a control character (U+000A, a line break"
            + " (LF))",
        refused(
                "agent.text",
                () -> engine.registerAgent(new AgentSpec("builder", "6.1\n# Tools", null)))
            .getMessage());
    assertEquals(
        List.of("0"), EngineDatabase.rows(db, "SELECT count(*) FROM agents"), "nothing written");
    assertEquals(
        "6.1-rc2 (x86_64)",
        engine.registerAgent(new AgentSpec("builder", "6.1-rc2 (x86_64)", null)).kernelVersion());

    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      for (String sql :
          List.of(
              "INSERT INTO agents (agent_type, kernel_version) VALUES ('b', '6.1' || char(10))",
              "UPDATE agents SET kernel_version = 'x' || char(8233) WHERE id = 1")) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql));
        assertEquals("agent.text", DatabaseRefusals.translate(e).rule(), e.getMessage());
      }
    }
    // A run written before V15 with a line break keeps it, and still starts and finishes.
    OldRows.write(
        db,
        "INSERT INTO agents (id, agent_type, kernel_version) VALUES (9, 'old', '6.1' || char(10))");
    engine.startAgent(9);
    assertEquals("6.1\n", engine.finishAgent(9, "completed", "done").kernelVersion());
  }

  /** The engine writes a row whole: a text from before V11 it does not change is written back. */
  @Test
  void aRowWrittenBeforeV11StillTakesTheEnginesOtherChanges() throws Exception {
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    Files.writeString(dir.resolve("notes.md"), "x\n");
    Artifact a =
        engine
            .registerArtifact(ArtifactPlaces.defaults(dir), ArtifactSpec.of("notes.md"))
            .artifact();
    OldRows.write(
        db,
        "UPDATE needs SET title = 'two' || char(10) || 'lines', scope = 's' || char(8238)",
        "UPDATE tasks SET description = 't' || char(9) || 'tab'",
        "UPDATE artifacts SET title = 'bom' || char(65279)");

    engine.updateNeed(n.id(), NeedChange.none().priority(2).description("d"));
    engine.updateTask(t.id(), null, 3);
    engine.updateArtifact(a.id(), ArtifactChange.none().description("about"));
    Files.writeString(dir.resolve("notes.md"), "y\n");
    engine.rehashArtifact(ArtifactPlaces.defaults(dir), a.id());

    assertEquals(
        List.of("two\nlines|s\u202E|2|d", "t\ttab|3|open|", "bom\uFEFF|about||"),
        EngineDatabase.rows(
            db,
            "SELECT title, scope, priority, description FROM needs UNION ALL SELECT description,"
                + " priority, status, '' FROM tasks UNION ALL SELECT title, description, '', ''"
                + " FROM artifacts"));
    // Its text itself changes only to one line.
    engine.updateNeed(n.id(), NeedChange.none().title("two lines"));
    assertEquals("two lines", engine.getNeed(n.id()).need().title());
  }

  /**
   * The reason an agent gives a release (MCP's release_task, unrelate, remove_artifact) holding
   * half of a surrogate pair was recorded in history as '?' while the call was answered as done,
   * and one holding a right-to-left override reversed the line of history a person reads. Both are
   * refused now, as a title's are, and nothing is written.
   */
  @Test
  void aReasonThatIsNoTextOrReordersItsLineIsRefusedNotRecorded() {
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    long agent = engine.registerAgent(new AgentSpec("planner", null, null)).id();
    Engine asAgent = engine.as(Actor.agent(agent));
    asAgent.claimTask(t.id(), agent);
    assertEquals(
        "actor reason holds half of a surrogate pair (U+D800 at position 5), which is no"
            + " character",
        refused(
                "actor",
                () -> asAgent.as(asAgent.actor().withReason("done \uD800")).release(t.id()))
            .getMessage());
    assertEquals(
        "actor reason contains a control character (U+202E, a right-to-left override, invisible,"
            + " which reverses the text after it)",
        refused(
                "actor",
                () -> asAgent.as(asAgent.actor().withReason("ok \u202Edesab")).release(t.id()))
            .getMessage());
    assertEquals(
        "actor session contains a control character (U+2028, a line separator)",
        refused("actor", () -> Actor.agent(agent).withSession("a\u2028b")).getMessage());
    assertEquals(
        List.of("assigned"),
        EngineDatabase.rows(db, "SELECT status FROM tasks WHERE id = " + t.id()),
        "the task is still held");
    assertEquals(
        List.of("0"),
        EngineDatabase.rows(db, "SELECT count(*) FROM history WHERE reason LIKE '%?%'"),
        "no reason was recorded with a character the call did not send");
    // A pair kept whole is a character, and the reason is recorded as given.
    asAgent.as(asAgent.actor().withReason("done \uD83D\uDE00")).release(t.id());
    assertEquals(
        List.of("done \uD83D\uDE00"),
        EngineDatabase.rows(db, "SELECT reason FROM history WHERE reason LIKE 'done%'"));
  }

  /**
   * A need's move took its reason (MCP's transition_need, mlos need move --reason) with a line
   * break, a bidirectional override or a line separator, all of which the tools' other reasons are
   * refused, though it lands in the same history column a person reads a line of. It meets the
   * actor's rule of one line now, under the move's input rule; nothing is written.
   */
  @Test
  void aMovesReasonMeetsTheActorsRuleOfOneLine() {
    Need n = engine.createNeed(NeedSpec.titled("n"));
    for (String[] bad :
        new String[][] {
          {"seen\nin review", "U+000A"},
          {"seen\rin review", "U+000D"},
          {"seen\u2028in review", "U+2028, a line separator"},
          {"ok \u202Edesab", "U+202E, a right-to-left override, invisible, which reverses the text"}
        }) {
      RefusedException e = refused("input", () -> engine.moveNeed(n.id(), "active", bad[0]));
      assertTrue(
          e.getMessage()
              .startsWith("need " + n.id() + ": reason contains a control character (" + bad[1]),
          e.getMessage());
      assertEquals(
          "give the reason on one line, without control characters, in at most 500 characters",
          e.fix());
    }
    RefusedException e =
        refused("input", () -> engine.deferNeed(n.id(), "r".repeat(Actor.MAX_LENGTH + 1)));
    assertEquals(
        "need " + n.id() + ": reason is longer than 500 characters (it has 501)", e.getMessage());
    assertEquals(
        List.of("identified|0"),
        EngineDatabase.rows(
            db,
            "SELECT status, (SELECT count(*) FROM history WHERE reason IS NOT NULL) FROM needs"),
        "nothing refused was written");
    // A tab stays, as in an actor's reason.
    engine.moveNeed(n.id(), "active", "seen\tin review");
    assertEquals(
        List.of("seen\tin review"),
        EngineDatabase.rows(db, "SELECT reason FROM history WHERE reason IS NOT NULL"));
  }
}
