package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.AgentSpec;
import dev.mlos.core.engine.Engine;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * list_agents: an agent over MCP had no way to learn the ids of the other agent runs (the ids
 * claim_task's, ready_work's and context_pack's agent_id take), which `mlos agent list` gives on
 * the command line; every refusal of an unknown agent sent it to a command line it may not have.
 */
class ListAgentsToolTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void listsTheRunsNotFinishedAndWithAllTheFinishedOnesAsTheCommandDoes() throws Exception {
    Path db = ToolCalls.migrated(dir);
    try (Engine person = Engine.open(db, Actor.person("zo\u00eb"))) {
      long wrangler = person.registerAgent(AgentSpec.of("data_wrangler")).id();
      person.startAgent(wrangler);
      long trainer = person.registerAgent(AgentSpec.of("trainer")).id();
      long done = person.registerAgent(AgentSpec.of("evaluateur")).id();
      person.startAgent(done);
      person.finishAgent(done, "completed", "scored");
      McpTools tools = ToolCalls.tools(person, wrangler, dir);

      JsonNode live = JSON.readTree(ToolCalls.call(tools, "list_agents", Map.of(), false));
      assertEquals(2, live.get("total").asInt(), live.toString());
      assertEquals(wrangler, live.get("agents").get(0).get("id").asLong(), live.toString());
      assertEquals("data_wrangler", live.get("agents").get(0).get("agent_type").asText());
      assertEquals("active", live.get("agents").get(0).get("status").asText());
      assertEquals(trainer, live.get("agents").get(1).get("id").asLong(), live.toString());
      assertEquals("provisioning", live.get("agents").get(1).get("status").asText());

      JsonNode all =
          JSON.readTree(ToolCalls.call(tools, "list_agents", Map.of("all", true), false));
      assertEquals(3, all.get("total").asInt(), all.toString());
      assertEquals("completed", all.get("agents").get(2).get("status").asText(), all.toString());

      // The limit cuts the list, not the count.
      JsonNode one =
          JSON.readTree(
              ToolCalls.call(tools, "list_agents", Map.of("all", true, "limit", 1), false));
      assertEquals(1, one.get("agents").size(), one.toString());
      assertEquals(3, one.get("total").asInt(), one.toString());
    }
  }

  @Test
  void aWorkspaceWithNoRunSaysHowOneIsRegistered() throws Exception {
    Path db = ToolCalls.migrated(dir);
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      JsonNode none =
          JSON.readTree(
              ToolCalls.call(ToolCalls.tools(person, null, dir), "list_agents", Map.of(), false));
      assertEquals(0, none.get("total").asInt(), none.toString());
      assertEquals(0, none.get("agents").size(), none.toString());
    }
  }

  @Test
  void theRefusalOfAnUnknownAgentNamesTheToolThatListsThem() throws Exception {
    Path db = ToolCalls.migrated(dir);
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      String refused =
          ToolCalls.call(
              ToolCalls.tools(person, null, dir), "ready_work", Map.of("agent_id", 99), true);
      assertTrue(
          refused.startsWith(
              "refused (not_found): agent 99 does not exist. Fix: find the"
                  + " agent's id with list_agents"),
          refused);
    }
  }

  @Test
  void aServerWithoutAnAgentSaysWhereTheAgentIdsAre() throws Exception {
    // claim_task and context_pack on a server started without --agent asked for agent_id and
    // named no way to find one.
    Path db = ToolCalls.migrated(dir);
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      McpTools tools = ToolCalls.tools(person, null, dir);
      assertEquals(
          "refused (input): claim_task needs an agent. Fix: pass agent_id (list_agents gives the"
              + " agents' ids), or start the server with --agent ID",
          ToolCalls.call(tools, "claim_task", Map.of("task_id", 1), true));
      assertEquals(
          "refused (input): context_pack needs an agent. Fix: pass agent_id (list_agents gives the"
              + " agents' ids), or start the server with --agent ID",
          ToolCalls.call(tools, "context_pack", Map.of(), true));
    }
  }
}
