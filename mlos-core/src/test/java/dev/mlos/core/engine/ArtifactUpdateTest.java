package dev.mlos.core.engine;

import static dev.mlos.core.engine.EngineTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retitling an artifact: registering its unchanged file again keeps the recorded title (an import
 * must not undo a person's title), so a title, a description or a type is changed by {@link
 * Engine#updateArtifact}.
 */
class ArtifactUpdateTest {
  @TempDir Path dir;
  Engine engine;
  Artifact notes;

  @BeforeEach
  void open() throws Exception {
    engine =
        Engine.open(
            EngineDatabase.create(dir.resolve("mlos.db")),
            Actor.person("alice").withSession("chat-1").withReason("clearer name"));
    Files.writeString(dir.resolve("notes.md"), "# Notes\n");
    notes =
        engine
            .registerArtifact(
                ArtifactPlaces.defaults(dir),
                ArtifactSpec.of("notes.md").withTitle("notes").withDescription("first draft"))
            .artifact();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aTitleDescriptionAndTypeChangeWithoutTouchingTheFileAndHistoryKeepsWhoAndWhy() {
    // Registering the unchanged file again does not retitle it: the reason for this operation.
    assertEquals(
        "notes",
        engine
            .registerArtifact(
                ArtifactPlaces.defaults(dir), ArtifactSpec.of("notes.md").withTitle("Design notes"))
            .artifact()
            .title());

    Written<Artifact> w =
        engine.updateArtifact(
            notes.id(),
            ArtifactChange.none()
                .title("  Design notes ")
                .description("the agreed design")
                .type("document"));

    assertTrue(w.changed());
    Artifact a = engine.getArtifact(notes.id());
    assertEquals(w.row(), a);
    assertEquals("Design notes", a.title());
    assertEquals("the agreed design", a.description());
    assertEquals("document", a.type());
    assertEquals(notes.filePath(), a.filePath());
    assertEquals(notes.contentHash(), a.contentHash());
    HistoryEntry h = last(notes.id());
    assertEquals("update", h.operation());
    assertEquals("person:alice", h.actor());
    assertEquals("chat-1", h.session());
    assertEquals("clearer name", h.reason());
    assertTrue(h.oldValues().contains("\"notes\""), h.oldValues());
    assertTrue(h.newValues().contains("Design notes"), h.newValues());

    Artifact cleared =
        engine.updateArtifact(notes.id(), ArtifactChange.none().withoutDescription()).row();
    assertNull(cleared.description());
    assertEquals("Design notes", cleared.title());
  }

  /**
   * Registering a changed file without a description keeps the recorded one: an agent over MCP has
   * only register_artifact to record its changed file, and the description a person wrote was lost
   * (found by the new-user trial).
   */
  @Test
  void aChangedFileRegisteredWithoutADescriptionKeepsTheRecordedOne() throws Exception {
    Files.writeString(dir.resolve("notes.md"), "# Notes, longer\n");

    ArtifactRegistration r =
        engine.registerArtifact(ArtifactPlaces.defaults(dir), ArtifactSpec.of("notes.md"));

    assertEquals(ArtifactRegistration.Outcome.UPDATED, r.outcome());
    assertEquals("first draft", r.artifact().description());
    assertEquals("notes", r.artifact().title());
    Files.writeString(dir.resolve("notes.md"), "# Notes, final\n");
    assertEquals(
        "final",
        engine
            .registerArtifact(
                ArtifactPlaces.defaults(dir), ArtifactSpec.of("notes.md").withDescription("final"))
            .artifact()
            .description());
  }

  @Test
  void aChangeToWhatIsRecordedWritesNothing() {
    int rows = engine.history(HistoryRef.parse("artifact:" + notes.id()), 100).size();

    Written<Artifact> w =
        engine.updateArtifact(
            notes.id(), ArtifactChange.none().title("notes").description("first draft"));

    assertFalse(w.changed());
    assertEquals(notes, w.row());
    assertEquals(notes.updatedAt(), engine.getArtifact(notes.id()).updatedAt());
    assertEquals(rows, engine.history(HistoryRef.parse("artifact:" + notes.id()), 100).size());
  }

  @Test
  void badChangesAreRefusedNamingTheRuleAndNothingIsWritten() {
    refused(
        "not_found", () -> engine.updateArtifact(notes.id() + 7, ArtifactChange.none().title("x")));
    refused("input", () -> engine.updateArtifact(notes.id(), ArtifactChange.none()));
    refused(
        "input",
        () ->
            engine.updateArtifact(
                notes.id(), ArtifactChange.none().description("d").withoutDescription()));
    RefusedException type =
        refused(
            "artifact.type",
            () -> engine.updateArtifact(notes.id(), ArtifactChange.none().type("movie")));
    assertEquals(Engine.ARTIFACT_TYPES, type.allowed());
    refused(
        "artifact.text",
        () -> engine.updateArtifact(notes.id(), ArtifactChange.none().title("two\nlines")));
    refused(
        "artifact.text", () -> engine.updateArtifact(notes.id(), ArtifactChange.none().title(" ")));
    assertEquals(notes, engine.getArtifact(notes.id()));
  }

  private HistoryEntry last(long id) {
    List<HistoryEntry> all = engine.history(HistoryRef.parse("artifact:" + id), 100);
    return all.get(all.size() - 1);
  }
}
