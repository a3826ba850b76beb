package dev.mlos.core.engine;

import static dev.mlos.core.engine.EngineTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.OldRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's length limits and required texts against schema mlos V13's triggers: the engine
 * refuses first, in its own words; what it takes up to its limits the database takes too (V13
 * refuses nothing the engine writes); what the triggers say maps to the engine's rule ids; and a
 * row written before V13 with a longer or blank text still takes the engine's other changes.
 */
class TextLimitsTest {
  static final String FOX = "\uD83E\uDD8A";

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

  /**
   * The engine refuses first, in its own words (unchanged by V13); the triggers refuse the same
   * writes from another client, naming the engine's rule ids.
   */
  @Test
  void theEngineRefusesFirstInItsOwnWordsAndTheTriggersNameItsRules() throws Exception {
    assertEquals(
        "need title must be one line of at most 500 characters, was 501",
        refused("need.title", () -> engine.createNeed(NeedSpec.titled("x".repeat(501))))
            .getMessage());
    RefusedException blank =
        refused("need.title", () -> engine.createNeed(NeedSpec.titled(" \u3000 ")));
    assertEquals("need title is blank", blank.getMessage());
    assertEquals("give the need title words, on one line", blank.fix());
    Need n = actionable("n");
    assertEquals(
        "need " + n.id() + ": description is longer than 100000 characters (it has 100001)",
        refused(
                "need.text",
                () -> engine.updateNeed(n.id(), NeedChange.none().description("d".repeat(100_001))))
            .getMessage());
    RefusedException blankTask =
        refused("task.description", () -> engine.graduate(n.id(), List.of(TaskSpec.of(" "))));
    assertEquals("need " + n.id() + ": task description is blank", blankTask.getMessage());
    assertEquals("give the task description words, on one line", blankTask.fix());
    assertEquals(
        "kernel_version is longer than 200 characters (it has 201)",
        refused(
                "agent.text",
                () -> engine.registerAgent(new AgentSpec("architect", "k".repeat(201), null)))
            .getMessage());
    assertEquals(
        "actor reason is longer than 500 characters (it has 501)",
        refused("actor", () -> Actor.person("bob").withReason("r".repeat(501))).getMessage());
    assertEquals(
        List.of("1|0|0"),
        EngineDatabase.rows(
            db,
            "SELECT (SELECT count(*) FROM needs), (SELECT count(*) FROM tasks),"
                + " (SELECT count(*) FROM agents)"),
        "nothing refused was written");
    theTriggersNameTheEnginesRuleIds();
  }

  /** Every text the engine takes at its limit, in characters (emoji: two UTF-16 units each). */
  @Test
  void whatTheEngineTakesAtItsLimitsTheDatabaseTakes() throws Exception {
    String title = FOX.repeat(500);
    String longText = FOX.repeat(100_000);
    Engine e =
        engine.as(
            Actor.person("a".repeat(100)).withSession("s".repeat(500)).withReason(FOX.repeat(500)));
    Need n =
        e.createNeed(
            NeedSpec.titled(title)
                .withScope(FOX.repeat(200))
                .withDescription(longText)
                .withSourceTranscript(longText));
    e.moveNeed(n.id(), "active", "r".repeat(500));
    e.moveNeed(n.id(), "actionable", null);
    Task t = e.graduate(n.id(), List.of(TaskSpec.of(title))).get(0);
    long a = e.registerAgent(new AgentSpec("a".repeat(64), FOX.repeat(200), longText)).id();
    e.startAgent(a);
    Engine asAgent = e.as(Actor.agent(a));
    asAgent.claimTask(t.id(), a);
    asAgent.finishTask(t.id(), "completed", longText);
    asAgent.finishAgent(a, "completed", longText);
    Files.writeString(dir.resolve("notes.md"), "x\n");
    Artifact art =
        e.registerArtifact(
                ArtifactPlaces.defaults(dir),
                ArtifactSpec.of("notes.md")
                    .withTitle(title)
                    .withDescription(longText)
                    .withSourceTranscript(longText))
            .artifact();
    e.relate(
        EntityRef.need(n.id()),
        EntityRef.artifact(art.id()),
        "references",
        "\"" + FOX.repeat(99_998) + "\"");
    Map<String, Double> weights = new LinkedHashMap<>();
    List<String> scopes = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      // A weight key is counted in UTF-16 units (6 + 200), so an ASCII scope here.
      String scope = String.format("%03d", i) + "s".repeat(197);
      scopes.add(scope);
      weights.put("scope:" + scope, 2.0);
    }
    e.setLens(LensSpec.forAgentType("architect").withScopes(scopes).withWeights(weights));
    assertEquals(
        List.of("500|200|100000|500|100000|64|200|100000|100000|500|100000|100000"),
        EngineDatabase.rows(
            db,
            "SELECT length(n.title), length(n.scope), length(n.description), length(t.description),"
                + " length(t.result), length(g.agent_type), length(g.kernel_version),"
                + " length(g.session_transcript), length(g.result_summary), length(a.title),"
                + " length(a.description), length(r.metadata) FROM needs n, tasks t, agents g,"
                + " artifacts a, relationships r WHERE r.relationship_type = 'references'"));
    assertEquals(
        List.of("500|500"),
        EngineDatabase.rows(
            db,
            "SELECT length(session), max(length(reason)) FROM history WHERE entity = 'need'"
                + " AND session IS NOT NULL GROUP BY session"));
    // One character more, written by another client, is refused.
    List<String> oneMore =
        List.of(
            "UPDATE needs SET title = title || 'x'",
            "UPDATE needs SET scope = scope || 'x'",
            "UPDATE needs SET description = description || 'x'",
            "UPDATE needs SET source_transcript = source_transcript || 'x'",
            "UPDATE tasks SET description = description || 'x'",
            "UPDATE tasks SET result = result || 'x'",
            "UPDATE agents SET agent_type = agent_type || 'a'",
            "UPDATE agents SET kernel_version = kernel_version || 'x'",
            "UPDATE agents SET session_transcript = session_transcript || 'x'",
            "UPDATE agents SET result_summary = result_summary || 'x'",
            "UPDATE artifacts SET title = title || 'x'",
            "UPDATE artifacts SET description = description || 'x'",
            "UPDATE artifacts SET source_transcript = source_transcript || 'x'",
            "UPDATE relationships SET metadata = metadata || ' ' WHERE relationship_type ="
                + " 'references'",
            "UPDATE lenses SET scopes = json_set(scopes, '$[0]', json_extract(scopes, '$[0]') ||"
                + " 'x')");
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      for (String sql : oneMore) {
        assertThrows(SQLException.class, () -> s.execute(sql), sql);
      }
    }
  }

  private void theTriggersNameTheEnginesRuleIds() throws Exception {
    Map<String, String> writes = new LinkedHashMap<>();
    writes.put("INSERT INTO needs (title) VALUES ('')", "need.title");
    writes.put(
        "INSERT INTO needs (title) VALUES (replace(hex(zeroblob(501)), '00', 'x'))", "need.title");
    writes.put("INSERT INTO needs (title, scope) VALUES ('a', ' ')", "need.scope");
    writes.put(
        "INSERT INTO needs (title, description) VALUES ('a', replace(hex(zeroblob(100001)),"
            + " '00', 'x'))",
        "need.text");
    writes.put(
        "INSERT INTO needs (title, tags) VALUES ('a', (WITH RECURSIVE i (k) AS (SELECT 1"
            + " UNION ALL SELECT k + 1 FROM i WHERE k < 101) SELECT json_group_array('t' || k)"
            + " FROM i))",
        "need.tags");
    writes.put("INSERT INTO tasks (need_id, description) VALUES (1, '  ')", "task.description");
    writes.put(
        "INSERT INTO tasks (need_id, description, result) VALUES (1, 't',"
            + " replace(hex(zeroblob(100001)), '00', 'x'))",
        "task.text");
    writes.put("INSERT INTO artifacts (title) VALUES (char(12288))", "artifact.text");
    writes.put(
        "INSERT INTO agents (agent_type) VALUES (replace(hex(zeroblob(65)), '00', 'a'))",
        "agent.type");
    writes.put(
        "INSERT INTO agents (agent_type, kernel_version) VALUES ('a',"
            + " replace(hex(zeroblob(201)), '00', 'k'))",
        "agent.text");
    writes.put(
        "INSERT INTO relationships (source_type, source_id, target_type, target_id,"
            + " relationship_type, metadata) VALUES ('need', 1, 'need', 2, 'references',"
            + " json_quote(replace(hex(zeroblob(100000)), '00', 'x')))",
        "relationship.metadata");
    writes.put(
        "INSERT INTO lenses (agent_type, agent_id) VALUES (replace(hex(zeroblob(65)), '00',"
            + " 'a'), NULL)",
        "agent.type");
    writes.put(
        "INSERT INTO lenses (agent_type, scopes) VALUES ('x', json_array('  '))", "lens.scopes");
    writes.put(
        "INSERT INTO lenses (agent_type, weights) VALUES ('x', json_object('scope:' ||"
            + " replace(hex(zeroblob(201)), '00', 'x'), 1))",
        "lens.weights");
    engine.createNeed(NeedSpec.titled("m"));
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      for (Map.Entry<String, String> w : writes.entrySet()) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(w.getKey()), w.getKey());
        RefusedException r = DatabaseRefusals.translate(e);
        assertEquals(w.getValue(), r.rule(), r.getMessage());
      }
    }
  }

  /** The engine writes a row whole: a text from before V13 it does not change is written back. */
  @Test
  void aRowWrittenBeforeV13StillTakesTheEnginesOtherChanges() throws Exception {
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    Files.writeString(dir.resolve("notes.md"), "x\n");
    Artifact a =
        engine
            .registerArtifact(ArtifactPlaces.defaults(dir), ArtifactSpec.of("notes.md"))
            .artifact();
    OldRows.write(
        db,
        "UPDATE needs SET title = replace(hex(zeroblob(600)), '00', 'x'), scope = ' ',"
            + " description = replace(hex(zeroblob(100001)), '00', 'd')",
        "UPDATE tasks SET description = ''",
        "UPDATE artifacts SET title = '   '");

    engine.updateNeed(n.id(), NeedChange.none().priority(2).addTags(List.of("kernel")));
    engine.updateTask(t.id(), null, 3);
    engine.updateArtifact(a.id(), ArtifactChange.none().description("about"));
    Files.writeString(dir.resolve("notes.md"), "y\n");
    engine.rehashArtifact(ArtifactPlaces.defaults(dir), a.id());

    assertEquals(
        List.of("600| |100001|2", "0|3|open|", "   |about||"),
        EngineDatabase.rows(
            db,
            "SELECT length(title), scope, length(description), priority FROM needs UNION ALL"
                + " SELECT length(description), priority, status, '' FROM tasks UNION ALL SELECT"
                + " title, description, '', '' FROM artifacts"));
    // Its text itself changes only to one the limit takes.
    refused(
        "need.title", () -> engine.updateNeed(n.id(), NeedChange.none().title("y".repeat(501))));
    engine.updateNeed(n.id(), NeedChange.none().title("short"));
    assertEquals("short", engine.getNeed(n.id()).need().title());
  }

  /**
   * A file whose name is white space only, registered without a title, would have it as its title:
   * the engine refuses it, naming the file, and asks for a title.
   */
  @Test
  void aBlankFileNameIsNoTitle() throws Exception {
    // An ideographic space: a name of ASCII spaces ends in a space, which Windows drops, and is
    // refused as a path first (artifact.path, schema V18).
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/\u3000"), "x\n");
    RefusedException e =
        refused(
            "artifact.text",
            () ->
                engine.registerArtifact(
                    ArtifactPlaces.defaults(dir), ArtifactSpec.of("docs/\u3000")));
    assertEquals(
        "artifact title, taken from the file name of 'docs/\u3000' when none is given, must not be"
            + " blank; the name is white space only",
        e.getMessage());
    assertEquals("give the artifact a title, on one line", e.fix());
    assertEquals(List.of("0"), EngineDatabase.rows(db, "SELECT count(*) FROM artifacts"));
    assertEquals(
        "Blank",
        engine
            .registerArtifact(
                ArtifactPlaces.defaults(dir), ArtifactSpec.of("docs/\u3000").withTitle("Blank"))
            .artifact()
            .title());
  }
}
