package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-file warnings other than hand edits (a page replaced by a symbolic link, a directory at a
 * page's path) are capped as the hand edits' are: the first 20 named, in path order, the rest
 * counted in one line. 10,000 such files gave 10,000 lines.
 */
class KeptInPlaceCapTest {
  @TempDir Path dir;

  /** A workspace with {@code pages} pages p/1.md ... compiled. */
  private TestWorkspace compiled(int pages) {
    TestWorkspace w = TestWorkspace.create(dir);
    w.sql(
        "INSERT INTO needs (title, status, priority, scope) WITH RECURSIVE n(i) AS"
            + " (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
            + pages
            + ") SELECT 'need ' || i, 'identified', 3, 'bulk' FROM n");
    w.write("t.ftl", "# ${row.id}\n");
    view(w, "p");
    w.compile();
    w.warnings.clear();
    return w;
  }

  private static void view(TestWorkspace w, String directory) {
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  pages:\n    template: t.ftl\n    output: "
            + directory
            + "/{id}.md\n    each: needs\n    queries:\n      needs: SELECT id FROM needs ORDER BY"
            + " id\n");
  }

  /** Each page replaced by a symbolic link to a notes file of the user's. */
  private void linked(TestWorkspace w, int pages) throws Exception {
    Path notes = w.config().root().resolve("notes.txt");
    Files.writeString(notes, "mine\n");
    for (int i = 1; i <= pages; i++) {
      Path page = w.config().root().resolve("p/" + i + ".md");
      Files.delete(page);
      Files.createSymbolicLink(page, notes);
    }
  }

  /** The first 20 paths in path order. */
  private static List<String> first20(int pages) {
    TreeSet<String> paths = new TreeSet<>();
    for (int i = 1; i <= pages; i++) {
      paths.add("p/" + i + ".md");
    }
    return List.copyOf(paths).subList(0, 20);
  }

  @Test
  void aCleanNamesTwentyPagesReplacedByLinksAndCountsTheRest() throws Exception {
    TestWorkspace w = compiled(45);
    linked(w, 45);

    Cleaner.CleanResult r = new Cleaner().clean(w.config(), w.reporter);

    assertEquals(21, w.warnings.size(), String.join("\n", w.warnings));
    for (int i = 0; i < 20; i++) {
      assertTrue(
          w.warnings.get(i).startsWith("Kept '" + first20(45).get(i) + "': it was replaced by a"),
          w.warnings.get(i));
    }
    assertEquals(
        "... and 25 more files were kept, each a symbolic link, behind one, or not a regular file"
            + " where a compiled page was: mlos deletes nothing through a link nor anything it did"
            + " not write; remove them yourself if they are not needed (what a link points to is"
            + " not touched)",
        w.warnings.get(20));
    assertEquals(45, r.linked().size(), "every one is in the result");
  }

  @Test
  void aCleanNamesTwentyDirectoriesAtPagesPathsAndCountsTheRest() throws Exception {
    TestWorkspace w = compiled(25);
    for (int i = 1; i <= 25; i++) {
      Path page = w.config().root().resolve("p/" + i + ".md");
      Files.delete(page);
      Files.createDirectory(page);
    }

    Cleaner.CleanResult r = new Cleaner().clean(w.config(), w.reporter);

    assertEquals(21, w.warnings.size(), String.join("\n", w.warnings));
    assertTrue(
        w.warnings.get(0).contains("it is not a regular file (a directory"), w.warnings.get(0));
    assertTrue(w.warnings.get(20).startsWith("... and 5 more files were kept"), w.warnings.get(20));
    assertEquals(25, r.notFiles().size());
  }

  @Test
  void aCompileNamesTwentyLinksItReplacedAndCountsTheRest() throws Exception {
    TestWorkspace w = compiled(45);
    linked(w, 45);
    w.sql("UPDATE needs SET title = title || '!'");

    w.compile();

    List<String> links = w.warnings.stream().filter(l -> l.contains("symbolic link")).toList();
    assertEquals(21, links.size(), String.join("\n", w.warnings));
    assertTrue(links.get(0).startsWith("'" + first20(45).get(0) + "' was a symbolic link to "));
    assertEquals(
        "... and 25 more pages were symbolic links, each replaced by its compiled page (what it"
            + " pointed to is not touched): keep your own text elsewhere and link to the page from"
            + " there",
        links.get(20));
    assertTrue(
        Files.isRegularFile(
            w.config().root().resolve("p/45.md"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void aCompileNamesTwentyLinksAtPagesNoLongerProducedAndCountsTheRest() throws Exception {
    TestWorkspace w = compiled(45);
    linked(w, 45);
    view(w, "q");

    CompileResult r = w.compile();

    List<String> links = w.warnings.stream().filter(l -> l.contains("symbolic link")).toList();
    assertEquals(21, links.size(), String.join("\n", w.warnings));
    assertTrue(
        links.get(0).startsWith("'" + first20(45).get(0) + "' is no longer produced but was"),
        links.get(0));
    assertEquals(
        "... and 25 more files no longer produced were kept, each a symbolic link, behind one, or"
            + " at a path mlos does not delete: remove them yourself if they are not needed (what"
            + " a link points to is not touched)",
        links.get(20));
    assertEquals(45, r.kept().size(), "every one is in the result");
  }
}
