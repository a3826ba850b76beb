package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --agent ID} naming no registered agent run (a trial: the refusal said "register it first"
 * and named no command, and ready work said only that the agent does not exist).
 */
class UnregisteredAgentTest {
  @TempDir Path dir;

  @Test
  void actingAsAnAgentNoOneRegisteredNamesTheCommandThatRegistersOne() {
    InProcess.ok(dir, "init");

    InProcess.Run write = InProcess.run(dir, Main.BROKEN, "need", "create", "x", "--agent", "9");

    assertEquals(
        "error: the acting agent 9 is not registered\n"
            + "  fix: register an agent run first with `mlos agent register <agent type>`, then"
            + " act as the id it prints, with `--agent <agent id>`\n"
            + "  see: mlos need create --help",
        write.err().strip());
  }
}
