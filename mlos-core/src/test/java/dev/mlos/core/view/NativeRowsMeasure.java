package dev.mlos.core.view;

import dev.mlos.core.init.InitRequest;
import dev.mlos.core.init.Initializer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What {@link ViewQuery}'s native row path buys, measured (issue 21's optimisation budget): the CPU
 * time of the mlos pack's need pages' queries over a 100,000-need database (the {@code need} query
 * once, 100,000 rows; then {@code children}, {@code tasks}, {@code edges} and {@code history} once
 * per need), read through sqlite-jdbc's internals against plain JDBC, which is what would remain
 * without it. Not a test: run it by hand (see bench/RESULTS.md); args: needs, rounds, database.
 */
public final class NativeRowsMeasure {
  private NativeRowsMeasure() {}

  // The needs view's queries of templates/packs/mlos/pack.yaml, without the scopes and tags
  // filters (both parameters are null in the benchmark's workspace, as here).
  private static final String NEED =
      "SELECT n.id, n.title, n.description, n.status, n.priority, n.scope, n.created_at,"
          + " n.updated_at, n.source_transcript, n.parent_need_id, p.title AS parent_title,"
          + " (p.id IS NOT NULL AND :scopes IS NULL) AS parent_visible"
          + " FROM needs n LEFT JOIN needs p ON p.id = n.parent_need_id"
          + " WHERE (:scopes IS NULL OR n.scope IN (SELECT value FROM json_each(:scopes)))"
          + " ORDER BY n.id";
  private static final String CHILDREN =
      "SELECT c.id, c.title, c.status, c.priority, (:scopes IS NULL) AS visible"
          + " FROM needs c WHERE c.parent_need_id = :row.id ORDER BY c.id";
  private static final String TASKS =
      "SELECT t.id, t.description, t.status, t.priority, t.assigned_agent_id, t.assigned_date,"
          + " t.result, ag.agent_type AS agent_type, ag.status AS agent_status"
          + " FROM tasks t LEFT JOIN agents ag ON ag.id = t.assigned_agent_id"
          + " WHERE t.need_id = :row.id ORDER BY t.id";
  private static final String EDGES =
      "SELECT e.direction, e.relationship_type, e.other_type, e.other_id,"
          + " CASE e.other_type WHEN 'need' THEN (SELECT title FROM needs WHERE id = e.other_id)"
          + " WHEN 'task' THEN (SELECT description FROM tasks WHERE id = e.other_id) END AS label"
          + " FROM (SELECT 'out' AS direction, r.relationship_type, r.target_type AS other_type,"
          + " r.target_id AS other_id, r.id FROM relationships r"
          + " WHERE r.source_type = 'need' AND r.source_id = :row.id"
          + " UNION ALL SELECT 'in', r.relationship_type, r.source_type, r.source_id, r.id"
          + " FROM relationships r WHERE r.target_type = 'need' AND r.target_id = :row.id) e"
          + " ORDER BY e.direction DESC, e.relationship_type, e.other_type, e.other_id, e.id";
  private static final String HISTORY =
      "SELECT h.id, h.operation, h.changed_at,"
          + " json_extract(h.old_values, '$.status') AS old_status,"
          + " json_extract(h.new_values, '$.status') AS new_status"
          + " FROM history h WHERE h.entity = 'need' AND h.entity_id = :row.id"
          + " ORDER BY h.changed_at DESC, h.id DESC LIMIT :history_limit";

  public static void main(String[] args) throws Exception {
    int needs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path db =
        args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("mlos-rows").resolve("m.db");
    if (!Files.exists(db)) {
      new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null));
      fill(db, needs);
    }
    Map<String, Object> params = new HashMap<>();
    params.put("scopes", null);
    params.put("history_limit", 10L);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long[][] all = new long[2][rounds];
    long[][] perRow = new long[2][rounds];
    long rows = 0;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      for (int r = -2; r < rounds; r++) { // two warm-up rounds
        for (int mode = 0; mode < 2; mode++) {
          boolean nativeRows = mode == 0;
          long[] ids = new long[needs];
          int[] n = {0};
          long t0 = cpu.getCurrentThreadCpuTime();
          try (ViewQuery q = new ViewQuery(c, "needs", "need", NEED, params, false, nativeRows)) {
            q.forEach(params, Map.of(), row -> ids[n[0]++] = (Long) row.get("id"));
          }
          long t1 = cpu.getCurrentThreadCpuTime();
          long count = n[0];
          try (ViewQuery children =
                  new ViewQuery(c, "needs", "children", CHILDREN, params, true, nativeRows);
              ViewQuery tasks =
                  new ViewQuery(c, "needs", "tasks", TASKS, params, true, nativeRows);
              ViewQuery edges =
                  new ViewQuery(c, "needs", "edges", EDGES, params, true, nativeRows);
              ViewQuery history =
                  new ViewQuery(c, "needs", "history", HISTORY, params, true, nativeRows)) {
            for (int i = 0; i < n[0]; i++) {
              Map<String, Object> row = Map.of("id", ids[i]);
              count += children.list(params, row).size();
              count += tasks.list(params, row).size();
              count += edges.list(params, row).size();
              count += history.list(params, row).size();
            }
          }
          long t2 = cpu.getCurrentThreadCpuTime();
          if (r >= 0) {
            all[mode][r] = t1 - t0;
            perRow[mode][r] = t2 - t1;
            rows = count;
          }
        }
      }
    }
    for (long[] a : all) {
      Arrays.sort(a);
    }
    for (long[] a : perRow) {
      Arrays.sort(a);
    }
    int m = rounds / 2;
    System.out.printf(
        Locale.ROOT,
        "%d needs, %d rows, median of %d rounds, CPU ms: need query native %.0f, JDBC %.0f (%.2fx);"
            + " per-need queries native %.0f, JDBC %.0f (%.2fx)%n",
        needs,
        rows,
        rounds,
        all[0][m] / 1e6,
        all[1][m] / 1e6,
        (double) all[1][m] / all[0][m],
        perRow[0][m] / 1e6,
        perRow[1][m] / 1e6,
        (double) perRow[1][m] / perRow[0][m]);
  }

  /**
   * As bench/'s DataGenerator, in shape: needs with a parent for 60%, tasks on the 60% that are
   * actionable (five each, 3n in all, each with the derived_from edge the schema writes), two more
   * relationships per need, 50 agents; the history the triggers write.
   */
  private static void fill(Path db, int needs) throws SQLException {
    SplittableRandom r = new SplittableRandom(20261121);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (int a = 1; a <= 50; a++) {
          s.executeUpdate(
              "INSERT INTO agents (agent_type, status) VALUES ('agent_" + a % 7 + "', 'active')");
        }
      }
      try (PreparedStatement n =
              c.prepareStatement(
                  "INSERT INTO needs (id, title, description, status, priority, scope,"
                      + " source_transcript, parent_need_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement t =
              c.prepareStatement(
                  "INSERT INTO tasks (need_id, description, status, priority, assigned_agent_id)"
                      + " VALUES (?, ?, ?, ?, ?)");
          PreparedStatement e =
              c.prepareStatement(
                  "INSERT INTO relationships (source_type, source_id, target_type, target_id,"
                      + " relationship_type) VALUES ('need', ?, 'need', ?, ?)")) {
        for (int id = 1; id <= needs; id++) {
          boolean actionable = id % 5 < 3;
          n.setInt(1, id);
          n.setString(2, "Need " + id + ": make the boot of node-" + id % 97 + " reproducible");
          n.setString(
              3,
              "The kernel boots differently on every machine. ".repeat(1 + r.nextInt(5))
                  + "Pin the initrd and the command line.");
          n.setString(4, actionable ? "actionable" : "identified");
          n.setInt(5, 1 + r.nextInt(5));
          n.setString(6, "scope-" + id % 100);
          n.setString(7, id % 10 < 3 ? "transcripts/session-" + (1 + id % 400) + ".md" : null);
          if (id > 1 && r.nextInt(100) < 60) {
            n.setInt(8, 1 + r.nextInt(id - 1));
          } else {
            n.setNull(8, Types.INTEGER);
          }
          n.executeUpdate();
          if (actionable) {
            for (int k = 0; k < 5; k++) {
              t.setInt(1, id);
              t.setString(2, "Step " + k + " of need " + id + ": write down what was measured");
              t.setString(3, k == 0 ? "assigned" : "open");
              t.setInt(4, 1 + r.nextInt(5));
              if (k == 0 && id % 300 == 0) {
                t.setInt(5, 1 + id % 50);
              } else {
                t.setNull(5, Types.INTEGER);
              }
              t.executeUpdate();
            }
          }
          if (id > 2) {
            for (int k = 0; k < 2; k++) {
              e.setInt(1, id);
              e.setInt(2, 1 + r.nextInt(id - 1));
              e.setString(3, k == 0 ? "references" : "blocks");
              e.executeUpdate();
            }
          }
        }
      }
      c.commit();
    }
  }
}
