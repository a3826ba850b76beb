package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /**
   * A class whose initializer ran out of heap fails later as NoClassDefFoundError (a compile under
   * -Xmx40m printed that stack trace): it is told as running out of memory too; other errors are
   * not.
   */
  @Test
  void anErrorLeftByRunningOutOfHeapIsToldAsSuchAndNoOtherIs() {
    NoClassDefFoundError later =
        new NoClassDefFoundError("Could not initialize class dev.mlos.core.render.X");
    later.initCause(
        new ExceptionInInitializerError(
            "Exception java.lang.OutOfMemoryError: Java heap space [in thread \"mlos-render-1\"]"));
    assertTrue(Main.ranOutOfMemory(later));
    AssertionError suppressing = new AssertionError("x");
    suppressing.addSuppressed(new OutOfMemoryError("Java heap space"));
    assertTrue(Main.ranOutOfMemory(suppressing));
    assertFalse(Main.ranOutOfMemory(new NoClassDefFoundError("org/sqlite/JDBC")));
    assertFalse(Main.ranOutOfMemory(new StackOverflowError()));
  }
}
