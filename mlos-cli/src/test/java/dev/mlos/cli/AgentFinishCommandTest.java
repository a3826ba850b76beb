package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent finish} of a run never started (a user trial: refused with "start it first", naming
 * no command).
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
}
