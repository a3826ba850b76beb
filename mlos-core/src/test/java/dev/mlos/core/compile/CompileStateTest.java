package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
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

    assertTrue(first.startsWith("sqlite-rollback:"), first);
    assertEquals(first, CompileState.database(db), "reading does not change it");
    sql(db, "SELECT count(*) FROM t");
    assertEquals(first, CompileState.database(db), "a read-only session does not change it");
    assertEquals(first, CompileState.databaseWhileOpen(db));

    // Same size, one page rewritten in place: only the change counter (and the times) tell.
    sql(db, "UPDATE t SET v = 'two'");
    assertNotEquals(first, CompileState.database(db), "a commit is noticed");
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

    assertNotEquals(before, CompileState.database(db), "another file (another inode) is another database");
  }

  @Test
  void aWalDatabaseAndAnythingElseIsKnownByItsBytes() throws Exception {
    Path db = dir.resolve("w.db");
    sql(db, "PRAGMA journal_mode = WAL", "CREATE TABLE t (v TEXT)", "INSERT INTO t VALUES ('one')");
    String wal = CompileState.database(db);
    assertEquals(Sha256.of(Sha256.ofFile(db) + ":none"), wal, "WAL mode (log checkpointed on close): the file's SHA-256");
    sql(db, "UPDATE t SET v = 'two'");
    assertNotEquals(wal, CompileState.database(db));

    try (Connection open = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = open.createStatement()) {
      s.execute("INSERT INTO t VALUES ('three')");
      assertTrue(Files.exists(dir.resolve("w.db-wal")), "the log holds the commit while the connection is open");
      assertEquals(null, CompileState.databaseWhileOpen(db), "a WAL database is fingerprinted after closing");
      assertFalse(CompileState.database(db).startsWith("sqlite-rollback"));
    }

    Path text = dir.resolve("not-a.db");
    Files.writeString(text, "x".repeat(200));
    assertEquals(Sha256.of(Sha256.ofFile(text) + ":none"), CompileState.database(text));
  }
}
