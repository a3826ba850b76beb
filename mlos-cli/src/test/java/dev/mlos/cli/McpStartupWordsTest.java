package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.RefusedException;
import dev.mlos.core.path.UnnameablePathException;
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

  /**
   * A server started without a UTF-8 locale was told only "e.g. LC_ALL=C.UTF-8", a shell's words:
   * an MCP client starts the server from its JSON config, where the fix is an "env" entry.
   */
  @Test
  void aMissingUtf8LocaleIsFixedInTheClientsConfigsWords() {
    String words =
        McpCommand.startupWords(
            new UnnameablePathException(
                "docs/caf\u00e9.md", new java.nio.file.InvalidPathException("x", "unmappable")));
    assertTrue(words.contains("Fix: Start mlos with a UTF-8 locale"), words);
    assertTrue(
        words.endsWith(
            "In the MCP client's config, give this server's entry \"env\": {\"LC_ALL\":"
                + " \"C.UTF-8\"} (with claude mcp add, -e LC_ALL=C.UTF-8 before --), then restart"
                + " the client."),
        words);
  }
}
