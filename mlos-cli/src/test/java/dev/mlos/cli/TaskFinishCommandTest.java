package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlos task complete 1} answered {@code Finished task 1 [completed] ...}, where every other
 * task command says what it did in its own verb (Claimed, Released, Started): each of the three
 * finishes now does too.
 */
class TaskFinishCommandTest {
  @TempDir Path dir;

  @Test
  void eachFinishSaysWhatItDidInTheCommandsOwnVerb() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "agent", "register", "builder");
    InProcess.ok(dir, "need", "create", "Work", "--as", "alice");
    InProcess.ok(dir, "need", "move", "1", "active", "--as", "alice");
    InProcess.ok(dir, "need", "move", "1", "actionable", "--as", "alice");
    InProcess.ok(
        dir, "need", "graduate", "1", "--task", "Pin it", "--task", "Boot it", "--task", "Log it");
    for (String task : new String[] {"1", "2"}) {
      InProcess.ok(dir, "task", "claim", task, "--agent", "1");
    }

    assertEquals(
        "Completed task 1 [completed] P- Pin it (need 1, agent 1)",
        InProcess.ok(dir, "task", "complete", "1", "--agent", "1", "--result", "pinned")
            .out()
            .strip());
    assertEquals(
        "Failed task 2 [failed] P- Boot it (need 1, agent 1)",
        InProcess.ok(dir, "task", "fail", "2", "--agent", "1", "--result", "no disk")
            .out()
            .strip());
    assertEquals(
        "Cancelled task 3 [cancelled] P- Log it (need 1)",
        InProcess.ok(dir, "task", "cancel", "3", "--as", "alice").out().strip());
  }

  /**
   * {@code mlos task complete 6 --status failed} (the MCP tool complete_task takes a status)
   * answered only {@code Unknown options: '--status', 'failed'}: it now names the commands that
   * finish a task as failed or cancelled.
   */
  @Test
  void aStatusOnAFinishNamesTheCommandOfEachOutcome() {
    for (String finish : new String[] {"complete", "fail", "cancel"}) {
      StringWriter err = new StringWriter();
      assertEquals(
          Main.BROKEN,
          Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
              .execute("task", finish, "6", "--status", "failed"));
      assertTrue(
          err.toString().startsWith("error: Unknown options: '--status', 'failed'\n"),
          err.toString());
      assertTrue(
          err.toString()
              .contains(
                  "  hint: a task's outcome is its command, not an option: `mlos task complete`,"
                      + " `mlos task fail` or `mlos task cancel` (the MCP tool complete_task"
                      + " takes it as status)\n"),
          err.toString());
    }
  }
}
