package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ready work as the engine answers it, page by page through the cursor, against the plain reference
 * ranking (the straightforward SQL the engine used before V3, kept here verbatim) on a seeded
 * random database: lenses with scopes, tags and weights, blocks edges from live and done sources,
 * deferred and resolved needs, tasks in every state, NULL priorities, equal creation times.
 */
class ReadyWorkReferenceTest {
  @TempDir Path dir;

  static final List<String> SCOPES = List.of("kernel", "ui", "data", "infra", "auth");
  static final List<String> TAGS = List.of("a", "b", "c", "d", "e", "f");

  private static final String OLD_RANKING =
      "WITH blocked_targets (t, i) AS MATERIALIZED ( SELECT r.target_type, r.target_id FROM "
          + "relationships r WHERE r.relationship_type = 'blocks' AND ((r.source_type = 'need' AND EXISTS "
          + "(SELECT 1 FROM needs b WHERE b.id = r.source_id AND b.status <> 'resolved')) OR (r.source_type = "
          + "'task' AND EXISTS (SELECT 1 FROM tasks b WHERE b.id = r.source_id AND b.status NOT IN "
          + "('completed', 'cancelled'))))), tag_weight (need_id, w) AS MATERIALIZED ( SELECT nt.need_id, "
          + "max(w.value) FROM json_each(?3) w JOIN need_tags nt ON nt.tag = substr(w.key, 5) WHERE ?5 = 1 "
          + "AND w.key LIKE 'tag:%' GROUP BY nt.need_id), items AS ( SELECT 0 AS kind_order, t.id AS id, n.id "
          + "AS need_id, COALESCE(t.priority, n.priority, 3) AS p,  t.created_at AS created_at, n.scope AS "
          + "scope FROM tasks t JOIN needs n ON n.id = t.need_id WHERE t.status = 'open' AND n.status NOT IN "
          + "('deferred', 'resolved')  AND t.id NOT IN (SELECT i FROM blocked_targets WHERE t = 'task')  AND "
          + "n.id NOT IN (SELECT i FROM blocked_targets WHERE t = 'need') UNION ALL SELECT 1, n.id, n.id, "
          + "COALESCE(n.priority, 3), n.created_at, n.scope FROM needs n WHERE n.status = 'actionable'  AND "
          + "n.id NOT IN (SELECT need_id FROM tasks WHERE status IN ('open', 'assigned', 'in_progress'))  AND "
          + "n.id NOT IN (SELECT i FROM blocked_targets WHERE t = 'need')), visible AS ( SELECT i.*,  CASE "
          + "WHEN ?5 = 1 THEN max(COALESCE((SELECT w FROM tag_weight tw WHERE tw.need_id = i.need_id), 0),   "
          + "COALESCE((SELECT w.value FROM json_each(?3) w WHERE w.key = 'scope:' || i.scope), 0)) ELSE 1.0 "
          + "END AS lens_weight FROM items i WHERE ?4 = 1 OR i.scope IN (SELECT value FROM json_each(?1))  OR "
          + "i.need_id IN (SELECT nt.need_id FROM need_tags nt WHERE nt.tag IN (SELECT value FROM "
          + "json_each(?2)))), weighed AS ( SELECT kind_order, id, need_id, p, created_at, CASE WHEN "
          + "lens_weight > 0 THEN lens_weight ELSE 1.0 END AS weight FROM visible) SELECT kind_order, id, p, "
          + "weight, (6 - p) * weight AS score FROM weighed ORDER BY score DESC, created_at ASC, kind_order "
          + "ASC, id ASC";

  private static final String OLD_BLOCKED =
      "WITH blocked_targets (t, i) AS MATERIALIZED ( SELECT r.target_type, r.target_id FROM "
          + "relationships r WHERE r.relationship_type = 'blocks' AND ((r.source_type = 'need' AND EXISTS "
          + "(SELECT 1 FROM needs b WHERE b.id = r.source_id AND b.status <> 'resolved')) OR (r.source_type = "
          + "'task' AND EXISTS (SELECT 1 FROM tasks b WHERE b.id = r.source_id AND b.status NOT IN "
          + "('completed', 'cancelled'))))), items AS ( SELECT 'task' AS kind, 0 AS kind_order, t.id AS id, "
          + "n.id AS need_id, t.description AS title, n.scope AS scope FROM blocked_targets b JOIN tasks t ON "
          + "b.t = 'task' AND t.id = b.i JOIN needs n ON n.id = t.need_id WHERE t.status = 'open' AND "
          + "n.status NOT IN ('deferred', 'resolved') UNION SELECT 'task', 0, t.id, n.id, t.description, "
          + "n.scope FROM blocked_targets b JOIN tasks t ON b.t = 'need' AND t.need_id = b.i JOIN needs n ON "
          + "n.id = t.need_id WHERE t.status = 'open' AND n.status NOT IN ('deferred', 'resolved') UNION "
          + "SELECT 'need', 1, n.id, n.id, n.title, n.scope FROM blocked_targets b JOIN needs n ON b.t = "
          + "'need' AND n.id = b.i WHERE n.status = 'actionable' AND NOT EXISTS (SELECT 1 FROM tasks t WHERE "
          + "t.need_id = n.id  AND t.status IN ('open', 'assigned', 'in_progress'))) SELECT kind, id, "
          + "need_id, title, count(*) OVER () FROM items i WHERE ?4 = 1 OR i.scope IN (SELECT value FROM "
          + "json_each(?1))  OR i.need_id IN (SELECT nt.need_id FROM need_tags nt WHERE nt.tag IN (SELECT "
          + "value FROM json_each(?2))) ORDER BY kind_order, id";

  @Test
  void everyPageOfEveryLensMatchesTheReferenceRanking() throws Exception {
    Path db = EngineDatabase.create(dir.resolve("mlos.db"));
    Random random = new Random(20261203L);
    List<Long> agents = new ArrayList<>();
    try (Engine engine = Engine.open(db, Actor.person("alice"))) {
      populate(engine, db, random);
      agents.add(null);
      agents.add(lens(engine, List.of(), List.of(), Map.of()));
      agents.add(
          lens(
              engine,
              List.of(),
              List.of(),
              Map.of("tag:a", 3.0, "scope:kernel", 2.0, "tag:c", 0.5)));
      agents.add(
          lens(
              engine,
              List.of("kernel", "ui"),
              List.of("b", "d"),
              Map.of("scope:ui", 2.5, "tag:d", 4.0, "tag:b", 2.5)));
      agents.add(lens(engine, List.of("data"), List.of(), Map.of()));
      agents.add(lens(engine, List.of(), List.of("e"), Map.of("tag:e", 100.0, "scope:infra", 1.5)));
      agents.add(lens(engine, List.of("nowhere"), List.of("nothing"), Map.of("tag:a", 2.0)));

      compareEveryPage(engine, db, agents, true);
      // Then writes of every kind, through the engine and as raw SQL, and the same comparison:
      // the triggers that keep ready_items must have followed each of them.
      for (int round = 0; round < 3; round++) {
        mutate(engine, db, random);
        assertKeptExactly(db);
        compareEveryPage(engine, db, agents, false);
      }
    }
  }

  /**
   * Task-level writes (schema V6 recomputes only the task's item, its need's own item and the items
   * the task blocks) on needs with several tasks, through the engine and as raw SQL, each checked
   * on its own: a later write that recomputes the whole need cannot hide an item a task write left
   * stale.
   */
  @Test
  void everyTaskWriteOnANeedWithSeveralTasksKeepsTheItemsExact() throws Exception {
    Path db = EngineDatabase.create(dir.resolve("mlos.db"));
    Random random = new Random(20261204L);
    try (Engine engine = Engine.open(db, Actor.person("alice"))) {
      populate(engine, db, random);
      List<Long> tasks =
          new ArrayList<>(
              EngineDatabase.rows(
                      db,
                      "SELECT id FROM tasks WHERE need_id IN"
                          + " (SELECT need_id FROM tasks GROUP BY need_id HAVING count(*) >= 3) ORDER BY id")
                  .stream()
                  .map(Long::valueOf)
                  .toList());
      assertTrue(tasks.size() > 500, tasks.size() + " tasks of needs with 3 or more tasks");
      List<Long> needs =
          EngineDatabase.rows(db, "SELECT id FROM needs ORDER BY id").stream()
              .map(Long::valueOf)
              .toList();
      long worker = engine.registerAgent(AgentSpec.of("worker")).id();
      engine.startAgent(worker);
      Engine asWorker = engine.as(Actor.agent(worker));
      int applied = 0;
      for (int i = 0; i < 300; i++) {
        long task = tasks.get(random.nextInt(tasks.size()));
        long other = tasks.get(random.nextInt(tasks.size()));
        int kind = random.nextInt(15);
        try {
          switch (kind) {
            case 0 -> asWorker.claimTask(task, worker);
            case 1 -> engine.releaseTask(task);
            case 2 -> asWorker.startTask(task);
            case 3 -> engine.finishTask(task, Engine.TASK_OUTCOMES.get(random.nextInt(3)), "r");
            case 4 -> engine.retryTask(task);
            case 5 -> engine.relate(EntityRef.task(other), EntityRef.task(task), "blocks", null);
            case 6 ->
                engine.relate(
                    EntityRef.need(needs.get(random.nextInt(needs.size()))),
                    EntityRef.task(task),
                    "blocks",
                    null);
            case 7 ->
                raw(
                    db,
                    "UPDATE tasks SET priority = "
                        + (random.nextInt(6) == 0 ? "NULL" : 1 + random.nextInt(5))
                        + " WHERE id = "
                        + task);
            case 8 ->
                raw(
                    db,
                    "UPDATE tasks SET created_at = '2026-01-0"
                        + (1 + random.nextInt(3))
                        + "T00:00:00.000Z' WHERE id = "
                        + task);
            case 9 ->
                raw(
                    db,
                    "DELETE FROM relationships WHERE id = (SELECT min(id) FROM relationships"
                        + " WHERE relationship_type = 'blocks' AND ((source_type = 'task' AND source_id = "
                        + task
                        + ") OR (target_type = 'task' AND target_id = "
                        + task
                        + ")))");
            case 10 ->
                raw(
                    db,
                    "UPDATE tasks SET status = 'cancelled' WHERE status = 'open' AND id = " + task);
            case 11 -> {
              raw(
                  db,
                  "INSERT INTO tasks (need_id, description, priority) SELECT need_id, 'raw', NULL"
                      + " FROM tasks WHERE id = "
                      + task);
              tasks.add(Long.valueOf(EngineDatabase.rows(db, "SELECT max(id) FROM tasks").get(0)));
            }
            case 12 -> {
              // A task that blocks a task or a need finishes: what it blocks is freed.
              List<String> blockers =
                  EngineDatabase.rows(
                      db,
                      "SELECT DISTINCT r.source_id FROM relationships r JOIN tasks b ON b.id = r.source_id"
                          + " WHERE r.relationship_type = 'blocks' AND r.source_type = 'task'"
                          + " AND b.status NOT IN ('completed', 'cancelled') ORDER BY 1");
              if (blockers.isEmpty()) {
                continue;
              }
              raw(
                  db,
                  "UPDATE tasks SET status = 'cancelled' WHERE id = "
                      + blockers.get(random.nextInt(blockers.size())));
            }
            case 13 -> {
              // A need that blocks a task resolves (its live tasks complete): the task is freed.
              List<String> blockers =
                  EngineDatabase.rows(
                      db,
                      "SELECT DISTINCT r.source_id FROM relationships r JOIN needs b ON b.id = r.source_id"
                          + " WHERE r.relationship_type = 'blocks' AND r.source_type = 'need' AND r.target_type = 'task'"
                          + " AND b.status <> 'resolved' ORDER BY 1");
              if (blockers.isEmpty()) {
                continue;
              }
              String need = blockers.get(random.nextInt(blockers.size()));
              raw(
                  db,
                  "UPDATE tasks SET status = 'cancelled' WHERE status = 'failed' AND need_id = "
                      + need);
              raw(
                  db,
                  "UPDATE tasks SET status = 'in_progress' WHERE status IN ('open', 'assigned') AND need_id = "
                      + need);
              raw(
                  db,
                  "UPDATE tasks SET status = 'completed' WHERE status = 'in_progress' AND need_id = "
                      + need);
            }
            default -> {
              raw(db, "DELETE FROM tasks WHERE status IN ('open', 'cancelled') AND id = " + task);
              if (EngineDatabase.rows(db, "SELECT id FROM tasks WHERE id = " + task).isEmpty()) {
                tasks.remove(Long.valueOf(task));
              }
            }
          }
        } catch (RefusedException | SQLException e) {
          continue; // not allowed in the state the random pick is in: the next write is
        }
        applied++;
        assertKeptExactly(db, "after write " + i + " (kind " + kind + ", task " + task + ")");
      }
      assertTrue(applied > 100, applied + " writes applied");
      compareEveryPage(
          engine,
          db,
          Arrays.asList(null, lens(engine, List.of("kernel"), List.of("a"), Map.of("tag:a", 2.0))),
          false);
    }
  }

  private static void raw(Path db, String sql) throws SQLException {
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** ready_items is what its defining view says, and ready_counts counts it. */
  static void assertKeptExactly(Path db) {
    assertKeptExactly(db, "");
  }

  static void assertKeptExactly(Path db, String when) {
    assertEquals(
        List.of(),
        EngineDatabase.rows(
            db, "SELECT * FROM ready_items EXCEPT SELECT * FROM ready_items_expected"),
        "items too many " + when);
    assertEquals(
        List.of(),
        EngineDatabase.rows(
            db, "SELECT * FROM ready_items_expected EXCEPT SELECT * FROM ready_items"),
        "items missing " + when);
    assertEquals(
        EngineDatabase.rows(
            db,
            "SELECT state, scope, tags, count(*) FROM ready_items_expected GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"),
        EngineDatabase.rows(db, "SELECT state, scope, tags, n FROM ready_counts ORDER BY 1, 2, 3"),
        "counts " + when);
  }

  static void compareEveryPage(Engine engine, Path db, List<Long> agents, boolean checkData)
      throws SQLException {
    for (Long agent : agents) {
      Lens lens = agent == null ? null : engine.lensOf(agent).orElse(null);
      List<String> scopes = lens == null ? List.of() : lens.scopes();
      List<String> tags = lens == null ? List.of() : lens.tags();
      Map<String, Double> weights = lens == null ? Map.of() : lens.weights();
      List<String> expected = reference(db, OLD_RANKING, scopes, tags, weights, 5);
      List<String> expectedBlocked = reference(db, OLD_BLOCKED, scopes, tags, weights, 2);
      if (agent == null
          && checkData) { // the data is worth comparing: many ready items, some blocked
        assertTrue(
            expected.size() > 300 && expectedBlocked.size() > 20,
            expected.size() + " ready, " + expectedBlocked.size() + " blocked");
      }

      for (int limit : new int[] {1, 7, 50}) {
        List<String> got = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
          ReadyQuery q =
              (agent == null ? ReadyQuery.everyone() : ReadyQuery.forAgent(agent)).withLimit(limit);
          ReadyWork w = engine.readyWork(cursor == null ? q : q.withCursor(cursor));
          assertEquals(expected.size(), w.total(), "total, agent " + agent);
          assertTrue(w.items().size() <= limit);
          for (ReadyItem i : w.items()) {
            // The reference's p ranks an unset priority as 3; the item shows it unset (null).
            got.add(
                i.kind()
                    + "|"
                    + i.id()
                    + "|"
                    + (i.priority() == null ? 3 : i.priority())
                    + "|"
                    + i.score());
          }
          List<String> blocked =
              w.blocked().stream().map(b -> b.kind() + "|" + b.id() + "|" + b.title()).toList();
          assertEquals(
              expectedBlocked.subList(0, Math.min(limit, expectedBlocked.size())),
              blocked,
              "blocked, agent " + agent + ", limit " + limit);
          assertEquals(expectedBlocked.size(), w.blockedTotal(), "blocked total, agent " + agent);
          cursor = w.nextCursor();
          pages++;
        } while (cursor != null && pages < 10_000);
        assertEquals(expected, got, "ranking, agent " + agent + ", limit " + limit);
      }
    }
  }

  /**
   * Lists the reference query's rows as "kind|id|priority|score" (ranking) or "kind|id|title"
   * (blocked).
   */
  static List<String> reference(
      Path db,
      String sql,
      List<String> scopes,
      List<String> tags,
      Map<String, Double> weights,
      int columns)
      throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = Database.at(db).open(false);
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, json(scopes));
      ps.setString(2, json(tags));
      StringBuilder w = new StringBuilder("{");
      for (Map.Entry<String, Double> e : new TreeMap<>(weights).entrySet()) {
        w.append(w.length() > 1 ? "," : "")
            .append('"')
            .append(e.getKey())
            .append("\":")
            .append(e.getValue());
      }
      ps.setString(3, w.append('}').toString());
      ps.setInt(4, scopes.isEmpty() && tags.isEmpty() ? 1 : 0);
      if (sql.contains("?5")) { // the blocked list does not weigh
        ps.setInt(5, weights.isEmpty() ? 0 : 1);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              columns == 5
                  ? (rs.getInt(1) == 0 ? "task" : "need")
                      + "|"
                      + rs.getLong(2)
                      + "|"
                      + rs.getInt(3)
                      + "|"
                      + rs.getDouble(5)
                  : rs.getString(1) + "|" + rs.getLong(2) + "|" + rs.getString(4));
        }
      }
    }
    return out;
  }

  static String json(List<String> values) {
    StringBuilder b = new StringBuilder("[");
    for (String v : values) {
      b.append(b.length() > 1 ? "," : "").append('"').append(v).append('"');
    }
    return b.append(']').toString();
  }

  static long lens(
      Engine engine, List<String> scopes, List<String> tags, Map<String, Double> weights) {
    long agent = engine.registerAgent(AgentSpec.of("architect")).id();
    engine.setLens(LensSpec.forAgent(agent).withScopes(scopes).withTags(tags).withWeights(weights));
    return agent;
  }

  /**
   * Writes of every kind that change ready work: task moves (claim, release, start, finish, retry),
   * need moves (defer, resume, the lifecycle), graduation, new and deleted blocks edges, changed
   * priorities, scopes, tags and creation times; some through the engine, the rest as raw SQL.
   */
  static void mutate(Engine engine, Path db, Random random) throws SQLException {
    List<Long> needs =
        EngineDatabase.rows(db, "SELECT id FROM needs ORDER BY id").stream()
            .map(Long::valueOf)
            .toList();
    List<Long> tasks =
        EngineDatabase.rows(db, "SELECT id FROM tasks ORDER BY id").stream()
            .map(Long::valueOf)
            .toList();
    long worker = engine.registerAgent(AgentSpec.of("worker")).id();
    engine.startAgent(worker);
    Engine asWorker = engine.as(Actor.agent(worker));
    for (int i = 0; i < 150; i++) {
      long task = tasks.get(random.nextInt(tasks.size()));
      long need = needs.get(random.nextInt(needs.size()));
      try {
        switch (random.nextInt(14)) {
          case 0 -> asWorker.claimTask(task, worker);
          case 1 -> engine.releaseTask(task);
          case 2 -> asWorker.startTask(task);
          case 3 -> engine.finishTask(task, Engine.TASK_OUTCOMES.get(random.nextInt(3)), "r");
          case 4 -> engine.retryTask(task);
          case 5 -> engine.deferNeed(need, null);
          case 6 -> engine.resumeNeed(need, null);
          case 7 ->
              engine.moveNeed(
                  need,
                  List.of("active", "actionable", "in_progress", "resolved").get(random.nextInt(4)),
                  null);
          case 8 -> engine.graduate(need, List.of(TaskSpec.of("more " + i)));
          case 9 ->
              engine.relate(
                  random.nextBoolean() ? EntityRef.need(need) : new EntityRef("task", task),
                  random.nextBoolean()
                      ? EntityRef.need(needs.get(random.nextInt(needs.size())))
                      : new EntityRef("task", tasks.get(random.nextInt(tasks.size()))),
                  "blocks",
                  null);
          case 10 ->
              engine.updateNeed(
                  need, NeedChange.none().tags(List.of(TAGS.get(random.nextInt(TAGS.size())))));
          case 11 ->
              engine.updateNeed(
                  need,
                  random.nextBoolean()
                      ? NeedChange.none().clear("scope")
                      : NeedChange.none().scope(SCOPES.get(random.nextInt(SCOPES.size()))));
          case 12 ->
              engine.updateNeed(
                  need,
                  random.nextBoolean()
                      ? NeedChange.none().clear("priority")
                      : NeedChange.none().priority(1 + random.nextInt(5)));
          default ->
              engine.updateNeed(
                  need, NeedChange.none().addTags(List.of(TAGS.get(random.nextInt(TAGS.size())))));
        }
      } catch (RefusedException e) {
        // not allowed in the state the random pick is in: the next write is
      }
    }
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      int k = random.nextInt(7) + 2;
      s.execute(
          "DELETE FROM relationships WHERE relationship_type = 'blocks' AND id % " + k + " = 0");
      s.execute(
          "UPDATE tasks SET priority = CASE WHEN id % 3 = 0 THEN NULL ELSE 1 + id % 5 END WHERE id % "
              + k
              + " = 1");
      s.execute("UPDATE needs SET priority = NULL WHERE id % " + (k + 3) + " = 2");
      s.execute("UPDATE needs SET scope = NULL, tags = '[\"f\"]' WHERE id % " + (k + 5) + " = 3");
      s.execute(
          "UPDATE tasks SET created_at = '2026-01-02T00:00:00.000Z' WHERE id % " + k + " = 2");
      s.execute(
          "UPDATE needs SET created_at = '2026-01-02T00:00:00.000Z' WHERE id % " + k + " = 4");
      s.execute(
          "UPDATE tasks SET status = 'cancelled' WHERE status = 'open' AND id % "
              + (k + 1)
              + " = 0");
      s.execute(
          "DELETE FROM tasks WHERE status IN ('open', 'cancelled') AND id % " + (k + 7) + " = 5");
    }
  }

  /** About 400 needs and 2,000 tasks in every state, blocks edges, NULL priorities, equal times. */
  static void populate(Engine engine, Path db, Random random) throws SQLException {
    long worker = engine.registerAgent(AgentSpec.of("worker")).id();
    engine.startAgent(worker);
    Engine asWorker = engine.as(Actor.agent(worker));
    List<Long> needs = new ArrayList<>();
    List<Long> tasks = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      NeedSpec spec = NeedSpec.titled("need " + i);
      if (random.nextInt(5) > 0) {
        spec = spec.withPriority(1 + random.nextInt(5));
      }
      if (random.nextInt(4) > 0) {
        spec = spec.withScope(SCOPES.get(random.nextInt(SCOPES.size())));
      }
      List<String> tags = new ArrayList<>();
      for (String t : TAGS) {
        if (random.nextInt(4) == 0) {
          tags.add(t);
        }
      }
      Need n = engine.createNeed(spec.withTags(tags));
      needs.add(n.id());
      if (random.nextInt(6) == 0) {
        continue; // identified
      }
      engine.moveNeed(n.id(), "active", null);
      if (random.nextInt(8) == 0) {
        continue;
      }
      engine.moveNeed(n.id(), "actionable", null);
      if (random.nextInt(4) == 0) {
        if (random.nextInt(3) == 0) {
          engine.deferNeed(n.id(), null);
        }
        continue; // waiting to be graduated (or deferred)
      }
      List<TaskSpec> specs = new ArrayList<>();
      int count = 1 + random.nextInt(9);
      for (int k = 0; k < count; k++) {
        specs.add(
            random.nextInt(3) == 0
                ? new TaskSpec("task " + i + "." + k, 1 + random.nextInt(5))
                : TaskSpec.of("task " + i + "." + k));
      }
      List<Task> made = engine.graduate(n.id(), specs);
      for (Task t : made) {
        tasks.add(t.id());
        int r = random.nextInt(10);
        if (r == 0) {
          asWorker.claimTask(t.id(), worker);
        } else if (r == 1) {
          engine.finishTask(t.id(), "cancelled", null);
        } else if (r == 2) {
          asWorker.startTask(t.id());
          engine.finishTask(t.id(), "completed", "done");
        }
      }
      if (random.nextInt(10) == 0) {
        engine.deferNeed(n.id(), null);
      }
    }
    // Blocks edges: need or task to need or task; some sources done. Cycles are refused: skip them.
    for (int i = 0; i < 300; i++) {
      EntityRef source =
          random.nextBoolean()
              ? EntityRef.need(needs.get(random.nextInt(needs.size())))
              : new EntityRef("task", tasks.get(random.nextInt(tasks.size())));
      EntityRef target =
          random.nextBoolean()
              ? EntityRef.need(needs.get(random.nextInt(needs.size())))
              : new EntityRef("task", tasks.get(random.nextInt(tasks.size())));
      try {
        engine.relate(source, target, "blocks", null);
      } catch (RefusedException e) {
        // a self edge or a cycle: the random pick is not an edge worth having
      }
    }
    // Raw SQL: NULL task priorities (the engine always gives one) and equal creation times, so the
    // tie-breakers (created_at, tasks before needs, id) decide.
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      s.execute("UPDATE tasks SET priority = NULL WHERE id % 5 = 0");
      s.execute(
          "UPDATE tasks SET created_at = '2026-01-0' || (id % 3 + 1) || 'T00:00:00.000Z' WHERE id % 4 = 0");
      s.execute(
          "UPDATE needs SET created_at = '2026-01-0' || (id % 3 + 1) || 'T00:00:00.000Z' WHERE id % 4 = 0");
    }
  }
}
