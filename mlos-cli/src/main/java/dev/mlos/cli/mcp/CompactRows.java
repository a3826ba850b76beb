package dev.mlos.cli.mcp;

import dev.mlos.cli.Rows;
import dev.mlos.core.ShownText;
import dev.mlos.core.engine.BlockedItem;
import dev.mlos.core.engine.Need;
import dev.mlos.core.engine.NeedDetail;
import dev.mlos.core.engine.ReadyItem;
import dev.mlos.core.engine.SearchHit;
import dev.mlos.core.engine.SearchResult;
import dev.mlos.core.engine.Task;
import dev.mlos.core.engine.Written;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compact forms the MCP tools return by default: the fields an agent decides with, not the
 * whole row (the {@code detail} switch gives the rest), to keep each result's tokens low.
 */
final class CompactRows {
  private CompactRows() {}

  static Map<String, Object> compact(Need n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", n.id());
    m.put("title", n.shownTitle());
    m.put("status", n.status());
    m.put("priority", n.priority());
    m.put("tags", n.tags());
    return m;
  }

  static Map<String, Object> compact(Task t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("need_id", t.needId());
    m.put("title", t.shownDescription());
    m.put("status", t.status());
    m.put("priority", t.priority());
    m.put("assigned_agent_id", t.assignedAgentId());
    return m;
  }

  /**
   * A moved or updated row with {@code changed}: false when it held what was asked already and
   * nothing was written (answered as if changed before).
   */
  static Map<String, Object> compact(Written<?> w) {
    Map<String, Object> m = w.row() instanceof Need n ? compact(n) : compact((Task) w.row());
    m.put("changed", w.changed());
    return m;
  }

  /**
   * A need moved to {@code asked}: as {@link #compact(Written)}, with {@code moved_on} saying why
   * when the database moved it on past that status on its tasks' account (schema V16: a resumed
   * need with tasks lands where they put it).
   */
  static Map<String, Object> movedOn(Written<Need> w, String asked) {
    Map<String, Object> m = compact(w);
    if (w.changed()
        && !w.row().status().equals(asked)
        && !w.row().followsTasksBecause().isEmpty()) {
      m.put("moved_on", "moved on to " + w.row().status() + ": " + w.row().followsTasksBecause());
    }
    return m;
  }

  /**
   * What register_artifact answers: the artifact, its {@code outcome}, and when the file was
   * unchanged and the title or description passed was not recorded (an unchanged file keeps them),
   * {@code not_recorded} naming them and a {@code note} with the way to change them (no tool does:
   * a trial's agent passed a new title, was answered "unchanged" with the old one, and had no way
   * to learn why).
   */
  static Map<String, Object> registration(
      dev.mlos.core.engine.ArtifactRegistration r, dev.mlos.core.engine.ArtifactSpec asked) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.artifact().id());
    m.put("title", r.artifact().shownTitle());
    m.put("file_path", r.artifact().filePath());
    m.put("content_hash", r.artifact().contentHash());
    m.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
    java.util.List<String> kept = r.notRecorded(asked);
    if (!kept.isEmpty()) {
      m.put("not_recorded", kept);
      m.put(
          "note",
          "the file is unchanged, and registering it again keeps its recorded "
              + String.join(" and ", kept)
              + (kept.size() == 1 ? "; no tool changes it" : "; no tool changes them")
              + ": a person does, with `mlos artifact update "
              + r.artifact().id()
              + " "
              + String.join(" ", kept.stream().map(f -> "--" + f + " <" + f + ">").toList())
              + "`");
    }
    return m;
  }

  static Map<String, Object> compact(ReadyItem i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", i.kind());
    m.put("id", i.id());
    m.put("title", i.shownTitle());
    m.put("status", i.status());
    m.put("priority", i.priority());
    m.put("reason", i.reason());
    return m;
  }

  /** A ready item with {@code detail}: {@link Rows#ready}, its title as an agent is shown it. */
  static Map<String, Object> detailed(ReadyItem i) {
    Map<String, Object> m = Rows.ready(i);
    m.put("title", i.shownTitle());
    return m;
  }

  /** A blocked item and its blockers, each title as an agent is shown it. */
  static Map<String, Object> blocked(BlockedItem b) {
    Map<String, Object> m = Rows.blocked(b);
    m.put("title", b.shownTitle());
    m.put("blocked_by", b.blockers().stream().map(CompactRows::blocker).toList());
    return m;
  }

  static Map<String, Object> blocker(BlockedItem.Blocker x) {
    Map<String, Object> m = Rows.blocker(x);
    m.put("title", x.shownTitle());
    return m;
  }

  /** A page of search hits, each title as an agent is shown it. */
  static Map<String, Object> hits(SearchResult r) {
    return Rows.page(
        "hits", r.hits().stream().map(CompactRows::hit).toList(), r.total(), r.nextCursor());
  }

  private static Map<String, Object> hit(SearchHit h) {
    Map<String, Object> m = Rows.hit(h);
    m.put("title", h.shownTitle());
    return m;
  }

  /** How many tasks and relationships {@link #needDetail} lists at most. */
  static final int MAX_LISTED = 50;

  private static final Set<String> DONE = Set.of("completed", "cancelled");

  /**
   * A need as {@code get_need} answers it: {@code mlos need show --json}'s fields, with at most
   * {@link #MAX_LISTED} tasks (the live ones first, each group by id) and relationships, {@code
   * tasks_total} / {@code relationships_total} when there are more, and history rows holding only
   * what each update changed. A user trial: a need graduated into 300 tasks was answered 158,000
   * characters (some 40,000 tokens), each task's result in full.
   */
  static Map<String, Object> needDetail(NeedDetail d) {
    Map<String, Object> m = Rows.needDetail(d);
    if (d.tasks().size() > MAX_LISTED) {
      List<Task> first =
          d.tasks().stream()
              .sorted(
                  Comparator.comparing((Task t) -> DONE.contains(t.status()))
                      .thenComparingLong(Task::id))
              .limit(MAX_LISTED)
              .toList();
      m.put("tasks", first.stream().map(Rows::task).toList());
      m.put("tasks_total", d.tasks().size());
    }
    if (d.edges().size() > MAX_LISTED) {
      m.put("relationships", d.edges().stream().limit(MAX_LISTED).map(Rows::edge).toList());
      m.put("relationships_total", d.edges().size());
    }
    m.put("history", d.history().stream().map(h -> changedOnly(Rows.history(h))).toList());
    // Titles as an agent is shown them (a zero-width space alone, from before schema mlos V19,
    // looked like no title): the stored values are `mlos need show --json`'s.
    m.put("title", d.need().shownTitle());
    for (Object c : (List<?>) m.get("children")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> child = (Map<String, Object>) c;
      child.put("title", ShownText.needTitle((Long) child.get("id"), (String) child.get("title")));
    }
    for (Object t : (List<?>) m.get("tasks")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> task = (Map<String, Object>) t;
      task.put("description", ShownText.taskDescription((String) task.get("description")));
    }
    return m;
  }

  /**
   * A history row with, for an update, only the fields it changed in {@code old_values} and {@code
   * new_values}: the whole rows repeated a 20,000-character description in each of the 20 rows
   * (800,000 characters for a need whose title was edited 20 times).
   */
  private static Map<String, Object> changedOnly(Map<String, Object> row) {
    if (row.get("old_values") instanceof Map<?, ?> before
        && row.get("new_values") instanceof Map<?, ?> after) {
      Map<Object, Object> was = new LinkedHashMap<>();
      Map<Object, Object> is = new LinkedHashMap<>();
      Set<Object> keys = new java.util.LinkedHashSet<>(before.keySet());
      keys.addAll(after.keySet());
      for (Object k : keys) {
        if (!java.util.Objects.equals(before.get(k), after.get(k))) {
          was.put(k, before.get(k));
          is.put(k, after.get(k));
        }
      }
      row.put("old_values", was);
      row.put("new_values", is);
    }
    return row;
  }
}
