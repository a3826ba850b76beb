package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers acting as one agent are one claimer (two sessions of one agent did the same task
 * twice): the second is warned; other agents, and the agent once the first server ended, are not.
 */
class AgentSessionTest {
  @TempDir Path root;

  @Test
  void aSecondServerForTheSameAgentIsWarnedUntilTheFirstEnds() {
    Path state = root.resolve("target/mlos");
    AgentSession first = AgentSession.of(root, state, 3);
    assertNull(first.warning);

    try (AgentSession second = AgentSession.of(root, state, 3);
        AgentSession other = AgentSession.of(root, state, 4)) {
      assertEquals(AgentSession.warning(3), second.warning);
      assertTrue(second.warning.startsWith("Another mlos mcp server acts as agent 3"));
      assertNull(other.warning, "agent 4 has a lock of its own");
    }

    first.close();
    try (AgentSession again = AgentSession.of(root, state, 3)) {
      assertNull(again.warning, "the first server ended: its lock went with it");
    }
  }

  @Test
  void aStateDirectoryLinkedOutOfTheWorkspaceGetsNoFileAndCostsOnlyTheWarning() throws Exception {
    Path outside = Files.createDirectories(root.resolve("outside"));
    Path ws = Files.createDirectories(root.resolve("ws"));
    Files.createDirectories(ws.resolve("target"));
    Files.createSymbolicLink(ws.resolve("target/mlos"), outside);

    try (AgentSession s = AgentSession.of(ws, ws.resolve("target/mlos"), 3)) {
      assertNull(s.warning);
    }
    assertFalse(Files.exists(outside.resolve("mcp")), "nothing was created outside");
  }
}
