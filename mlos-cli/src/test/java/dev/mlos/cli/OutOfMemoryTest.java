package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.cli.mcp.McpSuggestions;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that runs out of heap says so as mlos's limit, with the heap that lifts it in the words
 * of the client that started the JVM: the command's JAVA_TOOL_OPTIONS, the MCP server's args.
 */
class OutOfMemoryTest {
  @TempDir Path dir;

  @Test
  void theMessageNamesTheHeapAndTheSettingNotAStackTrace() {
    assertEquals(
        "error: mlos ran out of memory: this Java process may use 512 MiB of heap, and the command"
            + " needed more (each change of the database is one transaction: one cut off was rolled"
            + " back)"
            + System.lineSeparator()
            + "  fix: give Java more heap and run it again: `JAVA_TOOL_OPTIONS=-Xmx1024m mlos ...`"
            + " (or -Xmx1024m before -jar where `java -jar mlos.jar` is run); if it keeps"
            + " happening, report the command and the workspace's size",
        Main.outOfMemory(512L * 1024 * 1024, CliSuggestions.INSTANCE));
    // Twice the heap in 256 MiB steps, as a render that runs out suggests (1200 MiB before).
    assertTrue(
        Main.outOfMemory(600L * 1024 * 1024, CliSuggestions.INSTANCE)
            .contains("`JAVA_TOOL_OPTIONS=-Xmx1280m mlos ...`"));
  }

  /**
   * The MCP server's heap is set in its client's configuration: `mlos mcp` that ran out was told to
   * set JAVA_TOOL_OPTIONS on a command line the client runs, not the person.
   */
  @Test
  void theMcpServerIsToldItsArgs() {
    String said = Main.outOfMemory(512L * 1024 * 1024, McpSuggestions.INSTANCE);
    assertTrue(
        said.endsWith(
            "  fix: give Java more heap and run it again: \"-Xmx1024m\" in this server's args in"
                + " the client's MCP configuration, before \"-jar\", then a restart of the server;"
                + " if it keeps happening, report the command and the workspace's size"),
        said);
    assertFalse(said.contains("JAVA_TOOL_OPTIONS"), said);
  }

  /**
   * git's merge driver on a text form too large for the heap (a sparse file of 64 GiB: refused
   * before a byte is read) named MAVEN_OPTS, the core's words for every client: the command names
   * its own setting now.
   */
  @Test
  void aMergeTooLargeForTheHeapNamesTheCommandsSetting() throws Exception {
    Path base = Files.writeString(dir.resolve("base.sql"), "");
    Path ours = dir.resolve("ours.sql");
    try (RandomAccessFile f = new RandomAccessFile(ours.toFile(), "rw")) {
      f.setLength(64L << 30);
    }
    Path theirs = Files.writeString(dir.resolve("theirs.sql"), "");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine(new PrintWriter(out), new PrintWriter(err))
            .execute("merge-db", base.toString(), ours.toString(), theirs.toString());
    assertEquals(Main.BROKEN, code, err.toString());
    assertTrue(
        err.toString().contains("mlos cannot merge row by row the text form git is merging"),
        err.toString());
    assertTrue(
        err.toString()
            .contains(
                "  fix: give Java more memory and run it again: `JAVA_TOOL_OPTIONS=-Xmx655616m"
                    + " mlos ...` (or -Xmx655616m before -jar where `java -jar mlos.jar` is run)"),
        err.toString());
    assertFalse(err.toString().contains("MAVEN_OPTS"), err.toString());
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
