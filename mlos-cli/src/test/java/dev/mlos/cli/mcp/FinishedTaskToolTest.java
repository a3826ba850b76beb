package dev.mlos.cli.mcp;

import static dev.mlos.cli.mcp.ToolCalls.call;
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
 * A three-agent round: an agent whose server was killed while its complete_task was under way calls
 * it again after the restart, and read "refused (task.lifecycle): task 2: completed -> completed is
 * not allowed (completed is final: ...)" with no way on; start_task of a finished task the same.
 * The answer now says there is nothing more to do on it, and where to go on: the core's fix, which
 * the command line prints too.
 */
class FinishedTaskToolTest {
  @TempDir Path dir;

  @Test
  void aCallOnAFinishedTaskSaysThereIsNothingMoreToDoAndWhereToGoOn() throws Exception {
    Path db = ToolCalls.migrated(dir);
    long task;
    long agent;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      long need = ToolCalls.actionableNeed(person);
      task = person.graduate(need, List.of(TaskSpec.of("t"), TaskSpec.of("u"))).get(0).id();
      agent = person.registerAgent(AgentSpec.of("builder")).id();
    }
    try (Engine engine = Engine.open(db, Actor.agent(agent))) {
      McpTools tools = ToolCalls.tools(engine, agent, dir);
      call(tools, "claim_task", Map.of("task_id", task), false);
      Map<String, Object> complete =
          Map.of("task_id", task, "status", "completed", "result", "done");
      call(tools, "complete_task", complete, false);

      // The core's fix (the command line printed none; this server had words of its own).
      String fix =
          " Fix: nothing to do: task "
              + task
              + " is completed and stays so; take other work from `ready_work`";
      String again = call(tools, "complete_task", complete, true);
      assertTrue(
          again.startsWith(
              "refused (task.lifecycle): task " + task + ": completed -> completed is not allowed"),
          again);
      assertTrue(again.endsWith(")." + fix), again);
      String start = call(tools, "start_task", Map.of("task_id", task), true);
      assertTrue(start.endsWith(")." + fix), start);
    }
  }
}
