package dev.mlos.core.compile;

import dev.mlos.core.testing.MarkdownTools;
import dev.mlos.core.testing.NastyStrings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiled pages are already in the form prettier and markdownlint produce, so a repository that
 * formats and lints its markdown changes nothing in them (a formatter's edit would be a hand edit
 * to the guard) and reports nothing: for the committed example workspace and for a workspace of
 * hostile titles, names and paths. See docs/configuration.md, "Formatters and linters".
 */
class FormatterStableOutputTest {
  @TempDir Path dir;

  @Test
  void theCompiledExampleWorkspacePassesPrettierAndMarkdownlint() throws Exception {
    MarkdownTools tools = MarkdownTools.installedOrSkip();
    Path example = MarkdownTools.repositoryRoot().resolve("example-workspace");
    // docs/ and transcripts/ are the workspace's own files, not compiled pages.
    List<Path> pages = MarkdownTools.markdownFiles(example, "docs", "transcripts", "target");

    tools.assertClean("example workspace", example, pages);
  }

  @Test
  void pagesOfHostileRowsPassPrettierAndMarkdownlint() throws Exception {
    MarkdownTools tools = MarkdownTools.installedOrSkip();
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    SplittableRandom random = new SplittableRandom(23);
    List<String> statements = new ArrayList<>();
    for (int id = 10; id < 40; id++) {
      statements.add("INSERT INTO needs (id, title, description, status, priority, scope, parent_need_id, tags,"
          + " created_at, updated_at) VALUES (" + id + ", " + sql(NastyStrings.next(random, 12)) + ", "
          + sql("One line about need " + id + ".") + ", '"
          + (id % 3 == 0 ? "actionable" : "in_progress") + "', " + (1 + id % 5) + ", 'kernel', "
          + (id % 4 == 0 ? "1" : "NULL") + ", json_array('tag-" + id + "'),"
          + " '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')");
      statements.add("INSERT INTO tasks (id, need_id, description, status, priority, created_at, updated_at) VALUES ("
          + id + ", " + id + ", " + sql(NastyStrings.next(random, 10)) + ", 'open', 2,"
          + " '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z')");
      statements.add("INSERT INTO artifacts (id, title, file_path, artifact_type, created_at, updated_at) VALUES ("
          + id + ", " + sql(NastyStrings.next(random, 12)) + ", " + sql("docs/f" + id + " [x] (y) a|b `t`.md") + ", 'document',"
          + " '2026-01-01T00:00:00Z', '2026-01-0" + (1 + id % 9) + "T00:00:00Z')");
      statements.add("INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at)"
          + " VALUES ('need', " + id + ", 'artifact', " + id + ", 'references', '2026-01-01T00:00:00Z')");
    }
    statements.add("UPDATE agents SET monitored_needs = '[1, 10, 11, 12, 13, 14, 15]' WHERE id = 1");
    w.sql(statements.toArray(String[]::new));

    w.compile();

    List<Path> pages = MarkdownTools.markdownFiles(w.root, "docs", "src");
    tools.assertClean("ML OS pack with hostile rows", w.root, pages);
  }

  /** {@code s} as an SQL expression: quotes doubled, NUL (which a statement cannot hold) as char(0). */
  static String sql(String s) {
    return "('" + s.replace("'", "''").replace("\u0000", "' || char(0) || '") + "')";
  }
}
