package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.AgentSpec;
import dev.mlos.core.engine.Engine;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ready_work for a finished agent run listed work that claim_task then refused for it: it is
 * refused up front, with the claim's rule and fix.
 */
class FinishedRunReadyWorkTest {
  @TempDir Path dir;

  @Test
  void readyWorkOfAFinishedRunIsRefusedWithTheClaimsRuleAndFix() throws Exception {
    Path db = ToolCalls.migrated(dir);
    long agent;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      long need = ToolCalls.actionableNeed(person);
      agent = person.registerAgent(AgentSpec.of("builder")).id();
      person.startAgent(agent);
      person.finishAgent(agent, "completed", null);
    }
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools = ToolCalls.tools(engine, agent, dir);
      SyncToolSpecification spec =
          tools.all().stream()
              .filter(t -> t.tool().name().equals("ready_work"))
              .findFirst()
              .orElseThrow();
      CallToolResult r =
          spec.callHandler().apply(null, new CallToolRequest("ready_work", Map.of()));
      String text = ((TextContent) r.content().get(0)).text();
      assertTrue(Boolean.TRUE.equals(r.isError()), text);
      assertTrue(
          text.startsWith(
              "refused (agent.lifecycle): agent "
                  + agent
                  + " is completed; a finished agent run cannot claim tasks, so it has no ready"
                  + " work. Fix: register a new agent run with "),
          text);
      assertEquals(-1, text.indexOf("\"items\""), text);
    }
  }
}
