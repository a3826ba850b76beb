package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent finish} of a run never started (a user trial: refused with "start it first", naming
 * no command), and {@code agent start} of a run that is active already.
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
}
