package dev.mlos.cli.mcp;

import static dev.mlos.cli.mcp.InputSchema.bool;
import static dev.mlos.cli.mcp.InputSchema.integer;
import static dev.mlos.cli.mcp.InputSchema.object;
import static dev.mlos.cli.mcp.InputSchema.props;

import dev.mlos.core.engine.Agent;
import dev.mlos.core.engine.AgentList;
import dev.mlos.core.engine.Engine;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code list_agents}: the agent runs, as {@code mlos agent list} lists them (one engine call,
 * {@link Engine#listAgents}). Their ids are what {@code agent_id} takes; an agent over MCP had no
 * other way to learn them.
 */
final class AgentTools {
  private AgentTools() {}

  static SyncToolSpecification listAgents(McpTools tools, Engine engine) {
    return tools.read(
        "list_agents",
        "Agent runs (ids for agent_id): provisioning, active; all adds finished.",
        object(props("all", bool(), "limit", integer(1, Engine.MAX_AGENTS_LISTED))),
        a -> {
          AgentList list =
              engine.listAgents(
                  a.flag("all"),
                  a.has("limit") ? a.integer("limit") : Engine.DEFAULT_AGENTS_LISTED);
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("agents", list.agents().stream().map(AgentTools::compact).toList());
          m.put("total", list.total());
          return m;
        });
  }

  /** A run as an agent picks one: its id, type and status, its kernel version, when it ran. */
  private static Map<String, Object> compact(Agent a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("agent_type", a.agentType());
    m.put("status", a.status());
    m.put("kernel_version", a.kernelVersion());
    m.put("started_at", a.startedAt());
    m.put("completed_at", a.completedAt());
    return m;
  }
}
