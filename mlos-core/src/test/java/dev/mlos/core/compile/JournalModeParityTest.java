package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardRequest;
import dev.mlos.core.hash.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A write-ahead-log database takes the same paths as a rollback-journal one (issue 20): the no-op
 * compile right after a compile opens no view query and writes nothing (not the database, not its
 * log, not a page), the full guard right after it answers the stale check from the compile's record
 * without rendering, and after a change the compile finds it in the change log.
 */
class JournalModeParityTest {
  private static final String AT = "2026-02-01T00:00:00Z";

  @TempDir Path dir;

  private final List<String> infos = new ArrayList<>();
  private final Reporter reporter =
      new Reporter() {
        @Override
        public void info(String message) {
          infos.add(message);
        }

        @Override
        public void warn(String message) {}
      };

  private CompileResult compile(TestWorkspace w) {
    infos.clear();
    return new Compiler().compile(new CompileRequest(w.config(), AT, false, false, 2), reporter);
  }

  @ParameterizedTest
  @ValueSource(strings = {"delete", "wal"})
  void theNoOpCompileAndTheGuardAfterACompileReadNoViewAndWriteNothing(String mode)
      throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.sql("PRAGMA journal_mode = " + mode);
    assertEquals(mode, journalMode(w), "the database is in the mode under test");
    compile(w);

    String database = files(w);
    String pages = w.snapshot().toString();
    CompileResult noOp = compile(w);
    assertTrue(
        infos.stream().anyMatch(m -> m.startsWith("Nothing changed since the last compile")),
        mode + ": " + infos);
    assertEquals(0, noOp.written());
    assertEquals(database, files(w), mode + ": the no-op compile wrote nothing to the database");
    assertEquals(pages, w.snapshot().toString(), mode + ": nor to the workspace");

    GuardReport guard = new Guard().check(new GuardRequest(w.config()));
    assertTrue(guard.isClean(), mode + ": " + guard.violations());
    assertTrue(guard.staleChecked(), mode);
    assertFalse(guard.rendered(), mode + ": the compile's record answers the stale check");
    assertEquals(database, files(w), mode + ": the guard wrote nothing to the database");

    compile(w);
    assertTrue(
        infos.stream().anyMatch(m -> m.startsWith("Nothing changed since the last compile")),
        mode + ": after the guard, still a no-op: " + infos);

    w.sql("UPDATE needs SET title = 'Boot, in " + mode + "' WHERE id = 1");
    CompileResult changed = compile(w);
    assertTrue(
        infos.stream()
            .anyMatch(m -> m.contains("of the each query's first column, fed by the changed rows")),
        mode + ": " + infos);
    assertTrue(changed.written() > 0);
    assertEquals(mode, journalMode(w), "a compile leaves the journal mode as it was");
    assertFalse(
        new Guard().check(new GuardRequest(w.config())).rendered(),
        mode + ": the guard after an incremental compile does not render either");
  }

  /**
   * The database file and its write-ahead log: bytes and modification time. An empty log counts as
   * none: a reading session in WAL mode may leave one (as the sqlite3 shell does), which holds no
   * change.
   */
  private static String files(TestWorkspace w) throws IOException {
    StringBuilder out = new StringBuilder();
    for (Path p : List.of(w.db, w.db.resolveSibling(w.db.getFileName() + "-wal"))) {
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && Files.size(p) > 0) {
        out.append(p.getFileName())
            .append(' ')
            .append(Sha256.of(Files.readAllBytes(p)))
            .append(' ')
            .append(Files.getLastModifiedTime(p).toMillis())
            .append('\n');
      }
    }
    return out.toString();
  }

  private static String journalMode(TestWorkspace w) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + w.db);
        ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
      return rs.next() ? rs.getString(1).toLowerCase(Locale.ROOT) : "";
    }
  }
}
