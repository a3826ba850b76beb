package dev.mlos.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows read in chunks of packed text are the rows a plain query reads, or none at all. */
class PackedRowsTest {
  @TempDir Path dir;

  private static final String[] COLUMNS = {"k", "a", "b"};

  private Connection open() throws SQLException {
    Connection c = Database.at(dir.resolve("t.db")).open(true);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS t (g TEXT, k TEXT PRIMARY KEY, a TEXT, b)");
    }
    return c;
  }

  private static void insert(Connection c, String g, String k, String a, Object b)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?)")) {
      s.setString(1, g);
      s.setString(2, k);
      s.setString(3, a);
      s.setObject(4, b);
      s.executeUpdate();
    }
  }

  /** What a plain query reads, row by row, as strings. */
  private static List<List<String>> plain(Connection c, String g) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT k, a, b FROM t WHERE g = ? ORDER BY k")) {
      s.setString(1, g);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return rows;
  }

  private static List<List<String>> packed(Connection c, String g, int chunk, boolean[] read)
      throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    read[0] =
        PackedRows.read(
            c,
            COLUMNS,
            "FROM t WHERE g = ?",
            "k",
            List.of(g),
            r -> rows.add(Arrays.asList(r)),
            chunk);
    return rows;
  }

  @Test
  void readsWhatAPlainQueryReadsAcrossChunksWithNullsEmptyValuesAndAnyCharacter()
      throws SQLException {
    try (Connection c = open()) {
      c.setAutoCommit(false);
      // Keys whose BINARY order differs from Java's String order (a character beyond the BMP sorts
      // after U+FFFD in UTF-8, before it in UTF-16), values that are empty, NULL, numbers, tabs,
      // line breaks and '=' (the packing's own mark).
      String[] odd = {"", "=", "==x", "a\tb", "line\nbreak", "\uD83D\uDE00 smile", "\uFFFD", "é"};
      int n = 0;
      for (int i = 0; i < 1234; i++) {
        String k = "k" + i + odd[i % odd.length];
        Object b = i % 5 == 0 ? null : i % 5 == 1 ? (Object) (long) i : odd[(i + 3) % odd.length];
        insert(c, "g", k, i % 7 == 0 ? null : odd[i % odd.length], b);
        n++;
      }
      insert(c, "other", "zz", "x", "y");
      c.commit();
      List<List<String>> expected = plain(c, "g");
      assertEquals(n, expected.size());
      for (int chunk : new int[] {1, 7, 100, 1233, 1234, 1235, 20_000}) {
        boolean[] read = new boolean[1];
        assertEquals(expected, packed(c, "g", chunk, read), "chunk " + chunk);
        assertTrue(read[0]);
      }
    }
  }

  @Test
  void keysCompareAsSqliteComparesTheirUtf8Bytes() throws SQLException {
    // U+FFFD is one UTF-16 unit above the surrogates a character beyond U+FFFF is written with, but
    // below that character in UTF-8: String.compareTo and SQLite disagree, the read must not.
    assertTrue("\uFFFD".compareTo("\uD83D\uDE00") > 0);
    assertTrue(PackedRows.compareAsUtf8("\uFFFD", "\uD83D\uDE00") < 0);
    assertTrue(PackedRows.compareAsUtf8("a", "ab") < 0);
    assertTrue(PackedRows.compareAsUtf8("ab", "ab") == 0);
    try (Connection c = open()) {
      String[] keys = {"\uD83D\uDE00", "\uFFFD", "z", "\u00e9", "", "Z", "\uD83D\uDE01", "\uE000"};
      for (String k : keys) {
        insert(c, "o", k, null, null);
      }
      List<String> sorted = new ArrayList<>();
      for (List<String> row : plain(c, "o")) {
        sorted.add(row.get(0));
      }
      for (int i = 1; i < sorted.size(); i++) {
        assertTrue(
            PackedRows.compareAsUtf8(sorted.get(i - 1), sorted.get(i)) < 0, sorted.toString());
      }
    }
  }

  @Test
  void noRowsIsAnEmptyRead() throws SQLException {
    try (Connection c = open()) {
      boolean[] read = new boolean[1];
      assertEquals(List.of(), packed(c, "none", 10, read));
      assertTrue(read[0]);
    }
  }

  @Test
  void aValueHoldingASeparatorHandsNothingOver() throws SQLException {
    // In any column and any chunk, at the start, inside or at the end of a value: a row that
    // splits into more rows or fields than SQLite counted.
    String[] hostile = {"\u001f", "x\u001fy", "x\u001e", "\u001ey", "a\u001e=b\u001f=c\u001f=d"};
    for (String h : hostile) {
      for (int column = 0; column < 3; column++) {
        try (Connection c = open()) {
          try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM t");
          }
          for (int i = 0; i < 30; i++) {
            insert(c, "g", "k" + (100 + i), "a" + i, "b" + i);
          }
          String k = column == 0 ? "k117" + h : "k117";
          try (PreparedStatement s = c.prepareStatement("DELETE FROM t WHERE k = 'k117'")) {
            s.executeUpdate();
          }
          insert(c, "g", k, column == 1 ? h : "a", column == 2 ? h : "b");
          for (int chunk : new int[] {1, 4, 30, 100}) {
            boolean[] read = new boolean[1];
            List<List<String>> rows = packed(c, "g", chunk, read);
            String what = "value " + h.replace("\u001f", "<US>").replace("\u001e", "<RS>");
            assertFalse(read[0], what + " in column " + column + ", chunk " + chunk);
            assertEquals(List.of(), rows, what);
          }
        }
      }
    }
  }
}
