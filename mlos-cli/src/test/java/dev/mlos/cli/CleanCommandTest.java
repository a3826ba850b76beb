package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlos clean} in this JVM: the guard's fix for an unknown file names it, and it deletes only
 * what the last compile recorded, keeping a hand-edited page.
 */
class CleanCommandTest {
  @TempDir Path dir;

  @Test
  void cleanDeletesTheCompiledFilesAndKeepsAHandEditedOne() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "need", "create", "Boots reproducibly", "--as", "alice");
    InProcess.ok(dir, "compile");
    Path problem = dir.resolve("PROBLEM.md");
    Path page = dir.resolve("needs/1-boots-reproducibly.md");
    assertTrue(Files.isRegularFile(problem) && Files.isRegularFile(page));
    Files.writeString(page, Files.readString(page) + "\nMy note.\n");
    Files.writeString(dir.resolve("notes.md"), "mine\n");

    String out = InProcess.ok(dir, "clean").out();

    assertTrue(out.contains("Deleted PROBLEM.md\n"), out);
    assertTrue(
        out.contains("Kept needs/1-boots-reproducibly.md (edited by hand since it was compiled)"),
        out);
    assertTrue(out.contains("Cleaned: "), out);
    assertFalse(Files.exists(problem));
    assertTrue(Files.readString(page).endsWith("My note.\n"), "the edit is kept");
    assertTrue(Files.exists(dir.resolve("notes.md")), "a file mlos did not compile is untouched");
    assertTrue(Files.exists(dir.resolve("mlos.db")), "the database stays");

    // Cleaned already: nothing recorded is left to delete.
    String json = InProcess.ok(dir, "clean", "--json").out().replaceAll("\\s", "");
    assertTrue(json.contains("\"deleted\":[],\"kept\":[]"), json);
  }

  /**
   * A compile or clean that deletes many files printed a line for each (a renamed output pattern on
   * 100,000 needs: 100,000 lines), where mvn mlos:compile and mlos:clean log 20 and count the rest,
   * as docs/configuration.md's Limits promise for both; --json still lists every one.
   */
  @Test
  void manyDeletedFilesAreCutToTwentyLinesAndCountedAsMavenLogsThem() throws Exception {
    InProcess.ok(dir, "init");
    for (int i = 1; i <= 24; i++) {
      InProcess.ok(dir, "need", "create", "Need " + i, "--as", "alice");
    }
    InProcess.ok(dir, "compile");
    Files.writeString(
        dir.resolve("mlos.yaml"),
        Files.readString(dir.resolve("mlos.yaml")) + "views:\n  needs:\n    output: n/{id}.md\n");

    String compiled = InProcess.ok(dir, "compile").out();

    assertEquals(
        20, compiled.lines().filter(l -> l.startsWith("Deleted needs/")).count(), compiled);
    assertTrue(
        compiled.contains(
            "\n... and 4 more files deleted (no longer produced; --json lists them)\n"),
        compiled);

    String cleaned = InProcess.ok(dir, "clean").out();

    assertEquals(20, cleaned.lines().filter(l -> l.startsWith("Deleted ")).count(), cleaned);
    assertTrue(cleaned.contains("\n... and 8 more files deleted (--json lists them)\n"), cleaned);
    InProcess.ok(dir, "compile");
    String json = InProcess.ok(dir, "clean", "--json").out();
    assertEquals(28, json.split("\\.md\"", -1).length - 1, json);
  }

  /** A workspace at {@code ws} with 24 needs compiled, {@code edited} of their pages edited. */
  private static void editedNeedPages(Path ws, int edited) throws Exception {
    Files.createDirectories(ws);
    InProcess.ok(ws, "init");
    for (int i = 1; i <= 24; i++) {
      InProcess.ok(ws, "need", "create", "Need " + i, "--as", "alice");
    }
    InProcess.ok(ws, "compile");
    try (java.util.stream.Stream<Path> pages = Files.list(ws.resolve("needs"))) {
      for (Path page : pages.sorted().limit(edited).toList()) {
        Files.writeString(page, Files.readString(page) + "\nMy note.\n");
      }
    }
  }

  /**
   * A clean that kept many edited pages (a formatter run over 10,000 of them) printed a Kept line
   * and a warning for each: 20 of each now, then one line counting the rest; --json lists all.
   */
  @Test
  void manyKeptFilesAreCutToTwentyLinesAndCounted() throws Exception {
    Path twenty = dir.resolve("twenty");
    editedNeedPages(twenty, 20);
    InProcess.Run r = InProcess.ok(twenty, "clean");
    assertEquals(20, r.out().lines().filter(l -> l.startsWith("Kept needs/")).count(), r.out());
    assertFalse(r.out().contains("more files kept"), r.out());
    assertEquals(20, r.err().lines().filter(l -> l.startsWith("warning: Kept ")).count(), r.err());
    assertFalse(r.err().contains("... and"), r.err());

    Path all = dir.resolve("all");
    editedNeedPages(all, 24);
    r = InProcess.ok(all, "clean");
    assertEquals(20, r.out().lines().filter(l -> l.startsWith("Kept needs/")).count(), r.out());
    assertTrue(r.out().contains("\n... and 4 more files kept (--json lists them)\n"), r.out());
    assertEquals(20, r.err().lines().filter(l -> l.startsWith("warning: Kept ")).count(), r.err());
    assertTrue(
        r.err()
            .contains(
                "warning: ... and 4 more files edited by hand after they were compiled were kept:"
                    + " delete them yourself if the edits are not needed (`mlos guard` names each"
                    + " that keeps its front matter, as UNKNOWN)\n"),
        r.err());
    // The summary and the JSON count every one.
    assertTrue(r.out().contains("24 kept because they were edited by hand"), r.out());
    Path again = dir.resolve("json");
    editedNeedPages(again, 24);
    String json = InProcess.ok(again, "clean", "--json").out().replaceAll("\\s", "");
    String kept =
        json.substring(json.indexOf("\"kept\":["), json.indexOf("]", json.indexOf("\"kept\":[")));
    assertEquals(24, kept.split("\\.md\"", -1).length - 1, json);
  }

  /** A page replaced by a link was reported "edited by hand since it was compiled". */
  @Test
  void cleanSaysAPageWasReplacedByALinkAndLeavesTheLinkAlone() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "compile");
    Path mine = Files.writeString(dir.resolve("my-problem.md"), "mine\n");
    Files.delete(dir.resolve("PROBLEM.md"));
    Files.createSymbolicLink(dir.resolve("PROBLEM.md"), Path.of("my-problem.md"));

    InProcess.Run r = InProcess.run(dir, Main.OK, "clean");

    assertTrue(
        r.out()
            .contains(
                "Kept PROBLEM.md (replaced by a symbolic link since it was compiled; nothing was"
                    + " deleted through it)\n"),
        r.out());
    assertTrue(
        r.out().contains("1 kept: 0 edited by hand, 1 replaced by a symbolic link"), r.out());
    assertFalse(r.out().contains("by hand since"), r.out());
    assertTrue(r.err().contains("Kept 'PROBLEM.md': it was replaced by a symbolic link"), r.err());
    assertTrue(Files.isSymbolicLink(dir.resolve("PROBLEM.md")));
    assertTrue(Files.readString(mine).equals("mine\n"));
  }

  @Test
  void theGuardsFixForAnUnknownFileNamesTheCleanCommand() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "compile");
    // A compiled page copied under another name: not in the record, so the guard calls it unknown.
    Files.copy(dir.resolve("PROBLEM.md"), dir.resolve("OLD-PROBLEM.md"));

    InProcess.Run r = InProcess.run(dir, Main.REFUSED, "guard");

    String all = r.out() + r.err();
    assertTrue(all.contains("UNKNOWN"), all);
    assertTrue(all.contains("`mlos clean`"), all);
    assertFalse(all.contains("or `clean`"), all);
  }

  /** A directory made at a page's path was skipped without a word. */
  @Test
  void cleanNamesADirectoryAtAPagesPathAndLeavesIt() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "compile");
    Files.delete(dir.resolve("PROBLEM.md"));
    Files.createDirectory(dir.resolve("PROBLEM.md"));

    InProcess.Run r = InProcess.run(dir, Main.OK, "clean", "--json");

    String json = r.out().replaceAll("\\s", "");
    assertTrue(json.contains("\"kept\":[\"PROBLEM.md\"]"), json);
    assertTrue(json.contains("\"not_files\":{\"PROBLEM.md\":\"adirectory\"}"), json);
    assertTrue(
        r.err().contains("Kept 'PROBLEM.md': it is not a regular file (a directory is at its path"),
        r.err());
    assertTrue(Files.isDirectory(dir.resolve("PROBLEM.md")), "left in place");
  }
}
