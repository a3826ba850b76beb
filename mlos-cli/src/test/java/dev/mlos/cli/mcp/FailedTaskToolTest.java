package dev.mlos.cli.mcp;

import static dev.mlos.cli.mcp.ToolCalls.call;
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
 * An agent finishing a task it failed. Several agents racing over MCP, each doing what the server's
 * instructions say (ready_work's held tasks first, then complete_task), were refused for a failed
 * one with "Allowed: open, cancelled": open is no status complete_task takes, and nothing named
 * retry_task, the tool that opens it.
 */
class FailedTaskToolTest {
  @TempDir Path dir;

  @Test
  void aHeldFailedTaskIsRefusedACompletionWithRetryTaskAsTheFix() throws Exception {
    Path db = ToolCalls.migrated(dir);
    long task;
    long agent;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      long need = ToolCalls.actionableNeed(person);
      task = person.graduate(need, List.of(TaskSpec.of("t"))).get(0).id();
      agent = person.registerAgent(AgentSpec.of("builder")).id();
    }
    try (Engine engine = Engine.open(db, Actor.agent(agent))) {
      McpTools tools = ToolCalls.tools(engine, agent, dir);
      call(tools, "claim_task", Map.of("task_id", task), false);
      call(tools, "complete_task", Map.of("task_id", task, "status", "failed"), false);
      String ready = call(tools, "ready_work", Map.of(), false);
      assertTrue(ready.contains("\"held\":[{\"id\":" + task), ready);
      assertTrue(ready.contains("\"status\":\"failed\""), ready);
      assertTrue(ready.endsWith(",\"held_total\":1}"), ready);

      for (String outcome : List.of("completed", "failed")) {
        assertEquals(
            "refused (task.lifecycle): task "
                + task
                + ": failed -> "
                + outcome
                + " is not allowed; a failed task is retried (open again, for an agent to claim"
                + " and finish) or cancelled. Allowed: cancelled. Fix: open it again with"
                + " `retry_task`, claim it and finish it; or finish it as cancelled with"
                + " `complete_task` with `status` cancelled",
            call(
                tools,
                "complete_task",
                Map.of("task_id", task, "status", outcome, "result", "done"),
                true));
      }
      assertEquals("failed", engine.getTask(task).status(), "nothing written");
      // The fix works as worded.
      call(tools, "retry_task", Map.of("task_id", task), false);
      call(tools, "claim_task", Map.of("task_id", task), false);
      String done =
          call(
              tools,
              "complete_task",
              Map.of("task_id", task, "status", "completed", "result", "done"),
              false);
      assertTrue(done.contains("\"completed\""), done);
    }
  }

  /**
   * retry_task of a failed task under a resolved need was told to 'finish it as cancelled', the
   * core's words: the fix names the tool and how, which works as written.
   */
  @Test
  void aRetryUnderAResolvedNeedNamesCompleteTaskAsTheWayToCancel() throws Exception {
    Path db = ToolCalls.migrated(dir);
    long task;
    long agent;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      long need = ToolCalls.actionableNeed(person);
      task = person.graduate(need, List.of(TaskSpec.of("t"))).get(0).id();
      agent = person.registerAgent(AgentSpec.of("builder")).id();
    }
    try (Engine engine = Engine.open(db, Actor.agent(agent))) {
      McpTools tools = ToolCalls.tools(engine, agent, dir);
      call(tools, "claim_task", Map.of("task_id", task), false);
      call(tools, "complete_task", Map.of("task_id", task, "status", "failed"), false);
      // Resolved past its failed task, as before schema V7 (its trigger set aside, as there).
      try (java.sql.Connection c = dev.mlos.core.db.Database.at(db).open(false);
          java.sql.Statement s = c.createStatement()) {
        String check;
        try (java.sql.ResultSet rs =
            s.executeQuery("SELECT sql FROM sqlite_schema WHERE name = 'needs_resolve_check'")) {
          assertTrue(rs.next());
          check = rs.getString(1);
        }
        s.execute("DROP TRIGGER needs_resolve_check");
        s.execute("UPDATE needs SET status = 'resolved'");
        s.execute(check);
      }

      String refused = call(tools, "retry_task", Map.of("task_id", task), true);
      assertTrue(
          refused.endsWith(
              "Fix: finish it as cancelled with `complete_task` with `status` cancelled; work"
                  + " still to do for need 1 is a new need"),
          refused);
      String cancelled =
          call(tools, "complete_task", Map.of("task_id", task, "status", "cancelled"), false);
      assertTrue(cancelled.contains("\"cancelled\""), cancelled);
    }
  }
}
