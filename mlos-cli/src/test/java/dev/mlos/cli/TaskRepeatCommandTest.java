package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code task release}, {@code task start} and {@code task retry} asked for a status the task has
 * already: exit 0 and "Nothing changed", as {@code agent start} and {@code unrelate} answer (a
 * release of an open task was refused, found by black-box trials).
 */
class TaskRepeatCommandTest {
  @TempDir Path dir;

  private InProcess.Run run(String... args) {
    return InProcess.ok(dir, args);
  }

  @Test
  void aRepeatedReleaseStartOrRetrySaysNothingChanged() throws Exception {
    run("init");
    run("agent", "register", "builder");
    run("need", "create", "Work", "--as", "alice");
    run("need", "move", "1", "active", "--as", "alice");
    run("need", "move", "1", "actionable", "--as", "alice");
    run("need", "graduate", "1", "--task", "Do it");

    assertTrue(run("task", "start", "1", "--agent", "1").out().startsWith("Started task 1"));
    assertTrue(
        run("task", "start", "1", "--agent", "1")
            .out()
            .startsWith(
                "Nothing changed: task 1 is in_progress already (nothing written, no history"
                    + " row)\n"));
    assertTrue(run("task", "release", "1", "--agent", "1").out().startsWith("Released task 1"));
    String history = run("history", "task:1").out();

    InProcess.Run again = run("task", "release", "1", "--agent", "1");
    assertEquals(
        "Nothing changed: task 1 is open already (nothing written, no history row)\n"
            + "task 1 [open] P- Do it (need 1)\n",
        again.out());
    assertTrue(
        run("task", "retry", "1", "--as", "alice").out().startsWith("Nothing changed: task 1"));
    assertEquals(history, run("history", "task:1").out(), "no history row");
    JsonNode t =
        new ObjectMapper().readTree(run("task", "release", "1", "--as", "alice", "--json").out());
    assertEquals(false, t.get("changed").asBoolean(), t.toString());
  }
}
