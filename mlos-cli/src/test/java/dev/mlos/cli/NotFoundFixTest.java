package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's trial: `mlos task show 99` said only that task 99 does not exist, where the MCP
 * server names the tool that lists such ids. The command now names the command that does.
 */
class NotFoundFixTest {
  @TempDir Path dir;

  private String refused(String... args) {
    return InProcess.run(dir, Main.REFUSED, args).err();
  }

  @Test
  void anIdThatIsNotThereIsAnsweredWithWhereSuchIdsAreListed() {
    InProcess.ok(dir, "init");
    assertEquals(
        "refused (not_found): task 99 does not exist\n"
            + "  fix: take a task's id from `mlos ready` or `mlos need show <need id>` (a need item"
            + " of `mlos ready` is a need: `mlos need graduate` cuts it into tasks)\n",
        refused("task", "show", "99"));
    assertEquals(
        "refused (not_found): need 5 does not exist\n"
            + "  fix: find the need's id with `mlos search <words>` or `mlos ready`\n",
        refused("need", "show", "5"));
    assertEquals(
        "refused (not_found): artifact 3 does not exist\n"
            + "  fix: find the artifact's id with `mlos search <words> --kind artifact`\n",
        refused("artifact", "show", "3"));
    assertEquals(
        "refused (not_found): agent 7 does not exist\n"
            + "  fix: find the agent's id with `mlos agent list`\n",
        refused("agent", "show", "7"));
  }
}
