package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.guard.GuardWorkspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Agents' servers keep writing while someone pulls a teammate's text form: every write the database
 * acknowledged is still there after the pulls, beside the teammate's rows. (The pull used to copy
 * the merged rows in with SQLite's backup API, which must start outside a transaction, and a write
 * that committed between its last check and the backup's lock was overwritten.)
 */
class TextFormPullWhileWritingTest {
  private static final int PULLS = 4;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"delete", "wal"})
  void everyWriteAcknowledgedDuringPullsIsKept(String journal) throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.sql("PRAGMA journal_mode = " + journal);
    Path text = DatabaseText.fileOf(w.db);
    Files.writeString(text, DatabaseText.HEADER + "\n");
    w.compile();
    Path teammate = dir.resolve("teammate.db");

    ConcurrentLinkedQueue<Integer> acknowledged = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> writerFailed = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              try (Connection c = Database.at(w.db).open(false);
                  Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 60000");
                // As an agent's server creates needs: the database picks each id.
                for (int n = 0; !stop.get() && n < 100_000; n++) {
                  s.execute(
                      "INSERT INTO needs (title, status, priority, created_at, updated_at)"
                          + " VALUES ('Written by an agent', 'identified', 3,"
                          + " '2026-03-03T00:00:00Z', '2026-03-03T00:00:00Z')");
                  try (ResultSet id = s.executeQuery("SELECT last_insert_rowid()")) {
                    id.next();
                    acknowledged.add(id.getInt(1));
                  }
                  Thread.sleep(2); // an agent between two calls
                }
              } catch (Throwable t) {
                writerFailed.set(t);
              }
            },
            "agent-writer");
    writer.start();
    List<String> pulled = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    List<String> said = new ArrayList<>();
    try {
      for (int i = 0; i < PULLS; i++) {
        // The teammate's copy: what the workspace last committed (the text form mlos wrote), plus
        // one need of theirs.
        Files.deleteIfExists(teammate);
        DatabaseText.restore(DatabaseText.baseFileOf(w.config().stateDirectory(), w.db), teammate);
        try (Connection c = Database.at(teammate).open(false);
            Statement s = c.createStatement()) {
          s.execute(
              "INSERT INTO needs (title, status, priority, created_at, updated_at) VALUES ("
                  + "'Teammate need "
                  + i
                  + "', 'identified', 2, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')");
          Files.writeString(text, DatabaseText.dump(c, teammate), StandardCharsets.UTF_8);
        }
        try {
          TextFormPull.PullResult r = TextFormPull.pull(w.config(), Reporter.SILENT);
          said.addAll(r.actions());
          if (r.databaseReplaced()) {
            pulled.add("Teammate need " + i);
          }
        } catch (DatabaseException busy) {
          refused.add(busy.getMessage()); // a write held the database longer than the pull waits
          Files.writeString(
              text, Files.readString(DatabaseText.baseFileOf(w.config().stateDirectory(), w.db)));
        }
      }
    } finally {
      stop.set(true);
      writer.join(120_000);
    }

    assertEquals(null, writerFailed.get(), "the agent's writes all succeeded");
    assertTrue(pulled.size() >= PULLS - 1, "pulled " + pulled + "; refused: " + refused);
    Set<Integer> present = new TreeSet<>();
    Set<String> titles = new TreeSet<>();
    try (Connection c = Database.at(w.db).openReadOnly();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, title FROM needs")) {
      while (rs.next()) {
        present.add(rs.getInt(1));
        titles.add(rs.getString(2));
      }
    }
    Set<Integer> lost = new TreeSet<>(acknowledged);
    lost.removeAll(present);
    assertEquals(Set.of(), lost, "acknowledged writes missing after the pulls");
    assertTrue(acknowledged.size() > 0, "the agent wrote during the pulls");
    // The agent writes every few milliseconds, a merge takes longer: a pull sees a write land
    // while it merged, and merges again holding writes off.
    assertTrue(said.stream().anyMatch(a -> a.contains("merged them again")), said.toString());
    assertTrue(titles.containsAll(pulled), "the teammate's needs " + pulled + " were pulled");
  }
}
