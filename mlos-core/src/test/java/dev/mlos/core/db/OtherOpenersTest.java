package dev.mlos.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other processes that have a database open, as an upgrading init names them. Linux reads
 * {@code /proc} ({@code InitializerTest} covers that way through init); macOS has no {@code /proc},
 * where a user upgrading under running MCP servers was told nothing, so {@code lsof} is asked
 * there. That way is run here on its own, against a real process holding the file.
 */
class OtherOpenersTest {
  @TempDir Path dir;

  private static boolean lsofInstalled() {
    return OtherOpeners.lsof() != null;
  }

  @Test
  void lsofNamesEachOtherProcessThatHasTheFileOpenAndNotThisOne() throws Exception {
    Assumptions.assumeTrue(lsofInstalled(), "lsof installed (.ci/run installs it)");
    Path db = Files.writeString(dir.resolve("mlos.db"), "x");
    String real = db.toRealPath().toString();
    assertEquals(List.of(), OtherOpeners.ofLsof(real, 30), "no one has it open");

    Process holder =
        new ProcessBuilder("sleep", "120")
            .redirectInput(db.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    // This process holds it too, and is not named: it is the one asking.
    try (java.io.InputStream self = Files.newInputStream(db)) {
      List<String> found = OtherOpeners.ofLsof(real, 30);
      assertEquals(1, found.size(), found.toString());
      // The command line as the JVM reads it (the program's whole path on Linux and macOS).
      assertTrue(
          found.get(0).matches("pid " + holder.pid() + " \\((/[^ ]+/)?sleep 120\\)"),
          found.toString());
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }

  @Test
  void windowsRunsNoLsofWhichItWouldLookForInTheCurrentDirectory() throws Exception {
    Assumptions.assumeTrue(lsofInstalled(), "lsof installed (.ci/run installs it)");
    Path db = Files.writeString(dir.resolve("mlos.db"), "x");
    String real = db.toRealPath().toString();
    Process holder =
        new ProcessBuilder("sleep", "120")
            .redirectInput(db.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      assertEquals(1, OtherOpeners.withoutProc(real, "Mac OS X").size(), "macOS asks lsof");
      assertEquals(
          List.of(),
          OtherOpeners.withoutProc(real, "Windows 11"),
          "no lsof is run on Windows (docs/schema.md: nothing is said there)");
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }

  @Test
  void aFileThatIsNotThereNamesNoOne() {
    assertEquals(List.of(), OtherOpeners.of(dir.resolve("missing.db")));
    assertEquals(List.of(), OtherOpeners.ofLsof(dir.resolve("missing.db").toString(), 30));
  }

  /**
   * lsof is taken from where the system keeps it, never looked up by PATH: with an empty PATH entry
   * (a PATH ending in ':'), a program named without a path is looked for in the current directory,
   * and an init run in a cloned repository holding an lsof of its own ran that one. Run in a JVM of
   * its own, whose current directory holds such an lsof and whose PATH starts with an empty entry.
   */
  @Test
  void anLsofInTheCurrentDirectoryIsNeverRun() throws Exception {
    Path planted = dir.resolve("lsof");
    Path ran = dir.resolve("ran");
    Files.writeString(planted, "#!/bin/sh\ntouch '" + ran + "'\n");
    Assumptions.assumeTrue(planted.toFile().setExecutable(true), "an executable file here");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder b =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                LsofProbe.class.getName(),
                planted.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    b.environment().put("PATH", ":/usr/bin:/bin");
    Process probe = b.start();
    assertTrue(probe.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the probe ended");
    assertEquals(0, probe.exitValue());
    assertFalse(Files.exists(ran), "the lsof of the current directory ran");
    for (String place : OtherOpeners.LSOF_PLACES) {
      assertTrue(place.startsWith("/usr/") && place.endsWith("/lsof"), place);
    }
  }

  /** Asks lsof, as an init where there is no /proc does, in a JVM of its own. */
  public static final class LsofProbe {
    public static void main(String[] args) {
      OtherOpeners.ofLsof(args[0], 10);
    }
  }
}
