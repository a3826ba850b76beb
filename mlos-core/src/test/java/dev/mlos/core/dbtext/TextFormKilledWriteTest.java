package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
