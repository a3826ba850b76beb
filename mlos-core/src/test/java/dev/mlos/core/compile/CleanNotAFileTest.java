package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorded page whose path now holds a directory or a FIFO: the clean skipped it without a word.
 * It is left in place, named with what is there, and counted among the kept.
 */
class CleanNotAFileTest {
  @TempDir Path dir;

  @Test
  void aDirectoryAtAPagesPathIsLeftInPlaceAndNamed() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    CompileResult r = w.compile();
    Files.delete(w.root.resolve("GRAPH.md"));
    Files.createDirectories(w.root.resolve("GRAPH.md/inside"));
    Files.writeString(w.root.resolve("GRAPH.md/inside/notes.md"), "mine\n");

    Cleaner.CleanResult clean = new Cleaner().clean(w.config(), w.reporter);

    assertEquals(r.pages() - 1, clean.deleted().size());
    assertEquals(List.of("GRAPH.md"), clean.kept());
    assertEquals(Map.of("GRAPH.md", "a directory"), clean.notFiles());
    assertEquals("mine\n", w.read("GRAPH.md/inside/notes.md"), "nothing in it is touched");
    assertTrue(
        w.warnings.contains(
            "Kept 'GRAPH.md': it is not a regular file (a directory is at its path since it was"
                + " compiled), left in place. Remove it yourself if it is not needed."),
        w.warnings.toString());
    assertEquals(
        "not a regular file: a directory is at its path since it was compiled; left in place",
        clean.whyKept("GRAPH.md"));
    assertEquals(
        "Cleaned: "
            + (r.pages() - 1)
            + " files deleted, 1 kept: 0 edited by hand, 0 replaced by a symbolic link, 1 not a"
            + " regular file",
        clean.summary());
  }

  @Test
  void aFifoAtAPagesPathIsLeftInPlaceUnopenedAndNamed() throws Exception {
    assumeTrue(
        !System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("win"),
        "no FIFOs on Windows");
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    Path page = w.root.resolve("PROBLEM.md");
    Files.delete(page);
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", page.toString()).inheritIO().start();
    } catch (java.io.IOException noMkfifo) {
      assumeTrue(false, "mkfifo is not installed");
      return;
    }
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");

    // A clean that opened the FIFO to hash it would block here.
    Cleaner.CleanResult clean = new Cleaner().clean(w.config(), w.reporter);

    assertEquals(List.of("PROBLEM.md"), clean.kept());
    assertEquals(Map.of("PROBLEM.md", "a FIFO (named pipe)"), clean.notFiles());
    assertTrue(Files.exists(page, LinkOption.NOFOLLOW_LINKS), "the FIFO is left in place");
    assertFalse(Files.isRegularFile(page));
    assertTrue(
        w.warnings.contains(
            "Kept 'PROBLEM.md': it is not a regular file (a FIFO (named pipe) is at its path since"
                + " it was compiled), left in place. Remove it yourself if it is not needed."),
        w.warnings.toString());
  }
}
