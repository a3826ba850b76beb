package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlos mcp --agent ID} for an id no one registered (a trial: the server refused to start
 * with "agent 99 does not exist" and no way forward, on stderr and to the client).
 */
class McpUnknownAgentIT {
  @TempDir Path dir;

  @Test
  void aServerForAnAgentNoOneRegisteredSaysHowToRegisterOne() {
    assertEquals(0, MlosJar.run(dir, "init").exitCode());

    MlosJar.Run r = MlosJar.run(dir, "mcp", "--workspace", dir.toString(), "--agent", "99");

    assertEquals(Main.REFUSED, r.exitCode(), r.stderr());
    assertTrue(
        r.stderr()
            .contains(
                "refused (not_found): agent 99 does not exist\n"
                    + "  fix: register an agent run with `mlos agent register <agent type>`, then"
                    + " start the server with --agent and the id it prints"),
        r.stderr());
  }
}
