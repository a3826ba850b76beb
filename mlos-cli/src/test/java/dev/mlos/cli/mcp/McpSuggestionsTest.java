package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.core.Remedy;
import org.junit.jupiter.api.Test;

/** The core's remedies in an MCP client's words; what no tool does is said to be so. */
class McpSuggestionsTest {
  @Test
  void startingAnAgentRunIsTheCommandsForNoToolDoesIt() {
    String words = "`mlos agent start 4` on the command line (no tool starts an agent run)";
    assertEquals(words, McpSuggestions.INSTANCE.word(Remedy.startAgent(4)));
    assertEquals(words, McpSuggestions.FOR_AGENT_SERVER.word(Remedy.startAgent(4)));
    assertEquals("`start_task`", McpSuggestions.INSTANCE.word(Remedy.startTask(4)));
  }
}
