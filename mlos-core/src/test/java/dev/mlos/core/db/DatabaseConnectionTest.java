package dev.mlos.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
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
}
