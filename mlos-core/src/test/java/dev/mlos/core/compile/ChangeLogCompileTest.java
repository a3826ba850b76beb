package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardRequest;
import dev.mlos.core.guard.ViolationClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An incremental compile (the pages found from the change log, {@link ChangePlan}) leaves exactly
 * what a full compile from scratch leaves: the same files, byte for byte, and the same compile
 * record, after random sequences of raw-SQL inserts, updates and deletes across the tables the
 * views read. And the guard still finds every class of violation after it.
 */
class ChangeLogCompileTest {
  private static final String AT = "2026-02-01T00:00:00Z";

  @TempDir Path dir;

  private final List<String> infos = new ArrayList<>();
  private final Reporter reporter =
      new Reporter() {
        @Override
        public void info(String message) {
          infos.add(message);
        }

        @Override
        public void warn(String message) {}
      };

  /** The compiler the tests use; those about pruning the change log make it prune early. */
  private Compiler compiler = new Compiler();

  private CompileResult compile(TestWorkspace w) {
    return compiler.compile(new CompileRequest(w.config(), AT, false, false, 2), reporter);
  }

  /**
   * After random changes, an incremental compile writes what a full one does. Besides the pack's
   * defaults, with GRAPH.md drawing only a few nodes (its changed_pages then keeps it after changes
   * to rows it does not draw), and with the needs narrowed to a scope.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "params:\n  graph_limit: 3\n",
        "params:\n  graph_limit: 16\n",
        "params:\n  graph_limit: 5\n  scopes: [kernel]\n"
      })
  void randomChangesCompileIncrementallyToWhatAFullCompileWrites(String yaml) throws Exception {
    TestWorkspace w = TestWorkspace.create(dir.resolve("inc"));
    if (!yaml.isEmpty()) {
      w.write("mlos.yaml", yaml);
    }
    w.seed();
    int graphKept = 0;
    int guardSkipped = 0;
    int guardListed = 0;
    Random random = new Random(20261204);
    for (int i = 0; i < 25; i++) {
      change(w, random);
    }
    compile(w);
    int incremental = 0;
    int pruned = 0;
    long logged = 0;
    for (int round = 0; round < 30; round++) {
      int n = 1 + random.nextInt(4);
      List<String> applied = new ArrayList<>();
      if (yaml.contains("graph_limit") && round % 3 == 0) {
        // Only a need's title: GRAPH.md is kept unless it draws that need.
        String sql =
            "UPDATE needs SET title = 'retitled "
                + round
                + "' WHERE id = (SELECT id FROM needs ORDER BY id LIMIT 1 OFFSET "
                + random.nextInt(8)
                + ")";
        w.sql(sql);
        applied.add(sql);
        n = 0;
      }
      for (int i = 0; i < n; i++) {
        applied.add(change(w, random));
      }
      logged = Math.max(logged, logRows(w));
      // Now and then a page of the needs view is deleted or edited by hand as well: the compile
      // must notice it among the pages it keeps, as a full compile would.
      String byHand = handChange(w, random);
      if (byHand != null) {
        applied.add(byHand);
      }
      // Some compiles prune the change log (from a few rows on), others leave it to a later one:
      // the compile after a pruning one must still find every change.
      compiler = new Compiler().pruningChangeLogFrom(1 + random.nextInt(12));
      infos.clear();
      CompileResult r = compile(w);
      if (infos.stream()
          .anyMatch(m -> m.contains("of the each query's first column, fed by the changed rows"))) {
        incremental++;
      }
      // The needs view keeps its pages without going through every row (issue 20).
      assertTrue(
          infos.stream().noneMatch(m -> m.contains("every row is gone through")),
          "round " + round + ": " + infos);
      // ... and takes them from the last compile's list of outputs, not from the record.
      assertTrue(
          infos.stream().noneMatch(m -> m.contains("is not the compile record as it stands")),
          "round " + round + ": " + infos);
      if (infos.stream().anyMatch(m -> m.startsWith("Pruned "))) {
        pruned++;
      }
      if (infos.stream()
          .anyMatch(
              m ->
                  m.startsWith("view 'graph'")
                      && m.contains("changed_pages finds nothing they change"))) {
        graphKept++;
      }
      TestWorkspace reference = fullFromScratch(w, round);
      Map<String, String> files = outputs(w);
      // A page edited by hand that nothing produces any more (its need was renamed in the same
      // round) is left alone, as any compile leaves it; the person deletes it.
      for (String kept : r.kept()) {
        assertTrue(byHand != null && byHand.contains(kept), kept + " kept, " + applied);
        files.remove(kept);
        Files.delete(w.root.resolve(kept));
      }
      assertEquals(outputs(reference), files, "files after round " + round + ": " + applied);
      assertEquals(
          reference.recordLines(),
          w.recordLines(),
          "compile record after round " + round + ": " + applied);
      assertTrue(r.views().stream().mapToInt(CompileResult.ViewStats::pages).sum() > 0);
      // Rows changed after the compile, and no local compile state (after mvn clean): the guard
      // finds from the change log which views to render, and reports what rendering every page
      // reports.
      List<String> after = new ArrayList<>();
      for (int i = random.nextInt(3); i > 0; i--) {
        after.add(change(w, random));
      }
      infos.clear();
      GuardReport withoutState = guardWithoutLocalState(w);
      GuardReport everyPage =
          new Guard().check(new GuardRequest(w.config(), true, 0, true), Reporter.SILENT);
      assertEquals(everyPage.violations(), withoutState.violations(), "round " + round + after);
      assertEquals(everyPage.checkedFiles(), withoutState.checkedFiles(), "round " + round + after);
      if (infos.stream()
          .anyMatch(
              m -> m.startsWith("Stale check from the change log, view 'artifacts': no table"))) {
        guardSkipped++;
      }
      if (infos.stream()
          .anyMatch(
              m ->
                  m.startsWith("Stale check from the change log, view 'needs': ")
                      && m.contains("of the each query's first column, fed by the changed rows"))) {
        guardListed++;
      }
    }
    assertTrue(
        guardSkipped >= 10, "guards that skipped a view from the change log: " + guardSkipped);
    assertTrue(guardListed >= 5, "guards that rendered some needs pages only: " + guardListed);
    assertTrue(incremental >= 20, "rounds compiled from the change log: " + incremental);
    assertTrue(pruned >= 5, "rounds that pruned the change log: " + pruned);
    assertTrue(logRows(w) < logged, "the log shrank: " + logRows(w) + " rows, " + logged + " once");
    if (yaml.contains("graph_limit: 3")) {
      assertTrue(
          graphKept >= 3, "rounds that kept GRAPH.md through its changed_pages: " + graphKept);
    }
  }

  /**
   * The context packs' changed_pages: after random changes to agents, lenses, tasks and their
   * holders, monitors edges, needs and their tags, an incremental compile writes what a full one
   * does, and most compiles render only some packs. A small lens_limit, so that a changed need
   * enters or leaves a lens's list; with scopes set, so that a need's visibility moves too.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "params:\n  lens_limit: 2\n",
        "params:\n  lens_limit: 1\n  scopes: [kernel, docs]\n"
      })
  void randomChangesToWhatContextPacksShowCompileIncrementallyToWhatAFullCompileWrites(String yaml)
      throws Exception {
    TestWorkspace w = TestWorkspace.create(dir.resolve("ctx"));
    w.write("mlos.yaml", yaml);
    w.seed();
    w.sql(
        "INSERT INTO needs (id, title, description, status, priority, scope) VALUES"
            + " (5, 'Docs build', 'd', 'actionable', 2, 'docs'), (6, 'Kernel trace', 'k', 'identified', NULL, 'kernel'),"
            + " (7, 'Docs index', 'i', 'actionable', 1, 'docs'), (8, 'Kernel log', 'l', 'active', 5, 'kernel')",
        "INSERT INTO tasks (id, need_id, description, status, priority) VALUES"
            + " (2, 1, 'Budget', 'open', 2), (3, 5, 'Index', 'open', 3), (4, 7, 'Links', 'open', 1)",
        "INSERT INTO agents (id, agent_type, status, monitored_needs, assigned_tasks, started_at) VALUES"
            + " (2, 'reviewer', 'active', '[2]', '[3]', '2026-01-01T00:00:00Z'),"
            + " (3, 'janitor', 'provisioning', '[]', '[]', NULL),"
            + " (4, 'researcher', 'active', '[4]', '[]', '2026-01-01T00:00:00Z'),"
            + " (5, 'janitor', 'active', NULL, NULL, '2026-01-01T00:00:00Z')",
        "INSERT INTO lenses (agent_id, scopes) VALUES (2, '[\"kernel\"]')",
        "INSERT INTO lenses (agent_type, tags) VALUES ('janitor', '[\"docs\"]')",
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type) VALUES"
            + " ('agent', 4, 'need', 6, 'monitors'), ('need', 6, 'artifact', 2, 'references')");
    compile(w);
    Random random = new Random(20261205);
    int some = 0;
    for (int round = 0; round < 40; round++) {
      List<String> applied = new ArrayList<>();
      // Mostly one write a round: a change to an edge, a lens or an artifact renders every pack,
      // and would hide a pack another write should have named.
      for (int i = random.nextInt(4) == 0 ? 2 : 1; i > 0; i--) {
        applied.add(random.nextInt(5) == 0 ? change(w, random) : contextChange(w, random));
      }
      infos.clear();
      compile(w);
      if (infos.stream()
          .anyMatch(
              m ->
                  m.startsWith("view 'context': its changed_pages names ")
                      && m.contains("of the each query's first column, fed by the changed rows"))) {
        some++;
      }
      TestWorkspace reference = fullFromScratch(w, round);
      assertEquals(outputs(reference), outputs(w), "files after round " + round + ": " + applied);
      assertEquals(
          reference.recordLines(),
          w.recordLines(),
          "compile record after round " + round + ": " + applied);
    }
    assertTrue(some >= 10, "rounds that rendered only some context packs: " + some);
  }

  /** One random write to what a context pack shows (agents, lenses, holders, monitors, needs). */
  private static String contextChange(TestWorkspace w, Random random) {
    for (int attempt = 0; attempt < 20; attempt++) {
      int agent = 1 + random.nextInt(5);
      int need = 1 + random.nextInt(8);
      int task = 1 + random.nextInt(4);
      String sql =
          switch (random.nextInt(13)) {
            case 0 ->
                "UPDATE agents SET monitored_needs = json_array(" + need + ") WHERE id = " + agent;
            case 1 ->
                "UPDATE agents SET assigned_tasks = json_array(" + task + ") WHERE id = " + agent;
            case 2 ->
                "UPDATE agents SET status = CASE status WHEN 'provisioning' THEN 'active'"
                    + " WHEN 'active' THEN 'completed' ELSE status END WHERE id = "
                    + agent;
            case 3 ->
                "INSERT INTO lenses (agent_id, tags) VALUES ("
                    + agent
                    + ", '[\""
                    + (random.nextBoolean() ? "kernel" : "docs")
                    + "\"]')";
            case 4 ->
                "UPDATE lenses SET scopes = '[\""
                    + (random.nextBoolean() ? "kernel" : "docs")
                    + "\"]' WHERE id = (SELECT min(id) FROM lenses)";
            case 5 -> "DELETE FROM lenses WHERE id = (SELECT max(id) FROM lenses)";
            case 6, 13, 14 ->
                // Mostly to an agent without a lens, whose pack shows the task's need only
                // while it holds the task.
                "UPDATE tasks SET status = 'assigned', assigned_agent_id = "
                    + (random.nextInt(3) == 0 ? agent : random.nextBoolean() ? 1 : 4)
                    + " WHERE id = "
                    + task
                    + " AND status = 'open'";
            case 7 ->
                "UPDATE tasks SET status = 'open', assigned_agent_id = NULL WHERE id = " + task;
            case 8 ->
                "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type)"
                    + " VALUES ('agent', "
                    + agent
                    + ", 'need', "
                    + need
                    + ", 'monitors')";
            case 9 ->
                "UPDATE needs SET scope = '"
                    + (random.nextBoolean() ? "kernel" : "docs")
                    + "' WHERE id = "
                    + need;
            case 10 ->
                "UPDATE needs SET priority = "
                    + (random.nextInt(6) == 0 ? "NULL" : String.valueOf(1 + random.nextInt(5)))
                    + " WHERE id = "
                    + need;
            case 11 ->
                "UPDATE needs SET status = CASE status WHEN 'identified' THEN 'active' WHEN 'active' THEN 'actionable'"
                    + " WHEN 'actionable' THEN 'deferred' WHEN 'deferred' THEN 'identified' ELSE status END WHERE id = "
                    + need;
            default ->
                "UPDATE needs SET tags = '[\""
                    + (random.nextBoolean() ? "kernel" : "docs")
                    + "\"]', title = 'Retitled "
                    + attempt
                    + "' WHERE id = "
                    + need;
          };
      try {
        w.sql(sql);
        return sql;
      } catch (IllegalStateException refused) {
        // The schema said no (a rule of the engine): nothing changed, try another write.
      }
    }
    return "(nothing)";
  }

  @Test
  void aCompilePrunesTheLogRowsEveryCompileRecordHasRead() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir.resolve("a"));
    w.seed();
    // A second workspace compiled from the same database: a consumer of the log as well.
    TestWorkspace second = new TestWorkspace(dir.resolve("b").resolve("second"), w.db);
    Files.createDirectories(second.root);
    compile(w);
    compile(second);
    List<String> schema = schemaOrder(w);
    long schemaVersion = longOf(w, "PRAGMA schema_version");
    compiler = new Compiler().pruningChangeLogFrom(3);
    w.sql(
        "UPDATE needs SET title = 'Boot, first' WHERE id = 1",
        "UPDATE needs SET title = 'Boot, second' WHERE id = 1",
        "UPDATE tasks SET description = 'Write the loader' WHERE id = 1");
    long secondHorizon = horizonOf(w, "second");
    infos.clear();
    compile(w);
    // Both read the seed's changes: those go. The second workspace has not read the three
    // changes since: they stay.
    assertTrue(infos.stream().anyMatch(m -> m.startsWith("Pruned ")), infos.toString());
    assertEquals(maxSeq(w) - secondHorizon, logRows(w), infos.toString());
    assertEquals(secondHorizon + 1, minSeq(w), "nothing the second workspace needs is gone");
    infos.clear();
    compile(second);
    assertTrue(infos.stream().anyMatch(m -> m.startsWith("Pruned ")), infos.toString());
    assertEquals(0, logRows(w), "every compile record has read every change");
    infos.clear();
    compile(second);
    assertTrue(
        infos.stream().anyMatch(m -> m.startsWith("Nothing changed since the last compile")),
        "the compile that pruned recorded the database as it left it: " + infos);
    assertEquals(schema, schemaOrder(w), "the schema lists its objects as before (text form)");
    assertEquals(
        schemaVersion,
        longOf(w, "PRAGMA schema_version"),
        "pruning is a plain delete: other connections keep their prepared statements");
    // The log still refuses a delete by hand, through the sqlite3 shell too.
    w.sql("UPDATE needs SET title = 'Boot, third' WHERE id = 1");
    dev.mlos.core.db.SqliteShell.Result shell =
        dev.mlos.core.db.SqliteShell.run(w.db, "DELETE FROM mlos_changes;");
    assertTrue(
        !shell.ok() && shell.err().contains("a compile record has not read yet"), shell.toString());
    // The next compile of each still finds the change from the log, and writes what a full one
    // writes.
    for (TestWorkspace each : List.of(w, second)) {
      infos.clear();
      compile(each);
      assertTrue(
          infos.stream()
              .anyMatch(
                  m -> m.contains("of the each query's first column, fed by the changed rows")),
          infos.toString());
      assertTrue(each.exists("needs/1-boot-third.md"), each.snapshot().keySet().toString());
    }
    TestWorkspace reference = fullFromScratch(w, 0);
    assertEquals(outputs(reference), outputs(w));
    assertEquals(reference.recordLines(), w.recordLines());
  }

  /**
   * Every record without a horizon was said to come from a database rebuilt from the text form ("as
   * on a fresh clone"), whoever left it so. The record's own columns tell the causes apart: a
   * record an older mlos wrote (no view seeds: the columns came with a later schema, empty), one
   * the text form rebuilt (view seeds, no horizon nor schema version), one of a compile that found
   * no change log (its schema version, no horizon), and no record at all.
   */
  @Test
  void aRecordWithoutAHorizonIsSaidForItsOwnCause() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    compile(w);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + w.db)) {
      // As the text form rebuilds it (a fresh clone).
      w.sql("UPDATE mlos_compile_reads SET changes_through = NULL, schema_version = NULL");
      assertEquals(
          "no change horizon to start from: the text form keeps none, so a database rebuilt from"
              + " it, as on a fresh clone, has none until its next compile",
          NoHorizon.why(c, "ws"));
      assertEquals(
          "Stale check: every view's rows hashed (" + NoHorizon.REBUILT_FROM_TEXT + ")",
          ChangePlan.Asker.GUARD.noHorizon(NoHorizon.why(c, "ws")));
      // As an older mlos left it: the horizon's columns added to its row, empty.
      w.sql("UPDATE mlos_compile_reads SET view_seeds = NULL");
      assertEquals(
          "no change horizon to start from: the last compile was recorded by an older mlos, which"
              + " kept none; the next compile records one",
          NoHorizon.why(c, "ws"));
      // A compile that found no change log.
      w.sql("UPDATE mlos_compile_reads SET view_seeds = '{}', schema_version = 7");
      assertEquals(
          "no change horizon to start from: the database kept no change log (mlos_changes) when"
              + " the last compile ran",
          NoHorizon.why(c, "ws"));
      assertEquals(
          "no change horizon to start from: no compile of this workspace is recorded in this"
              + " database yet",
          NoHorizon.why(c, "another"));
    }
  }

  @Test
  void aCompileWhoseHorizonWasPrunedRunsEveryViewsQueriesAndSaysSo() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    compile(w);
    w.sql(
        "UPDATE needs SET title = 'Boot, pruned' WHERE id = 1",
        "UPDATE needs SET title = 'Boot, kept' WHERE id = 1",
        "UPDATE needs SET priority = 1 WHERE id = 4");
    // Another reader of the log (not a compile record) pruned past this workspace's horizon.
    long horizon = horizonOf(w, "ws");
    w.sql("UPDATE mlos_compile_reads SET changes_through = changes_through + 2");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + w.db)) {
      assertTrue(ChangeLogPruning.prune(c, 1, ChangeLogPruning.BASE_MAX_ROWS) > 0);
    }
    assertEquals(maxSeq(w) - horizon - 2, logRows(w), "the changes after those are still there");
    assertTrue(logRows(w) > 0);
    w.sql("UPDATE mlos_compile_reads SET changes_through = " + horizon);
    infos.clear();
    compile(w);
    assertTrue(
        infos.stream()
            .anyMatch(
                m ->
                    m.startsWith("Incremental compile not possible: the change log was pruned past")
                        && m.endsWith("every view's queries run.")),
        infos.toString());
    assertTrue(w.exists("needs/1-boot-kept.md"));
    TestWorkspace reference = fullFromScratch(w, 0);
    assertEquals(outputs(reference), outputs(w));
    assertEquals(reference.recordLines(), w.recordLines());
  }

  /**
   * Most compiles find too few log rows to prune: they find so by reading, without the write lock,
   * so an agent's open write transaction does not hold the end of such a compile up (it waited for
   * the lock before, for up to the busy timeout, to find nothing to delete).
   */
  @Test
  void aPruneWithTooFewRowsTakesNoWriteLock() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    compile(w);
    w.sql("UPDATE needs SET title = 'Boot, again' WHERE id = 1");
    compile(w);
    long rows = logRows(w);
    try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + w.db);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + w.db)) {
      try (java.sql.Statement s = writer.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
      }
      try (java.sql.Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 0");
      }
      // Fewer prunable rows than the minimum: nothing to do, and no SQLITE_BUSY either.
      assertEquals(0, ChangeLogPruning.prune(c, Integer.MAX_VALUE, ChangeLogPruning.BASE_MAX_ROWS));
      // With rows to prune, the prune needs the lock, which the other connection holds.
      assertThrows(
          java.sql.SQLException.class,
          () -> ChangeLogPruning.prune(c, 1, ChangeLogPruning.BASE_MAX_ROWS));
      try (java.sql.Statement s = writer.createStatement()) {
        s.execute("ROLLBACK");
      }
    }
    assertEquals(rows, logRows(w), "nothing was deleted while the other connection wrote");
  }

  /**
   * A backlog in the log (here: a database filled before its first compile) is pruned a bounded
   * slice per compile, so a compile after one changed row does not pay for all of it; a compile
   * after many changes prunes more than they added.
   */
  @Test
  void pruningKeepsPaceWithTheChangesAndNeverDeletesABacklogAtOnce() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    // Only PROBLEM.md: the test is about the log, not about 25,000 need pages.
    w.write(
        "mlos.yaml",
        "params:\n  problem_limit: 5\nviews:\n  needs: {enabled: false}\n  context: {enabled: false}\n"
            + "  graph: {enabled: false}\n  ready: {enabled: false}\n  artifacts: {enabled: false}\n");
    w.seed();
    w.sql(
        "INSERT INTO needs (title, status, priority, scope) WITH RECURSIVE n(i) AS"
            + " (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25000)"
            + " SELECT 'bulk ' || i, 'identified', 3, 'bulk' FROM n");
    long backlog = logRows(w);
    assertTrue(backlog > 2L * ChangeLogPruning.BASE_MAX_ROWS, "log rows: " + backlog);
    compile(w);
    assertEquals(backlog - ChangeLogPruning.BASE_MAX_ROWS, logRows(w), "the first compile");
    w.sql("UPDATE needs SET title = 'one change' WHERE id = 1");
    long before = logRows(w);
    compile(w);
    assertEquals(
        before - ChangeLogPruning.BASE_MAX_ROWS, logRows(w), "a compile after one changed row");
    // Many changes: the compile reads them and deletes twice as many rows as it read.
    long horizon = maxSeq(w);
    w.sql("UPDATE needs SET priority = 2 WHERE scope = 'bulk' AND id % 2 = 0");
    long read = maxSeq(w) - horizon;
    assertTrue(read > ChangeLogPruning.BASE_MAX_ROWS / 2, "changes read: " + read);
    before = logRows(w);
    compile(w);
    assertTrue(
        logRows(w) <= Math.max(0, before - 2 * read) + ChangeLogPruning.MIN_ROWS,
        "log rows " + before + " -> " + logRows(w) + " after reading " + read + " changes");
    assertTrue(logRows(w) < before - read, "the backlog shrank");
  }

  @Test
  void aCompileLeavesASmallLogAlone() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    compile(w);
    w.sql("UPDATE needs SET title = 'Boot, once more' WHERE id = 1");
    long rows = logRows(w);
    infos.clear();
    compile(w);
    // Below ChangeLogPruning.MIN_ROWS prunable rows, a compile does not touch the schema.
    assertEquals(rows, logRows(w), infos.toString());
    assertTrue(rows > 0 && rows < ChangeLogPruning.MIN_ROWS);
  }

  private static long logRows(TestWorkspace w) throws SQLException {
    return longOf(w, "SELECT count(*) FROM mlos_changes");
  }

  private static long maxSeq(TestWorkspace w) throws SQLException {
    return longOf(w, "SELECT max(seq) FROM mlos_changes");
  }

  private static long minSeq(TestWorkspace w) throws SQLException {
    return longOf(w, "SELECT coalesce(min(seq), 0) FROM mlos_changes");
  }

  private static long horizonOf(TestWorkspace w, String workspace) throws SQLException {
    return longOf(
        w, "SELECT changes_through FROM mlos_compile_reads WHERE workspace = '" + workspace + "'");
  }

  private static long longOf(TestWorkspace w, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + w.db);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getLong(1);
    }
  }

  /**
   * The schema's tables, then its indexes, triggers and views, each in the order the schema lists
   * them: the order the database's text form writes them in.
   */
  private static List<String> schemaOrder(TestWorkspace w) throws SQLException {
    List<String> objects = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + w.db);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL"
                        + " ORDER BY type <> 'table', rowid")) {
      while (rs.next()) {
        objects.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
      }
    }
    return objects;
  }

  @Test
  void aViewNoChangedTableFeedsIsKeptWithoutRunningItsQueries() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    compile(w);
    w.sql("UPDATE artifacts SET title = 'Boot design, second edition' WHERE id = 1");
    infos.clear();
    CompileResult r = compile(w);
    assertTrue(
        infos.contains("view 'problem': no table it reads changed: its pages are kept as recorded")
            || infos.stream().anyMatch(m -> m.startsWith("view 'problem': ")),
        infos.toString());
    assertTrue(
        infos.stream()
            .anyMatch(
                m -> m.startsWith("view 'artifacts': it reads the changed table(s) artifacts")),
        infos.toString());
    CompileResult.ViewStats needs =
        r.views().stream().filter(v -> v.view().equals("needs")).findFirst().orElseThrow();
    // Need 1's page names the artifact; the other needs' pages are kept as recorded.
    assertEquals(1, needs.written(), needs.toString());
    assertEquals(needs.pages() - 1, needs.reused(), needs.toString());
  }

  @Test
  void aChangedSchemaOrAMissingHorizonMeansEveryViewsQueriesRun() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    compile(w);
    w.sql(
        "CREATE TABLE scratch (x INTEGER)",
        "UPDATE needs SET title = 'Phone view, again' WHERE id = 4");
    infos.clear();
    compile(w);
    assertTrue(
        infos.stream()
            .anyMatch(
                m -> m.contains("Incremental compile not possible: the database's schema changed")),
        infos.toString());
    assertTrue(w.exists("needs/4-phone-view-again.md") || !w.snapshot().isEmpty());
  }

  @Test
  void theGuardFindsEveryClassAfterAnIncrementalCompile() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.sql(
        "UPDATE artifacts SET content_hash = '"
            + dev.mlos.core.hash.Sha256.of("# Boot\n\nThree layers.\n")
            + "' WHERE id = 1");
    compile(w);
    w.sql("UPDATE needs SET description = 'Boots twice the same way.' WHERE id = 1");
    infos.clear();
    compile(w);
    assertTrue(
        infos.stream()
            .anyMatch(m -> m.contains("of the each query's first column, fed by the changed rows")),
        infos.toString());
    assertEquals(List.of(), guard(w).violations());

    String page = pageOf(w, "needs/2-");
    w.write("PROBLEM.md", w.read("PROBLEM.md") + "\nedited\n");
    Files.delete(w.root.resolve(page));
    w.write(
        "notes/stray.md",
        "---\nworkspace: " + w.config().name() + "\ncompiled_at: x\n---\nstray\n");
    w.write("docs/boot.md", "# Boot\n\nFour layers.\n");
    w.sql("UPDATE needs SET title = 'Kernel boots, reproducibly' WHERE id = 1");
    Set<ViolationClass> found =
        guard(w).violations().stream().map(v -> v.violationClass()).collect(Collectors.toSet());
    assertEquals(
        Set.of(
            ViolationClass.HAND_EDITED,
            ViolationClass.MISSING,
            ViolationClass.UNKNOWN,
            ViolationClass.ARTIFACT_DRIFT,
            ViolationClass.STALE),
        found);
    Files.delete(w.root.resolve("docs/boot.md"));
    assertTrue(
        guard(w).violations().stream()
            .anyMatch(v -> v.violationClass() == ViolationClass.ARTIFACT_MISSING));
  }

  @Test
  void aWorkspaceThatOverridesAPackViewsQueriesDropsItsChangedPages() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write(
        "mlos.yaml",
        "views:\n  needs:\n    queries:\n      history: |\n"
            + "        SELECT h.id, h.operation FROM history h WHERE h.entity = 'need' AND h.entity_id = :row.id ORDER BY h.id\n");
    assertEquals(
        null,
        w.config().views().stream()
            .filter(v -> v.name().equals("needs"))
            .findFirst()
            .orElseThrow()
            .changedPages(),
        "the pack's changed_pages was written for the pack's queries");
    compile(w);
    w.sql("UPDATE needs SET description = 'Boots twice the same way.' WHERE id = 1");
    infos.clear();
    CompileResult r = compile(w);
    assertTrue(
        infos.stream()
            .anyMatch(
                m ->
                    m.startsWith("view 'needs': it reads the changed table(s)")
                        && m.contains("declares no changed_pages")),
        infos.toString());
    TestWorkspace reference = fullFromScratchQuietly(w);
    assertEquals(outputs(reference), outputs(w));
    assertTrue(r.views().stream().anyMatch(v -> v.view().equals("needs") && v.written() == 1));
  }

  /**
   * A per-row view whose keys are reals (which may compare otherwise than the row's own value)
   * cannot have its each query limited to the rows to render: every row is gone through, as before,
   * the log says so, and the files are what a full compile writes.
   */
  @Test
  void aViewWhoseKeysAreRealsGoesThroughEveryRowAndSaysSo() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir.resolve("ws"));
    w.seed();
    w.write("r.ftl", "${row.title}\n");
    w.write(
        "mlos.yaml",
        "views:\n  byreal:\n    template: r.ftl\n    output: real/{k}-{title}.md\n    each: item\n"
            + "    queries:\n      item: SELECT id + 0.5 AS k, title FROM needs ORDER BY id\n"
            + "    changed_pages: SELECT json_extract(k, '$.id') + 0.5 FROM temp.mlos_changed"
            + " WHERE tbl = 'needs'\n");
    compile(w);
    w.sql("UPDATE needs SET title = 'Kernel boots in one second' WHERE id = 1");
    infos.clear();
    compile(w);
    assertTrue(
        infos.stream()
            .anyMatch(
                m ->
                    m.startsWith("view 'byreal': its each query cannot be limited")
                        && m.contains("every row is gone through")),
        infos.toString());
    assertTrue(w.exists("real/1-5-kernel-boots-in-one-second.md"), w.snapshot().toString());
    TestWorkspace reference = fullFromScratch(w, 0);
    assertEquals(outputs(reference), outputs(w));
    assertEquals(reference.recordLines(), w.recordLines());
  }

  /**
   * A hand-made record naming a file outside the workspace, with that file's hash, is never kept by
   * an incremental compile (nothing outside the output directory is taken for a page): the view is
   * rendered as a full compile would, and the file outside is neither touched nor deleted.
   */
  @Test
  void aRecordNamingAFileOutsideTheWorkspaceIsNeverKept() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir.resolve("ws"));
    w.seed();
    compile(w);
    String page = "ARTIFACTS.md";
    Path outside = w.root.toAbsolutePath().getParent().resolve("outside.md");
    Files.copy(w.root.resolve(page), outside);
    byte[] before = Files.readAllBytes(outside);
    w.sql(
        "UPDATE mlos_outputs SET path = '../outside.md' WHERE path = '"
            + page.replace("'", "''")
            + "'");
    // A change the artifacts view does not read, so its page is planned to be kept.
    w.sql("UPDATE needs SET title = 'Kernel boots in one second' WHERE id = 1");
    infos.clear();
    CompileResult r = compile(w);
    assertTrue(w.exists(page), "the page is written again: " + w.snapshot());
    assertArrayEquals(before, Files.readAllBytes(outside));
    assertFalse(r.deleted().stream().anyMatch(d -> d.contains("outside")), r.deleted().toString());
    TestWorkspace reference = fullFromScratch(w, 0);
    assertEquals(outputs(reference), outputs(w));
  }

  /**
   * A compile stopped by a conflict does not delete the page a renamed row left behind; the next
   * compile, once the conflict is moved away, does (it was left on disk for good before).
   */
  @Test
  void thePageARenamedRowLeftIsDeletedOnceAConflictInTheSameCompileIsResolved() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir.resolve("ws"));
    w.seed();
    compile(w);
    String old = pageOf(w, "needs/4-");
    w.sql("UPDATE needs SET title = 'Phone view, renamed' WHERE id = 4");
    w.write("needs/4-phone-view-renamed.md", "a person's own file\n");
    assertThrows(OutputConflictException.class, () -> compile(w));
    assertTrue(w.exists(old), "not deleted while the compile is in conflict");
    Files.delete(w.root.resolve("needs/4-phone-view-renamed.md"));
    CompileResult r = compile(w);
    assertTrue(r.deleted().contains(old), r.deleted().toString());
    assertFalse(w.exists(old));
    TestWorkspace reference = fullFromScratch(w, 0);
    assertEquals(outputs(reference), outputs(w));
    assertEquals(reference.recordLines(), w.recordLines());
  }

  /**
   * Issue 20: the pages a view keeps are not recorded again row by row, yet a page a later view
   * renders at the path of a kept page (differing only in case, as macOS and Windows see it) is
   * still a conflict naming the kept page, as in a full compile; the kept page and its record stay.
   */
  @Test
  void aRenderedPageOnTheCaseFoldedPathOfAKeptPageIsAConflict() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir.resolve("ws"));
    w.seed();
    w.write("r.ftl", "${row.title}\n");
    w.write(
        "mlos.yaml",
        "views:\n  low:\n    template: r.ftl\n    output: n/{id}-{title}.md\n    each: item\n"
            + "    queries:\n      item: SELECT id, title FROM needs ORDER BY id\n"
            + "    changed_pages: SELECT json_extract(k, '$.id') FROM temp.mlos_changed"
            + " WHERE tbl = 'needs'\n"
            + "  up:\n    template: r.ftl\n    output: N/{id}-{title}.md\n    each: item\n"
            + "    queries:\n      item: SELECT n.id, n.title FROM needs n JOIN tasks t ON t.need_id = n.id"
            + " WHERE t.description = 'collide' ORDER BY n.id\n");
    compile(w);
    String kept = pageOf(w, "n/1-");
    String keptBytes = w.read(kept);
    List<String> recorded = w.recordLines();
    w.sql(
        "UPDATE tasks SET description = 'collide' WHERE id = 1",
        "UPDATE needs SET priority = 2 WHERE id = 4");
    infos.clear();
    OutputConflictException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            OutputConflictException.class, () -> compile(w));
    assertTrue(
        infos.stream()
            .anyMatch(m -> m.startsWith("view 'low': ") && m.contains("first column, fed by")),
        infos.toString());
    assertTrue(
        e.getMessage()
            .contains(
                "'N/1-kernel-boots-reproducibly.md' is also written by view 'low', row {\"id\":1}"
                    + " as 'n/1-kernel-boots-reproducibly.md' (paths compare case-insensitively)"),
        e.getMessage());
    assertEquals(keptBytes, w.read(kept));
    List<String> now = w.recordLines();
    assertTrue(now.stream().anyMatch(r -> r.startsWith(kept + " low ")), now.toString());
    assertTrue(now.stream().noneMatch(r -> r.startsWith("N/")), now.toString());
    assertEquals(
        recorded.stream().filter(r -> r.startsWith("n/")).toList(),
        now.stream().filter(r -> r.startsWith("n/")).toList(),
        "the kept view's record is as it was");
    // Once the colliding row is gone, the next compile writes what a full compile writes.
    w.sql("UPDATE tasks SET description = 'Write the boot test' WHERE id = 1");
    compile(w);
    TestWorkspace reference = fullFromScratch(w, 0);
    assertEquals(outputs(reference), outputs(w));
    assertEquals(reference.recordLines(), w.recordLines());
  }

  /**
   * Issue 20: the kept pages are reserved a view at a time, yet a kept page whose path (differing
   * only in case) an earlier view's rendered page took is a conflict naming that page, as in a full
   * compile, and is neither listed nor carried over.
   */
  @Test
  void aKeptPageOnTheCaseFoldedPathOfAPageRenderedBeforeIsAConflict() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir.resolve("ws"));
    w.seed();
    w.write("r.ftl", "${row.title}\n");
    w.write(
        "mlos.yaml",
        "views:\n  up:\n    template: r.ftl\n    output: N/{id}-{title}.md\n    each: item\n"
            + "    queries:\n      item: SELECT n.id, n.title FROM needs n JOIN tasks t ON t.need_id = n.id"
            + " WHERE t.description = 'collide' ORDER BY n.id\n"
            + "  low:\n    template: r.ftl\n    output: n/{id}-{title}.md\n    each: item\n"
            + "    queries:\n      item: SELECT id, title FROM needs ORDER BY id\n"
            + "    changed_pages: SELECT json_extract(k, '$.id') FROM temp.mlos_changed"
            + " WHERE tbl = 'needs'\n");
    compile(w);
    String kept = pageOf(w, "n/1-");
    w.sql(
        "UPDATE tasks SET description = 'collide' WHERE id = 1",
        "UPDATE needs SET priority = 2 WHERE id = 4");
    infos.clear();
    OutputConflictException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            OutputConflictException.class, () -> compile(w));
    assertTrue(
        infos.stream()
            .anyMatch(m -> m.startsWith("view 'low': ") && m.contains("first column, fed by")),
        infos.toString());
    assertTrue(
        e.getMessage()
            .contains(
                "'n/1-kernel-boots-reproducibly.md' is also written by view 'up', row {\"id\":1}"
                    + " as 'N/1-kernel-boots-reproducibly.md' (paths compare case-insensitively)"),
        e.getMessage());
    OutputConflictException full =
        org.junit.jupiter.api.Assertions.assertThrows(
            OutputConflictException.class, () -> fullFromScratch(w, 2));
    assertEquals(e.getMessage(), full.getMessage(), "a full compile reports the same conflict");
    // Once the colliding row is gone, the next compile writes what a full compile writes.
    w.sql("UPDATE tasks SET description = 'Write the boot test' WHERE id = 1");
    compile(w);
    assertTrue(w.exists(kept), kept);
    TestWorkspace reference = fullFromScratch(w, 1);
    assertEquals(outputs(reference), outputs(w));
    assertEquals(reference.recordLines(), w.recordLines());
  }

  /**
   * Issue 20: an incremental compile takes the kept pages from the last compile's list of outputs
   * only while the record is as that compile left it. A record edited since (a row more, input
   * hashes dropped, a path changed) or written by another compile (its stamp is another) is read
   * instead, and the compile says so; the files and the record are then what a full compile leaves.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "UPDATE mlos_outputs SET input_hash = NULL WHERE path LIKE 'needs/3-%'",
        "UPDATE mlos_outputs SET file_hash = (SELECT file_hash FROM mlos_outputs"
            + " WHERE path = 'GRAPH.md') WHERE path = 'PROBLEM.md'",
        // A file hash whose first a and e stay where they were (its first c made a b): the
        // record's totals used to see only those two, and missed it.
        "UPDATE mlos_outputs SET file_hash = substr(file_hash, 1, instr(file_hash, 'c') - 1)"
            + " || 'b' || substr(file_hash, instr(file_hash, 'c') + 1) WHERE path = 'PROBLEM.md'",
        "UPDATE mlos_outputs SET path = 'needs/x.md' WHERE path LIKE 'needs/3-%'",
        "INSERT INTO mlos_outputs (workspace, path, view, source_keys, content_hash, file_hash,"
            + " compiled_at, input_hash) SELECT workspace, 'needs/extra.md', view, '[77]',"
            + " content_hash, file_hash, compiled_at, input_hash FROM mlos_outputs"
            + " WHERE view = 'needs' LIMIT 1",
        "UPDATE mlos_compile_reads SET view_seeds = json_set(view_seeds, '$.\"#outputs\"', 'x')"
      })
  void aRecordChangedSinceTheListOfOutputsIsReadInstead(String edit) throws Exception {
    TestWorkspace w = TestWorkspace.create(dir.resolve("ws"));
    w.seed();
    compile(w);
    w.sql("UPDATE needs SET title = 'Kernel boots in one second' WHERE id = 1");
    infos.clear();
    compile(w);
    assertTrue(
        infos.stream().noneMatch(m -> m.contains("is not the compile record as it stands")),
        infos.toString());
    w.sql(edit, "UPDATE needs SET priority = 2 WHERE id = 4");
    infos.clear();
    compile(w);
    assertTrue(
        infos.stream().anyMatch(m -> m.contains("is not the compile record as it stands")),
        infos.toString());
    TestWorkspace reference = fullFromScratch(w, 0);
    assertEquals(outputs(reference), outputs(w));
    assertEquals(reference.recordLines(), w.recordLines());
    // That compile's list is the record again: the next one trusts it.
    w.sql("UPDATE needs SET priority = 3 WHERE id = 4");
    infos.clear();
    compile(w);
    assertTrue(
        infos.stream().noneMatch(m -> m.contains("is not the compile record as it stands")),
        infos.toString());
    assertEquals(fullFromScratch(w, 1).recordLines(), w.recordLines());
  }

  @Test
  void aSingleFileViewIsKeptWhenItsChangedPagesSelectsNoRow() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    // PROBLEM.md says it is unaffected by any change unless a need titled 'renders' exists.
    w.write(
        "mlos.yaml",
        "views:\n  problem:\n    changed_pages: SELECT 1 FROM needs WHERE title = 'renders'\n");
    w.seed();
    compile(w);
    String before = w.read("PROBLEM.md");
    w.sql("UPDATE needs SET title = 'kept anyway' WHERE id = 1");
    infos.clear();
    CompileResult kept = compile(w);
    assertTrue(
        infos.contains(
            "view 'problem': it reads the changed table(s) needs, but its changed_pages finds nothing"
                + " they change on its page: kept as recorded"),
        infos.toString());
    assertEquals(before, w.read("PROBLEM.md"), "the view author's promise is taken as given");
    assertEquals(0, written(kept, "problem"));
    w.sql("UPDATE needs SET title = 'renders' WHERE id = 2");
    infos.clear();
    CompileResult rendered = compile(w);
    assertTrue(
        infos.contains("view 'problem': it reads the changed table(s) needs: rendered again"),
        infos.toString());
    assertEquals(1, written(rendered, "problem"));
    assertTrue(w.read("PROBLEM.md").contains("renders"));
    assertTrue(w.read("PROBLEM.md").contains("kept anyway"));
    // A corrected changed_pages is a changed configuration: every view renders again.
    w.write("mlos.yaml", "views:\n  problem:\n    changed_pages: SELECT 1\n");
    w.sql("UPDATE needs SET title = 'again' WHERE id = 3");
    infos.clear();
    compile(w);
    assertTrue(
        infos.stream()
            .anyMatch(
                m ->
                    m.startsWith(
                        "view 'problem': its configuration, template or mlos itself changed")),
        infos.toString());
  }

  /** The edited page of a kept single-file view is rendered again, as a full compile would. */
  @Test
  void aKeptSingleFileViewWhosePageWasEditedIsRenderedAgain() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.write("mlos.yaml", "params:\n  graph_limit: 2\n");
    w.seed();
    compile(w);
    String graph = w.read("GRAPH.md");
    w.write("GRAPH.md", graph + "hand edit\n");
    w.sql("UPDATE needs SET title = 'not drawn' WHERE id = (SELECT max(id) FROM needs)");
    infos.clear();
    compile(w);
    assertTrue(
        infos.stream()
            .anyMatch(
                m -> m.startsWith("view 'graph'") && m.contains("changed_pages finds nothing")),
        infos.toString());
    assertEquals(graph, w.read("GRAPH.md"));
  }

  private static int written(CompileResult r, String view) {
    return r.views().stream()
        .filter(v -> v.view().equals(view))
        .mapToInt(CompileResult.ViewStats::written)
        .sum();
  }

  private TestWorkspace fullFromScratchQuietly(TestWorkspace w) {
    try {
      TestWorkspace copy = fullFromScratch(w, 99);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Issue 19: a compile that rewrote a page deleted by hand leaves the next compile and guard on
   * the fast path.
   */
  @Test
  void aCompileThatRewroteADeletedPageLeavesTheNextOnTheFastPath() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    compile(w);
    for (String page : List.of("PROBLEM.md", pageOf(w, "needs/1-"), pageOf(w, "context/"))) {
      Files.delete(w.root.resolve(page));
      if (page.startsWith("context/")) {
        Files.delete(
            w.root.resolve("context")); // its only page: the compile makes the directory again
      }
      CompileResult rewrote = compile(w);
      assertEquals(
          1, rewrote.views().stream().mapToInt(CompileResult.ViewStats::written).sum(), page);
      assertTrue(w.exists(page));
      assertTrue(
          new Compiler().inputsUnchangedSinceLastCompile(w.config()),
          "the guard's fast path, after " + page);
      infos.clear();
      CompileResult next = compile(w);
      assertTrue(
          infos.stream().anyMatch(m -> m.startsWith("Nothing changed since the last compile")),
          "after rewriting " + page + ": " + infos);
      assertEquals(0, next.views().stream().mapToInt(CompileResult.ViewStats::written).sum());
    }
  }

  private static GuardReport guard(TestWorkspace w) {
    return new Guard().check(new GuardRequest(w.config()));
  }

  /** The full guard as after {@code mvn clean}: no compile state vouches for the database. */
  private GuardReport guardWithoutLocalState(TestWorkspace w) throws IOException {
    Path state = w.root.resolve("target/mlos/compile-state");
    Path aside = w.root.resolve("target/mlos/compile-state.aside");
    boolean had = Files.exists(state);
    if (had) {
      Files.move(state, aside);
    }
    try {
      return new Guard().check(new GuardRequest(w.config(), true, 0, false), reporter);
    } finally {
      if (had) {
        Files.move(aside, state);
      }
    }
  }

  private static String pageOf(TestWorkspace w, String prefix) {
    return w.snapshot().keySet().stream()
        .filter(p -> p.startsWith(prefix))
        .findFirst()
        .orElseThrow();
  }

  /** A copy of the database without any compile record, compiled into an empty workspace. */
  private TestWorkspace fullFromScratch(TestWorkspace w, int round) throws IOException {
    return w.fullCompileFromScratch(
        dir.resolve("ref" + round),
        AT,
        List.of("docs/boot.md", "src/pick.py", "mlos.yaml", "r.ftl"));
  }

  private static Map<String, String> outputs(TestWorkspace w) {
    return w.compiledPages();
  }

  /**
   * Deletes or edits a compiled page of the needs view by hand, one round in three; returns what it
   * did, or null.
   */
  private static String handChange(TestWorkspace w, Random random) throws IOException {
    List<String> needs =
        w.snapshot().keySet().stream().filter(p -> p.startsWith("needs/")).sorted().toList();
    int what = random.nextInt(6);
    if (needs.isEmpty() || what > 1) {
      return null;
    }
    String page = needs.get(random.nextInt(needs.size()));
    if (what == 0) {
      Files.delete(w.root.resolve(page));
      return "deleted " + page + " by hand";
    }
    w.write(page, w.read(page) + "\nedited by hand\n");
    return "edited " + page + " by hand";
  }

  /**
   * Issue 20: a per-row view with changed_pages renders only the rows of the changed keys and of
   * the pages whose file was deleted or edited, keeps the others without going through their rows,
   * and leaves what a full compile leaves: a renamed page moves, a deleted need's page goes, a new
   * need's page comes, a hand-deleted or hand-edited page is written again.
   */
  @Test
  void aPerRowViewRendersOnlyTheChangedRowsAndThePagesWhoseFileChanged() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir.resolve("ws"));
    w.seed();
    compile(w);
    String renamed = pageOf(w, "needs/1-");
    String deletedByHand = pageOf(w, "needs/2-");
    String editedByHand = pageOf(w, "needs/3-");
    String untouched = pageOf(w, "needs/4-");
    String untouchedBytes = w.read(untouched);
    w.sql(
        "UPDATE needs SET title = 'Kernel boots in one second' WHERE id = 1",
        "INSERT INTO needs (title, description, status, priority, scope) VALUES"
            + " ('A brand new need', 'new', 'identified', 3, 'kernel')");
    Files.delete(w.root.resolve(deletedByHand));
    w.write(editedByHand, w.read(editedByHand) + "\nedited by hand\n");
    infos.clear();
    CompileResult r = compile(w);
    assertTrue(
        infos.stream()
            .anyMatch(m -> m.startsWith("view 'needs': ") && m.contains("first column, fed by")),
        infos.toString());
    assertTrue(
        infos.stream().noneMatch(m -> m.contains("every row is gone through")), infos.toString());
    CompileResult.ViewStats needs =
        r.views().stream().filter(v -> v.view().equals("needs")).findFirst().orElseThrow();
    // The renamed need, the new one, the deleted and the edited page (and the pages whose parent or
    // relations the changed rows touch, if any): never every page.
    assertTrue(needs.written() >= 4 && needs.written() < needs.pages(), needs.toString());
    assertTrue(!w.exists(renamed), renamed);
    assertTrue(w.exists("needs/1-kernel-boots-in-one-second.md"), w.snapshot().keySet().toString());
    assertTrue(w.exists(deletedByHand));
    assertEquals(untouchedBytes, w.read(untouched));
    TestWorkspace reference = fullFromScratch(w, 0);
    assertEquals(outputs(reference), outputs(w));
    assertEquals(reference.recordLines(), w.recordLines());
    // The next compile without a change is a no-op: the manifest lists every page as it is.
    infos.clear();
    compile(w);
    assertTrue(
        infos.stream().anyMatch(m -> m.startsWith("Nothing changed since the last compile")),
        infos.toString());
  }

  /**
   * A per-row view whose first column repeats (here the scope: several needs share one) records
   * several pages under one source key, and a compile warns about it. Its changed_pages names keys,
   * so a changed row's key renders every page of that key: the incremental compile still leaves
   * what a full compile leaves, after a title change, a new row, a row moved to another key and a
   * deleted row.
   */
  @Test
  void aPerRowViewWhoseFirstColumnRepeatsEndsAsAFullCompile() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir.resolve("ws"));
    w.seed();
    w.write("r.ftl", "${row.scope} ${row.id} ${row.title}\n");
    w.write(
        "mlos.yaml",
        "views:\n  by_scope:\n    template: r.ftl\n    output: s/{id}.md\n    each: item\n"
            + "    queries:\n      item: SELECT scope, id, title FROM needs ORDER BY id\n"
            // A changed need's scope now, and every scope (a deleted row's or a moved row's old
            // scope is not in the change log's key): the view's author keeps the promise.
            + "    changed_pages: SELECT n.scope FROM temp.mlos_changed c JOIN needs n"
            + " ON n.id = json_extract(c.k, '$.id') WHERE c.tbl = 'needs'"
            + " UNION SELECT scope FROM needs WHERE EXISTS (SELECT 1 FROM temp.mlos_changed"
            + " WHERE tbl = 'needs' AND op <> 'update')\n");
    compile(w);
    assertEquals("kernel 3 Old idea\n", body(w.read("s/3.md")));
    List<String> kernelKeys =
        w.recordLines().stream().filter(r -> r.contains("{\"scope\":\"kernel\"}")).toList();
    assertEquals(2, kernelKeys.size(), "needs 1 and 3 share the key: " + kernelKeys);

    List<String[]> rounds =
        List.of(
            new String[] {"UPDATE needs SET title = 'Older idea' WHERE id = 3"},
            new String[] {
              "INSERT INTO needs (title, description, status, priority, scope) VALUES"
                  + " ('Kernel logs', 'new', 'identified', 3, 'kernel')"
            },
            new String[] {"UPDATE needs SET scope = 'compiler' WHERE id = 1"},
            new String[] {"DELETE FROM tasks WHERE need_id = 3", "DELETE FROM needs WHERE id = 3"});
    int round = 0;
    for (String[] change : rounds) {
      w.sql(change);
      infos.clear();
      compile(w);
      String said = String.join(" | ", infos);
      assertTrue(
          infos.stream()
              .anyMatch(
                  m -> m.startsWith("view 'by_scope': ") && m.contains("first column, fed by")),
          change[0] + ": not an incremental compile of by_scope: " + said);
      TestWorkspace reference = fullFromScratch(w, round++);
      assertEquals(outputs(reference), outputs(w), change[0] + ": " + said);
      assertEquals(reference.recordLines(), w.recordLines(), change[0] + ": " + said);
    }
    assertEquals("kernel 5 Kernel logs\n", body(w.read("s/5.md")));
    assertEquals("compiler 1 Kernel boots reproducibly\n", body(w.read("s/1.md")));
    assertFalse(w.exists("s/3.md"));
  }

  /** A compiled page's text below its front matter. */
  private static String body(String page) {
    return page.substring(page.indexOf("-->\n\n") + 5);
  }

  /**
   * One random raw-SQL write, as an agent or a person in the sqlite3 shell would make it; one the
   * schema refuses changes nothing and is tried again as another.
   */
  private static String change(TestWorkspace w, Random random) {
    for (int attempt = 0; attempt < 20; attempt++) {
      int need = 1 + random.nextInt(12);
      int other = 1 + random.nextInt(12);
      int task = 1 + random.nextInt(12);
      String word =
          List.of("alpha", "Beta", "gamma ray", "Ünïcode", "delta/epsilon", "zeta")
              .get(random.nextInt(6));
      String sql =
          switch (random.nextInt(16)) {
            case 0 ->
                "INSERT INTO needs (title, description, status, priority, scope, parent_need_id) VALUES ('"
                    + word
                    + " "
                    + attempt
                    + "', 'new', 'identified', "
                    + (1 + random.nextInt(5))
                    + ", 'kernel', "
                    + (random.nextBoolean() ? "NULL" : String.valueOf(other))
                    + ")";
            case 1 -> "UPDATE needs SET title = '" + word + " " + need + "' WHERE id = " + need;
            case 2 ->
                "UPDATE needs SET priority = "
                    + (1 + random.nextInt(5))
                    + ", description = '"
                    + word
                    + "' WHERE id = "
                    + need;
            case 3 ->
                "UPDATE needs SET parent_need_id = "
                    + (random.nextBoolean() ? "NULL" : String.valueOf(other))
                    + " WHERE id = "
                    + need;
            case 4 ->
                "UPDATE needs SET status = CASE status WHEN 'identified' THEN 'active' WHEN 'active' THEN 'actionable'"
                    + " WHEN 'deferred' THEN 'identified' ELSE status END WHERE id = "
                    + need;
            case 5 ->
                "UPDATE needs SET tags = '[\""
                    + (random.nextBoolean() ? "kernel" : "docs")
                    + "\"]' WHERE id = "
                    + need;
            case 6 -> "DELETE FROM needs WHERE id = " + need;
            case 7 ->
                "INSERT INTO tasks (need_id, description, status, priority) VALUES ("
                    + need
                    + ", '"
                    + word
                    + "', 'open', "
                    + (1 + random.nextInt(5))
                    + ")";
            case 8 ->
                "UPDATE tasks SET description = '"
                    + word
                    + "', assigned_agent_id = "
                    + (random.nextBoolean() ? "1" : "NULL")
                    + " WHERE id = "
                    + task;
            case 9 -> "DELETE FROM tasks WHERE id = " + task;
            case 10 ->
                "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type) VALUES ("
                    + List.of("'need', ", "'task', ", "'artifact', ").get(random.nextInt(3))
                    + need
                    + ", 'need', "
                    + other
                    + ", '"
                    + List.of("blocks", "references", "enables").get(random.nextInt(3))
                    + "')";
            case 11 ->
                "DELETE FROM relationships WHERE id = (SELECT id FROM relationships ORDER BY id LIMIT 1 OFFSET "
                    + random.nextInt(4)
                    + ")";
            case 12 ->
                "UPDATE artifacts SET title = '" + word + "' WHERE id = " + (1 + random.nextInt(2));
            case 13 ->
                "UPDATE agents SET agent_type = '"
                    + List.of("architect", "janitor", "researcher").get(random.nextInt(3))
                    + "' WHERE id = 1";
            case 14 ->
                "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type) VALUES"
                    + " ('need', "
                    + need
                    + ", 'artifact', "
                    + (1 + random.nextInt(2))
                    + ", 'references')";
            default ->
                "UPDATE relationships SET relationship_type = 'references' WHERE id = (SELECT max(id) FROM relationships)";
          };
      try {
        w.sql(sql);
        return sql;
      } catch (IllegalStateException refused) {
        // The schema said no (a rule of the engine): nothing changed, try another write.
      }
    }
    return "(nothing)";
  }
}
