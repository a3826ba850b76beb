package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code task claim} of a blocked task: claimed, with a warning naming what blocks it. */
class TaskClaimCommandTest {
  @TempDir Path dir;

  private InProcess.Run run(String... args) {
    return InProcess.ok(dir, args);
  }

  /**
   * A trial: {@code task release 1 --agent 2} of agent 1's task was refused with its way out at the
   * end of the message and no fix line, as every other refusal has one.
   */
  @Test
  void anotherAgentsTaskIsRefusedWithTheWayOutOnTheFixLine() {
    run("init");
    run("agent", "register", "builder");
    run("agent", "register", "tester");
    run("need", "create", "Work", "--as", "alice");
    run("need", "move", "1", "active", "--as", "alice");
    run("need", "move", "1", "actionable", "--as", "alice");
    run("need", "graduate", "1", "--task", "Do it");
    run("task", "claim", "1", "--agent", "1");

    InProcess.Run refused =
        InProcess.run(dir, Main.REFUSED, "task", "release", "1", "--agent", "2");

    assertEquals(
        "refused (task.owner): task 1 is held by agent 1 (builder), not by agent 2; only its"
            + " holder (or a person) can change it\n"
            + "  fix: leave it to agent 1, or ask a person to release it\n",
        refused.err());
  }

  @Test
  void aBlockedTaskIsClaimedWithAWarningAndItsBlockersInJson() throws Exception {
    run("init");
    run("agent", "register", "builder");
    run("need", "create", "Blocked work", "--as", "alice");
    run("need", "move", "1", "active", "--as", "alice");
    run("need", "move", "1", "actionable", "--as", "alice");
    run("need", "graduate", "1", "--task", "Do it", "--task", "Then this");
    run("need", "create", "The blocker", "--as", "alice");
    run("relate", "need:2", "blocks", "need:1", "--as", "alice");

    InProcess.Run claimed = run("task", "claim", "1", "--agent", "1");
    assertTrue(claimed.out().startsWith("Claimed task 1"), claimed.out());
    assertEquals(
        "warning: task 1 is blocked by need:2 [identified]: it is not ready work"
            + " until that is done",
        claimed.err().strip());

    InProcess.Run json = run("task", "claim", "2", "--agent", "1", "--json");
    JsonNode t = new ObjectMapper().readTree(json.out());
    assertEquals("assigned", t.get("status").asText(), json.out());
    assertEquals("need", t.get("blocked_by").get(0).get("type").asText(), json.out());
    assertEquals(2, t.get("blocked_by").get(0).get("id").asLong(), json.out());
    assertEquals("The blocker", t.get("blocked_by").get(0).get("title").asText(), json.out());

    // Once the blocker is resolved, a claim is plain: no warning, an empty list.
    run("task", "release", "2", "--agent", "1");
    for (String status : new String[] {"active", "actionable", "in_progress", "resolved"}) {
      run("need", "move", "2", status, "--as", "alice");
    }
    InProcess.Run free = run("task", "claim", "2", "--agent", "1", "--json");
    assertEquals("", free.err(), free.err());
    assertEquals(
        0,
        new ObjectMapper().readTree(free.out()).get("blocked_by").size(),
        free.out() + free.err());
  }

  /**
   * The loser of a claim, and an agent starting a task another holds, were told "fix: take another
   * task from `mlos ready --agent <agent id>`", a placeholder for the id the command line had just
   * given: a new user pasted it and got a usage error. The fix names the agent now.
   */
  @Test
  void theLoserOfAClaimIsToldTheReadyCommandWithItsOwnAgent() throws Exception {
    run("init");
    run("agent", "register", "ingester");
    run("agent", "register", "validator");
    run("need", "create", "Work", "--as", "alice");
    run("need", "move", "1", "active", "--as", "alice");
    run("need", "move", "1", "actionable", "--as", "alice");
    run("need", "graduate", "1", "--task", "Do it");
    run("task", "claim", "1", "--agent", "1");

    InProcess.Run lost = InProcess.run(dir, Main.REFUSED, "task", "claim", "1", "--agent", "2");
    InProcess.Run start = InProcess.run(dir, Main.REFUSED, "task", "start", "1", "--agent", "2");

    for (InProcess.Run r : new InProcess.Run[] {lost, start}) {
      assertTrue(
          r.err().contains("fix: take another task from `mlos ready --agent 2`, which lists"),
          r.err());
    }
  }

  /**
   * The holder claiming its task again writes nothing and says so (it printed "Claimed" as if it
   * had just won the task, found by the last trials).
   */
  @Test
  void aClaimByTheHolderSaysNothingChanged() throws Exception {
    run("init");
    run("agent", "register", "builder");
    run("need", "create", "Work", "--as", "alice");
    run("need", "move", "1", "active", "--as", "alice");
    run("need", "move", "1", "actionable", "--as", "alice");
    run("need", "graduate", "1", "--task", "Do it");
    assertTrue(run("task", "claim", "1", "--agent", "1").out().startsWith("Claimed task 1"));
    String history = run("history", "task:1").out();

    InProcess.Run again = run("task", "claim", "1", "--agent", "1");

    assertTrue(
        again
            .out()
            .startsWith(
                "Nothing changed: task 1 is claimed by agent 1 already (nothing written, no"
                    + " history row)"),
        again.out());
    assertEquals(history, run("history", "task:1").out(), "no history row");
    JsonNode t =
        new ObjectMapper().readTree(run("task", "claim", "1", "--agent", "1", "--json").out());
    assertEquals(false, t.get("changed").asBoolean(), t.toString());
  }
}
