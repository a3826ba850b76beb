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
}
