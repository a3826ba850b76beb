package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.RefusedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The words a server that cannot start answers the client's {@code initialize} with (a trial with
 * the MCP Inspector: {@code mlos mcp --agent 999} answered "agent 999 does not exist Fix: register
 * ...", the fix run into the sentence before it, where every tool's refusal says ". Fix: ").
 */
class McpStartupWordsTest {
  @TempDir Path dir;

  @Test
  void theFixFollowsItsSentenceAsInEveryToolsRefusal() {
    InProcess.ok(dir, "init");
    RefusedException missing;
    try (Engine engine = Engine.open(dir.resolve("mlos.db"), Actor.tool("mlos-mcp"))) {
      missing = assertThrows(RefusedException.class, () -> engine.getAgent(999));
    }

    assertEquals(
        "mlos mcp cannot start: refused (not_found): agent 999 does not exist. Fix: find the"
            + " agent's id with `mlos agent list`",
        McpCommand.startupWords(missing));
    assertEquals(
        "mlos mcp cannot start: --workspace '/x': no such directory. Fix: pass the directory that"
            + " holds mlos.yaml",
        McpCommand.startupWords(
            new UsageException(
                "--workspace '/x': no such directory", "pass the directory that holds mlos.yaml")));
    assertEquals(
        "mlos mcp cannot start: The database is locked. Fix: wait",
        McpCommand.startupWords(new UsageException("The database is locked.", "wait")),
        "no second full stop");
    assertEquals(
        "mlos mcp cannot start: no fix here",
        McpCommand.startupWords(new UsageException("no fix here")));
  }
}
