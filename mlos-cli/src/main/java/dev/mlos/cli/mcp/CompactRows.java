package dev.mlos.cli.mcp;

import dev.mlos.core.engine.Need;
import dev.mlos.core.engine.ReadyItem;
import dev.mlos.core.engine.Task;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The compact forms the MCP tools return by default: the fields an agent decides with, not the
 * whole row (the {@code detail} switch gives the rest), to keep each result's tokens low.
 */
final class CompactRows {
  private CompactRows() {}

  static Map<String, Object> compact(Need n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", n.id());
    m.put("title", n.title());
    m.put("status", n.status());
    m.put("priority", n.priority());
    m.put("tags", n.tags());
    return m;
  }

  static Map<String, Object> compact(Task t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("need_id", t.needId());
    m.put("title", t.description());
    m.put("status", t.status());
    m.put("priority", t.priority());
    m.put("assigned_agent_id", t.assignedAgentId());
    return m;
  }

  static Map<String, Object> compact(ReadyItem i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", i.kind());
    m.put("id", i.id());
    m.put("title", i.title());
    m.put("status", i.status());
    m.put("priority", i.priority());
    m.put("reason", i.reason());
    return m;
  }
}
