package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.guard.GuardWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text form's header names no build tool now; a form committed while it named the Maven goals
 * is still read, restored and merged, and the next compile writes the new header.
 */
class OlderHeaderTest {
  @TempDir Path dir;

  private static String dump(Path db) throws Exception {
    try (Connection c = Database.at(db).openReadOnly()) {
      return DatabaseText.dump(c, db);
    }
  }

  private static String withOlderHeader(String text) {
    assertTrue(text.startsWith(DatabaseText.HEADER + "\n"));
    return DatabaseText.OLDER_HEADER + text.substring(DatabaseText.HEADER.length());
  }

  @Test
  void theHeaderNamesNoBuildTool() {
    assertFalse(DatabaseText.HEADER.contains("mvn"), DatabaseText.HEADER);
    assertFalse(DatabaseText.HEADER.contains("mlos:"), DatabaseText.HEADER);
  }

  @Test
  void aFormWithTheOlderHeaderIsRestoredMergedAndBlankWhenItHoldsNothingElse() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    String text = dump(w.db);
    String older = withOlderHeader(text);

    Path restored = dir.resolve("clone/mlos.db");
    Files.createDirectories(restored.getParent());
    Path textFile = DatabaseText.fileOf(restored);
    Files.writeString(textFile, older);
    DatabaseText.restore(textFile, restored);
    assertEquals(text, dump(restored), "the same rows, and the new header");

    TextMerge.Result merged = TextMerge.merge(older, older, text);
    assertTrue(merged.clean(), merged.conflicts().toString());

    Path blank = dir.resolve("blank.db.sql");
    Files.writeString(blank, DatabaseText.OLDER_HEADER + "\n");
    assertTrue(DatabaseText.isBlank(blank));
  }
}
