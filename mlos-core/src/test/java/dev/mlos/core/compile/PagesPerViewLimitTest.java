package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.InvalidConfigException;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardRequest;
import dev.mlos.core.view.QueryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A view that writes a page per row had no bound on how many pages it writes: a clone's mlos.yaml
 * whose each query counts to 10^8 (a recursive WITH) or cross-joins two tables made mlos compile,
 * CI's guard and the MCP server's recompile create millions of files, filling the disk and its
 * inodes. A view now writes at most max_pages_per_view pages (1,000,000 by default): at the row
 * past it the compile stops, before that row's page, naming the view, the query, the count and the
 * fix.
 */
class PagesPerViewLimitTest {
  @TempDir Path dir;

  private static final String AT = "2026-02-01T00:00:00Z";

  private static String view(String sql) {
    return "views:\n  pages:\n    template: t.ftl\n    output: p/{id}.md\n    each: rows\n"
        + "    queries:\n      rows: "
        + sql
        + "\n";
  }

  private static final String NEEDS = view("SELECT id FROM needs ORDER BY id");

  private TestWorkspace workspace(String settings, String views) {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("t.ftl", "page ${row.id}\n");
    w.write("mlos.yaml", "pack: none\n" + settings + views);
    return w;
  }

  private void compile(TestWorkspace w) {
    new Compiler().compile(new CompileRequest(w.config(), AT), Reporter.SILENT);
  }

  @Test
  void aViewPastItsPageCapStopsBeforeThePagePastItNamingViewQueryCountCapAndFix() {
    TestWorkspace w = workspace("max_pages_per_view: 3\n", NEEDS);
    assertEquals(3, w.config().maxPagesPerView());

    QueryException e = assertThrows(QueryException.class, () -> compile(w));
    assertTrue(
        e.getMessage()
            .endsWith(
                "mlos.yaml:5), query 'rows': returns more than 3 rows, one page each: stopped at"
                    + " row 4 (3 rows so far), past the page cap of 3 pages per view"
                    + " (max_pages_per_view); no page past the cap is written"),
        e.getMessage());
    assertTrue(e.getMessage().startsWith("View 'pages' ("), e.getMessage());
    assertEquals(
        "make the query return fewer rows (give a recursive WITH an end, join on a key instead of"
            + " a cross join, or LIMIT the rows), or, if this many pages are meant, raise"
            + " max_pages_per_view in mlos.yaml (now 3)",
        e.fix());
    assertTrue(w.exists("p/3.md"));
    assertFalse(w.exists("p/4.md"), "no page past the cap");
  }

  @Test
  void aQueryCountingToAHundredMillionWritesNoMoreThanTheCap() throws IOException {
    TestWorkspace w =
        workspace(
            "max_pages_per_view: 1000\n",
            view(
                "WITH RECURSIVE n(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n"
                    + " WHERE id < 100000000) SELECT id FROM n"));
    QueryException e = assertThrows(QueryException.class, () -> compile(w));
    assertTrue(e.getMessage().contains("stopped at row 1,001 (1,000 rows so far)"), e.getMessage());
    try (Stream<Path> pages = Files.list(w.root.resolve("p"))) {
      assertEquals(1000, pages.count());
    }
  }

  @Test
  void aCompileAfterTheCapIsRaisedWritesWhatAFullCompileWrites() throws IOException {
    TestWorkspace w = workspace("max_pages_per_view: 3\n", NEEDS);
    assertThrows(QueryException.class, () -> compile(w));

    w.write("mlos.yaml", "pack: none\nmax_pages_per_view: 4\n" + NEEDS);
    compile(w);
    assertTrue(w.read("p/4.md").endsWith("\npage 4\n"));
    TestWorkspace reference =
        w.fullCompileFromScratch(
            dir.resolve("ref"), AT, List.of("docs/boot.md", "src/pick.py", "mlos.yaml", "t.ftl"));
    assertEquals(reference.compiledPages(), w.compiledPages());
    assertEquals(reference.recordLines(), w.recordLines());
  }

  @Test
  void aCapLoweredBelowTheViewsPagesIsEnforcedByTheNextCompileAndTheGuard() {
    TestWorkspace w = workspace("max_pages_per_view: 4\n", NEEDS);
    compile(w);
    w.write("mlos.yaml", "pack: none\nmax_pages_per_view: 3\n" + NEEDS);

    QueryException guard =
        assertThrows(QueryException.class, () -> new Guard().check(new GuardRequest(w.config())));
    assertTrue(guard.getMessage().contains("stopped at row 4 (3 rows so far)"), guard.getMessage());
    QueryException e = assertThrows(QueryException.class, () -> compile(w));
    assertTrue(e.getMessage().contains("stopped at row 4 (3 rows so far)"), e.getMessage());
  }

  /**
   * An incremental compile renders only the rows that changed and keeps the other pages: the pages
   * it keeps count towards the cap too, or rows added a few at a time would pass it.
   */
  @Test
  void thePagesAnIncrementalCompileKeepsCountTowardsTheCap() {
    String subset =
        NEEDS
            + "    changed_pages: SELECT json_extract(k, '$.id') FROM temp.mlos_changed"
            + " WHERE tbl = 'needs'\n";
    TestWorkspace w = workspace("max_pages_per_view: 4\n", subset);
    compile(w);
    w.sql(
        "INSERT INTO needs (id, title, status, priority, scope, created_at, updated_at) VALUES"
            + " (5, 'Five', 'active', 1, 'kernel', '2026-01-05T00:00:00Z',"
            + " '2026-01-05T00:00:00Z')");

    QueryException e = assertThrows(QueryException.class, () -> compile(w));
    assertTrue(e.getMessage().contains("returns more than 4 rows"), e.getMessage());
    assertFalse(w.exists("p/5.md"), "no page past the cap");
  }

  /**
   * The guard's check after a change renders only the changed rows and takes the other pages as
   * recorded: it counted the rows it rendered alone, so a fifth row under a cap of 4 passed it, and
   * it reported the fifth page not compiled yet (STALE, fix: compile), a compile that then stopped
   * at the cap. The pages it takes as recorded count first, as the compile's kept pages do: it
   * stops with the compile's words.
   */
  @Test
  void theGuardsCheckOfTheChangedRowsCountsThePagesItTakesAsRecorded() {
    String subset =
        NEEDS
            + "    changed_pages: SELECT json_extract(k, '$.id') FROM temp.mlos_changed"
            + " WHERE tbl = 'needs'\n";
    TestWorkspace w = workspace("max_pages_per_view: 4\n", subset);
    compile(w);
    w.sql(
        "INSERT INTO needs (id, title, status, priority, scope, created_at, updated_at) VALUES"
            + " (5, 'Five', 'active', 1, 'kernel', '2026-01-05T00:00:00Z',"
            + " '2026-01-05T00:00:00Z')");

    QueryException guard =
        assertThrows(QueryException.class, () -> new Guard().check(new GuardRequest(w.config())));
    assertTrue(
        guard.getMessage().contains("returns more than 4 rows, one page each: stopped at row 5"),
        guard.getMessage());
    assertTrue(guard.fix().contains("raise max_pages_per_view in mlos.yaml (now 4)"), guard.fix());
  }

  @Test
  void theCapDefaultsToAMillionAndTheAdaptersOverrideWinsOverMlosYaml() {
    TestWorkspace w = workspace("", NEEDS);
    assertEquals(1_000_000, w.config().maxPagesPerView());
    w.write("mlos.yaml", "pack: none\nmax_pages_per_view: 3\n" + NEEDS);
    WorkspaceConfig c =
        new ConfigLoader()
            .load(
                w.root,
                new ConfigOverrides(null, w.db, null, null, Map.of(), null, null, 2_000_000L));
    assertEquals(2_000_000, c.maxPagesPerView());
    assertEquals(3, w.config().maxPagesPerView());
  }

  @Test
  void aBadCapIsAConfigErrorAtItsLineOrNamingTheOverride() {
    TestWorkspace w = workspace("max_pages_per_view: lots\n", NEEDS);
    InvalidConfigException e = assertThrows(InvalidConfigException.class, w::config);
    assertTrue(
        e.getMessage()
            .endsWith(
                "mlos.yaml:2:21: max_pages_per_view: must be a number of pages from 1 to"
                    + " 1000000000, found 'lots'"),
        e.getMessage());
    w.write("mlos.yaml", "pack: none\nmax_pages_per_view: 0\n" + NEEDS);
    assertThrows(InvalidConfigException.class, w::config);
    InvalidConfigException o =
        assertThrows(
            InvalidConfigException.class,
            () ->
                new ConfigLoader()
                    .load(
                        w.root,
                        new ConfigOverrides(null, w.db, null, null, Map.of(), null, null, 0L)));
    assertTrue(o.getMessage().contains("maxPagesPerView"), o.getMessage());
  }
}
