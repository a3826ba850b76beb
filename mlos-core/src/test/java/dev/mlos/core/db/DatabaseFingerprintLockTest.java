package dev.mlos.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fingerprinting a database must leave the locks of this process's connections on it alone. On
 * POSIX systems closing any descriptor of a file drops the process's fcntl locks on it: the
 * fingerprint's header read (a compile's, the MCP server's background recompile's) released the
 * write lock an upsert held on another thread, and a second process then got a write lock beside it
 * (agents saw SQLITE_IOERR_DELETE_NOENT and SQLITE_IOERR_RDLOCK from graph_upsert).
 */
@DisabledOnOs(OS.WINDOWS)
class DatabaseFingerprintLockTest {
  @TempDir Path dir;

  /** Run in another process: exits 0 when it gets a write lock at once, 3 when it is refused. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
          Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 0");
        try {
          s.execute("BEGIN IMMEDIATE");
        } catch (java.sql.SQLException refused) {
          System.exit(3);
        }
        s.execute("ROLLBACK");
      }
      System.exit(0);
    }
  }

  private int probe(Path db) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Probe.class.getName(),
                db.toString())
            .redirectErrorStream(true)
            .start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the probe did not finish");
    }
    return p.exitValue();
  }

  @Test
  void aFingerprintTakenWhileAWriterHoldsTheDatabaseKeepsItsLock() throws Exception {
    Path db = dir.resolve("graph.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x INTEGER)");
      s.execute("BEGIN IMMEDIATE");
      s.execute("INSERT INTO t VALUES (1)");
      assertEquals(3, probe(db), "the writer holds the lock");

      DatabaseFingerprint.of(db);
      DatabaseFingerprint.whileOpen(db);
      DatabaseFingerprint.of(db);

      assertEquals(3, probe(db), "another process must still be refused while the writer writes");
      s.execute("COMMIT");
    }
    assertEquals(0, probe(db), "free once the writer committed");
  }
}
