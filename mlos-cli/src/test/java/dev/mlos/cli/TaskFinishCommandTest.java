package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
