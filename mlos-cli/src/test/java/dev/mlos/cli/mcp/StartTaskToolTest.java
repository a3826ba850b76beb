package dev.mlos.cli.mcp;

import static dev.mlos.cli.mcp.ToolCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.AgentSpec;
import dev.mlos.core.engine.ArtifactPlaces;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.TaskSpec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * start_task on a server started without --agent (a user trial: an open task went in_progress with
 * no holder, while claim_task refused for want of an agent).
 */
class StartTaskToolTest {
  @TempDir Path dir;

  @Test
  void anOpenTaskIsRefusedWithoutAnAgentAndTheFixNamesClaimTask() throws Exception {
    Path db = ToolCalls.migrated(dir);
    long task;
    long agent;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      long need = ToolCalls.actionableNeed(person);
      task = person.graduate(need, java.util.List.of(TaskSpec.of("t"))).get(0).id();
      agent = person.registerAgent(AgentSpec.of("builder")).id();
    }
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools =
          new McpTools(engine, null, ArtifactPlaces.defaults(dir), () -> {}, null, System.err);

      String refused = call(tools, "start_task", Map.of("task_id", task), true);

      assertEquals(
          "refused (task.agent): task "
              + task
              + " is open: starting it needs an agent, who then holds it. Fix: start it through a"
              + " server started with `--agent <agent id>` (this one acts as no agent), or run"
              + " `claim_task` with `agent_id` first",
          refused);
      assertEquals("open", engine.getTask(task).status());
      call(tools, "claim_task", Map.of("task_id", task, "agent_id", agent), false);
      String started = call(tools, "start_task", Map.of("task_id", task), false);
      assertTrue(started.contains("\"in_progress\""), started);
      assertTrue(started.contains("\"changed\":true"), started);
      // Asked again, start and release answer changed false instead of being refused.
      String again = call(tools, "start_task", Map.of("task_id", task), false);
      assertTrue(again.contains("\"changed\":false"), again);
      call(tools, "release_task", Map.of("task_id", task), false);
      String twice = call(tools, "release_task", Map.of("task_id", task), false);
      assertTrue(twice.contains("\"changed\":false"), twice);
      call(tools, "claim_task", Map.of("task_id", task, "agent_id", agent), false);
      call(tools, "start_task", Map.of("task_id", task), false);

      // What an agent reads in tools/list says what the tools take: start_task starts an open
      // task too (its agent then holds it), release_task gives back a started one, and ready work
      // is actionable needs with no live task (one whose tasks were all cancelled is ready again).
      Map<String, String> described = new java.util.HashMap<>();
      tools.all().forEach(t -> described.put(t.tool().name(), t.tool().description()));
      assertEquals(
          "Start a task you claimed, or an open one (then you hold it).",
          described.get("start_task"));
      assertEquals(
          "Give back a claimed or started task (open again).", described.get("release_task"));
      // complete_task cancels an open task too: "a task you claimed or started" hid that.
      assertEquals(
          "Finish a task you hold with its result, or cancel an open one.",
          described.get("complete_task"));
      assertTrue(
          described.get("ready_work").contains("actionable needs with no live task"),
          described.get("ready_work"));
      String released = call(tools, "release_task", Map.of("task_id", task), false);
      assertTrue(released.contains("\"open\""), released);
      // As its description says: an open task, held by no one, is cancelled through it.
      String cancelled =
          call(tools, "complete_task", Map.of("task_id", task, "status", "cancelled"), false);
      assertTrue(cancelled.contains("\"cancelled\""), cancelled);
    }
  }

  /**
   * A user trial: a server started with {@code --agent 5}, whose run a person then finished, was
   * told to "register a new agent run, then `claim_task` with `agent_id`", which that server
   * refuses (it claims for agent 5 only, task.owner): the new run claims through a server of its
   * own.
   */
  @Test
  void aFinishedRunOnAServerWithAnAgentIsToldToStartAServerForTheNewRun() throws Exception {
    Path db = ToolCalls.migrated(dir);
    long task;
    long agent;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      long need = ToolCalls.actionableNeed(person);
      task = person.graduate(need, java.util.List.of(TaskSpec.of("t"))).get(0).id();
      agent = person.registerAgent(AgentSpec.of("builder")).id();
      person.finishAgent(agent, "failed", null);
    }
    try (Engine engine = Engine.open(db, Actor.agent(agent))) {
      McpTools tools = ToolCalls.tools(engine, agent, dir);
      // A finished run makes no change at all (schema V14): the refusal is the same for both.
      for (String tool : java.util.List.of("claim_task", "start_task")) {
        String refused = call(tools, tool, Map.of("task_id", task), true);
        assertTrue(
            refused.startsWith(
                "refused (agent.lifecycle): agent " + agent + " is failed (finished"),
            refused);
        assertTrue(
            refused.endsWith(
                " UTC); a finished agent run makes no more changes. Fix: more work is a new agent"
                    + " run: register one with `mlos agent register builder` on the command line"
                    + " (no tool registers an agent run) and act as it, by starting this server"
                    + " again with `--agent <its id>`; a task this run still holds goes back to"
                    + " the work when a person releases it (or retries it, if failed): `mlos agent"
                    + " show "
                    + agent
                    + "` on the command line (no tool lists the tasks a run holds) lists them, each"
                    + " with its command"),
            refused);
      }
      assertEquals("open", engine.getTask(task).status());
    }
  }
}
