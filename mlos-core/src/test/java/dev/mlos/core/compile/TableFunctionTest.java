package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.render.TemplateRenderException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mlos.table as a custom template calls it: columns and rows from FreeMarker values, and an error
 * that names the column or row and what is allowed when a call is wrong.
 */
class TableFunctionTest {
  @TempDir Path dir;

  private TestWorkspace workspace(String table) {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("t.ftl", "# Needs\n\n" + table + "\n");
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  t:\n    template: t.ftl\n    output: T.md\n    queries:\n"
            + "      needs: SELECT id, title, priority FROM needs ORDER BY id LIMIT 2\n");
    return w;
  }

  @Test
  void aTemplateBuildsATableFromItsRows() {
    TestWorkspace w =
        workspace(
            "${mlos.table([{\"title\": \"Need\", \"align\": \"right\"}, \"Title\", \"Page\"],"
                + " needs?map(n -> [n.id, n.title, {\"text\": \"page\", \"link\": mlos.link(\"needs/\" + n.id + \".md\")}]))}");

    w.compile();

    assertTrue(
        w.read("T.md")
            .contains(
                """
        | Need | Title                        | Page               |
        | ---: | ---------------------------- | ------------------ |
        |    1 | Kernel boots reproducibly    | [page](needs/1.md) |
        |    2 | Context packs fit the window | [page](needs/2.md) |
        """),
        w.read("T.md"));
  }

  @Test
  void anUnknownAlignmentIsAnErrorNamingTheColumnAndTheChoices() {
    TestWorkspace w =
        workspace("${mlos.table([\"A\", {\"title\": \"B\", \"align\": \"middle\"}], [])}");

    TemplateRenderException e = assertThrows(TemplateRenderException.class, w::compile);

    assertTrue(
        e.getMessage()
            .contains("mlos.table: column 2's align is 'middle'; use left, center, right or none"),
        e.getMessage());
  }

  @Test
  void aRowWithMoreCellsThanColumnsIsAnErrorNamingTheRow() {
    TestWorkspace w = workspace("${mlos.table([\"A\"], [[\"1\"], [\"1\", \"2\"]])}");

    TemplateRenderException e = assertThrows(TemplateRenderException.class, w::compile);

    assertTrue(
        e.getMessage().contains("mlos.table: row 2 has 2 cells, but the table has 1 column"),
        e.getMessage());
  }

  @Test
  void rowsThatAreNotListsAreAnError() {
    TestWorkspace w = workspace("${mlos.table([\"A\"], needs)}");

    TemplateRenderException e = assertThrows(TemplateRenderException.class, w::compile);

    assertTrue(
        e.getMessage().contains("mlos.table: row 1 must be a list of cells"), e.getMessage());
    assertEquals(false, w.exists("T.md"));
  }
}
