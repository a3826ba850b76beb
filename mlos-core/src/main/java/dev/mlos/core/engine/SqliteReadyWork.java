package dev.mlos.core.engine;

import static dev.mlos.core.engine.SqliteStateStore.stringArray;

import dev.mlos.core.engine.StateStore.BlockedPage;
import dev.mlos.core.engine.StateStore.RankInputs;
import dev.mlos.core.engine.StateStore.ReadyPage;
import dev.mlos.core.engine.StateStore.ReadyRow;
import dev.mlos.core.engine.StateStore.SearchPage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reads across tables, for {@link SqliteStateStore}: ready work and blocked items (ranked),
 * search, and history.
 */
final class SqliteReadyWork {
  private static final String HISTORY_COLUMNS =
      "id, entity, entity_id, operation, changed_at, actor, session, reason, old_values, new_values";

  private final SqliteTransactions db;

  SqliteReadyWork(SqliteTransactions db) {
    this.db = db;
  }

  /**
   * A blocks edge's source that is not done: a need not resolved, a task not completed or
   * cancelled. The unary {@code +} keeps SQLite from answering the OR by walking every edge of a
   * source type (the unique index starts with it) instead of the few edges into the item.
   */
  static final String LIVE_SOURCE =
      "((+r.source_type = 'need' AND EXISTS (SELECT 1 FROM needs b WHERE b.id = r.source_id"
          + " AND b.status <> 'resolved')) OR (+r.source_type = 'task' AND EXISTS (SELECT 1 FROM tasks b"
          + " WHERE b.id = r.source_id AND b.status NOT IN ('completed', 'cancelled'))))";

  /**
   * Rank order of one state of {@code ready_items} for everyone (every weight 1): the index {@code
   * ready_items_rank}.
   */
  private static final String RANK_ORDER =
      "SELECT kind_order, id, need_id, p, created_at, scope, tags FROM ready_items"
          + " WHERE state = ?1 ORDER BY p, created_at, kind_order, id";

  /**
   * The blocked list's order: the index {@code ready_items_state} (its key ends with kind_order,
   * id).
   */
  private static final String BLOCKED_ORDER =
      "SELECT kind_order, id, need_id, p, created_at, scope, tags FROM ready_items"
          + " WHERE state = ?1 ORDER BY kind_order, id";

  /** The items of one (scope, tags) class: the index {@code ready_items_facets}. */
  private static final String FACET_ITEMS =
      "SELECT kind_order, id, need_id, p, created_at, scope, tags FROM ready_items"
          + " WHERE state = ?1 AND scope IS ?2 AND tags = ?3";

  /**
   * Ready work's order: score descending, then created_at (SQLite's BINARY order), tasks first, id.
   */
  static final Comparator<RankedItem> RANK =
      Comparator.comparingDouble(RankedItem::score)
          .reversed()
          .thenComparing(RankedItem::createdAt, SqliteReadyWork::binaryOrder)
          .thenComparingInt(RankedItem::kindOrder)
          .thenComparingLong(RankedItem::id);

  /** The blocked list's order: tasks first, then id. */
  static final Comparator<RankedItem> BLOCKED =
      Comparator.comparingInt(RankedItem::kindOrder).thenComparingLong(RankedItem::id);

  /**
   * Compares as SQLite's BINARY collation does (UTF-8 bytes, i.e. code points), not by UTF-16
   * units.
   */
  static int binaryOrder(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static RankedItem ranked(ResultSet rs, double weight) throws SQLException {
    return new RankedItem(
        rs.getInt(1),
        rs.getLong(2),
        rs.getLong(3),
        rs.getInt(4),
        rs.getString(5),
        weight,
        new ReadyFacets(rs.getString(6), rs.getString(7)));
  }

  /** How many items of {@code state} each (scope, tags) class has ({@code ready_counts}, V4). */
  private Map<ReadyFacets, Integer> counts(int state) {
    Map<ReadyFacets, Integer> out = new LinkedHashMap<>();
    for (Object[] row :
        db.list(
            "SELECT scope, tags, n FROM ready_counts WHERE state = ?",
            ps -> ps.setInt(1, state),
            rs -> new Object[] {new ReadyFacets(rs.getString(1), rs.getString(2)), rs.getInt(3)})) {
      out.merge((ReadyFacets) row[0], (Integer) row[1], Integer::sum);
    }
    return out;
  }

  private static boolean seesAll(RankInputs in) {
    return in.scopes().isEmpty() && in.tags().isEmpty();
  }

  ReadyPage ready(RankInputs inputs, int offset, int limit) {
    int end = (int) Math.min((long) offset + limit, Integer.MAX_VALUE);
    int total;
    List<RankedItem> page;
    if (seesAll(inputs) && inputs.weights().isEmpty()) {
      // Everyone, every weight 1: the rank order is the index's order; the page is read directly.
      total =
          db.one(
                  "SELECT COALESCE(sum(n), 0) FROM ready_counts WHERE state = 0",
                  ps -> {},
                  rs -> rs.getInt(1))
              .orElse(0);
      page =
          db.list(
              RANK_ORDER + " LIMIT ?2 OFFSET ?3",
              ps -> {
                ps.setInt(1, 0);
                ps.setInt(2, limit);
                ps.setInt(3, offset);
              },
              rs -> ranked(rs, 1.0));
    } else {
      LensFilter lens = new LensFilter(inputs);
      Map<ReadyFacets, Integer> counts = counts(0);
      Map<Double, Map<ReadyFacets, Integer>> classes = new TreeMap<>();
      int all = 0;
      int seen = 0;
      for (Map.Entry<ReadyFacets, Integer> c : counts.entrySet()) {
        all += c.getValue();
        if (lens.sees(c.getKey())) {
          seen += c.getValue();
          classes
              .computeIfAbsent(lens.weight(c.getKey()), w -> new LinkedHashMap<>())
              .put(c.getKey(), c.getValue());
        }
      }
      total = seen;
      List<RankedItem> found = firstOfEachClass(0, classes, all, end, RANK_ORDER, RANK);
      found.sort(RANK);
      page = found.subList(Math.min(offset, found.size()), Math.min(end, found.size()));
    }
    List<ReadyRow> rows = new ArrayList<>();
    for (RankedItem r : page) {
      boolean task = r.kindOrder() == 0;
      rows.addAll(
          db.list(
              task
                  ? "SELECT t.id, n.id, t.description, t.status, t.created_at, n.title, n.scope, n.tags,"
                      + " COALESCE(t.priority, n.priority) FROM tasks t JOIN needs n ON n.id = t.need_id"
                      + " WHERE t.id = ?"
                  : "SELECT n.id, n.id, n.title, n.status, n.created_at, n.title, n.scope, n.tags,"
                      + " n.priority FROM needs n WHERE n.id = ?",
              ps -> ps.setLong(1, r.id()),
              rs ->
                  new ReadyRow(
                      task ? "task" : "need",
                      rs.getLong(1),
                      rs.getLong(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getObject(9) == null ? null : rs.getInt(9),
                      r.weight(),
                      r.score(),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getString(7),
                      stringArray(rs.getString(8)))));
    }
    return new ReadyPage(rows, total);
  }

  /**
   * The first {@code end} items (in {@code order}) of each weight class of one state: a class is a
   * set of (scope, tags) facets with one weight, so within it the rank order is the index's order.
   * Each class is read the cheaper of two ways, judged by the exact counts: walking the index and
   * keeping the class's rows (about {@code end * all / size} rows; one walk serves every class read
   * so, and stops when each has what it needs), or reading its facets' rows whole (about {@code
   * size} rows, one query per facet class). The result is unordered.
   */
  private List<RankedItem> firstOfEachClass(
      int state,
      Map<Double, Map<ReadyFacets, Integer>> classes,
      int all,
      int end,
      String walkSql,
      Comparator<RankedItem> order) {
    List<RankedItem> out = new ArrayList<>();
    Map<ReadyFacets, Double> walked = new HashMap<>();
    Map<Double, Integer> wanted = new HashMap<>();
    int[] remaining = {0};
    for (Map.Entry<Double, Map<ReadyFacets, Integer>> c : classes.entrySet()) {
      double weight = c.getKey();
      int size = c.getValue().values().stream().mapToInt(Integer::intValue).sum();
      int need = Math.min(end, size);
      if (need == 0) {
        continue;
      }
      double walkCost = (double) need * all / size;
      double readCost = size + 20.0 * c.getValue().size();
      if (readCost <= walkCost) {
        List<RankedItem> items = new ArrayList<>();
        for (ReadyFacets f : c.getValue().keySet()) {
          items.addAll(
              db.list(
                  FACET_ITEMS,
                  ps -> {
                    ps.setInt(1, state);
                    ps.setString(2, f.scope());
                    ps.setString(3, f.tags());
                  },
                  rs -> ranked(rs, weight)));
        }
        items.sort(order);
        out.addAll(items.subList(0, Math.min(need, items.size())));
      } else {
        c.getValue().keySet().forEach(f -> walked.put(f, weight));
        wanted.put(weight, need);
        remaining[0] += need;
      }
    }
    if (remaining[0] > 0) {
      db.walk(
          walkSql,
          ps -> ps.setInt(1, state),
          rs -> {
            ReadyFacets f = new ReadyFacets(rs.getString(6), rs.getString(7));
            Double weight = walked.get(f);
            if (weight != null && wanted.get(weight) > 0) {
              out.add(ranked(rs, weight));
              wanted.merge(weight, -1, Integer::sum);
              remaining[0]--;
            }
            return remaining[0] > 0;
          });
    }
    return out;
  }

  /**
   * Blocked items (state 1 of {@code ready_items}) in the lens, in kind (task, need) and id order,
   * with their blockers; the total from {@code ready_counts}.
   */
  BlockedPage blocked(RankInputs inputs, int limit) {
    int total;
    List<RankedItem> items;
    if (seesAll(inputs)) {
      total =
          db.one(
                  "SELECT COALESCE(sum(n), 0) FROM ready_counts WHERE state = 1",
                  ps -> {},
                  rs -> rs.getInt(1))
              .orElse(0);
      items =
          db.list(
              BLOCKED_ORDER + " LIMIT ?2",
              ps -> {
                ps.setInt(1, 1);
                ps.setInt(2, limit);
              },
              rs -> ranked(rs, 1.0));
    } else {
      LensFilter lens = new LensFilter(inputs);
      Map<ReadyFacets, Integer> seen = new LinkedHashMap<>();
      int all = 0;
      int count = 0;
      for (Map.Entry<ReadyFacets, Integer> c : counts(1).entrySet()) {
        all += c.getValue();
        if (lens.sees(c.getKey())) {
          count += c.getValue();
          seen.put(c.getKey(), c.getValue());
        }
      }
      total = count;
      items = firstOfEachClass(1, Map.of(1.0, seen), all, limit, BLOCKED_ORDER, BLOCKED);
      items.sort(BLOCKED);
    }
    List<BlockedItem> out = new ArrayList<>();
    for (RankedItem i : items) {
      String kind = i.kindOrder() == 0 ? "task" : "need";
      List<BlockedItem.Blocker> blockers = blockers(kind, i.id(), i.needId());
      String title =
          db.one(
                  kind.equals("task")
                      ? "SELECT description FROM tasks WHERE id = ?"
                      : "SELECT title FROM needs WHERE id = ?",
                  ps -> ps.setLong(1, i.id()),
                  rs -> rs.getString(1))
              .orElse(null);
      out.add(new BlockedItem(kind, i.id(), title, blockers));
    }
    return new BlockedPage(out, total);
  }

  /**
   * What blocks a task or need now: the sources of {@code blocks} edges into it (or, for a task,
   * into its need) that are not done, in (type, id) order.
   */
  List<BlockedItem.Blocker> blockers(String kind, long id, long needId) {
    return db.list(
        "SELECT r.source_type, r.source_id,"
            + " CASE r.source_type WHEN 'need' THEN (SELECT title FROM needs WHERE id = r.source_id)"
            + "  ELSE (SELECT description FROM tasks WHERE id = r.source_id) END,"
            + " CASE r.source_type WHEN 'need' THEN (SELECT status FROM needs WHERE id = r.source_id)"
            + "  ELSE (SELECT status FROM tasks WHERE id = r.source_id) END"
            + " FROM relationships r WHERE r.relationship_type = 'blocks' AND ((r.target_type = ?1 AND r.target_id = ?2)"
            + " OR (?1 = 'task' AND r.target_type = 'need' AND r.target_id = ?3)) AND "
            + LIVE_SOURCE
            + " ORDER BY r.source_type, r.source_id",
        ps -> {
          ps.setString(1, kind);
          ps.setLong(2, id);
          ps.setLong(3, needId);
        },
        rs ->
            new BlockedItem.Blocker(
                new EntityRef(rs.getString(1), rs.getLong(2)), rs.getString(3), rs.getString(4)));
  }

  SearchPage search(String text, Set<String> kinds, int offset, int limit) {
    // A hit is a text whose fold (TextFold) contains the query's. SQLite's LIKE folds ASCII
    // letters only, which is the fold of a text with only ASCII characters: such texts (as many
    // bytes as characters) are matched by LIKE, any other by a function of ours in Java. A query
    // whose fold has a character LIKE cannot fold matches no ASCII text, so it skips LIKE.
    String folded = TextFold.fold(text);
    // A text of accents alone folds to nothing, which every text contains: it looks for itself,
    // which no folded text holds, so it finds nothing.
    String needle = folded.isEmpty() ? text : folded;
    boolean ascii = needle.chars().allMatch(c -> c < 0x80);
    String pattern =
        "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    db.function("mlos_contains", 2, TextFold.CONTAINS);
    boolean all = kinds.isEmpty();
    java.util.function.Function<String, String> has =
        col ->
            "CASE WHEN length("
                + col
                + ") <> length(CAST("
                + col
                + " AS BLOB)) THEN mlos_contains("
                + col
                + ", ?1)"
                + (ascii ? " ELSE " + col + " LIKE ?7 ESCAPE '\\'" : "")
                + " END";
    String matches =
        "SELECT 'need' AS kind, 0 AS ko, id, title, status AS detail FROM needs WHERE ?2 AND ("
            + has.apply("title")
            + " OR "
            + has.apply("description")
            + ")"
            + " UNION ALL SELECT 'task', 1, id, description, status FROM tasks WHERE ?3 AND ("
            + has.apply("description")
            + " OR "
            + has.apply("result")
            + ")"
            + " UNION ALL SELECT 'artifact', 2, id, title, file_path FROM artifacts WHERE ?4 AND ("
            + has.apply("title")
            + " OR "
            + has.apply("description")
            + " OR "
            + has.apply("file_path")
            + ")";
    SqliteTransactions.Binder bind =
        ps -> {
          ps.setString(1, needle);
          ps.setInt(2, all || kinds.contains("need") ? 1 : 0);
          ps.setInt(3, all || kinds.contains("task") ? 1 : 0);
          ps.setInt(4, all || kinds.contains("artifact") ? 1 : 0);
          if (ascii) {
            ps.setString(7, pattern);
          }
        };
    int[] total = {0};
    List<SearchHit> hits =
        db.list(
            "SELECT kind, id, title, detail, count(*) OVER () FROM ("
                + matches
                + ") ORDER BY ko, id LIMIT ?5 OFFSET ?6",
            ps -> {
              bind.bind(ps);
              ps.setInt(5, limit);
              ps.setInt(6, offset);
            },
            rs -> {
              total[0] = rs.getInt(5);
              return new SearchHit(
                  rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4));
            });
    if (hits.isEmpty() && offset > 0) {
      // A cursor past the last hit: the window function saw no row, so count them apart.
      total[0] =
          db.one("SELECT count(*) FROM (" + matches + ")", bind, rs -> rs.getInt(1)).orElse(0);
    }
    return new SearchPage(hits, total[0]);
  }

  List<HistoryEntry> history(String entityType, long entityId, int limit) {
    return db.list(
        "SELECT "
            + HISTORY_COLUMNS
            + " FROM (SELECT "
            + HISTORY_COLUMNS
            + " FROM history WHERE entity = ? "
            + "AND entity_id = ? ORDER BY changed_at DESC, id DESC LIMIT ?) ORDER BY changed_at, id",
        ps -> {
          ps.setString(1, entityType);
          ps.setLong(2, entityId);
          ps.setInt(3, limit);
        },
        rs ->
            new HistoryEntry(
                rs.getLong(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10)));
  }
}
