package dev.mlos.core.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace lock within one JVM (across processes: {@link CrashRecoveryTest}). */
class WorkspaceLockTest {
  @TempDir Path dir;

  private Path lockFile() {
    return dir.resolve("target/mlos/lock");
  }

  @Test
  void guardsShareTheLockAndACompileWaitsForThemThenStops() {
    try (WorkspaceLock compile =
        WorkspaceLock.acquire(lockFile(), true, "compile", Duration.ZERO, Reporter.SILENT)) {
      assertTrue(compile.held());
    }
    try (WorkspaceLock one =
            WorkspaceLock.acquire(lockFile(), false, "guard", Duration.ZERO, Reporter.SILENT);
        WorkspaceLock two =
            WorkspaceLock.acquire(lockFile(), false, "guard", Duration.ZERO, Reporter.SILENT)) {
      assertTrue(one.held() && two.held());
      WorkspaceLock.WorkspaceBusyException busy =
          assertThrows(
              WorkspaceLock.WorkspaceBusyException.class,
              () ->
                  WorkspaceLock.acquire(
                      lockFile(), true, "compile", Duration.ofMillis(100), Reporter.SILENT));
      assertTrue(
          busy.getMessage().startsWith("The workspace is in use by another mlos process (a guard"),
          busy.getMessage());
      assertEquals(lockFile().toAbsolutePath(), busy.lockFile());
    }
    try (WorkspaceLock compile =
        WorkspaceLock.acquire(lockFile(), true, "compile", Duration.ZERO, Reporter.SILENT)) {
      assertTrue(compile.held(), "free again once both guards are done");
    }
  }

  @Test
  void aGuardCreatesNothingWhereNoCompileEverRan() throws Exception {
    try (WorkspaceLock guard =
        WorkspaceLock.acquire(lockFile(), false, "guard", Duration.ZERO, Reporter.SILENT)) {
      assertFalse(guard.held());
      assertFalse(Files.exists(dir.resolve("target")));
      assertFalse(guard.appeared());
      try (WorkspaceLock compile =
          WorkspaceLock.acquire(lockFile(), true, "compile", Duration.ZERO, Reporter.SILENT)) {
        assertTrue(guard.appeared(), "a compile started meanwhile: the guard checks again");
      }
    }
  }

  @Test
  void theHoldersDetailsAreWrittenWhileHeldAndTheirTextIsNotTrusted() throws Exception {
    Path holder = lockFile().resolveSibling("lock-holder");
    try (WorkspaceLock compile =
        WorkspaceLock.acquire(lockFile(), true, "compile", Duration.ZERO, Reporter.SILENT)) {
      assertTrue(
          Files.readString(holder).startsWith("pid " + ProcessHandle.current().pid() + "\n"));
      assertEquals(
          "the compile of process "
              + ProcessHandle.current().pid()
              + " on host "
              + InetAddress.getLocalHost().getHostName(),
          WorkspaceLock.holder(lockFile().toAbsolutePath()).split(" \\(")[0]);
    }
    assertFalse(Files.exists(holder), "removed before the lock is released");

    // Anyone can write that file: a live pid with a hostile description is quoted harmlessly.
    Files.writeString(
        holder,
        "pid "
            + ProcessHandle.current().pid()
            + "\nhost "
            + InetAddress.getLocalHost().getHostName()
            + "\nwhat compile\u001b[31m::error::x"
            + "y".repeat(200)
            + "\n");
    String said = WorkspaceLock.holder(lockFile().toAbsolutePath());
    assertFalse(said.contains("\u001b"), said);
    assertTrue(said.length() < 200, said);
    // A process that is gone is not named.
    Files.writeString(
        holder,
        "pid 999999999\nhost " + InetAddress.getLocalHost().getHostName() + "\nwhat compile\n");
    assertTrue(
        WorkspaceLock.holder(lockFile().toAbsolutePath()).startsWith("another mlos process"));
  }
}
