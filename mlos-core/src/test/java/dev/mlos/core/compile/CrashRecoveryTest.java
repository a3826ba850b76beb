package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mlos.core.Reporter;
import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardRequest;
import dev.mlos.core.guard.Violation;
import dev.mlos.core.guard.ViolationClass;
import dev.mlos.core.write.WorkspaceLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles killed at several moments (a real second JVM, {@code destroyForcibly}: no shutdown hook,
 * no finally block runs), and compiles and guards started together. After each, the guard must
 * blame no one for mlos's own files, and the next compile must leave a clean workspace.
 */
class CrashRecoveryTest {
  /** Need pages: enough that a compile takes long enough to be killed in the middle. */
  private static final int NEEDS = 2000;

  @TempDir Path dir;

  @Test
  void aCompileKilledWhileWritingItsFirstPagesLeavesNoHandEditAndTheNextCompileRecovers()
      throws Exception {
    TestWorkspace w = workspace();

    Process p =
        CompileProcess.start(
            dir.resolve("child.log"),
            "compile",
            w.root.toString(),
            w.db.toString(),
            "2026-03-01T00:00:00Z");
    killWhen(p, () -> markdownFiles(w.root) >= NEEDS / 3);

    assertNoneBlamed(guard(w), "after the kill");
    assertRecovers(w);
  }

  @Test
  void aCompileKilledWhileReplacingRecordedPagesLeavesNoHandEditAndTheNextCompileRecovers()
      throws Exception {
    TestWorkspace w = workspace();
    w.compile("2026-02-01T00:00:00Z");
    FileTime before = FileTime.fromMillis(System.currentTimeMillis());
    // Same paths, new content: the interrupted compile overwrites recorded files.
    w.sql("UPDATE needs SET description = 'Described again: ' || id");

    Process p =
        CompileProcess.start(
            dir.resolve("child.log"),
            "compile",
            w.root.toString(),
            w.db.toString(),
            "2026-03-01T00:00:00Z");
    killWhen(p, () -> modifiedSince(w.root.resolve("needs"), before) >= NEEDS / 3);

    GuardReport afterKill = guard(w);
    assertNoneBlamed(afterKill, "after the kill");
    assertRecovers(w);
  }

  @Test
  void
      aCompileKilledWhileDeletingPagesNoLongerProducedLeavesNothingMissingAndTheNextCompileRecovers()
          throws Exception {
    TestWorkspace w = workspace();
    w.compile("2026-02-01T00:00:00Z");
    // New titles, new file names: every old need page is deleted at the end of the compile.
    w.sql("UPDATE needs SET title = title || ' renamed'");

    Process p =
        CompileProcess.start(
            dir.resolve("child.log"),
            "compile",
            w.root.toString(),
            w.db.toString(),
            "2026-03-01T00:00:00Z");
    Path journal = CompileJournal.file(w.config());
    killWhen(p, () -> read(journal).contains("deleted\t"));

    assertNoneBlamed(guard(w), "after the kill");
    assertRecovers(w);
    try (Stream<Path> needs = Files.list(w.root.resolve("needs"))) {
      assertEquals(
          List.of(),
          needs.map(f -> f.getFileName().toString()).filter(n -> !n.contains("renamed")).toList(),
          "the recovering compile deleted every page no longer produced");
    }
  }

  @Test
  void aCleanKilledWhileDeletingLeavesNothingMissing() throws Exception {
    TestWorkspace w = workspace();
    w.compile("2026-02-01T00:00:00Z");
    long pages = markdownFiles(w.root);

    Process p =
        CompileProcess.start(dir.resolve("child.log"), "clean", w.root.toString(), w.db.toString());
    killWhen(p, () -> markdownFiles(w.root) < pages - 100);

    assertTrue(markdownFiles(w.root) > 0, "killed before the clean was done");
    assertNoneBlamed(guard(w), "after the kill");
    assertRecovers(w);
  }

  @Test
  void twoCompilesStartedTogetherBothSucceedAndLeaveACleanWorkspace() throws Exception {
    TestWorkspace w = workspace();

    Path log1 = dir.resolve("one.log");
    Path log2 = dir.resolve("two.log");
    Process one =
        CompileProcess.start(
            log1, "compile", w.root.toString(), w.db.toString(), "2026-03-01T00:00:00Z");
    Process two =
        CompileProcess.start(
            log2, "compile", w.root.toString(), w.db.toString(), "2026-03-01T00:00:00Z");

    for (Process p : List.of(one, two)) {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "a compile did not finish");
    }
    for (Path log : List.of(log1, log2)) {
      String out = CompileProcess.output(log);
      assertTrue(out.contains("\nOK") || out.startsWith("OK"), out);
      assertFalse(out.contains("edited by hand"), out);
      assertFalse(out.contains("NoSuchFile"), out);
    }
    assertTrue(guard(w).isClean(), guard(w).violations().toString());
    assertEquals(List.of(), temporaryFiles(w.root));
  }

  @Test
  void aGuardStartedDuringACompileWaitsForItAndBlamesNoOne() throws Exception {
    TestWorkspace w = workspace();
    w.compile("2026-02-01T00:00:00Z");
    w.sql("UPDATE needs SET description = 'Described again: ' || id");
    Path holder = WorkspaceLock.file(w.config()).resolveSibling("lock-holder");

    Process p =
        CompileProcess.start(
            dir.resolve("child.log"),
            "compile",
            w.root.toString(),
            w.db.toString(),
            "2026-03-01T00:00:00Z");
    // Written whole once the lock is taken, removed before it is released.
    waitFor(p, () -> Files.exists(holder), "the compile to take the lock");
    List<String> waiting = new ArrayList<>();
    GuardReport r =
        new Guard()
            .check(
                new GuardRequest(w.config()),
                new Reporter() {
                  @Override
                  public void info(String message) {
                    waiting.add(message);
                  }

                  @Override
                  public void warn(String message) {}
                });

    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), CompileProcess.output(dir.resolve("child.log")));
    assertTrue(r.isClean(), "the guard saw the compile's finished work: " + r.violations());
    assertTrue(
        waiting.stream()
            .anyMatch(m -> m.startsWith("Waiting for the compile of process " + p.pid())),
        waiting.toString());
  }

  @Test
  void guardsRunOverAndOverWhileAFirstCompileRunsNeverBlameAnyone() throws Exception {
    TestWorkspace w = workspace();
    assertFalse(
        Files.exists(WorkspaceLock.file(w.config())), "no compile ever locked this workspace");

    Process p =
        CompileProcess.start(
            dir.resolve("child.log"),
            "compile",
            w.root.toString(),
            w.db.toString(),
            "2026-03-01T00:00:00Z");
    int guards = 0;
    // Bounded by the compile: a hash-only guard after another, before, during and after it.
    while (p.isAlive() && guards < 1000) {
      assertNoneBlamed(
          new Guard().check(new GuardRequest(w.config(), false, 0), Reporter.SILENT),
          "guard " + guards);
      guards++;
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), CompileProcess.output(dir.resolve("child.log")));
    assertTrue(guard(w).isClean());
  }

  @Test
  void aRunThatCannotGetTheLockNamesTheProcessHoldingIt() throws Exception {
    TestWorkspace w = workspace();
    Path log = dir.resolve("hold.log");
    Process p = CompileProcess.start(log, "hold", w.root.toString(), w.db.toString());
    try {
      waitFor(
          p,
          () -> CompileProcess.output(log).contains("LOCKED"),
          "the other process to take the lock");
      List<String> told = new ArrayList<>();
      WorkspaceLock.WorkspaceBusyException busy =
          org.junit.jupiter.api.Assertions.assertThrows(
              WorkspaceLock.WorkspaceBusyException.class,
              () ->
                  WorkspaceLock.exclusive(
                      w.config(),
                      "compile",
                      java.time.Duration.ofMillis(300),
                      new Reporter() {
                        @Override
                        public void info(String message) {
                          told.add(message);
                        }

                        @Override
                        public void warn(String message) {}
                      }));
      assertTrue(
          busy.getMessage().contains("the compile of process " + p.pid() + " on host "),
          busy.getMessage());
      assertTrue(busy.fix().contains("no file needs deleting"), busy.fix());
      assertEquals(1, told.size(), "one message when it starts waiting: " + told);
    } finally {
      p.destroyForcibly().waitFor();
    }
    // The system released the killed process's lock: no stale lock to remove by hand.
    try (WorkspaceLock lock =
        WorkspaceLock.exclusive(w.config(), "compile", java.time.Duration.ZERO, Reporter.SILENT)) {
      assertTrue(lock.held());
    }
  }

  // --- helpers

  private TestWorkspace workspace() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.sql(
        "WITH RECURSIVE n(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM n WHERE i < "
            + (99 + NEEDS)
            + ")"
            + " INSERT INTO needs (id, title, description, status, priority, scope, created_at, updated_at)"
            + " SELECT i, 'Need number ' || i, 'Described: ' || i, 'identified', 3, 'kernel', '2026-01-01T00:00:00Z',"
            + " '2026-01-01T00:00:00Z' FROM n");
    return w;
  }

  private static GuardReport guard(TestWorkspace w) {
    return new Guard().check(new GuardRequest(w.config()), Reporter.SILENT);
  }

  /** No violation that blames a person (or the record) for what a killed compile did. */
  private static void assertNoneBlamed(GuardReport r, String when) {
    List<Violation> blamed =
        r.violations().stream()
            .filter(
                v ->
                    v.violationClass() == ViolationClass.HAND_EDITED
                        || v.violationClass() == ViolationClass.UNKNOWN
                        || v.violationClass() == ViolationClass.MISSING)
            .toList();
    assertEquals(
        List.of(),
        blamed.stream().map(v -> v.violationClass() + " " + v.path()).limit(10).toList(),
        when);
  }

  /**
   * The next compile succeeds, warns of no hand edit, and leaves a clean workspace with no
   * temporary file.
   */
  private void assertRecovers(TestWorkspace w) {
    w.warnings.clear();
    w.compile("2026-04-01T00:00:00Z");
    assertEquals(List.of(), w.warnings.stream().filter(m -> m.contains("by hand")).toList());
    GuardReport after = guard(w);
    assertTrue(
        after.isClean(),
        after.violations().stream()
            .map(v -> v.violationClass() + " " + v.path())
            .limit(10)
            .toList()
            .toString());
    assertEquals(
        List.of(), temporaryFiles(w.root), "no temporary file or staging directory is left");
    assertFalse(Files.exists(CompileJournal.file(w.config())), "the journal is gone once recorded");
    assertTrue(
        new Compiler().inputsUnchangedSinceLastCompile(w.config()),
        "the next compile has nothing to do");
  }

  private void killWhen(Process p, BooleanSupplier moment) throws InterruptedException {
    waitFor(p, moment, "the moment to kill the compile");
    p.destroyForcibly();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
  }

  /** Polls (bounded) until {@code condition} holds; fails when the process ended first. */
  private void waitFor(Process p, BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.getAsBoolean()) {
      if (!p.isAlive()) {
        fail(
            "The process ended before "
                + what
                + ": "
                + CompileProcess.output(dir.resolve("child.log")));
      }
      if (System.nanoTime() > deadline) {
        p.destroyForcibly();
        fail("Timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  private static long markdownFiles(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(f -> f.getFileName().toString().endsWith(".md")).count();
    } catch (IOException | UncheckedIOException e) {
      return 0; // a directory renamed away while listed: count again
    }
  }

  private static long modifiedSince(Path dir, FileTime since) {
    try (Stream<Path> all = Files.list(dir)) {
      return all.filter(
              f -> {
                try {
                  return Files.getLastModifiedTime(f).compareTo(since) > 0;
                } catch (IOException e) {
                  return false;
                }
              })
          .count();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static List<String> temporaryFiles(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      return all.map(f -> root.relativize(f).toString())
          .filter(n -> n.contains(".mlos-tmp-"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
