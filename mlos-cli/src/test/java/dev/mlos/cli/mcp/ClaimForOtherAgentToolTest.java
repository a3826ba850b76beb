package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.AgentSpec;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.TaskSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server started with {@code --agent} claims for that agent only: {@code claim_task}'s {@code
 * agent_id} of another agent is refused by the engine's rule ({@code task.owner}, an agent claims
 * only for itself) with the way out as a fix of its own; its own id is taken. docs/mcp.md said
 * {@code agent_id} counted only on a server without {@code --agent}, and the refusal carried its
 * way out inside the message, with no "Fix:".
 */
class ClaimForOtherAgentToolTest {
  @TempDir Path dir;

  @Test
  void anAgentServerRefusesAClaimForAnotherAgentWithAFixAndTakesItsOwnId() throws Exception {
    Path db = ToolCalls.migrated(dir);
    long task;
    long builder;
    long tester;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      long need = ToolCalls.actionableNeed(person);
      builder = person.registerAgent(AgentSpec.of("builder")).id();
      tester = person.registerAgent(AgentSpec.of("tester")).id();
      task = person.graduate(need, List.of(TaskSpec.of("t"))).get(0).id();
    }
    try (Engine engine = Engine.open(db, Actor.agent(builder))) {
      McpTools tools = ToolCalls.tools(engine, builder, dir);
      String refused =
          ToolCalls.call(tools, "claim_task", Map.of("task_id", task, "agent_id", tester), true);
      assertEquals(
          "refused (task.owner): agent "
              + builder
              + " cannot claim task "
              + task
              + " for agent "
              + tester
              + "; an agent claims only for itself. Fix: claim it for agent "
              + builder
              + " (yourself), or let a person claim it for agent "
              + tester,
          refused);
      assertEquals("open", engine.getTask(task).status(), "nothing written");

      String own =
          ToolCalls.call(tools, "claim_task", Map.of("task_id", task, "agent_id", builder), false);
      assertTrue(own.contains("\"assigned_agent_id\":" + builder), own);
    }
  }
}
