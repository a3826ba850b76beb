package dev.mlos.core.engine;

import static dev.mlos.core.engine.EngineTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.core.Remedy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refusals an agent met in this session's three-agent round that said what was wrong but not what
 * to do instead (STYLE.md: a refused operation names its rule and the fix). The fix is the core's,
 * so the mlos command and the MCP server give the same words.
 */
class RefusalFixTest {
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
  void anEdgeFromANeedToItselfSaysToRelateItToAnother() {
    Need n = engine.createNeed(NeedSpec.titled("Boot"));
    RefusedException e =
        refused("relationship.self", () -> engine.relate(n.ref(), n.ref(), "references", null));
    assertEquals("relate it to another need, task, artifact or agent: an edge joins two", e.fix());
  }

  @Test
  void aBlocksEdgeClosingACycleSaysWhichEdgeToTakeOut() {
    Need a = engine.createNeed(NeedSpec.titled("A"));
    Need b = engine.createNeed(NeedSpec.titled("B"));
    engine.relate(a.ref(), b.ref(), "blocks", null);
    RefusedException e =
        refused("relationship.cycle", () -> engine.relate(b.ref(), a.ref(), "blocks", null));
    assertEquals(
        "leave this edge out: the work already waits the other way; or first remove (unrelate)"
            + " the blocks edge on the way from "
            + a.ref()
            + " to "
            + b.ref()
            + " that no longer holds",
        e.fix());
  }

  @Test
  void aParentThatWouldCloseACycleSaysWhichParentsAreLeft() {
    Need parent = engine.createNeed(NeedSpec.titled("Parent"));
    Need child = engine.createNeed(NeedSpec.titled("Child"));
    engine.updateNeed(child.id(), NeedChange.none().parent(parent.id()));
    RefusedException e =
        refused(
            "need.parent",
            () -> engine.updateNeed(parent.id(), NeedChange.none().parent(child.id())));
    assertEquals(
        "give need "
            + parent.id()
            + " a parent that is not itself or one of its descendants, or leave its parent as it"
            + " is",
        e.fix());
  }

  @Test
  void aTitleOnTwoLinesOrTooLongSaysWhereTheRestGoes() {
    RefusedException lines =
        refused("need.title", () -> engine.createNeed(NeedSpec.titled("Boot\nfast")));
    assertEquals(
        "write the need title on one line, and put the rest in the description", lines.fix());
    RefusedException longOne =
        refused("need.title", () -> engine.createNeed(NeedSpec.titled("x".repeat(501))));
    assertEquals(
        "shorten the need title to at most 500 characters, and put the rest in the description",
        longOne.fix());
  }

  @Test
  void aFileThatIsNotThereOrIsADirectorySaysWhatToRegister() throws Exception {
    ArtifactPlaces places = ArtifactPlaces.defaults(dir);
    RefusedException missing =
        refused(
            "artifact.file",
            () -> engine.registerArtifact(places, ArtifactSpec.of("docs/spec.md")));
    assertEquals(
        "write the file first, then register it by its path from the workspace root"
            + " (docs/spec.md)",
        missing.fix());
    Files.createDirectories(dir.resolve("docs"));
    RefusedException directory =
        refused("artifact.file", () -> engine.registerArtifact(places, ArtifactSpec.of("docs")));
    assertEquals(
        "register each file of it on its own: an artifact is one regular file", directory.fix());
  }

  @Test
  void anIdThatDoesNotExistSaysWhereSuchIdsAreFound() {
    RefusedException e = refused("not_found", () -> engine.getNeed(99));
    assertEquals("need 99 does not exist", e.getMessage());
    assertEquals("find the need's id with `search` or `readyWork`", e.fix());
    assertEquals(List.of(Remedy.findIds("need")), e.remedies());
  }
}
