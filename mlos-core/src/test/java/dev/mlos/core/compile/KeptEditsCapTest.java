package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardRequest;
import dev.mlos.core.guard.ViolationClass;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files a compile no longer produces, or a clean would delete, but that were edited by hand are
 * kept: the first 20 are named, in path order, and the rest counted in one line that says the guard
 * names each. A renamed output pattern over 10,000 formatted pages gave 10,000 warnings.
 */
class KeptEditsCapTest {
  @TempDir Path dir;

  /** A workspace with {@code pages} pages p/1.md ... compiled, then each edited by hand. */
  private TestWorkspace editedPages(int pages) {
    TestWorkspace w = TestWorkspace.create(dir);
    w.sql(
        "INSERT INTO needs (title, status, priority, scope) WITH RECURSIVE n(i) AS"
            + " (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
            + pages
            + ") SELECT 'need ' || i, 'identified', 3, 'bulk' FROM n");
    w.write("t.ftl", "# ${row.id}\n");
    view(w, "p");
    w.compile();
    for (int i = 1; i <= pages; i++) {
      String page = "p/" + i + ".md";
      w.write(page, w.read(page).replace("# " + i, "# " + i + " (my notes)"));
    }
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

  /** The pages' paths in the order the record lists them (by path). */
  private static List<String> inPathOrder(int pages) {
    TreeSet<String> paths = new TreeSet<>();
    for (int i = 1; i <= pages; i++) {
      paths.add("p/" + i + ".md");
    }
    return new ArrayList<>(paths);
  }

  private static List<String> compileLines(int pages) {
    List<String> lines = new ArrayList<>();
    for (String p : inPathOrder(pages).subList(0, Math.min(pages, 20))) {
      lines.add(
          "'"
              + p
              + "' is no longer produced but was edited by hand, so it was kept: review it and"
              + " delete it yourself.");
    }
    return lines;
  }

  private static List<String> cleanLines(int pages) {
    List<String> lines = new ArrayList<>();
    for (String p : inPathOrder(pages).subList(0, Math.min(pages, 20))) {
      lines.add(
          "Kept '"
              + p
              + "': it was edited by hand after it was compiled. Delete it yourself if the edit is"
              + " not needed.");
    }
    return lines;
  }

  private long unknown(TestWorkspace w) {
    return new Guard()
        .check(new GuardRequest(w.config())).violations().stream()
            .filter(v -> v.violationClass() == ViolationClass.UNKNOWN)
            .count();
  }

  @Test
  void twentyPagesAViewNoLongerProducesAreEachNamed() {
    TestWorkspace w = editedPages(20);
    view(w, "q");
    CompileResult r = w.compile();
    assertEquals(compileLines(20), w.warnings);
    assertEquals(20, r.kept().size());
  }

  @Test
  void pastTwentyTheRestAreCountedInOneLineThatSaysTheGuardNamesThem() {
    TestWorkspace w = editedPages(45);
    view(w, "q");
    CompileResult r = w.compile();
    List<String> expected = compileLines(45);
    expected.add(
        "... and 25 more files no longer produced but edited by hand were kept: review them and"
            + " delete them yourself (`guard` names each that keeps its front matter, as"
            + " UNKNOWN)");
    assertEquals(expected, w.warnings);
    assertEquals(inPathOrder(45), r.kept());
    assertTrue(w.read("p/45.md").contains("# 45 (my notes)"), "every edit is kept");
    // What the line promises: the guard names every one.
    assertEquals(45, unknown(w));
  }

  @Test
  void aCleanNamesTwentyEditedPages() {
    TestWorkspace w = editedPages(20);
    Cleaner.CleanResult r = new Cleaner().clean(w.config(), w.reporter);
    assertEquals(cleanLines(20), w.warnings);
    assertEquals(20, r.kept().size());
  }

  @Test
  void aCleanCountsTheEditedPagesPastTwentyInOneLine() {
    TestWorkspace w = editedPages(45);
    Cleaner.CleanResult r = new Cleaner().clean(w.config(), w.reporter);
    List<String> expected = cleanLines(45);
    expected.add(
        "... and 25 more files edited by hand after they were compiled were kept: delete them"
            + " yourself if the edits are not needed (`guard` names each that keeps its front"
            + " matter, as UNKNOWN)");
    assertEquals(expected, w.warnings);
    assertEquals(inPathOrder(45), r.kept());
    assertEquals(45, unknown(w));
  }
}
