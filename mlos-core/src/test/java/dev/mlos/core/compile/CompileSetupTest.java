package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compile on several threads opens the database and checks its views while the no-op check still
 * reads the last compile's manifest: what it compiles, and how it refuses, is what a compile on one
 * thread (which sets up in turn) does.
 */
class CompileSetupTest {
  @TempDir Path dir;

  private static CompileResult compile(TestWorkspace w, int threads) {
    return new Compiler()
        .compile(
            new CompileRequest(w.config(), "2026-03-01T00:00:00Z", false, false, threads),
            Reporter.SILENT);
  }

  /** The compiled pages by path, each as its SHA-256 (the snapshot's value after the time). */
  private static Map<String, String> contents(TestWorkspace w) {
    Map<String, String> files = new java.util.TreeMap<>();
    w.snapshot()
        .forEach(
            (path, value) -> {
              if (path.startsWith("n/")) {
                files.put(path, value.substring(value.indexOf(':') + 1));
              }
            });
    return files;
  }

  private static TestWorkspace workspace(Path dir) {
    TestWorkspace w = TestWorkspace.create(dir);
    w.write("t.ftl", "${row.title}\n");
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  mine:\n    template: t.ftl\n    output: 'n/{id}.md'\n    each: needs\n"
            + "    queries:\n      needs: SELECT id, title FROM needs ORDER BY id\n");
    w.seed();
    return w;
  }

  @Test
  void aChangedRowCompilesAsOnOneThread() {
    TestWorkspace one = workspace(dir.resolve("one"));
    TestWorkspace two = workspace(dir.resolve("two"));
    for (TestWorkspace w : new TestWorkspace[] {one, two}) {
      compile(w, 1);
      w.sql("UPDATE needs SET title = 'Phone view, portable' WHERE id = 4");
    }

    CompileResult onOne = compile(one, 1);
    CompileResult onTwo = compile(two, 2);

    assertEquals(onOne.reused(), onTwo.reused(), onTwo.summary());
    assertEquals(3, onTwo.reused(), "only need 4's page is rendered");
    assertEquals(contents(one), contents(two));
    assertTrue(two.read("n/4.md").contains("Phone view, portable"));
  }

  @Test
  void aTemplateBrokenSinceTheLastCompileRefusesItWithItsOwnWordsAndWritesNothing() {
    TestWorkspace w = workspace(dir);
    compile(w, 2);
    String before = w.read("n/4.md");
    w.sql("UPDATE needs SET title = 'Phone view, portable' WHERE id = 4");
    w.write("t.ftl", "${row.title\n");

    MlosException e = assertThrows(MlosException.class, () -> compile(w, 2));

    assertTrue(e.getMessage().contains("t.ftl"), e.getMessage());
    assertEquals(before, w.read("n/4.md"));
    // Mended, the next compile goes on as usual.
    w.write("t.ftl", "${row.title}\n");
    compile(w, 2);
    assertTrue(w.read("n/4.md").contains("Phone view, portable"));
  }

  @Test
  void aDatabaseWhoseRulesWereDroppedIsRefusedAsOnOneThread() {
    TestWorkspace w = workspace(dir);
    compile(w, 2);
    w.sql(
        "UPDATE needs SET title = 'Phone view, portable' WHERE id = 4",
        "DROP TRIGGER artifacts_check_update");

    MlosException onTwo = assertThrows(MlosException.class, () -> compile(w, 2));
    MlosException onOne = assertThrows(MlosException.class, () -> compile(w, 1));

    assertEquals(onOne.getClass(), onTwo.getClass());
    assertEquals(onOne.getMessage(), onTwo.getMessage());
    assertTrue(onTwo.getMessage().contains("artifacts_check_update"), onTwo.getMessage());
  }
}
