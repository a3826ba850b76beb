package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A command that runs out of heap says so as mlos's limit, with the setting that lifts it. */
class OutOfMemoryTest {
  @Test
  void theMessageNamesTheHeapAndTheSettingNotAStackTrace() {
    assertEquals(
        "error: mlos ran out of memory: this Java process may use 512 MB, and the command needed"
            + " more (each change of the database is one transaction: one cut off was rolled back)"
            + System.lineSeparator()
            + "  fix: run it again with more: JAVA_TOOL_OPTIONS=-Xmx1024m mlos ...; if it keeps"
            + " happening, report the command and the workspace's size",
        Main.outOfMemory(512L * 1024 * 1024));
  }
}
