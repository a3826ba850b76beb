package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.hash.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the no-op check recognizes an unchanged database without reading all of it. */
class CompileStateTest {
  @TempDir Path dir;

  private static void sql(Path db, String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  @Test
  void aRollbackJournalDatabaseIsKnownByItsHeaderAndEveryCommitChangesIt() throws Exception {
    Path db = dir.resolve("a.db");
    sql(db, "CREATE TABLE t (v TEXT)", "INSERT INTO t VALUES ('one')");
    String first = CompileState.database(db);

    assertTrue(
        first.startsWith("sqlite:") && first.contains(":0101:") && first.endsWith(";wal:none"),
        first);
    assertEquals(first, CompileState.database(db), "reading does not change it");
    sql(db, "SELECT count(*) FROM t");
    assertEquals(first, CompileState.database(db), "a read-only session does not change it");
    assertEquals(first, CompileState.databaseWhileOpen(db));

    // Same size, one page rewritten in place: only the change counter (and the times) tell.
    sql(db, "UPDATE t SET v = 'two'");
    assertNotEquals(first, CompileState.database(db), "a commit is noticed");
  }

  @Test
  void aDatabaseReachedThroughASymlinkIsKnownByTheFileItLeadsTo() throws Exception {
    Path db = dir.resolve("shared.db");
    Path link = dir.resolve("mlos.db");
    sql(db, "PRAGMA journal_mode = WAL", "CREATE TABLE t (v TEXT)", "INSERT INTO t VALUES ('one')");
    Files.createSymbolicLink(link, db);
    // Was: "Too many levels of symbolic links", so no compile recorded its inputs and each warned.
    assertEquals(CompileState.database(db), CompileState.database(link));
    try (Connection open = DriverManager.getConnection("jdbc:sqlite:" + link);
        Statement s = open.createStatement()) {
      s.execute("UPDATE t SET v = 'two'");
      // SQLite keeps the log beside the file the link leads to, and a commit in it is noticed.
      assertTrue(Files.size(dir.resolve("shared.db-wal")) > 0);
      assertEquals(CompileState.database(db), CompileState.database(link));
      assertTrue(
          CompileState.database(link).contains(";wal:")
              && !CompileState.database(link).endsWith(";wal:none"));
      assertEquals(
          null,
          CompileState.databaseWhileOpen(link),
          "a log is present: fingerprinted after closing");
    }
  }

  @Test
  void aDatabaseReplacedByAnotherOfTheSameSizeAndCounterIsNoticed() throws Exception {
    Path db = dir.resolve("a.db");
    Path other = dir.resolve("b.db");
    sql(db, "CREATE TABLE t (v TEXT)", "INSERT INTO t VALUES ('one')");
    sql(other, "CREATE TABLE t (v TEXT)", "INSERT INTO t VALUES ('two')");
    assertEquals(Files.size(db), Files.size(other));
    String before = CompileState.database(db);

    Files.move(other, db, StandardCopyOption.REPLACE_EXISTING);

    assertNotEquals(
        before, CompileState.database(db), "another file (another inode) is another database");
  }

  @Test
  void aWalDatabaseIsKnownByItsFilesAndEveryCommitChangesIt() throws Exception {
    Path db = dir.resolve("w.db");
    sql(db, "PRAGMA journal_mode = WAL", "CREATE TABLE t (v TEXT)", "INSERT INTO t VALUES ('one')");
    String wal = CompileState.database(db);
    assertTrue(
        wal.startsWith("sqlite:") && wal.contains(":0202:"),
        "known without reading the file: " + wal);
    assertEquals(wal, CompileState.database(db), "reading does not change it");
    sql(db, "SELECT count(*) FROM t");
    assertEquals(
        wal,
        CompileState.database(db),
        "a reading session (it may leave an empty log) does not change it");
    sql(db, "UPDATE t SET v = 'two'");
    String second = CompileState.database(db);
    assertNotEquals(wal, second, "a commit, checkpointed on close, is noticed");

    try (Connection open = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = open.createStatement()) {
      s.execute("INSERT INTO t VALUES ('three')");
      assertTrue(
          Files.exists(dir.resolve("w.db-wal")),
          "the log holds the commit while the connection is open");
      assertEquals(
          null,
          CompileState.databaseWhileOpen(db),
          "a WAL database is fingerprinted after closing");
      String inLog = CompileState.database(db);
      assertNotEquals(second, inLog, "a commit still in the log is noticed");
      s.execute("INSERT INTO t VALUES ('four')");
      assertNotEquals(inLog, CompileState.database(db), "so is the next one appended to it");
    }
  }

  /**
   * A read-only session (the guard's) leaves an empty write-ahead log behind, as the sqlite3
   * shell's -readonly does: it holds no commit, so the database is the one the compile recorded.
   * Taking the empty log for a change sent every guard and compile after it off the fast path on
   * WAL.
   */
  @Test
  void anEmptyLogLeftByAReadOnlySessionIsNoChange() throws Exception {
    Path db = dir.resolve("r.db");
    sql(db, "PRAGMA journal_mode = WAL", "CREATE TABLE t (v TEXT)", "INSERT INTO t VALUES ('one')");
    String before = CompileState.database(db);
    Files.deleteIfExists(dir.resolve("r.db-wal"));
    Files.write(dir.resolve("r.db-wal"), new byte[0]);
    assertEquals(before, CompileState.database(db), "an empty log");
    org.sqlite.SQLiteConfig readOnly = new org.sqlite.SQLiteConfig();
    readOnly.setReadOnly(true);
    try (Connection c = readOnly.createConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.executeQuery("SELECT count(*) FROM t").close();
    }
    assertEquals(before, CompileState.database(db), "after a read-only session");
  }

  @Test
  void aFileThatIsNotASqliteDatabaseIsKnownByItsBytes() throws Exception {
    Path text = dir.resolve("not-a.db");
    Files.writeString(text, "x".repeat(200));
    assertEquals(Sha256.of(Sha256.ofFile(text) + ":none"), CompileState.database(text));
  }
}
