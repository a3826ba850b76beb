package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.view.ViewQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mlos pack's READY.md queries, which read the ranking the database keeps ({@code ready_items},
 * schema V4 and V6), against the plain SQL they replaced (kept here verbatim, as {@link
 * ReadyWorkReferenceTest} keeps the engine's): on a seeded random database of about 400 needs and
 * 2,000 tasks in every state, before and after rounds of random writes through the engine and as
 * raw SQL, for several {@code scopes}, {@code tags} and {@code ready_limit} values, both queries
 * return exactly the old rows, in the old order, column by column, so READY.md keeps its bytes; the
 * one column added since, {@code priority} (shown as {@code P-} when NULL), is checked against
 * {@code p} instead.
 */
class ReadyViewReferenceTest {
  @TempDir Path dir;

  /** The pack's {@code ready} query before it read {@code ready_items}. */
  private static final String OLD_READY =
      """
      WITH sn AS MATERIALIZED (
        SELECT n.id, n.title, n.status, n.priority, n.scope, n.tags, n.created_at FROM needs n
         WHERE n.status NOT IN ('resolved', 'deferred')
           AND ((:scopes IS NULL OR n.scope IN (SELECT value FROM json_each(:scopes)))
             AND (:tags IS NULL OR EXISTS (SELECT 1 FROM need_tags nt WHERE nt.need_id = n.id AND nt.tag IN (SELECT value FROM json_each(:tags)))))),
      cand (kind, id, need_id, p, created_at, label) AS (
        SELECT 'task', t.id, t.need_id, COALESCE(t.priority, sn.priority, 3), t.created_at, t.description
          FROM tasks t JOIN sn ON sn.id = t.need_id
         WHERE t.status = 'open'
        UNION ALL
        SELECT 'need', sn.id, sn.id, COALESCE(sn.priority, 3), sn.created_at, sn.title FROM sn
         WHERE sn.status = 'actionable'
           AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.need_id = sn.id AND t.status IN ('open', 'assigned', 'in_progress', 'failed'))),
      edges (kind, id, source_type, source_id) AS (
        SELECT c.kind, c.id, r.source_type, r.source_id FROM cand c
          JOIN relationships r ON r.target_type = c.kind AND r.target_id = c.id AND r.relationship_type = 'blocks'
        UNION ALL
        SELECT c.kind, c.id, r.source_type, r.source_id FROM cand c
          JOIN relationships r ON r.target_type = 'need' AND r.target_id = c.need_id AND r.relationship_type = 'blocks'
         WHERE c.kind = 'task')
      SELECT c.kind, c.id, c.need_id, c.p, 6 - c.p AS score, c.created_at, c.label,
             sn.title AS need_title, sn.scope, sn.tags
        FROM cand c JOIN sn ON sn.id = c.need_id
       WHERE NOT EXISTS (
         SELECT 1 FROM edges e WHERE e.kind = c.kind AND e.id = c.id
            AND NOT ((e.source_type = 'need' AND EXISTS (SELECT 1 FROM needs b WHERE b.id = e.source_id AND b.status = 'resolved'))
                  OR (e.source_type = 'task' AND EXISTS (SELECT 1 FROM tasks b WHERE b.id = e.source_id AND b.status IN ('completed', 'cancelled')))))
       ORDER BY score DESC, c.created_at ASC, c.kind = 'need', c.id ASC
       LIMIT :ready_limit
      """;

  /** The pack's {@code blocked} query before it read {@code ready_items}. */
  private static final String OLD_BLOCKED =
      """
      WITH sn AS MATERIALIZED (
        SELECT n.id, n.title, n.status, n.priority, n.scope, n.tags, n.created_at FROM needs n
         WHERE n.status NOT IN ('resolved', 'deferred')
           AND ((:scopes IS NULL OR n.scope IN (SELECT value FROM json_each(:scopes)))
             AND (:tags IS NULL OR EXISTS (SELECT 1 FROM need_tags nt WHERE nt.need_id = n.id AND nt.tag IN (SELECT value FROM json_each(:tags)))))),
      cand (kind, id, need_id, p, created_at, label) AS (
        SELECT 'task', t.id, t.need_id, COALESCE(t.priority, sn.priority, 3), t.created_at, t.description
          FROM tasks t JOIN sn ON sn.id = t.need_id
         WHERE t.status = 'open'
        UNION ALL
        SELECT 'need', sn.id, sn.id, COALESCE(sn.priority, 3), sn.created_at, sn.title FROM sn
         WHERE sn.status = 'actionable'
           AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.need_id = sn.id AND t.status IN ('open', 'assigned', 'in_progress', 'failed'))),
      edges (kind, id, source_type, source_id) AS (
        SELECT c.kind, c.id, r.source_type, r.source_id FROM cand c
          JOIN relationships r ON r.target_type = c.kind AND r.target_id = c.id AND r.relationship_type = 'blocks'
        UNION ALL
        SELECT c.kind, c.id, r.source_type, r.source_id FROM cand c
          JOIN relationships r ON r.target_type = 'need' AND r.target_id = c.need_id AND r.relationship_type = 'blocks'
         WHERE c.kind = 'task'),
      live (kind, id, source_type, source_id, source_label, source_status, source_visible) AS (
        SELECT e.kind, e.id, e.source_type, e.source_id,
               CASE e.source_type WHEN 'need' THEN (SELECT title FROM needs WHERE id = e.source_id)
                                  ELSE (SELECT description FROM tasks WHERE id = e.source_id) END,
               CASE e.source_type WHEN 'need' THEN (SELECT status FROM needs WHERE id = e.source_id)
                                  ELSE (SELECT status FROM tasks WHERE id = e.source_id) END,
               CASE e.source_type WHEN 'need' THEN (SELECT (:scopes IS NULL OR b.scope IN (SELECT value FROM json_each(:scopes)))
                                                       AND (:tags IS NULL OR EXISTS (SELECT 1 FROM need_tags nt WHERE nt.need_id = b.id AND nt.tag IN (SELECT value FROM json_each(:tags))))
                                                  FROM needs b WHERE b.id = e.source_id) END
          FROM edges e
         WHERE NOT ((e.source_type = 'need' AND EXISTS (SELECT 1 FROM needs b WHERE b.id = e.source_id AND b.status = 'resolved'))
                 OR (e.source_type = 'task' AND EXISTS (SELECT 1 FROM tasks b WHERE b.id = e.source_id AND b.status IN ('completed', 'cancelled')))))
      SELECT c.kind, c.id, c.need_id, c.p, 6 - c.p AS score, c.created_at, c.label,
             sn.title AS need_title, sn.scope, sn.tags,
             (SELECT json_group_array(json_object('type', x.source_type, 'id', x.source_id, 'label', x.source_label,
                                                  'status', x.source_status, 'visible', x.source_visible) ORDER BY x.source_type, x.source_id)
                FROM (SELECT DISTINCT * FROM live l WHERE l.kind = c.kind AND l.id = c.id) x) AS blockers_json
        FROM cand c JOIN sn ON sn.id = c.need_id
       WHERE EXISTS (SELECT 1 FROM live l WHERE l.kind = c.kind AND l.id = c.id)
       ORDER BY score DESC, c.created_at ASC, c.kind = 'need', c.id ASC
       LIMIT :ready_limit
      """;

  @Test
  void theReadyViewsQueriesReturnTheOldQueriesRows() throws Exception {
    Path db = EngineDatabase.create(dir.resolve("mlos.db"));
    Random random = new Random(20261204L);
    try (Engine engine = Engine.open(db, Actor.person("alice"))) {
      ReadyWorkReferenceTest.populate(engine, db, random);
      long failed = failedTaskOfAnActionableNeed(engine, db);
      assertEquals(
          List.of("0"),
          EngineDatabase.rows(
              db, "SELECT state FROM ready_items WHERE kind_order = 1 AND id = " + failed),
          "ready_items counts the need with a failed task as ready");
      Map<String, String> queries = readyView(db).queries();
      int compared = compareEveryFilter(db, queries);
      assertTrue(compared > 400, compared + " rows compared");
      for (int round = 0; round < 3; round++) {
        ReadyWorkReferenceTest.mutate(engine, db, random);
        compareEveryFilter(db, queries);
      }
    }
  }

  /**
   * An actionable need whose only task failed (it was deferred and made actionable again since,
   * before schema V16, which moves such a need on to in_progress): {@code ready_items} counts it as
   * a ready need, as {@code mlos ready} lists it, but READY.md never listed it. The pack's query
   * must leave it out too. The row is made as before V16: V16's triggers are taken out for the
   * moves and put back as they were, needs_history_update last, as V16 leaves it.
   */
  private static long failedTaskOfAnActionableNeed(Engine engine, Path db) throws Exception {
    long need = engine.createNeed(NeedSpec.titled("failed once").withPriority(1)).id();
    engine.moveNeed(need, "active", null);
    engine.moveNeed(need, "actionable", null);
    long task = engine.graduate(need, List.of(TaskSpec.of("try"))).get(0).id();
    engine.as(Actor.agent(engine.registerAgent(AgentSpec.of("worker")).id())).startTask(task);
    engine.finishTask(task, "failed", "no");
    engine.deferNeed(need, null);
    List<String> v16 =
        EngineDatabase.rows(
            db,
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN"
                + " ('needs_resume_follow_tasks', 'needs_actionable_follow_started_tasks',"
                + " 'needs_history_update') ORDER BY name = 'needs_history_update', name");
    try (Connection c = Database.at(db).open(false);
        java.sql.Statement st = c.createStatement()) {
      // One transaction: the engine checks the schema and never sees it without them.
      c.setAutoCommit(false);
      st.execute("DROP TRIGGER needs_resume_follow_tasks");
      st.execute("DROP TRIGGER needs_actionable_follow_started_tasks");
      st.execute("DROP TRIGGER needs_history_update");
      st.execute("UPDATE needs SET status = 'active' WHERE id = " + need);
      st.execute("UPDATE needs SET status = 'actionable' WHERE id = " + need);
      for (String sql : v16) {
        st.execute(sql);
      }
      c.commit();
    }
    return need;
  }

  private ViewDefinition readyView(Path db) throws Exception {
    Path root = Files.createDirectories(dir.resolve("ws"));
    WorkspaceConfig config =
        new ConfigLoader().load(root, new ConfigOverrides(null, db, null, null, Map.of()));
    return config.views().stream().filter(v -> v.name().equals("ready")).findFirst().orElseThrow();
  }

  /** Compares both queries for every filter; returns how many rows were compared. */
  private static int compareEveryFilter(Path db, Map<String, String> queries) throws Exception {
    int rows = 0;
    List<List<String>> scopes =
        Arrays.asList(
            null, List.of(), List.of("kernel"), List.of("ui", "data"), List.of("nowhere"));
    List<List<String>> tags = Arrays.asList(null, List.of("a"), List.of("b", "e"), List.of());
    try (Connection c = Database.at(db).open(false)) {
      for (List<String> s : scopes) {
        for (List<String> t : tags) {
          for (int limit : new int[] {0, 1, 7, 500, 100_000}) {
            Map<String, Object> params = new HashMap<>();
            params.put("scopes", s);
            params.put("tags", t);
            params.put("ready_limit", limit);
            String where = "scopes " + s + ", tags " + t + ", ready_limit " + limit;
            rows += compare(c, params, "ready", OLD_READY, queries.get("ready"), where);
            rows += compare(c, params, "blocked", OLD_BLOCKED, queries.get("blocked"), where);
          }
        }
      }
    }
    return rows;
  }

  private static int compare(
      Connection c, Map<String, Object> params, String name, String old, String now, String where) {
    List<String> expected = rows(c, params, name, old);
    List<String> got = rows(c, params, name, now);
    // The first row that differs, not both lists: they run to thousands of rows.
    for (int i = 0; i < Math.min(expected.size(), got.size()); i++) {
      assertEquals(expected.get(i), got.get(i), name + " row " + i + ", " + where);
    }
    assertEquals(expected.size(), got.size(), name + " rows, " + where);
    return expected.size();
  }

  /** Every row as its columns' labels, values and value types, in order. */
  private static List<String> rows(
      Connection c, Map<String, Object> params, String name, String sql) {
    List<String> out = new ArrayList<>();
    try (ViewQuery q = new ViewQuery(c, "ready", name, sql, params, false)) {
      q.forEach(
          params,
          null,
          row -> {
            // The priority shown (the task's, else its need's; NULL when neither has one) came
            // after the old queries: it is p where set, and p ranks the unset as 3.
            if (row.containsKey("priority")) {
              Object shown = row.get("priority");
              assertEquals(shown == null ? 3L : shown, row.get("p"), "priority of " + row);
            }
            StringBuilder b = new StringBuilder();
            row.forEach(
                (k, v) -> {
                  if (k.equals("priority")) {
                    return;
                  }
                  b.append(k)
                      .append('=')
                      .append(v)
                      .append(':')
                      .append(v == null ? "null" : v.getClass().getSimpleName())
                      .append(' ');
                });
            out.add(b.toString());
          });
    }
    return out;
  }
}
