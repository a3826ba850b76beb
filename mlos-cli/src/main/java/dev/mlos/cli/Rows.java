package dev.mlos.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlos.core.engine.Agent;
import dev.mlos.core.engine.Artifact;
import dev.mlos.core.engine.BlockedItem;
import dev.mlos.core.engine.Edge;
import dev.mlos.core.engine.HistoryEntry;
import dev.mlos.core.engine.Lens;
import dev.mlos.core.engine.Need;
import dev.mlos.core.engine.NeedDetail;
import dev.mlos.core.engine.ReadyItem;
import dev.mlos.core.engine.SearchHit;
import dev.mlos.core.engine.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Engine values as ordered maps keyed by the database's column names: what {@code --json} prints
 * and what MCP tools return. One place, so the CLI and the MCP server never drift apart.
 */
public final class Rows {
  /** Reads the history's JSON values; numbers beyond a long's range stay exact. */
  private static final ObjectMapper VALUES =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          // '{"a": 1} and more' is not JSON (SQLite's json_valid says so too): kept as text.
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Rows() {}

  public static Map<String, Object> need(Need n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", n.id());
    m.put("title", n.title());
    m.put("description", n.description());
    m.put("status", n.status());
    m.put("priority", n.priority());
    m.put("scope", n.scope());
    m.put("tags", n.tags());
    m.put("parent_need_id", n.parentId());
    m.put("source_transcript", n.sourceTranscript());
    m.put("created_at", n.createdAt());
    m.put("updated_at", n.updatedAt());
    return m;
  }

  /** A need with its tasks, edges, recent history and the statuses it may move to. */
  public static Map<String, Object> needDetail(NeedDetail d) {
    Map<String, Object> m = need(d.need());
    m.put("next_statuses", d.nextStatuses());
    m.put("children", d.children().stream().map(Rows::childNeed).toList());
    m.put("children_total", d.childrenTotal());
    m.put("tasks", d.tasks().stream().map(Rows::task).toList());
    m.put("relationships", d.edges().stream().map(Rows::edge).toList());
    m.put("history", d.history().stream().map(Rows::history).toList());
    return m;
  }

  /** A child need as a need's detail lists it: the fields a reader chooses one by. */
  private static Map<String, Object> childNeed(Need n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", n.id());
    m.put("title", n.title());
    m.put("status", n.status());
    m.put("priority", n.priority());
    m.put("scope", n.scope());
    return m;
  }

  public static Map<String, Object> task(Task t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("need_id", t.needId());
    m.put("description", t.description());
    m.put("status", t.status());
    m.put("priority", t.priority());
    m.put("assigned_agent_id", t.assignedAgentId());
    m.put("result", t.result());
    m.put("assigned_date", t.assignedDate());
    m.put("source_transcript", t.sourceTranscript());
    m.put("created_at", t.createdAt());
    m.put("updated_at", t.updatedAt());
    return m;
  }

  public static Map<String, Object> artifact(Artifact a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("title", a.title());
    m.put("description", a.description());
    m.put("file_path", a.filePath());
    m.put("artifact_type", a.type());
    m.put("content_hash", a.contentHash());
    m.put("source_transcript", a.sourceTranscript());
    m.put("created_at", a.createdAt());
    m.put("updated_at", a.updatedAt());
    return m;
  }

  public static Map<String, Object> agent(Agent a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("agent_type", a.agentType());
    m.put("status", a.status());
    m.put("kernel_version", a.kernelVersion());
    m.put("session_transcript", a.sessionTranscript());
    m.put("started_at", a.startedAt());
    m.put("completed_at", a.completedAt());
    m.put("result_summary", a.resultSummary());
    return m;
  }

  public static Map<String, Object> edge(Edge e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("source_type", e.source().type());
    m.put("source_id", e.source().id());
    m.put("target_type", e.target().type());
    m.put("target_id", e.target().id());
    m.put("relationship_type", e.type());
    putJson(m, "metadata", e.metadata());
    m.put("created_at", e.createdAt());
    return m;
  }

  public static Map<String, Object> history(HistoryEntry h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", h.id());
    m.put("entity", h.entityType());
    m.put("entity_id", h.entityId());
    m.put("operation", h.operation());
    m.put("changed_at", h.changedAt());
    m.put("actor", h.actor());
    m.put("session", h.session());
    m.put("reason", h.reason());
    putJson(m, "old_values", h.oldValues());
    putJson(m, "new_values", h.newValues());
    return m;
  }

  /**
   * A history row's values, or an edge's metadata, under {@code key} as the JSON value they are,
   * not as JSON text inside a string (a script read {@code "new_values":"{\"title\":...}"} and had
   * to parse it again). The triggers write history's values with {@code json_object}, and the
   * schema holds metadata to {@code json_valid}; a value that does not parse (a row written with
   * the checks off, or one Jackson reads otherwise than SQLite) is put as it is under {@code
   * key_text}, with {@code key} null, so nothing is lost. Put under {@code key} as a string, such a
   * row printed exactly as metadata that is the JSON string {@code "x"} does.
   */
  private static void putJson(Map<String, Object> m, String key, String text) {
    if (text == null) {
      m.put(key, null);
      return;
    }
    try {
      m.put(key, VALUES.readValue(text, Object.class));
    } catch (JsonProcessingException e) {
      m.put(key, null);
      m.put(key + "_text", text);
    }
  }

  public static Map<String, Object> lens(Lens l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", l.id());
    m.put("agent_id", l.agentId());
    m.put("agent_type", l.agentType());
    m.put("scopes", l.scopes());
    m.put("tags", l.tags());
    m.put("weights", l.weights());
    m.put("token_budget", l.tokenBudget());
    m.put("created_at", l.createdAt());
    m.put("updated_at", l.updatedAt());
    return m;
  }

  public static Map<String, Object> ready(ReadyItem r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", r.kind());
    m.put("id", r.id());
    m.put("need_id", r.needId());
    m.put("title", r.title());
    m.put("status", r.status());
    m.put("priority", r.priority());
    m.put("score", r.score());
    m.put("reason", r.reason());
    return m;
  }

  public static Map<String, Object> blocked(BlockedItem b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", b.kind());
    m.put("id", b.id());
    m.put("title", b.title());
    m.put("blocked_by", b.blockers().stream().map(Rows::blocker).toList());
    return m;
  }

  /** One blocker: its type, id, title and status. */
  public static Map<String, Object> blocker(BlockedItem.Blocker x) {
    Map<String, Object> y = new LinkedHashMap<>();
    y.put("type", x.ref().type());
    y.put("id", x.ref().id());
    y.put("title", x.title());
    y.put("status", x.status());
    return y;
  }

  public static Map<String, Object> hit(SearchHit h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", h.kind());
    m.put("id", h.id());
    m.put("title", h.title());
    m.put("detail", h.detail());
    return m;
  }

  /** {@code list} under {@code key} with the paging fields every list result carries. */
  public static Map<String, Object> page(String key, List<?> list, int total, String nextCursor) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(key, list);
    m.put("total", total);
    m.put("next_cursor", nextCursor);
    return m;
  }
}
