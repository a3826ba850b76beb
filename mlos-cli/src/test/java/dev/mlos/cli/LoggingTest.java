package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the mlos command lets libraries print on stderr. */
class LoggingTest {
  @Test
  void sqliteJdbcsCleanUpOfOtherProcessesLibrariesPrintsNoStackTrace() {
    // Its "Failed to delete old native lib" ERROR, a race between two processes over a file in
    // java.io.tmpdir that another JVM left, was printed on a plain `mlos task update`.
    assertFalse(LoggerFactory.getLogger("org.sqlite.SQLiteJDBCLoader").isErrorEnabled());
    assertTrue(
        LoggerFactory.getLogger("io.modelcontextprotocol.server").isWarnEnabled(),
        "the MCP SDK's warnings still reach stderr");
  }

  @Test
  void aToolCallsWrongArgumentIsAnsweredToTheClientNotLoggedAsTheServersWarning() {
    // Every tool call an inputSchema refused printed "[pool-1-thread-1] WARN
    // io.modelcontextprotocol.util.ToolInputValidator - Tool (get_need) input validation failed:
    // ..." on the server's stderr, beside the "mlos mcp: ..." lines, though the client was told
    // (isError) and no other refused tool call is logged.
    assertFalse(
        LoggerFactory.getLogger("io.modelcontextprotocol.util.ToolInputValidator").isWarnEnabled());
    assertTrue(LoggerFactory.getLogger("io.modelcontextprotocol.server").isWarnEnabled());
  }
}
