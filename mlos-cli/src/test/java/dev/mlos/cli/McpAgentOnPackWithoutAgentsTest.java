package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlos mcp --agent ID} on a pack without agents stops with a usage error (a user trial: the
 * option was silently ignored, while docs/mcp.md says an agent that does not exist stops the
 * server).
 */
class McpAgentOnPackWithoutAgentsTest {
  @TempDir Path dir;

  @Test
  void agentOnTheGraphOrRuntimeMemoryPackIsRefusedNamingThePack() {
    for (String pack : new String[] {"agentos-graph", "runtime-memory"}) {
      Path ws = dir.resolve(pack);
      InProcess.ok(ws, "init", "--pack", pack);
      PrintStream out = System.out;
      InProcess.Run refused;
      try {
        refused = InProcess.run(ws, Main.BROKEN, "mcp", "--agent", "1");
      } finally {
        System.setOut(out); // the server takes stdout for the protocol before it reads the config
      }
      assertEquals(
          "error: --agent 1: the pack '"
              + pack
              + "' has no agents (its database has no mlos schema: no needs, tasks or agents)\n"
              + "  fix: leave --agent out\n"
              + "  see: mlos mcp --help",
          refused.err().strip());
    }
  }
}
