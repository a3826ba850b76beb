package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An empty source transcript names nothing: it was stored as given. It is refused, naming the way
 * to remove a recorded one (clearing the field) on an update.
 */
class SourceTranscriptTest {
  @TempDir Path dir;
  Engine engine;

  @BeforeEach
  void open() {
    engine = Engine.open(EngineDatabase.create(dir.resolve("mlos.db")), Actor.person("alice"));
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void anEmptyTranscriptIsRefusedAndClearingRemovesOne() {
    RefusedException e =
        EngineTest.refused(
            "input",
            () -> engine.createNeed(new NeedSpec("n", null, null, null, List.of(), null, "")));
    assertEquals("source_transcript is empty", e.getMessage());
    assertEquals("name the transcript (a path or URL), or leave it out", e.fix());
    long id = engine.createNeed(new NeedSpec("n", null, null, null, List.of(), null, "t.md")).id();
    e =
        EngineTest.refused(
            "input", () -> engine.updateNeed(id, NeedChange.none().sourceTranscript("  ")));
    assertEquals("need " + id + ": source_transcript is empty", e.getMessage());
    assertEquals(
        "name the transcript (a path or URL), or clear source_transcript to remove the one"
            + " recorded",
        e.fix());
    assertEquals("t.md", engine.getNeed(id).need().sourceTranscript());
    engine.updateNeed(id, NeedChange.none().clear("source_transcript"));
    assertNull(engine.getNeed(id).need().sourceTranscript());
  }

  @Test
  void anArtifactOrAnAgentRunWithAnEmptyTranscriptIsRefusedToo() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("notes.md"), "x\n");
    RefusedException e =
        EngineTest.refused(
            "input",
            () ->
                engine.registerArtifact(
                    ArtifactPlaces.defaults(dir),
                    ArtifactSpec.of("notes.md").withSourceTranscript(" ")));
    assertEquals("source_transcript is empty", e.getMessage());
    assertEquals("name the transcript (a path or URL), or leave it out", e.fix());
    assertEquals(
        "t.md",
        engine
            .registerArtifact(
                ArtifactPlaces.defaults(dir),
                ArtifactSpec.of("notes.md").withSourceTranscript("t.md"))
            .artifact()
            .sourceTranscript());
    e =
        EngineTest.refused(
            "input", () -> engine.registerAgent(new AgentSpec("architect", null, "")));
    assertEquals("session_transcript is empty", e.getMessage());
    assertEquals("name the transcript (a path or URL), or leave it out", e.fix());
    assertEquals(
        "s.jsonl",
        engine.registerAgent(new AgentSpec("architect", null, "s.jsonl")).sessionTranscript());
  }

  /**
   * An empty or blank kernel version ({@code mlos agent register builder --kernel-version ""}, a
   * new user's trial) was stored as it was, and every answer then said "kernel " of the run, where
   * an empty session transcript is refused: it is refused the same way now, nothing written.
   */
  @Test
  void anEmptyKernelVersionIsRefusedAsAnEmptyTranscriptIs() {
    for (String empty : new String[] {"", "   "}) {
      RefusedException e =
          EngineTest.refused(
              "input", () -> engine.registerAgent(new AgentSpec("architect", empty, null)));
      assertEquals("kernel_version is empty", e.getMessage());
      assertEquals("give the version of the agent's kernel, on one line, or leave it out", e.fix());
    }
    assertEquals(0, engine.listAgents(true, 10).total(), "nothing written");
    assertEquals(
        "1.4.2", engine.registerAgent(new AgentSpec("architect", "1.4.2", null)).kernelVersion());
  }

  /**
   * A kernel version of a zero-width space alone (or a no-break space) was taken, and every answer
   * read 'kernel ' of it, as of an empty one: it is refused as one, naming the character.
   */
  @Test
  void aKernelVersionThatShowsNothingIsRefusedAsAnEmptyOneIs() {
    RefusedException e =
        EngineTest.refused(
            "input", () -> engine.registerAgent(new AgentSpec("architect", "\u200B", null)));
    assertEquals(
        "kernel_version holds only spaces or invisible characters (the first is U+200B ZERO WIDTH"
            + " SPACE)",
        e.getMessage());
    assertEquals("give the version of the agent's kernel, on one line, or leave it out", e.fix());
    EngineTest.refused(
        "input", () -> engine.registerAgent(new AgentSpec("architect", "\u00A0", null)));
    assertEquals(0, engine.listAgents(true, 10).total(), "nothing written");
  }
}
