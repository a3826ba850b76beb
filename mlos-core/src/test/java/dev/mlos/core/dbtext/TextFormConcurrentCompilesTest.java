package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import dev.mlos.core.db.Database;
import dev.mlos.core.guard.GuardWorkspace;
import dev.mlos.core.write.WorkspaceLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak: four agents' MCP servers recompile after their writes while `mlos compile` runs in a
 * loop, all in one workspace that keeps its text form. Each compile wrote the text form and then
 * copied it to its base outside the workspace lock; two of them interleaved left the base holding
 * one compile's text and the text form another's, and from then on every compile (the servers'
 * included) took the text form as changed by git and refused (`dbtext.not_pulled`), leaving the
 * pages stale until someone pulled a text form nobody had changed. A compile that checked the text
 * form between another's two writes refused too (the servers' stderr: `background recompile failed
 * ... dbtext.not_pulled`). The text form is now checked and written under the lock.
 */
class TextFormConcurrentCompilesTest {
  @TempDir Path dir;

  private static String dump(Path db) throws Exception {
    try (Connection c = Database.at(db).openReadOnly()) {
      return DatabaseText.dump(c, db);
    }
  }

  private static void need(GuardWorkspace w, int id) {
    w.sql(
        "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES ("
            + id
            + ", 'Need "
            + id
            + "', 'identified', 3, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')");
  }

  @Test
  void aCompileWaitsForAnotherBetweenWritingTheTextFormAndItsBaseInsteadOfRefusing()
      throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    Path text = DatabaseText.fileOf(w.db);
    Path base = DatabaseText.baseFileOf(w.config().stateDirectory(), w.db);
    Files.writeString(text, DatabaseText.HEADER + "\n");
    w.compile();
    need(w, 10);
    Throwable[] failed = new Throwable[1];
    Thread second =
        new Thread(
            () -> {
              try {
                w.compile();
              } catch (Throwable e) {
                failed[0] = e;
              }
            });
    // Another process's compile holds the workspace: it has written the text form (the database as
    // it was then) and not yet its base, and an agent writes meanwhile.
    try (WorkspaceLock held =
        WorkspaceLock.exclusive(
            w.config(), "compile", WorkspaceLock.DEFAULT_WAIT, Reporter.SILENT)) {
      Files.writeString(text, dump(w.db));
      need(w, 11);
      second.start();
      Thread.sleep(1_000);
      Files.copy(text, base, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    second.join();

    assertEquals(null, failed[0], String.valueOf(failed[0]));
    assertTrue(Files.readString(text).contains("'Need 11'"), "the second compile wrote its rows");
    assertTrue(TextFiles.sameBytes(text, base), "and its base");
    assertTrue(w.guard().isClean(), w.guard().violations().toString());
  }
}
