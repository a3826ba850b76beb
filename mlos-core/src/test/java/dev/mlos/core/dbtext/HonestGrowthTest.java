package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.guard.GuardWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bound on a database built from a text form ({@link GrowthBound}) refuses what a hostile
 * file's own schema computes, never what mlos's own schema keeps for honest rows.
 */
class HonestGrowthTest {
  @TempDir Path dir;

  /**
   * Ready work's items are not in the text form: the rebuild computes them, and each open task's
   * item carries its need's scope and tags, four times (the table and three covering indexes). A
   * need with 100 tags of 64 characters and 3,000 open tasks, all within the engine's limits, makes
   * a database far above 8 times its text.
   */
  @Test
  void aWorkspaceWhoseReadyItemsOutgrowItsTextIsRebuilt() throws Exception {
    GuardWorkspace w = GuardWorkspace.create(dir);
    StringBuilder tags = new StringBuilder("[");
    for (int i = 0; i < 100; i++) {
      tags.append(i == 0 ? "" : ",")
          .append('"')
          .append("t")
          .append(i)
          .append("-")
          .append("x".repeat(60));
      tags.append('"');
    }
    tags.append(']');
    w.sql(
        "INSERT INTO needs (id, title, status, priority, scope, tags, created_at, updated_at)"
            + " VALUES (1, 'Tagged', 'actionable', 1, 'kernel', '"
            + tags
            + "', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    StringBuilder tasks =
        new StringBuilder(
            "INSERT INTO tasks (id, need_id, description, status, priority, created_at,"
                + " updated_at) VALUES ");
    for (int i = 1; i <= 3000; i++) {
      tasks
          .append(i == 1 ? "" : ",")
          .append("(")
          .append(i)
          .append(", 1, 'Task ")
          .append(i)
          .append("', 'open', 2, '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z')");
    }
    w.sql(tasks.toString());
    Path text = dir.resolve("mlos.db.sql");
    try (Connection c = Database.at(w.db).openReadOnly()) {
      Files.writeString(text, DatabaseText.dump(c, w.db));
    }
    long textBytes = Files.size(text);
    assertTrue(
        Files.size(w.db) > GrowthBound.limit(textBytes),
        "the honest database is " + Files.size(w.db) + " bytes, its text " + textBytes);

    Path rebuilt = dir.resolve("rebuilt.db");
    DatabaseText.restore(text, rebuilt);

    assertEquals(3000, readyItems(w.db), "each open task is an item, its need is not");
    assertEquals(readyItems(w.db), readyItems(rebuilt));
  }

  private static int readyItems(Path db) throws Exception {
    try (Connection c = Database.at(db).openReadOnly();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM ready_items")) {
      assertTrue(rs.next());
      return rs.getInt(1);
    }
  }
}
