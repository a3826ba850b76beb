package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.guard.GuardWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compile killed while it writes the text form (an MCP client stops its server 4 s after closing
 * its stdin, during the server's last recompile, with SIGKILL; Ctrl-C on a compile of a large
 * workspace, whose dump is its longest step) must leave nothing the next compile cannot put right.
 */
class TextFormKilledWriteTest {
  @TempDir Path dir;

  private static void need(GuardWorkspace w, int id) {
    w.sql(
        "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES ("
            + id
            + ", 'Need "
            + id
            + "', 'identified', 3, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')");
  }

  private GuardWorkspace keepingTextForm() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    Files.writeString(DatabaseText.fileOf(w.db), DatabaseText.HEADER + "\n");
    w.compile();
    return w;
  }

  private List<String> beside(GuardWorkspace w) throws Exception {
    try (Stream<Path> files = Files.list(w.db.getParent())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.contains(".mlos-tmp-"))
          .sorted()
          .toList();
    }
  }

  @Test
  void theNextCompileRemovesTheTemporaryFilesAKilledDumpLeftBesideTheDatabase() throws Exception {
    GuardWorkspace w = keepingTextForm();
    String text = DatabaseText.fileOf(w.db).getFileName().toString();
    // What a killed compile leaves: its dump half written, and a copy to the base half made. Each
    // was as large as the text form (130 MB at 30,000 needs), one more per killed server.
    Files.writeString(w.db.resolveSibling("." + text + ".mlos-tmp-0123456789abcdef"), "INSERT");
    Files.writeString(w.db.resolveSibling("." + text + ".base.mlos-tmp-fedcba9876543210"), "INS");
    // Not a name mlos gives: someone's own file, left alone.
    Files.writeString(w.db.resolveSibling("." + text + ".mlos-tmp-mine"), "notes");

    w.compile(); // nothing changed: a compile that writes nothing cleans up too
    assertEquals(List.of("." + text + ".mlos-tmp-mine"), beside(w));

    Files.writeString(w.db.resolveSibling("." + text + ".mlos-tmp-00000000000000ff"), "INSERT");
    need(w, 10);
    w.compile();
    assertEquals(List.of("." + text + ".mlos-tmp-mine"), beside(w));
    assertTrue(Files.readString(DatabaseText.fileOf(w.db)).contains("'Need 10'"));
  }

  @Test
  void aCompileKilledBetweenTheTextFormAndItsBaseIsNotTakenForAGitPull() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    need(w, 10);
    Path text = DatabaseText.fileOf(w.db);
    Path base = DatabaseText.baseFileOf(w.config().stateDirectory(), w.db);
    Files.writeString(text, DatabaseText.HEADER + "\n");
    // The compile puts the text form in place, then copies it to its base: here the copy cannot be
    // made (the base is a directory for a moment), as when the process is killed between the two.
    Files.createDirectories(base.resolve("x"));
    assertThrows(RuntimeException.class, w::compile);
    assertTrue(Files.readString(text).contains("'Need 10'"), "the text form was written");
    Files.delete(base.resolve("x"));
    Files.delete(base); // no base, as the killed first compile left it
    // Agents go on writing, a row the text form holds among them; the text form is not the base.
    need(w, 11);
    w.sql("UPDATE needs SET title = 'Need 10, renamed' WHERE id = 10");
    // What the guard asks to tell a pulled text form from a stale one (it then says: compile).
    assertFalse(
        DatabaseText.changedOutsideMlos(w.db, w.config().stateDirectory(), text),
        "not changed outside mlos");
    // The pull the refusal sent the user to took the text form for git's.
    assertTrue(
        TextFormPull.pull(w.config(), dev.mlos.core.Reporter.SILENT).actions().stream()
            .anyMatch(a -> a.contains("nothing to pull")),
        "a pull finds nothing to take");

    w.compile(); // refused before as dbtext.not_pulled, the text form taken for a git pull

    assertTrue(Files.readString(text).contains("'Need 11'"), "the compile wrote its rows");
    assertTrue(Files.readString(text).contains("'Need 10, renamed'"));
    assertTrue(TextFiles.sameBytes(text, base), "and its base");
    assertTrue(w.guard().isClean(), w.guard().violations().toString());
  }
}
