package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code artifact move}: a user who moved a registered file with {@code git mv} was told by the
 * guard to restore it or unregister it, and unregistering took the artifact's edges. The guard now
 * names the move, and the move keeps the id and the edges.
 */
class ArtifactMoveCommandTest {
  @TempDir Path dir;

  @Test
  void theGuardNamesTheMoveAndTheMoveKeepsTheArtifactsEdges() throws Exception {
    InProcess.ok(dir, "init");
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/a.md"), "# A\n");
    InProcess.ok(dir, "artifact", "register", "docs/a.md", "--as", "alice");
    InProcess.ok(dir, "need", "create", "Boot spec", "--as", "alice");
    InProcess.ok(dir, "relate", "need:1", "references", "artifact:1", "--as", "alice");
    InProcess.ok(dir, "compile");
    Files.move(dir.resolve("docs/a.md"), dir.resolve("docs/b.md"));

    InProcess.Run failed = InProcess.run(dir, Main.REFUSED, "guard");
    String guard = failed.out() + failed.err();
    assertTrue(
        guard.contains(
            "restore 'docs/a.md'; if it was moved or renamed on purpose (git mv), record its new"
                + " path with `mlos artifact move 1 <new path>`, which keeps its id and edges; or"
                + " unregister it with `mlos artifact remove 1`"),
        guard);

    InProcess.Run moved =
        InProcess.ok(dir, "artifact", "move", "1", "docs/b.md", "--as", "alice", "--json");
    JsonNode m = new ObjectMapper().readTree(moved.out());
    assertEquals(1, m.get("id").asLong());
    assertEquals("docs/b.md", m.get("file_path").asText());
    assertEquals("docs/a.md", m.get("moved_from").asText());
    assertTrue(m.get("changed").asBoolean());
    assertFalse(m.get("content_differs").asBoolean());
    assertTrue(
        InProcess.ok(dir, "need", "show", "1").out().contains("artifact:1"),
        "the need still references it");
    InProcess.ok(dir, "compile");
    String after = InProcess.ok(dir, "guard").out();
    assertFalse(after.contains("ARTIFACT_MISSING"), after);

    String again = InProcess.ok(dir, "artifact", "move", "1", "docs/b.md", "--as", "alice").out();
    assertTrue(
        again.startsWith(
            "Nothing changed: artifact 1 is at docs/b.md already (nothing written, no history"
                + " row)"),
        again);
  }

  @Test
  void aMovedAndEditedFileIsMovedAndTheChangeLeftForReview() throws Exception {
    InProcess.ok(dir, "init");
    Files.writeString(dir.resolve("a.md"), "# A\n");
    InProcess.ok(dir, "artifact", "register", "a.md", "--as", "alice");
    Files.move(dir.resolve("a.md"), dir.resolve("b.md"));
    Files.writeString(dir.resolve("b.md"), "# B, edited\n");

    String out = InProcess.ok(dir, "artifact", "move", "1", "b.md", "--as", "alice").out();

    assertTrue(out.startsWith("Moved artifact 1 from a.md to b.md: artifact 1 b.md"), out);
    assertTrue(
        out.contains(
            "the recorded hash is kept, so the guard reports the change (ARTIFACT_DRIFT); review"
                + " it, then record it with `mlos artifact rehash 1`"),
        out);
    assertTrue(out.endsWith("Views that show artifacts are now stale: run `mlos compile`.\n"), out);
  }

  @Test
  void aMoveToAFileNotThereIsRefusedWithTheFixOnItsOwnLine() throws Exception {
    InProcess.ok(dir, "init");
    Files.writeString(dir.resolve("a.md"), "# A\n");
    InProcess.ok(dir, "artifact", "register", "a.md", "--as", "alice");

    InProcess.Run r =
        InProcess.run(dir, Main.REFUSED, "artifact", "move", "1", "b.md", "--as", "alice");

    assertTrue(r.err().contains("refused (artifact.file): 'b.md' is not a file"), r.err());
    assertTrue(
        r.err()
            .contains(
                "\n  fix: move the file first (`git mv a.md b.md`), then move the artifact; or give"
                    + " the path the file has now, relative to the workspace root"),
        r.err());
    assertTrue(
        InProcess.ok(dir, "artifact", "show", "1").out().startsWith("artifact 1 a.md"),
        "not moved");
  }
}
