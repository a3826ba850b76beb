package dev.mlos.core.engine;

import static dev.mlos.core.engine.EngineTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Taking an edge or an artifact out through the engine, as the CLI and the MCP server do. */
class RemovalTest {
  @TempDir Path dir;
  Engine engine;

  @BeforeEach
  void open() {
    engine =
        Engine.open(
            EngineDatabase.create(dir.resolve("mlos.db")),
            Actor.person("alice").withSession("chat-1").withReason("added by mistake"));
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private Need actionable(String title) {
    Need n = engine.createNeed(NeedSpec.titled(title));
    engine.moveNeed(n.id(), "active", null);
    return engine.moveNeed(n.id(), "actionable", null).row();
  }

  @Test
  void aBlocksEdgeAddedByMistakeCanBeTakenBackAndTheWorkIsReadyAgain() {
    Need first = actionable("First");
    Need second = actionable("Second");
    Task t = engine.graduate(second.id(), List.of(TaskSpec.of("do it"))).get(0);
    Edge e = engine.relate(first.ref(), second.ref(), "blocks", "{\"why\":\"oops\"}").row();
    assertTrue(
        engine.readyWork(ReadyQuery.everyone()).items().stream()
            .noneMatch(i -> i.id() == t.id() && i.kind().equals("task")),
        "blocked while the edge stands");

    Optional<Edge> removed = engine.unrelate(first.ref(), second.ref(), "blocks");

    assertEquals(Optional.of(e), removed);
    assertTrue(
        engine.getNeed(second.id()).edges().stream().noneMatch(x -> x.type().equals("blocks")),
        engine.getNeed(second.id()).edges().toString());
    assertTrue(
        engine.readyWork(ReadyQuery.everyone()).items().stream()
            .anyMatch(i -> i.id() == t.id() && i.kind().equals("task")),
        "ready once the edge is gone");
    HistoryEntry h =
        engine.history(HistoryRef.parse("relationship:" + e.id()), 10).stream()
            .filter(x -> x.operation().equals("delete"))
            .findFirst()
            .orElseThrow();
    assertEquals("person:alice", h.actor());
    assertEquals("added by mistake", h.reason());
    refused(
        "not_found", () -> engine.history(HistoryRef.parse("relationship:" + (e.id() + 9)), 10));
    // Again: nothing to remove, and no refusal (a retried call is not an error).
    assertEquals(Optional.empty(), engine.unrelate(first.ref(), second.ref(), "blocks"));
  }

  @Test
  void unrelateNamesWhatIsWrongAndKeepsTheEdgeOfATaskToItsNeed() {
    Need n = actionable("Need");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("do it"))).get(0);
    refused("input", () -> engine.unrelate(n.ref(), t.ref(), "block"));
    refused("not_found", () -> engine.unrelate(n.ref(), EntityRef.need(n.id() + 99), "blocks"));
    RefusedException kept =
        assertThrowsRefused(() -> engine.unrelate(t.ref(), n.ref(), "derived_from"));
    assertTrue(kept.getMessage().contains("kept by mlos"), kept.getMessage());
    assertTrue(
        engine.getNeed(n.id()).edges().stream()
            .anyMatch(x -> x.type().equals("derived_from") && x.source().equals(t.ref())),
        "the task's edge to its need is still there");
  }

  @Test
  void removingAnArtifactTakesItsEdgesAndLeavesItsFile() throws IOException, java.sql.SQLException {
    Files.writeString(dir.resolve("notes.md"), "x\n");
    Need n = actionable("Need");
    Artifact a =
        engine
            .registerArtifact(ArtifactPlaces.defaults(dir), ArtifactSpec.of("notes.md"))
            .artifact();
    Edge ref = engine.relate(n.ref(), a.ref(), "references", null).row();
    Artifact other =
        engine
            .registerArtifact(
                ArtifactPlaces.defaults(dir),
                ArtifactSpec.of(
                    Files.writeString(dir.resolve("b.md"), "b\n").getFileName().toString()))
            .artifact();

    ArtifactRemoval r = engine.removeArtifact(a.id());

    assertEquals(a, r.artifact());
    assertEquals(List.of(ref), r.edges());
    assertTrue(Files.exists(dir.resolve("notes.md")), "the file is not touched");
    refused("not_found", () -> engine.getArtifact(a.id()));
    assertTrue(engine.getNeed(n.id()).edges().isEmpty(), engine.getNeed(n.id()).edges().toString());
    assertEquals(other, engine.getArtifact(other.id()));
    assertTrue(
        engine.history(a.ref(), 10).stream()
            .anyMatch(h -> h.operation().equals("delete") && "person:alice".equals(h.actor())),
        engine.history(a.ref(), 10).toString());
    // A retry, or a teammate's removal arriving with a pull: the refusal says it was removed, by
    // whom and why, not just that the id does not exist.
    for (org.junit.jupiter.api.function.Executable op :
        List.<org.junit.jupiter.api.function.Executable>of(
            () -> engine.removeArtifact(a.id()),
            () -> engine.rehashArtifacts(ArtifactPlaces.defaults(dir), List.of(a.id())),
            () -> engine.unrelate(n.ref(), a.ref(), "references"))) {
      RefusedException gone = assertThrowsRefused(op);
      assertEquals("not_found", gone.rule());
      // Worded for a person: which file, who, when, why, and the way to see it as it was (it
      // quoted "(history artifact:1)", a reference no command takes in that form).
      assertTrue(
          gone.getMessage()
              .matches(
                  "artifact "
                      + a.id()
                      + " \\(notes.md\\) no longer exists: alice removed it on"
                      + " \\d{4}-\\d\\d-\\d\\d at \\d\\d:\\d\\d:\\d\\d UTC"
                      + " \\(reason: added by mistake\\)"),
          gone.getMessage());
      assertEquals(
          "its history keeps it as it was: see it with `history` of artifact:" + a.id(),
          gone.fix());
      assertEquals(
          List.of(dev.mlos.core.Remedy.showHistory("artifact:" + a.id())), gone.remedies());
    }
    // A merge whose conflict was resolved to the delete keeps the other side's later update in
    // history (the history rows of both sides are merged): the refusal still names the delete.
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlos.db"));
        java.sql.Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO history (entity, entity_id, operation, old_values, new_values, actor)"
              + " VALUES ('artifact', "
              + a.id()
              + ", 'update', '{}', '{}', 'person:bob')");
    }
    RefusedException merged = assertThrowsRefused(() -> engine.getArtifact(a.id()));
    assertTrue(merged.getMessage().contains(": alice removed it on "), merged.getMessage());
    RefusedException never = assertThrowsRefused(() -> engine.removeArtifact(a.id() + 99));
    assertEquals("artifact " + (a.id() + 99) + " does not exist", never.getMessage());
    // Registered again, the file is a new artifact with a new id.
    Artifact again =
        engine
            .registerArtifact(ArtifactPlaces.defaults(dir), ArtifactSpec.of("notes.md"))
            .artifact();
    assertFalse(again.id() == a.id() && again.equals(a), again.toString());
  }

  private static RefusedException assertThrowsRefused(
      org.junit.jupiter.api.function.Executable op) {
    return org.junit.jupiter.api.Assertions.assertThrows(RefusedException.class, op);
  }

  /**
   * A row deleted in the sqlite3 shell has no actor in history: the refusal says what it was and
   * when, without a "by".
   */
  @Test
  void aNeedDeletedWithRawSqlIsNamedByItsTitleWithNoActor() throws Exception {
    Need n = engine.createNeed(NeedSpec.titled("Boot the same way"));
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlos.db"));
        java.sql.Statement st = c.createStatement()) {
      st.execute("DELETE FROM needs WHERE id = " + n.id());
    }
    RefusedException gone = assertThrowsRefused(() -> engine.getNeed(n.id()));
    assertEquals("not_found", gone.rule());
    assertTrue(
        gone.getMessage()
            .matches(
                "need "
                    + n.id()
                    + " \\(Boot the same way\\) no longer exists: it was removed on"
                    + " \\d{4}-\\d\\d-\\d\\d at \\d\\d:\\d\\d:\\d\\d UTC"),
        gone.getMessage());
    assertEquals(
        "its history keeps it as it was: see it with `history` of need:" + n.id(), gone.fix());
  }
}
