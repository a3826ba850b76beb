package dev.mlos.core.compile;

import dev.mlos.core.Reporter;
import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.view.Json;
import dev.mlos.core.view.ParameterizedSql;
import dev.mlos.core.view.ViewQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The decide phase of an incremental compile (issue 20): which pages the rows changed since the
 * last compile can affect, found from the database's own record of changes ({@code mlos_changes},
 * schema {@code mlos} V5, kept by triggers) instead of by running every view's queries.
 *
 * <p>Per view, one of three answers:
 *
 * <ul>
 *   <li>{@link Mode#KEEP}: no table the view's queries read changed, or (a single-page view) its
 *       {@code changed_pages} query selects no row, and its seed (mlos's code, the configuration,
 *       its template) is as recorded: every page is kept as recorded.
 *   <li>{@link Mode#SUBSET}: a per-row view whose {@code changed_pages} query names the pages the
 *       changed rows feed: those are rendered, the others kept as recorded.
 *   <li>{@link Mode#RENDER}: today's behaviour, every page's queries run (a page whose inputs hash
 *       as recorded is still not rendered again). For a view that reads a changed table and
 *       declares no {@code changed_pages}, reads a table without a change log, or whose seed
 *       changed; the log says which.
 * </ul>
 *
 * <p>Which tables a view reads is SQLite's own answer: the tables its prepared queries open ({@code
 * EXPLAIN}), views and CTEs resolved to their base tables.
 */
final class ChangePlan {
  /** What a compile does with one view's pages. */
  enum Mode {
    KEEP,
    SUBSET,
    RENDER
  }

  /**
   * @param keys for {@link Mode#SUBSET}, the source keys ({@code {"id":3}}) of the pages to render
   * @param why for the log
   */
  record ViewPlan(Mode mode, Set<String> keys, String why) {}

  /**
   * Where the database stands as a compile starts: the last change recorded (null when the database
   * keeps no change log) and its schema version.
   */
  record Horizon(Long changesThrough, long schemaVersion) {}

  /** What the last compile recorded with its pages (columns of {@code mlos_compile_reads}). */
  record Recorded(Long changesThrough, Long schemaVersion, Map<String, String> viewSeeds) {}

  private final Map<String, ViewPlan> views;

  private ChangePlan(Map<String, ViewPlan> views) {
    this.views = views;
  }

  /** The plan for {@code view}; {@link Mode#RENDER} when there is none. */
  ViewPlan of(String view) {
    ViewPlan p = views.get(view);
    return p != null ? p : new ViewPlan(Mode.RENDER, Set.of(), "no plan");
  }

  /** Reads the database's horizon; call before any view query runs, so no change slips past it. */
  static Horizon horizon(Connection c) throws SQLException {
    long version;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA schema_version")) {
      version = rs.next() ? rs.getLong(1) : -1;
    }
    if (loggedTables(c).isEmpty()) {
      return new Horizon(null, version);
    }
    return new Horizon(lastChange(c), version);
  }

  /**
   * The last change the log recorded: its highest sequence number, or the highest it ever handed
   * out when {@link ChangeLogPruning} deleted every row ({@code AUTOINCREMENT} keeps it in {@code
   * sqlite_sequence}); 0 for an empty log that never held a row.
   */
  private static long lastChange(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT max(coalesce((SELECT max(seq) FROM main.mlos_changes), 0),"
                    + " coalesce((SELECT seq FROM main.sqlite_sequence WHERE name = 'mlos_changes'), 0))")) {
      return rs.next() ? rs.getLong(1) : 0L;
    }
  }

  /** True when the database has the change log table. */
  static boolean hasChangeLog(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = 'mlos_changes'")) {
      return rs.next();
    }
  }

  /**
   * True when the log still holds every change after {@code since} up to {@code through}: sequence
   * numbers are handed out one by one and rows leave only by pruning, so a missing one was pruned.
   */
  private static boolean complete(Connection c, long since, long through) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT count(*) FROM main.mlos_changes WHERE seq > ? AND seq <= ?")) {
      s.setLong(1, since);
      s.setLong(2, through);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getLong(1) == through - since;
      }
    }
  }

  /** The record the workspace's last compile left, or null (none, or an older mlos wrote it). */
  static Recorded recorded(Connection c, String workspace) throws SQLException {
    long through;
    long version;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT changes_through, schema_version, view_seeds FROM mlos_compile_reads WHERE workspace = ?")) {
      s.setString(1, workspace);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()
            || rs.getObject(1) == null
            || rs.getObject(2) == null
            || rs.getString(3) == null) {
          return null;
        }
        through = rs.getLong(1);
        version = rs.getLong(2);
      }
    }
    Map<String, String> seeds = new TreeMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT j.key, j.value FROM mlos_compile_reads r, json_each(r.view_seeds) j WHERE r.workspace = ?")) {
      s.setString(1, workspace);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          seeds.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return new Recorded(through, version, seeds);
  }

  /**
   * Who asks for a plan, for the words of the line that says why there is none and what runs
   * instead.
   */
  enum Asker {
    /** An incremental compile. */
    COMPILE("Incremental compile", "every view's queries run"),
    /** The guard's stale check without a local record ({@link ChangedViews}). */
    GUARD("Stale check", "every view's rows hashed");

    private final String what;
    private final String instead;

    Asker(String what, String instead) {
      this.what = what;
      this.instead = instead;
    }

    /**
     * The line for a database whose compile record keeps no horizon: expected, not a fault, and
     * worded as what happens and why ({@link NoHorizon#why}).
     */
    String noHorizon(String why) {
      return what + ": " + instead + " (" + why + ")";
    }

    /** The line for a change log that cannot say what changed since the last compile. */
    String notPossible(String why) {
      return what
          + (this == GUARD ? " from the change log" : "")
          + " not possible: "
          + why
          + "; "
          + instead
          + ".";
    }
  }

  /**
   * Decides each view's plan, or returns null (with the reason logged) when nothing the last
   * compile recorded can be trusted to find the changes: every view then renders as before.
   *
   * @param seeds each view's seed as it is now ({@link PageInputs#seed})
   * @param asker who asks, for the words of the line that says why there is no plan
   */
  static ChangePlan decide(
      Connection c,
      Path db,
      WorkspaceConfig config,
      Horizon now,
      Recorded last,
      Map<String, String> seeds,
      Reporter reporter,
      Asker asker) {
    if (last == null) {
      reporter.info(asker.noHorizon(NoHorizon.why(c, config.name())));
      return null;
    }
    String unusable =
        now.changesThrough() == null
            ? "the database keeps no change log (mlos_changes)"
            : last.schemaVersion() != now.schemaVersion()
                ? "the database's schema changed since the last compile"
                : last.changesThrough() > now.changesThrough()
                    ? "the change log is behind the last compile (a restored database?)"
                    : null;
    try {
      if (unusable == null && !complete(c, last.changesThrough(), now.changesThrough())) {
        unusable =
            "the change log was pruned past the last compile's horizon (change "
                + last.changesThrough()
                + "), so what changed since cannot be known";
      }
      if (unusable != null) {
        reporter.info(asker.notPossible(unusable));
        return null;
      }
      Set<String> logged = loggedTables(c);
      Set<String> changed = collectChanges(c, last.changesThrough(), now.changesThrough());
      Map<String, ViewPlan> plans = new LinkedHashMap<>();
      Map<Long, String> main = rootPages(c, "main");
      Map<Long, String> temp = rootPages(c, "temp");
      for (ViewDefinition v : config.views()) {
        ViewPlan p =
            plan(
                c,
                config,
                v,
                seeds.get(v.name()),
                last.viewSeeds().get(v.name()),
                logged,
                changed,
                main,
                temp);
        p = retrying(v, p, TooLargePages.of(last, v.name()));
        plans.put(v.name(), p);
        reporter.info("view '" + v.name() + "': " + p.why());
      }
      return new ChangePlan(plans);
    } catch (SQLException e) {
      throw new DatabaseException(
          db, "cannot read the change log (table mlos_changes): " + e.getMessage(), null, e);
    }
  }

  private static ViewPlan plan(
      Connection c,
      WorkspaceConfig config,
      ViewDefinition v,
      String seed,
      String recordedSeed,
      Set<String> logged,
      Set<String> changed,
      Map<Long, String> main,
      Map<Long, String> temp)
      throws SQLException {
    if (seed == null || !seed.equals(recordedSeed)) {
      return new ViewPlan(
          Mode.RENDER,
          Set.of(),
          "its configuration, template or mlos itself changed: every page's queries run");
    }
    Set<String> read = new TreeSet<>();
    for (String sql : v.queries().values()) {
      Set<String> tables = tablesRead(c, sql, main, temp);
      if (tables == null) {
        return new ViewPlan(
            Mode.RENDER,
            Set.of(),
            "its dependencies cannot be known (a query reads the schema, a pragma or an attached database):"
                + " every page's queries run");
      }
      read.addAll(tables);
    }
    Set<String> unlogged = new TreeSet<>(read);
    unlogged.removeAll(logged);
    if (!unlogged.isEmpty()) {
      return new ViewPlan(
          Mode.RENDER,
          Set.of(),
          "it reads "
              + String.join(", ", unlogged)
              + ", which the change log does not cover: every page's queries run");
    }
    Set<String> hit = new TreeSet<>(read);
    hit.retainAll(changed);
    if (hit.isEmpty()) {
      return new ViewPlan(
          Mode.KEEP, Set.of(), "no table it reads changed: its pages are kept as recorded");
    }
    if (!v.perRow()) {
      if (v.changedPages() != null && !affectsSinglePage(c, config, v)) {
        return new ViewPlan(
            Mode.KEEP,
            Set.of(),
            "it reads the changed table(s) "
                + String.join(", ", hit)
                + ", but its changed_pages finds nothing they change on its page: kept as recorded");
      }
      return new ViewPlan(
          Mode.RENDER,
          Set.of(),
          "it reads the changed table(s) " + String.join(", ", hit) + ": rendered again");
    }
    if (v.changedPages() == null) {
      return new ViewPlan(
          Mode.RENDER,
          Set.of(),
          "it reads the changed table(s) "
              + String.join(", ", hit)
              + " and declares no changed_pages, so which pages they feed cannot be known: every page's queries run");
    }
    Set<String> keys = changedKeys(c, config, v);
    return new ViewPlan(
        Mode.SUBSET,
        keys,
        "its changed_pages names "
            + keys.size()
            + " key(s) of the each query's first column, fed by the changed rows of "
            + String.join(", ", hit)
            + ": only the rows of those keys are rendered (a key without a row any more has its"
            + " page deleted), the other pages kept as recorded");
  }

  /**
   * The plan {@code p} for a view, with its pages the last compile did not write as too large for
   * {@code max_page_bytes} ({@code keys}, {@link TooLargePages}) rendered again, whatever changed:
   * the next compile writes such a page once it fits, or names it again. A per-row view renders
   * those rows besides the plan's, a single page view its page.
   */
  private static ViewPlan retrying(ViewDefinition v, ViewPlan p, Set<String> keys) {
    if (keys.isEmpty() || p.mode() == Mode.RENDER) {
      return p;
    }
    String why =
        keys.size()
            + " page(s) the last compile did not write (over max_page_bytes) are rendered again";
    if (!v.perRow()) {
      return new ViewPlan(Mode.RENDER, Set.of(), why);
    }
    Set<String> all = new HashSet<>(p.keys());
    all.addAll(keys);
    return new ViewPlan(
        Mode.SUBSET, all, p.mode() == Mode.KEEP ? why + ", the others kept" : p.why() + "; " + why);
  }

  /**
   * Runs a single-page view's {@code changed_pages} query: true when it selects a row (the changed
   * rows can change the page), false when it selects none.
   */
  private static boolean affectsSinglePage(Connection c, WorkspaceConfig config, ViewDefinition v) {
    boolean[] any = {false};
    try (ViewQuery q =
        new ViewQuery(c, v.name(), "changed_pages", v.changedPages(), config.params(), false)) {
      q.forEach(config.params(), null, row -> any[0] = true);
    }
    return any[0];
  }

  /** Runs the view's {@code changed_pages} query: the source keys of the pages to render. */
  private static Set<String> changedKeys(Connection c, WorkspaceConfig config, ViewDefinition v) {
    String column = eachKeyColumn(c, config, v);
    Set<String> keys = new HashSet<>();
    try (ViewQuery q =
        new ViewQuery(c, v.name(), "changed_pages", v.changedPages(), config.params(), false)) {
      q.forEach(
          config.params(),
          null,
          row -> {
            Object value = row.isEmpty() ? null : row.values().iterator().next();
            if (value != null) {
              Map<String, Object> key = new LinkedHashMap<>();
              key.put(column, value);
              keys.add(Json.write(key));
            }
          });
    }
    return keys;
  }

  /** The name of the each query's first column: a page's source key is {@code {"<it>": value}}. */
  private static String eachKeyColumn(Connection c, WorkspaceConfig config, ViewDefinition v) {
    String sql = ParameterizedSql.parse(v.queries().get(v.each())).jdbcSql();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      return s.getMetaData().getColumnLabel(1);
    } catch (SQLException e) {
      throw new DatabaseException(
          config.database(),
          "cannot prepare view '" + v.name() + "' query '" + v.each() + "': " + e.getMessage(),
          null,
          e);
    }
  }

  /**
   * Fills {@code temp.mlos_changed} with every row changed after {@code since} up to {@code
   * through}, once with its keys before and once after the change, and returns the tables changed.
   */
  private static Set<String> collectChanges(Connection c, long since, long through)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS temp.mlos_changed");
      s.execute(
          "CREATE TEMP TABLE mlos_changed (tbl TEXT NOT NULL, k TEXT NOT NULL, op TEXT NOT NULL,"
              + " side TEXT NOT NULL, seq INTEGER NOT NULL)");
    }
    // op says what the change was (a single-page view's changed_pages can tell an update of a row
    // it does not draw from an insert or delete that moves its counts), side which version k is,
    // seq which change of the log (the two versions of an updated row share it).
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO temp.mlos_changed (tbl, k, op, side, seq)"
                + " SELECT tbl, old_keys, CASE WHEN new_keys IS NULL THEN 'delete' ELSE 'update' END, 'old', seq"
                + " FROM main.mlos_changes WHERE seq > ?1 AND seq <= ?2 AND old_keys IS NOT NULL"
                + " UNION ALL SELECT tbl, new_keys, CASE WHEN old_keys IS NULL THEN 'insert' ELSE 'update' END, 'new', seq"
                + " FROM main.mlos_changes WHERE seq > ?1 AND seq <= ?2 AND new_keys IS NOT NULL")) {
      s.setLong(1, since);
      s.setLong(2, through);
      s.executeUpdate();
    }
    try (Statement s = c.createStatement()) {
      // A query pairing an updated row's two versions finds the other one by seq, not by a scan.
      s.execute("CREATE INDEX temp.mlos_changed_by_seq ON mlos_changed (seq, side)");
    }
    Set<String> tables = new TreeSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT DISTINCT tbl FROM temp.mlos_changed")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }

  /**
   * The tables whose every insert, update and delete the change log records: those with all three
   * {@code mlos_changes_<table>_*} triggers.
   */
  static Set<String> loggedTables(Connection c) throws SQLException {
    Map<String, Integer> triggers = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name, tbl_name FROM main.sqlite_schema WHERE type = 'trigger' AND name GLOB 'mlos_changes_*'"
                    + " AND EXISTS (SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = 'mlos_changes')")) {
      while (rs.next()) {
        String name = rs.getString(1);
        String table = rs.getString(2);
        for (String op : new String[] {"insert", "update", "delete"}) {
          if (name.equals("mlos_changes_" + table + "_" + op)) {
            triggers.merge(table, 1, Integer::sum);
          }
        }
      }
    }
    Set<String> logged = new TreeSet<>();
    triggers.forEach(
        (t, n) -> {
          if (n == 3) {
            logged.add(t);
          }
        });
    return logged;
  }

  private static Map<Long, String> rootPages(Connection c, String schema) throws SQLException {
    Map<Long, String> pages = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT rootpage, tbl_name FROM " + schema + ".sqlite_schema WHERE rootpage > 0")) {
      while (rs.next()) {
        pages.put(rs.getLong(1), rs.getString(2));
      }
    }
    return pages;
  }

  /**
   * The tables a query opens, as SQLite plans it; temporary tables of this connection are left out
   * (the compile's own). Null when it cannot be known: the query reads the schema table or an
   * attached database, or names a pragma (which reads the database without opening a table).
   */
  static Set<String> tablesRead(
      Connection c, String text, Map<Long, String> main, Map<Long, String> temp)
      throws SQLException {
    if (text.toLowerCase(Locale.ROOT).contains("pragma")) {
      return null;
    }
    String sql = ParameterizedSql.parse(text).jdbcSql();
    Set<String> tables = new TreeSet<>();
    try (PreparedStatement s = c.prepareStatement("EXPLAIN " + sql);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        String op = rs.getString("opcode");
        if (!op.equals("OpenRead") && !op.equals("ReopenIdx") && !op.equals("OpenWrite")) {
          continue;
        }
        long root = rs.getLong("p2");
        int database = rs.getInt("p3");
        if (database == 1) {
          continue;
        }
        String table = database == 0 ? main.get(root) : null;
        if (table == null || table.startsWith("sqlite_")) {
          return null;
        }
        tables.add(table);
      }
    }
    return tables;
  }

  /**
   * The view seeds as recorded: a JSON object by view name, with the compile's manifest stamp
   * ({@link OutputManifest.Stamp}) under {@link OutputManifest#STAMP_KEY} (none when null) and
   * mlos's code ({@link CompileState#codeFingerprint}) under {@link CompileReads#CODE_KEY}, which
   * no view's name can be.
   */
  static String seedsJson(Map<String, String> seeds, String manifestStamp) {
    TreeMap<String, String> all = new TreeMap<>(seeds);
    if (manifestStamp != null) {
      all.put(OutputManifest.STAMP_KEY, manifestStamp);
    }
    all.put(CompileReads.CODE_KEY, CompileState.codeFingerprint());
    return Json.write(all);
  }
}
