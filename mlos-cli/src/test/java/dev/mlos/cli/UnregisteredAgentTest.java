package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --agent ID} naming no registered agent run (a trial: the refusal said "register it first"
 * and named no command, and ready work said only that the agent does not exist).
 */
class UnregisteredAgentTest {
  @TempDir Path dir;

  /**
   * It was exit 2 (rule actor, worded as a malformed option) where {@code --for 9}, the same id
   * given to another command, is exit 1 (not_found): the id is a person's input that the workspace
   * has no row for, not a broken setup.
   */
  @Test
  void actingAsAnAgentNoOneRegisteredIsRefusedAsAnIdNotFound() {
    InProcess.ok(dir, "init");

    InProcess.Run write = InProcess.run(dir, Main.REFUSED, "need", "create", "x", "--agent", "9");

    assertEquals(
        "refused (not_found): the acting agent 9 is not registered\n"
            + "  fix: find the agent's id with `mlos agent list`; or register an agent run first"
            + " with `mlos agent register <agent type>`, then act as the id it prints, with"
            + " `--agent <agent id>`",
        write.err().strip());
    InProcess.Run lens = InProcess.run(dir, Main.REFUSED, "agent", "lens", "--for", "9");
    assertTrue(lens.err().startsWith("refused (not_found): "), lens.err());
  }
}
