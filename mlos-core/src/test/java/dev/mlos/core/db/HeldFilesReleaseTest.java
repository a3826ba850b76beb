package dev.mlos.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database replaced at its path ({@code mlos init --pull-text} renames the merged file over it)
 * must not keep a descriptor of the old file open for the process's life: a long-running MCP server
 * leaked one descriptor, and the old file's disk space, per pull. Nor may releasing it drop a lock
 * a connection of this process still holds on the old file.
 */
@EnabledOnOs(OS.LINUX) // reads the descriptor table in /proc/self/fd to count what is really open
class HeldFilesReleaseTest {
  @TempDir Path dir;

  private static void createDatabase(Path file, int rows) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x INTEGER)");
      for (int i = 0; i < rows; i++) {
        s.execute("INSERT INTO t VALUES (" + i + ")");
      }
    }
  }

  /**
   * Replaces {@code db} by a new database file, as a pull does: built beside it, renamed over it.
   */
  private void replace(Path db, int generation) throws Exception {
    Path next = dir.resolve("next.db");
    createDatabase(next, generation);
    Files.move(next, db, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Descriptors of this process open on a file that was at {@code db} and is deleted now. */
  private static long deletedOpen(Path db) throws Exception {
    String gone = db.toAbsolutePath() + " (deleted)";
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return Files.readSymbolicLink(fd).toString().equals(gone);
                } catch (Exception closedMeanwhile) {
                  return false;
                }
              })
          .count();
    }
  }

  @Test
  void aDatabaseReplacedAgainAndAgainKeepsNoDescriptorOfItsOldFiles() throws Exception {
    Path db = dir.resolve("mlos.db");
    createDatabase(db, 0);
    DatabaseFingerprint.of(db);
    for (int generation = 1; generation <= 5; generation++) {
      replace(db, generation);
      DatabaseFingerprint.of(db);
      assertEquals(0, deletedOpen(db), "descriptors of replaced files, after " + generation);
    }
  }

  /**
   * Run in another process: opens the database given, says "open", and on each line read tries a
   * write lock at once and answers "got" or "refused".
   */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
          Statement s = c.createStatement();
          BufferedReader in =
              new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        s.execute("PRAGMA busy_timeout = 0");
        s.executeQuery("SELECT count(*) FROM t").close(); // the file is open and read
        System.out.println("open");
        System.out.flush();
        while (in.readLine() != null) {
          String answer;
          try {
            s.execute("BEGIN IMMEDIATE");
            s.execute("ROLLBACK");
            answer = "got";
          } catch (java.sql.SQLException refused) {
            answer = "refused";
          }
          System.out.println(answer);
          System.out.flush();
        }
      }
    }
  }

  @Test
  void theOldFilesDescriptorStaysWhileAConnectionHoldsALockOnIt() throws Exception {
    Path db = dir.resolve("graph.db");
    createDatabase(db, 1);
    Process probe =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Probe.class.getName(),
                db.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader answers =
            new BufferedReader(
                new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter ask = new PrintWriter(probe.getOutputStream(), true, StandardCharsets.UTF_8)) {
      assertEquals("open", answers.readLine());
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement s = c.createStatement()) {
        s.executeQuery("SELECT count(*) FROM t").close();
        DatabaseFingerprint.of(db);
        // Both processes have the old file open when a pull renames a new one over it.
        replace(db, 2);
        s.execute("BEGIN IMMEDIATE");
        ask.println();
        assertEquals("refused", answers.readLine(), "this process holds the old file's lock");

        DatabaseFingerprint.of(db); // reads the new file and retires the old one's descriptor
        DatabaseFingerprint.of(db);

        // The connection's descriptor and the one held for the fingerprint, both on the old file.
        assertEquals(2, deletedOpen(db), "the old file is still open in a connection");
        ask.println();
        assertEquals("refused", answers.readLine(), "the lock must survive the fingerprints");
        s.execute("ROLLBACK");
      }
      ask.println();
      assertEquals("got", answers.readLine(), "free once the connection closed");

      DatabaseFingerprint.of(db);
      assertEquals(0, deletedOpen(db), "released once no connection has the old file");
    } finally {
      probe.getOutputStream().close();
      if (!probe.waitFor(60, TimeUnit.SECONDS)) {
        probe.destroyForcibly();
      }
    }
  }
}
