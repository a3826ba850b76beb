package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardRequest;
import dev.mlos.core.guard.ViolationClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compile or clean whose record cannot be saved: the database refuses it before any file is
 * touched (read-only), or only when the compile commits (a full disk; here an index or a foreign
 * key of the user's own that fails the same way). Either way the guard blames no one, and the next
 * compile recovers.
 */
class RecordFailureTest {
  @TempDir Path dir;

  @Test
  void aCompileWhoseRecordCannotBeSavedLeavesFilesTheGuardKnowsAsCompiled() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile("2026-02-01T00:00:00Z");
    w.sql(
        "UPDATE needs SET description = 'Changed' WHERE id IN (1, 2)",
        "INSERT INTO needs (id, title, status, priority,"
            + " scope, created_at, updated_at) VALUES (9, 'Brand new', 'identified', 2, 'kernel', '2026-01-01T00:00:00Z',"
            + " '2026-01-01T00:00:00Z')");
    diskFull(w);
    String before = w.read("needs/1-kernel-boots-reproducibly.md");

    MlosException e = assertThrows(MlosException.class, () -> w.compile("2026-03-01T00:00:00Z"));
    assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    assertFalse(
        before.equals(w.read("needs/1-kernel-boots-reproducibly.md")), "the pages were written");
    assertTrue(w.exists("needs/9-brand-new.md"));

    GuardReport r = guard(w);
    assertEquals(
        List.of(),
        r.violations().stream().map(v -> v.violationClass() + " " + v.path()).toList(),
        "the files are the database's current pages, written by mlos: nothing to report");

    w.sql("DROP INDEX disk_full");
    w.warnings.clear();
    w.compile("2026-04-01T00:00:00Z");
    assertEquals(List.of(), w.warnings);
    assertTrue(guard(w).isClean());
    assertFalse(Files.exists(CompileJournal.file(w.config())));
  }

  @Test
  void aHandEditStaysAHandEditWhenACompileDidNotRecordItsWork() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile("2026-02-01T00:00:00Z");
    w.sql("UPDATE needs SET description = 'Changed' WHERE id = 1");
    diskFull(w);
    assertThrows(MlosException.class, () -> w.compile("2026-03-01T00:00:00Z"));
    w.write("needs/4-phone-view.md", w.read("needs/4-phone-view.md") + "my own line\n");

    GuardReport r = guard(w);
    assertEquals(
        List.of("HAND_EDITED " + "needs/4-phone-view.md"),
        r.violations().stream()
            .filter(v -> v.violationClass() != ViolationClass.STALE)
            .map(v -> v.violationClass() + " " + v.path())
            .toList());
  }

  @Test
  void aReadOnlyDatabaseStopsTheCompileBeforeAnyFileIsWritten() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile("2026-02-01T00:00:00Z");
    w.sql("UPDATE needs SET description = 'Changed' WHERE id = 1");
    Map<String, String> before = outputs(w);
    Files.setPosixFilePermissions(w.db, PosixFilePermissions.fromString("r--r--r--"));
    try {
      DatabaseException e =
          assertThrows(DatabaseException.class, () -> w.compile("2026-03-01T00:00:00Z"));
      assertTrue(e.getMessage().contains("read-only"), e.getMessage());
      // The file named, as the engine's write error names it: "chmod u+w" alone ran nowhere.
      assertTrue(
          e.fix().contains("chmod u+w " + dev.mlos.core.RemedyWording.shellWord(w.db.toString())),
          e.fix());
      assertEquals(before, outputs(w), "no file was touched");
    } finally {
      Files.setPosixFilePermissions(w.db, PosixFilePermissions.fromString("rw-r--r--"));
    }
    List<String> found =
        guard(w).violations().stream().map(v -> v.violationClass() + " " + v.path()).toList();
    assertTrue(found.contains("STALE needs/1-kernel-boots-reproducibly.md"), found.toString());
    assertTrue(
        found.stream().allMatch(v -> v.startsWith("STALE ")),
        "only out of date, as before: " + found);
  }

  @Test
  void aDatabaseLockedByAnotherWriterStopsTheCompileBeforeAnyFileIsWritten() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile("2026-02-01T00:00:00Z");
    w.sql("UPDATE needs SET description = 'Changed' WHERE id = 1");
    Map<String, String> before = outputs(w);
    // A person in the sqlite3 shell, in the middle of a transaction: readers go on, writers wait.
    Process shell =
        new ProcessBuilder("sqlite3", w.db.toString()).redirectErrorStream(true).start();
    try {
      shell
          .getOutputStream()
          .write(
              "BEGIN IMMEDIATE;\nSELECT 'in';\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      shell.getOutputStream().flush();
      assertEquals(
          "in",
          new java.io.BufferedReader(new java.io.InputStreamReader(shell.getInputStream()))
              .readLine());

      DatabaseException e =
          assertThrows(DatabaseException.class, () -> w.compile("2026-03-01T00:00:00Z"));

      assertTrue(e.getMessage().contains("the compile record cannot be written"), e.getMessage());
      assertTrue(e.fix().contains("another connection holds a write lock"), e.fix());
      assertEquals(before, outputs(w), "no file was touched");
    } finally {
      shell.destroyForcibly().waitFor();
    }
    w.compile("2026-03-01T00:00:00Z");
    assertTrue(guard(w).isClean());
  }

  @Test
  void cleanOnAReadOnlyDatabaseDeletesNothing() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile("2026-02-01T00:00:00Z");
    Map<String, String> before = outputs(w);
    Files.setPosixFilePermissions(w.db, PosixFilePermissions.fromString("r--r--r--"));
    try {
      DatabaseException e =
          assertThrows(
              DatabaseException.class, () -> new Cleaner().clean(w.config(), Reporter.SILENT));
      assertTrue(e.getMessage().contains("read-only"), e.getMessage());
      assertEquals(before, outputs(w), "every compiled file is still there");
    } finally {
      Files.setPosixFilePermissions(w.db, PosixFilePermissions.fromString("rw-r--r--"));
    }
    assertTrue(guard(w).isClean(), "nothing is MISSING");
  }

  @Test
  void cleanThatCannotClearTheRecordDeletesNothing() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile("2026-02-01T00:00:00Z");
    Map<String, String> before = outputs(w);
    // A table of the user's own that refers to a record row: the delete fails as on a full disk.
    // (A trigger on mlos_outputs would be refused as a tampered schema before the clean starts.)
    w.sql(
        "CREATE TABLE pinned_outputs (workspace TEXT, path TEXT,"
            + " FOREIGN KEY (workspace, path) REFERENCES mlos_outputs (workspace, path))",
        "INSERT INTO pinned_outputs SELECT workspace, path FROM mlos_outputs LIMIT 1");

    assertThrows(MlosException.class, () -> new Cleaner().clean(w.config(), Reporter.SILENT));

    assertEquals(before, outputs(w));
    assertTrue(guard(w).isClean());
  }

  @Test
  void temporaryFilesAKilledCompileLeftInTheStateDirectoryAreRemoved() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile("2026-02-01T00:00:00Z");
    Path state = CompileState.file(w.config()).getParent();
    Files.writeString(state.resolve(".compile-outputs.mlos-tmp-0123456789abcdef"), "half");
    Files.writeString(state.resolve(".compile-state.mlos-tmp-fedcba9876543210"), "half");
    Files.writeString(state.resolve(".notes.mlos-tmp-mine"), "not a name mlos gives");

    w.compile("2026-02-01T00:00:00Z");

    try (var files = Files.list(state)) {
      assertEquals(
          List.of(".notes.mlos-tmp-mine"),
          files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".")).toList());
    }
  }

  /**
   * The record can no longer be saved, as when the disk is full: every row a compile from March on
   * writes into it fails, through an index of the user's own whose expression fails (a trigger on
   * mlos_outputs would be refused as a tampered schema before the compile starts).
   */
  private static void diskFull(TestWorkspace w) {
    w.sql(
        "CREATE INDEX disk_full ON mlos_outputs (json('disk full: ' || path))"
            + " WHERE compiled_at >= '2026-03'");
  }

  private static GuardReport guard(TestWorkspace w) {
    return new Guard().check(new GuardRequest(w.config()), Reporter.SILENT);
  }

  /** The compiled files with their bytes and times (not mlos's own state under target/). */
  private static Map<String, String> outputs(TestWorkspace w) {
    Map<String, String> out = new TreeMap<>(w.snapshot());
    out.keySet().removeIf(k -> k.startsWith("target/"));
    return out;
  }
}
