package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqliteShell;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text form's row lines run through bound values give the same rows, byte for byte, as SQLite
 * reading the lines itself: what a merge, its rule check and a rebuild from mlos.db.sql rely on.
 */
class RowInsertsTest {
  @TempDir Path dir;

  private static final String TABLES =
      "CREATE TABLE t (id INTEGER PRIMARY KEY, title TEXT, n INTEGER, r REAL, b BLOB, any_)";

  private static final Object[][] ROWS = {
    {1L, "plain", 5L, null, null, null},
    {2L, "it's ''quoted''", -42L, 1.5, new byte[] {0, (byte) 0xFF, 7}, "text in any"},
    {3L, "line\nbreak\r\nand CR\r", 0L, 1e300, new byte[0], 12L},
    {4L, "\nstarts and ends with a break\n", Long.MAX_VALUE, -0.1, null, ""},
    {5L, "", Long.MIN_VALUE, null, null, "🦊 ÜBER ς"},
    {6L, "'", 7L, null, null, "007"},
    {7L, null, null, null, null, null},
  };

  private Path filled() throws Exception {
    Path db = dir.resolve("source.db");
    try (Connection c = Database.at(db).open(true);
        Statement s = c.createStatement()) {
      s.execute(TABLES);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?,?,?,?,?,?)")) {
        for (Object[] row : ROWS) {
          for (int i = 0; i < row.length; i++) {
            ps.setObject(i + 1, row[i]);
          }
          ps.executeUpdate();
        }
      }
      // A text that is not UTF-8: the text form writes it as CAST(X'..' AS TEXT).
      s.execute("INSERT INTO t (id, title) VALUES (8, CAST(X'41FF42' AS TEXT))");
    }
    return db;
  }

  private static String dump(Path db) throws Exception {
    try (Connection c = Database.at(db).openReadOnly()) {
      return DatabaseText.dump(c, db);
    }
  }

  private static List<String> rowLines(String dump) {
    return dump.lines().filter(l -> l.startsWith("INSERT INTO \"t\"")).toList();
  }

  private Path loaded(String name, List<String> lines, boolean bound) throws Exception {
    Path db = dir.resolve(name);
    try (Connection c = Database.at(db).open(true);
        Statement s = c.createStatement()) {
      s.execute(TABLES);
      try (RowInserts rows = new RowInserts(c)) {
        for (String line : lines) {
          if (bound) {
            assertEquals(1, rows.run(line), line);
          } else {
            s.execute(line);
          }
        }
      }
    }
    return db;
  }

  @Test
  void boundRowsAreTheRowsSqliteMakesOfTheLines() throws Exception {
    String original = dump(filled());
    List<String> lines = rowLines(original);
    assertEquals(ROWS.length + 1, lines.size(), original);

    assertEquals(original, dump(loaded("bound.db", lines, true)));
    assertEquals(original, dump(loaded("parsed.db", lines, false)));
  }

  @Test
  void onlyTheLiteralsTheTextFormWritesAreBoundTheRestRunAsTheyAre() throws Exception {
    List<String> lines = rowLines(dump(filled()));
    for (String line : lines) {
      // reals (2, 3, 4), integers of 19 digits (4, 5), a text that is not UTF-8 (8): run as they
      // are
      boolean asTheyAre =
          List.of(2, 3, 4, 5, 8).stream().anyMatch(id -> line.contains("(" + id + ","));
      if (asTheyAre) {
        assertNull(RowInserts.parse(line), line);
      } else {
        assertNotNull(RowInserts.parse(line), line);
      }
    }
    assertEquals(
        List.of(3L, "a\nb", "'", new String(new byte[0])),
        RowInserts.parse("INSERT INTO \"t\" VALUES(3,('a'||char(10)||'b'),'''','');").values());
    for (String hostile :
        List.of(
            "INSERT INTO \"t\" VALUES(1,'a'||'b');",
            "INSERT INTO \"t\" VALUES(1,'a'); DROP TABLE t;",
            "INSERT INTO \"t\" SELECT 1,2",
            "INSERT INTO \"t VALUES(1)",
            "INSERT INTO \"t\" VALUES(0x10);",
            "INSERT INTO \"t\" VALUES(12345678901234567890);",
            "INSERT INTO \"t\" VALUES('never ends);",
            "INSERT INTO \"t\" VALUES(X'ABC');",
            "INSERT INTO \"t\" VALUES(char(10));")) {
      assertNull(RowInserts.parse(hostile), hostile);
    }
  }

  /**
   * A line that is not literals only is refused, not run: the fallback ran any expression, so a
   * text form's row could hold a query or a zeroblob of any size.
   */
  @Test
  void aLineWhoseValueIsNoLiteralIsRefusedNotRun() throws Exception {
    Path db = dir.resolve("e.db");
    try (Connection c = Database.at(db).open(true);
        Statement s = c.createStatement()) {
      s.execute(TABLES);
      try (RowInserts rows = new RowInserts(c)) {
        for (String hostile :
            List.of(
                "INSERT INTO \"t\" VALUES(1,hex(zeroblob(1000)),NULL,NULL,NULL,NULL);",
                "INSERT INTO \"t\" VALUES(2,(SELECT 'x'),NULL,NULL,NULL,NULL);",
                "INSERT INTO \"t\" VALUES(3,'a'||'b',NULL,NULL,NULL,NULL);",
                "INSERT INTO \"t\" SELECT 4,'x',NULL,NULL,NULL,NULL",
                "INSERT INTO \"t\" VALUES(0x10,'x',NULL,NULL,NULL,NULL);",
                // The values are literals, but the head before them is a query of its own.
                "INSERT INTO \"t\" SELECT 6,hex(zeroblob(1000)),NULL,NULL,NULL,NULL UNION ALL"
                    + " VALUES(7,'x',NULL,NULL,NULL,NULL);",
                "INSERT INTO \"t\"(rowid,\"title\") SELECT 8,(SELECT 1) UNION ALL VALUES(9,'x');",
                "INSERT INTO \"t\" WITH q AS (SELECT 1) VALUES(10,'x',NULL,NULL,NULL,NULL);")) {
          SQLException e = assertThrows(SQLException.class, () -> rows.run(hostile), hostile);
          assertEquals(RowInserts.NOT_LITERAL, e.getMessage(), hostile);
        }
      }
    }
    try (Connection c = Database.at(db).open(false);
        RowInserts rows = new RowInserts(c)) {
      // A line SQLite cannot read (a quote lost in a hand edit) is told as SQLite tells it.
      SQLException e =
          assertThrows(
              SQLException.class,
              () -> rows.run("INSERT INTO \"t\" VALUES(5,B''s,NULL,NULL,NULL,NULL);"));
      assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
    }
    assertEquals("0\n", SqliteShell.run(db, "SELECT count(*) FROM t;").out());
  }

  @Test
  void aLineThatBreaksAConstraintFailsAsRunningItWould() throws Exception {
    Path db = dir.resolve("c.db");
    try (Connection c = Database.at(db).open(true);
        Statement s = c.createStatement()) {
      s.execute(TABLES);
      try (RowInserts rows = new RowInserts(c)) {
        rows.run("INSERT INTO \"t\" VALUES(1,'a',NULL,NULL,NULL,NULL);");
        SQLException e =
            assertThrows(
                SQLException.class,
                () -> rows.run("INSERT INTO \"t\" VALUES(1,'b',NULL,NULL,NULL,NULL);"));
        assertTrue(e.getMessage().contains("UNIQUE constraint failed: t.id"), e.getMessage());
      }
    }
  }
}
