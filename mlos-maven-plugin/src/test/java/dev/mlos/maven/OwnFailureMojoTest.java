package dev.mlos.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A fault of mlos inside a goal (the engine's IllegalStateException for a write that met a rule of
 * the database mlos keeps itself, a CHECK or NOT NULL constraint) left the base Mojo as a runtime
 * exception: Maven printed "An exception occurred" with the stack, and nothing said whose fault it
 * was or to report it, as the mlos command and the MCP server do.
 */
class OwnFailureMojoTest {
  @Test
  void aFaultOfMlosFailsTheBuildSayingSoAndAskingForAReport() {
    IllegalStateException bug =
        new IllegalStateException(
            "mlos wrote a row that a rule of the database refuses, one mlos keeps itself (it gives"
                + " that value itself, or checks it before it writes: CHECK constraint failed:"
                + " needs_priority); nothing was written");
    AbstractMlosMojo mojo =
        new AbstractMlosMojo() {
          @Override
          protected void run() {
            throw bug;
          }
        };
    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
    assertEquals(
        "mlos failed (java.lang.IllegalStateException: "
            + bug.getMessage()
            + "). This is a fault in mlos, not in your build or workspace; nothing was"
            + " half-written. Run the build with -e for the stack trace and report it.",
        e.getMessage());
    // The bug's own class and stack for its report (-e), its message shown as the log is.
    assertEquals(bug.toString(), e.getCause().toString());
    assertArrayEquals(bug.getStackTrace(), e.getCause().getStackTrace());
  }
}
