package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent finish} of a run never started (a user trial: refused with "start it first", naming
 * no command), {@code agent start} of a run that is active already, a run finished while it holds
 * tasks, and {@code agent lens} given no option.
 */
class AgentFinishCommandTest {
  @TempDir Path dir;

  @Test
  void finishingARunStillProvisioningNamesTheCommandThatStartsIt() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "agent", "register", "builder");

    InProcess.Run refused = InProcess.run(dir, Main.REFUSED, "agent", "finish", "1");

    assertEquals(
        "refused (agent.lifecycle): agent 1: provisioning -> completed is not allowed; a run is"
            + " completed from active\n"
            + "  allowed: failed\n"
            + "  fix: start it first with `mlos agent start 1`, then finish it",
        refused.err().strip());
    // The fix works as printed.
    InProcess.ok(dir, "agent", "start", "1");
    assertTrue(InProcess.ok(dir, "agent", "finish", "1").out().contains("completed"));
  }

  @Test
  void startingARunThatIsActiveAlreadySaysNothingChanged() throws Exception {
    // A trial: the second `agent start 1` printed "Started agent 1" though nothing was written.
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "agent", "register", "builder");
    assertEquals(
        "Started agent 1 (builder) [active]",
        InProcess.ok(dir, "agent", "start", "1").out().strip());

    assertEquals(
        "Nothing changed: agent 1 is active already (nothing written, no history row)\n"
            + "agent 1 (builder) [active]",
        InProcess.ok(dir, "agent", "start", "1").out().strip());
    assertTrue(
        InProcess.ok(dir, "agent", "start", "1", "--json").out().contains("\"changed\" : false"));
    assertTrue(InProcess.ok(dir, "history", "agent:1").out().startsWith("agent 1: 2 change(s)"));
  }

  /**
   * A run that finished while it held tasks left them stranded without a word: no other agent can
   * claim them, they are in no one's ready work, and the finished run's own ready work is refused.
   * The finish now names each one and the command that gives it back.
   */
  @Test
  void finishingARunThatStillHoldsTasksNamesThemAndHowToGiveThemBack() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "agent", "register", "builder");
    InProcess.ok(dir, "agent", "start", "1");
    InProcess.ok(dir, "need", "create", "Boots", "--priority", "2");
    InProcess.ok(dir, "need", "move", "1", "active");
    InProcess.ok(dir, "need", "move", "1", "actionable");
    InProcess.ok(dir, "need", "graduate", "1", "--task", "Pin", "--task", "Boot", "--task", "Log");
    InProcess.ok(dir, "task", "claim", "1", "--agent", "1");
    InProcess.ok(dir, "task", "claim", "2", "--agent", "1");
    InProcess.ok(dir, "task", "fail", "2", "--agent", "1", "--result", "flaky");

    InProcess.Run finish = InProcess.ok(dir, "agent", "finish", "1");

    assertEquals("Finished agent 1 (builder) [completed]", finish.out().strip());
    assertEquals(
        "warning: agent 1 is finished but still holds task 1 [assigned] P2 Pin (need 1, agent 1):"
            + " no agent can claim it, and it is in no one's ready work, until it is given back:"
            + " `mlos task release 1`\n"
            + "warning: agent 1 is finished but still holds task 2 [failed] P2 Boot (need 1, agent"
            + " 1): no agent can claim it, and it is in no one's ready work, until it is retried:"
            + " `mlos task retry 2`",
        finish.err().strip());
    // The fixes work as printed.
    InProcess.ok(dir, "task", "release", "1");
    InProcess.ok(dir, "task", "retry", "2");
    assertTrue(InProcess.ok(dir, "ready").out().startsWith("3 ready:"));
    InProcess.ok(dir, "agent", "register", "reviewer");
    InProcess.ok(dir, "agent", "start", "2");
    assertEquals("", InProcess.ok(dir, "agent", "finish", "2").err(), "holds nothing: no warning");
  }

  /**
   * After `mlos agent finish 1`, `mlos task complete 1 --agent 1` still completed the task the run
   * held (and `--agent 1` could start, fail or release its tasks, or create needs): a finished run
   * now makes no more changes, refused with the rule and the fix; the task waits, held, until a
   * person gives it back or finishes it.
   */
  @Test
  void aFinishedRunCannotCompleteTheTasksItStillHolds() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "agent", "register", "builder");
    InProcess.ok(dir, "agent", "start", "1");
    InProcess.ok(dir, "need", "create", "Boots");
    InProcess.ok(dir, "need", "move", "1", "active");
    InProcess.ok(dir, "need", "move", "1", "actionable");
    InProcess.ok(dir, "need", "graduate", "1", "--task", "Pin", "--task", "Boot");
    InProcess.ok(dir, "task", "claim", "1", "--agent", "1");
    InProcess.ok(dir, "task", "claim", "2", "--agent", "1");
    InProcess.ok(dir, "task", "start", "2", "--agent", "1");
    InProcess.ok(dir, "agent", "finish", "1", "--agent", "1");

    String[][] late = {
      {"task", "complete", "1", "--agent", "1", "--result", "late"},
      {"task", "fail", "2", "--agent", "1", "--result", "late"},
      {"task", "start", "1", "--agent", "1"},
      {"task", "release", "2", "--agent", "1"},
      {"need", "create", "More", "--agent", "1"},
    };
    for (String[] args : late) {
      String err = InProcess.run(dir, Main.REFUSED, args).err();
      assertTrue(
          err.matches(
              "(?s)refused \\(agent\\.lifecycle\\): agent 1 is completed \\(finished on"
                  + " \\d{4}-\\d\\d-\\d\\d at \\d\\d:\\d\\d:\\d\\d UTC\\); a finished agent run"
                  + " makes no more changes\n.*"),
          String.join(" ", args) + ": " + err);
      assertTrue(
          err.endsWith(
              "  fix: more work is a new agent run: register one with `mlos agent register"
                  + " builder` and act as it, with `--agent <agent id>`; a task this run still"
                  + " holds goes back to the work when a person releases it (or retries it, if"
                  + " failed): `mlos agent show 1` lists them, each with its command\n"),
          err);
    }
    assertTrue(InProcess.ok(dir, "task", "show", "1").out().contains("[assigned]"));
    assertTrue(InProcess.ok(dir, "task", "show", "2").out().contains("[in_progress]"));
    // The fix works as printed: a person gives one back for a new run, and finishes the other.
    InProcess.ok(dir, "task", "release", "1");
    InProcess.ok(dir, "task", "complete", "2", "--result", "done by hand");
    InProcess.ok(dir, "agent", "register", "builder");
    InProcess.ok(dir, "agent", "start", "2");
    InProcess.ok(dir, "task", "claim", "1", "--agent", "2");
    InProcess.ok(dir, "task", "complete", "1", "--agent", "2", "--result", "pinned");
  }

  /**
   * `agent register builder --kernel-version $'6.1\n# Tools'` was taken, and every one-line answer
   * naming the run (`Registered agent 1 (builder) [provisioning] kernel 6.1`, the boot prompt's
   * identity line) broke in two, the second line a heading of its own. Refused now, naming the
   * character; a version on one line is taken.
   */
  @Test
  void aKernelVersionWithALineBreakIsRefused() throws Exception {
    InProcess.ok(dir, "init");

    InProcess.Run refused =
        InProcess.run(
            dir, Main.REFUSED, "agent", "register", "builder", "--kernel-version", "6.1\n# Tools");

    assertEquals(
        "refused (agent.text): kernel_version must be one line; it contains a control character"
            + " (U+000A, a line break (LF))\n"
            + "  fix: write the kernel_version on one line, without control characters",
        refused.err().strip());
    assertEquals("", refused.out());
    assertEquals(
        "Registered agent 1 (builder) [provisioning] kernel 6.1-rc2",
        InProcess.ok(dir, "agent", "register", "builder", "--kernel-version", "6.1-rc2")
            .out()
            .strip());
  }

  /**
   * `agent lens --for 1` with no option looks like a way to see the lens; it sets an empty one, and
   * the agent, which saw only its type's `kernel` needs, silently saw every need. It still sets it
   * (an empty lens is how an agent is given every need), but says what it replaced and how to look
   * without changing anything.
   */
  @Test
  void aLensSetWithNoOptionSaysItNowSeesEveryNeedAndWhatItReplaced() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "agent", "register", "builder");
    InProcess.ok(dir, "agent", "lens", "--type", "builder", "--scope", "kernel");

    InProcess.Run masked = InProcess.ok(dir, "agent", "lens", "--for", "1");

    assertEquals(
        "warning: no --scope, --tag, --weight or --token-budget was given, so the lens of agent 1"
            + " now sees every need, unweighted, with no token budget; before, it had scopes"
            + " [kernel], tags [], weights {}, token budget - (the lens of agent type builder,"
            + " lens:1). To see a lens without changing it, run `mlos agent show 1`; to set it back,"
            + " run `mlos agent lens` with its values",
        masked.err().strip());
    InProcess.ok(dir, "agent", "lens", "--for", "1", "--tag", "boot", "--token-budget", "900");
    assertTrue(
        InProcess.ok(dir, "agent", "lens", "--for", "1")
            .err()
            .contains(
                "before, it had scopes [], tags [boot], weights {}, token budget 900"
                    + " (`mlos history lens:2` keeps it)"));
    assertEquals(
        "", InProcess.ok(dir, "agent", "lens", "--for", "1").err(), "empty before: nothing to say");
  }

  /**
   * A run finished before schema V14 (or whose finish's warnings scrolled away) holds tasks that
   * only a person gives back, and agent show named none of them: the person upgrading had to query
   * the database for their ids. It lists them now, each with the command that gives it back.
   */
  @Test
  void agentShowListsTheTasksAFinishedRunHoldsWithTheCommandThatGivesEachBack() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "agent", "register", "builder");
    InProcess.ok(dir, "need", "create", "Boots", "--as", "alice");
    InProcess.ok(dir, "need", "move", "1", "active", "--as", "alice");
    InProcess.ok(dir, "need", "move", "1", "actionable", "--as", "alice");
    InProcess.ok(dir, "need", "graduate", "1", "--task", "Pin", "--task", "Boot", "--task", "Go");
    InProcess.ok(dir, "agent", "start", "1");
    InProcess.ok(dir, "task", "claim", "1", "--agent", "1");
    InProcess.ok(dir, "task", "start", "2", "--agent", "1");
    InProcess.ok(dir, "task", "fail", "2", "--agent", "1");
    assertEquals(
        "agent 1 (builder) [active]\nholds:\n  task 1 [assigned] P- Pin (need 1, agent 1)\n"
            + "  task 2 [failed] P- Boot (need 1, agent 1)",
        InProcess.ok(dir, "agent", "show", "1").out().strip());

    InProcess.ok(dir, "agent", "finish", "1");
    String shown = InProcess.ok(dir, "agent", "show", "1").out().strip();
    assertTrue(
        shown.endsWith(
            "\nholds:\n  task 1 [assigned] P- Pin (need 1, agent 1): give it back with `mlos task"
                + " release 1`\n  task 2 [failed] P- Boot (need 1, agent 1): retry it with `mlos"
                + " task retry 2`"),
        shown);
    assertTrue(InProcess.ok(dir, "agent", "show", "1", "--json").out().contains("\"held\" : [ {"));
    // The commands work as printed, and the run then holds nothing.
    InProcess.ok(dir, "task", "release", "1");
    InProcess.ok(dir, "task", "retry", "2");
    assertEquals(
        "agent 1 (builder) [completed]", InProcess.ok(dir, "agent", "show", "1").out().strip());
  }
}
