package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlos.core.path.WorkspaceWalker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compile's search for its own stale files after a fresh database walks the views' output
 * directories with the one {@link WorkspaceWalker}: the same skip rule as the guard and the import,
 * a bounded depth, and no link followed.
 */
class OrphanScanTest {
  @TempDir Path dir;

  /** A view whose subdirectories vary per row ({@code by-scope/<scope>/<id>.md}). */
  private TestWorkspace compiledWithVaryingDirectories() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("t.ftl", "${row.id}\n");
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  mine:\n    template: t.ftl\n    output: by-scope/{scope}/{id}.md\n"
            + "    each: needs\n    queries:\n"
            + "      needs: SELECT id, scope FROM needs ORDER BY id\n");
    w.compile();
    assertTrue(w.exists("by-scope/mobile/4.md"));
    return w;
  }

  /** As after a fresh database: nothing recorded, need 4 gone. */
  private static CompileResult compileAfterAFreshDatabase(TestWorkspace w) {
    w.sql("DELETE FROM mlos_outputs", "DELETE FROM needs WHERE id = 4");
    return w.compile();
  }

  @Test
  void staleFilesInHiddenBuildAndDependencyDirectoriesAreLeftAlone() {
    TestWorkspace w = compiledWithVaryingDirectories();
    String page = w.read("by-scope/mobile/4.md");
    List<String> skipped =
        List.of(
            "by-scope/kernel/.hidden/4.md",
            "by-scope/kernel/target/4.md",
            "by-scope/node_modules/4.md",
            "by-scope/kernel/.4.md");
    for (String p : skipped) {
      w.write(p, page);
    }
    w.write("by-scope/kernel/old/4.md", page);

    CompileResult r = compileAfterAFreshDatabase(w);

    assertEquals(
        List.of("by-scope/kernel/old/4.md", "by-scope/mobile/4.md"),
        r.deleted(),
        "our stale files in the varying subdirectories are deleted");
    for (String p : skipped) {
      assertTrue(w.exists(p), p + " is in a directory the walk skips, or hidden");
    }
  }

  @Test
  void theSearchGoesNoDeeperThanTheWalkersBound() {
    TestWorkspace w = compiledWithVaryingDirectories();
    String page = w.read("by-scope/mobile/4.md");
    // Files directly in by-scope are at depth 1: the deepest the search reaches is MAX_DEPTH.
    String reached = "by-scope/" + "d/".repeat(WorkspaceWalker.MAX_DEPTH - 1) + "4.md";
    String beyond = "by-scope/" + "d/".repeat(WorkspaceWalker.MAX_DEPTH) + "4.md";
    w.write(reached, page);
    w.write(beyond, page);

    CompileResult r = compileAfterAFreshDatabase(w);

    assertEquals(List.of(reached, "by-scope/mobile/4.md"), r.deleted());
    assertTrue(w.exists(beyond), "a file deeper than the bound is not looked at");
  }

  @Test
  void aLinkInAnOutputDirectoryIsNotFollowedInACircleOrOut(@TempDir Path outside)
      throws IOException {
    TestWorkspace w = compiledWithVaryingDirectories();
    String page = w.read("by-scope/mobile/4.md");
    Files.writeString(outside.resolve("4.md"), page);
    try {
      Files.createSymbolicLink(w.root.resolve("by-scope/kernel/loop"), w.root.resolve("by-scope"));
      Files.createSymbolicLink(w.root.resolve("by-scope/kernel/out"), outside);
      Files.createSymbolicLink(w.root.resolve("by-scope/kernel/4.md"), outside.resolve("4.md"));
    } catch (UnsupportedOperationException | IOException e) {
      assumeTrue(false, "no symbolic links here: " + e);
    }

    CompileResult r = compileAfterAFreshDatabase(w);

    assertEquals(List.of("by-scope/mobile/4.md"), r.deleted());
    assertTrue(Files.exists(outside.resolve("4.md")), "nothing is deleted through a link");
    assertFalse(w.exists("by-scope/mobile/4.md"));
  }
}
