package dev.mlos.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.mlos.core.testing.Immutable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every mlos connection is set up with, read back from SQLite itself. */
class DatabaseConnectionTest {
  @TempDir Path dir;

  private static long pragma(Connection c, String name) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void readWriteAndReadOnlyConnectionsCheckForeignKeysWaitForWritersAndKeepALargePageCache()
      throws Exception {
    Database db = Database.at(dir.resolve("x.db"));
    try (Connection c = db.open(true)) {
      assertEquals(1, pragma(c, "foreign_keys"));
      assertEquals(10000, pragma(c, "busy_timeout"));
      assertEquals(-Database.CACHE_KIB, pragma(c, "cache_size"), "a negative cache_size is in KiB");
    }
    try (Connection c = db.openReadOnly()) {
      assertEquals(10000, pragma(c, "busy_timeout"));
      assertEquals(-64 * 1024, pragma(c, "cache_size"));
    }
  }

  @Test
  void aNarrowedCacheKeepsSqlitesTwoMebibytesUntilWidenedAgain() throws Exception {
    Database db = Database.at(dir.resolve("x.db"));
    try (Connection c = db.open(true)) {
      Database.narrowCache(c);
      assertEquals(-2 * 1024, pragma(c, "cache_size"));
      Database.widenCache(c);
      assertEquals(-64 * 1024, pragma(c, "cache_size"));
    }
  }

  /**
   * A workspace directory the user cannot write (a read-only checkout, another user's workspace):
   * the database is in WAL mode, as the engine leaves it, so even a read needs SQLite's -shm file
   * beside it. The error said to check that the file and its directory can be read "(and written,
   * for a goal that writes)", which a reader of a guard or ready work, which write nothing, took
   * for the file's permissions; it names the directory and the command now.
   */
  @Test
  void aDirectoryThatCannotBeWrittenIsNamedWithTheCommandThatFixesIt() throws Exception {
    Path ws = Files.createDirectory(dir.resolve("ws"));
    Database db = Database.at(ws.resolve("mlos.db"));
    try (Connection c = db.open(true);
        Statement s = c.createStatement()) {
      s.executeQuery("PRAGMA journal_mode = WAL").close();
      s.execute("CREATE TABLE t (x)");
    }
    Files.setPosixFilePermissions(ws, PosixFilePermissions.fromString("r-xr-xr-x"));
    try (Immutable locked = Immutable.whereWritable(ws)) {
      assumeFalse(Files.isWritable(ws), "running as root, and chattr +i could not stop writes");
      DatabaseException e = assertThrows(DatabaseException.class, db::openReadOnly);
      assertEquals(
          "make the directory writable for this user (chmod u+w "
              + ws.toAbsolutePath()
              + "), then run again; or work on a copy of the workspace in a directory you can"
              + " write",
          e.fix());
    } finally {
      Files.setPosixFilePermissions(ws, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /** The same words where the test runs as root (which ignores permissions): SQLite's own error. */
  @Test
  void sqlitesReadOnlyDirectoryErrorNamesTheDirectory() {
    Path file = dir.resolve("a b").resolve("mlos.db");
    DatabaseException e =
        Database.readOnlyDirectory(
            file,
            "it cannot be opened for reading: ",
            new org.sqlite.SQLiteException(
                "[SQLITE_READONLY_DIRECTORY] Process does not have permission to create a journal"
                    + " file",
                org.sqlite.SQLiteErrorCode.SQLITE_READONLY_DIRECTORY));
    assertEquals(
        "Database "
            + file
            + ": it cannot be opened for reading: its directory "
            + file.getParent()
            + " cannot be written, and SQLite creates files there beside the database (its"
            + " journal; for a database in WAL mode, as mlos's engine keeps it, the -wal and -shm"
            + " files, even to read it)",
        e.getMessage());
    assertEquals(
        "make the directory writable for this user (chmod u+w '"
            + file.getParent()
            + "'), then run again; or work on a copy of the workspace in a directory you can"
            + " write",
        e.fix());
  }

  /**
   * A database deleted while a process had it open (rm mlos.db and mlos init under a running MCP
   * server, whose background compile then asks for the compile record): the message said it was
   * read-only and told the person to chmod a file that is not there.
   */
  @Test
  void aDatabaseThatIsGoneIsNotCalledReadOnly() throws Exception {
    Path file = dir.resolve("mlos.db");
    Database db = Database.at(file);
    try (Connection c = db.open(true)) {
      Files.delete(file);
      DatabaseException e =
          assertThrows(
              DatabaseException.class, () -> db.requireWritable("the record is kept there"));
      assertTrue(e.getMessage().contains("not there any more"), e.getMessage());
      assertFalse(e.getMessage().contains("read-only"), e.getMessage());
      assertFalse(e.fix().contains("chmod"), e.fix());
    }
  }
}
