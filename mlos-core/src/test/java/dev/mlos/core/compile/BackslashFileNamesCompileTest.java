package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file in the output directory whose name holds a backslash ({@code needs\1-x.md}, which Linux
 * and macOS allow) is not the page {@code needs/1-x.md}: the sweep of stale pages read it as that
 * page (every backslash turned into '/'), found it produced, and kept the copy the guard reports as
 * UNKNOWN after every compile.
 */
class BackslashFileNamesCompileTest {
  @TempDir Path dir;

  @Test
  void aCopyOfAPageNamedWithABackslashIsNotThePage() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    Path out = w.config().outputDirectory();
    Path page;
    try (Stream<Path> pages = Files.list(out.resolve("needs"))) {
      page = pages.filter(p -> p.toString().endsWith(".md")).sorted().findFirst().orElseThrow();
    }
    String name = "needs\\" + page.getFileName();
    Files.copy(page, out.resolve(name));
    GuardReport before = w.guard();
    assertEquals(1, before.violations().size(), () -> before.violations().toString());
    assertEquals(name, before.violations().get(0).path());

    // A first compile (no compile record yet) sweeps the copies of pages no view produces.
    w.sql("DELETE FROM mlos_outputs");
    Files.deleteIfExists(w.root.resolve("target/mlos/compile-state"));
    w.compile();

    assertTrue(Files.exists(page), "the page stays");
    assertFalse(Files.exists(out.resolve(name)), "the copy named with a backslash is swept");
    GuardReport after = w.guard();
    assertTrue(after.isClean(), () -> after.violations().toString());
  }
}
