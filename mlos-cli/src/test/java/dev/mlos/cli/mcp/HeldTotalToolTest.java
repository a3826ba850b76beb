package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.AgentSpec;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.TaskSpec;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ready_work's held list is a page (at most limit): an agent holding eight tasks that asked with
 * limit 5 saw five and no sign of the other three, which are no one's ready work either.
 */
class HeldTotalToolTest {
  @TempDir Path dir;

  @Test
  void readyWorkSaysHowManyTasksTheAgentHoldsInAll() throws Exception {
    Path db = ToolCalls.migrated(dir);
    long agent;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      long need = ToolCalls.actionableNeed(person);
      agent = person.registerAgent(AgentSpec.of("builder")).id();
      List<TaskSpec> specs = new java.util.ArrayList<>();
      for (int i = 1; i <= 9; i++) {
        specs.add(TaskSpec.of("t" + i));
      }
      person.graduate(need, specs);
    }
    try (Engine engine = Engine.open(db, Actor.agent(agent))) {
      McpTools tools = ToolCalls.tools(engine, agent, dir);
      var readyWork =
          tools.all().stream()
              .filter(t -> t.tool().name().equals("ready_work"))
              .findFirst()
              .orElseThrow();
      for (long task = 1; task <= 8; task++) {
        engine.claimTask(task, agent);
      }
      CallToolResult r =
          readyWork
              .callHandler()
              .apply(null, new CallToolRequest("ready_work", Map.of("limit", 5)));
      JsonNode page = new ObjectMapper().readTree(((TextContent) r.content().get(0)).text());
      assertEquals(5, page.get("held").size(), page.toString());
      assertEquals(8, page.get("held_total").asInt(), page.toString());
      assertEquals(1, page.get("total").asInt(), "task 9 is ready work: " + page);
    }
  }
}
