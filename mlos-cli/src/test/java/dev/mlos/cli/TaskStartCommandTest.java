package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code task start} of an open task needs an agent, who then holds it (a user trial: started by no
 * agent, a task was in progress with no holder, and any agent could complete it).
 */
class TaskStartCommandTest {
  @TempDir Path dir;

  @Test
  void anOpenTaskStartedWithoutAnAgentIsRefusedWithTheClaimCommand() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "agent", "register", "builder");
    InProcess.ok(dir, "need", "create", "Work", "--as", "alice");
    InProcess.ok(dir, "need", "move", "1", "active", "--as", "alice");
    InProcess.ok(dir, "need", "move", "1", "actionable", "--as", "alice");
    InProcess.ok(dir, "need", "graduate", "1", "--task", "Do it");

    InProcess.Run refused = InProcess.run(dir, Main.REFUSED, "task", "start", "1", "--as", "bob");

    assertEquals(
        "refused (task.agent): task 1 is open: starting it needs an agent, who then holds it\n"
            + "  fix: start it with `--agent <agent id>`, or run `mlos task claim 1 --for <agent id>`"
            + " first",
        refused.err().strip());
    assertTrue(InProcess.ok(dir, "task", "show", "1").out().contains("open"));
    InProcess.Run started = InProcess.ok(dir, "task", "start", "1", "--agent", "1", "--json");
    assertEquals(
        1,
        new ObjectMapper().readTree(started.out()).get("assigned_agent_id").asLong(),
        started.out());
  }

  @Test
  void completingATaskNeverStartedGivesAStartCommandThatWorksAndNoNextStatesAsAllowed()
      throws Exception {
    // The fix was `mlos task start 1`, itself refused without an agent, and the refusal listed
    // the task's next states (assigned, in_progress, cancelled) as what was allowed.
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "agent", "register", "builder");
    InProcess.ok(dir, "need", "create", "Work", "--as", "alice");
    InProcess.ok(dir, "need", "move", "1", "active", "--as", "alice");
    InProcess.ok(dir, "need", "move", "1", "actionable", "--as", "alice");
    InProcess.ok(dir, "need", "graduate", "1", "--task", "Do it");

    InProcess.Run refused =
        InProcess.run(
            dir, Main.REFUSED, "task", "complete", "1", "--agent", "1", "--result", "done");

    assertEquals(
        "refused (task.lifecycle): task 1: open -> completed is not allowed; a task is completed"
            + " from assigned or in_progress\n"
            + "  fix: start it first with `mlos task start 1 --agent 1`, then finish it",
        refused.err().strip());
    // The agent is known (it is the one acting): the command is whole; a person gets the slot.
    assertEquals(
        "  fix: start it first with `mlos task start 1 --agent <agent id>`, then finish it",
        InProcess.run(dir, Main.REFUSED, "task", "complete", "1", "--as", "alice")
            .err()
            .strip()
            .lines()
            .skip(1)
            .findFirst()
            .orElseThrow());
    InProcess.ok(dir, "task", "start", "1", "--agent", "1");
    InProcess.ok(dir, "task", "complete", "1", "--agent", "1", "--result", "done");
  }

  @Test
  void completingAFailedTaskGivesTheRetryCommand() throws Exception {
    // Its next states (open, cancelled) were printed as allowed, and open is no finish.
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "agent", "register", "builder");
    InProcess.ok(dir, "need", "create", "Work", "--as", "alice");
    InProcess.ok(dir, "need", "move", "1", "active", "--as", "alice");
    InProcess.ok(dir, "need", "move", "1", "actionable", "--as", "alice");
    InProcess.ok(dir, "need", "graduate", "1", "--task", "Do it");
    InProcess.ok(dir, "task", "claim", "1", "--agent", "1");
    InProcess.ok(dir, "task", "fail", "1", "--agent", "1");

    InProcess.Run refused =
        InProcess.run(dir, Main.REFUSED, "task", "complete", "1", "--agent", "1");

    assertEquals(
        "refused (task.lifecycle): task 1: failed -> completed is not allowed; a failed task is"
            + " retried (open again, for an agent to claim and finish) or cancelled\n"
            + "  allowed: cancelled\n"
            + "  fix: open it again with `mlos task retry 1`, claim it and finish it; or finish it"
            + " as cancelled with `mlos task cancel 1`",
        refused.err().strip());
    InProcess.ok(dir, "task", "retry", "1", "--agent", "1");
    assertTrue(InProcess.ok(dir, "task", "show", "1").out().contains("open"));
  }
}
