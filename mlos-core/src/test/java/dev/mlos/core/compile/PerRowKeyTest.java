package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A per-row view's key is its {@code each} query's first column (docs/configuration.md). A trial's
 * view selected {@code 1 AS id} first for every row: each page was recorded under one source key,
 * with no word of it.
 */
class PerRowKeyTest {
  @TempDir Path dir;

  private TestWorkspace view(String eachSql) {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("t.ftl", "${row.title}\n");
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  pages:\n    template: t.ftl\n    output: p/{title}.md\n"
            + "    each: needs\n    queries:\n      needs: "
            + eachSql
            + "\n");
    return w;
  }

  @Test
  void aFirstColumnRepeatedAcrossRowsIsWarnedAboutNamingTheViewTheKeyAndTheFix() {
    TestWorkspace w = view("SELECT 1 AS id, title FROM needs ORDER BY id, title");

    CompileResult r = w.compile();

    assertEquals(4, r.pages(), "every row still gets its page");
    List<String> about = w.warnings.stream().filter(m -> m.contains("not unique")).toList();
    assertEquals(1, about.size(), w.warnings.toString());
    String m = about.get(0);
    assertTrue(m.startsWith("View 'pages': the first column of its each query 'needs'"), m);
    assertTrue(m.contains("{\"id\":1} is the key of 4 rows,"), m);
    assertTrue(m.contains("Make the first column the row's unique key"), m);
  }

  @Test
  void severalKeysRepeatedAreCountedAndAUniqueKeyIsNotWarnedAbout() {
    TestWorkspace w = view("SELECT scope, title FROM needs ORDER BY scope, title");
    w.compile();
    List<String> about = w.warnings.stream().filter(m -> m.contains("not unique")).toList();
    assertEquals(1, about.size(), w.warnings.toString());
    // kernel holds needs 1 and 3; compiler and mobile one each.
    assertTrue(about.get(0).contains("{\"scope\":\"kernel\"} is the key of 2 rows,"), about.get(0));

    w.warnings.clear();
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  pages:\n    template: t.ftl\n    output: p/{title}.md\n"
            + "    each: needs\n    queries:\n      needs: SELECT id, title FROM needs ORDER BY id\n");
    w.compile();
    assertEquals(List.of(), w.warnings);
  }
}
