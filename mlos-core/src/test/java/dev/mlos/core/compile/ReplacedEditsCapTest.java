package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compile that replaces hand-edited pages names the first 20, in page order, and counts the rest
 * in one line saying where every edit is kept: 10,000 edited pages gave 10,000 warning lines.
 */
class ReplacedEditsCapTest {
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
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  pages:\n    template: t.ftl\n    output: p/{id}.md\n"
            + "    each: needs\n    queries:\n      needs: SELECT id FROM needs ORDER BY id\n");
    w.compile();
    for (int i = 1; i <= pages; i++) {
      String page = "p/" + i + ".md";
      w.write(page, w.read(page).replace("# " + i, "# " + i + " (my notes)"));
    }
    w.warnings.clear();
    w.compile();
    return w;
  }

  private static String line(int page) {
    return "'p/"
        + page
        + ".md' had been edited by hand; the edit is replaced by the compiled content (the edited"
        + " file is kept as "
        + Path.of("target/mlos/replaced/p/" + page + ".md")
        + ").";
  }

  @Test
  void twentyEditsAreEachNamed() {
    TestWorkspace w = editedPages(20);
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      expected.add(line(i));
    }
    assertEquals(expected, w.warnings);
  }

  @Test
  void pastTwentyTheRestAreCountedInOneLineThatSaysWhereTheyAreKept() {
    TestWorkspace w = editedPages(45);
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      expected.add(line(i));
    }
    expected.add(
        "... and 25 more pages edited by hand were replaced by the compiled content (each edited"
            + " file is kept under target/mlos/replaced/, at its page's path)");
    assertEquals(expected, w.warnings);
    // Every edit is kept, the ones not named too.
    assertTrue(
        w.read("target/mlos/replaced/p/45.md").contains("# 45 (my notes)"),
        w.read("target/mlos/replaced/p/45.md"));
  }
}
