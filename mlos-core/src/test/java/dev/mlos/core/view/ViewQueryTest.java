package dev.mlos.core.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The values a template sees for each SQLite storage class, read natively or through JDBC. */
class ViewQueryTest {
  @TempDir Path dir;

  private static final String SELECT = "SELECT id, v, typeof(v) AS t FROM vals ORDER BY id";

  private Connection database() throws Exception {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
    try (Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE vals (id INTEGER PRIMARY KEY, v)");
      s.executeUpdate("INSERT INTO vals (id, v) VALUES"
          + " (1, NULL), (2, 0), (3, -7), (4, 9223372036854775807), (5, -9223372036854775808), (6, 2147483648),"
          + " (7, 1.5), (8, -0.0), (9, 1e308), (10, ''), (11, 'plain'), (12, 'Ünïcødé — 漢字 🚀'),"
          + " (13, 'a' || char(0) || 'b'), (14, x''), (15, x'00ff10'), (16, '  spaced\nlines\r\n'),"
          + " (17, cast(x'ff61' AS TEXT))");
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO vals (id, v) VALUES (18, ?)")) {
      p.setString(1, "x".repeat(100_000));
      p.executeUpdate();
    }
    return c;
  }

  private static List<Object> values(Connection c, boolean nativeRows) {
    List<Object> out = new ArrayList<>();
    try (ViewQuery q = new ViewQuery(c, "v", "q", SELECT, Map.of(), false, nativeRows)) {
      q.forEach(Map.of(), null, row -> {
        assertEquals(List.of("id", "v", "t"), new ArrayList<>(row.keySet()), "columns keep the query's order");
        out.add(row.get("v"));
      });
    }
    return out;
  }

  @Test
  void everyStorageClassReadsAsTheTemplateExpectsItOnBothPaths() throws Exception {
    try (Connection c = database()) {
      List<Object> expected = Arrays.asList(null, 0L, -7L, Long.MAX_VALUE, Long.MIN_VALUE, 2147483648L,
          1.5, -0.0, 1e308, "", "plain", "Ünïcødé — 漢字 🚀", "a\0b", "(blob, 0 bytes)", "(blob, 3 bytes)",
          "  spaced\nlines\r\n", "\uFFFDa", "x".repeat(100_000));
      List<Object> nativeValues = values(c, true);
      List<Object> jdbcValues = values(c, false);
      assertEquals(expected, nativeValues);
      assertEquals(expected, jdbcValues);
      for (int i = 0; i < expected.size(); i++) {
        Object e = expected.get(i);
        assertEquals(e == null ? null : e.getClass(), nativeValues.get(i) == null ? null : nativeValues.get(i).getClass(),
            "row " + (i + 1) + " keeps its Java type");
      }
    }
  }

  @Test
  void rowParametersBindEachRun() throws Exception {
    try (Connection c = database();
        ViewQuery q = new ViewQuery(c, "v", "q", "SELECT v FROM vals WHERE id = :row.id", Map.of(), true)) {
      Object[] got = new Object[3];
      for (int id = 1; id <= 3; id++) {
        List<Map<String, Object>> rows = q.list(Map.of(), Map.of("id", (long) id + 9));
        got[id - 1] = rows.get(0).get("v");
      }
      assertArrayEquals(new Object[] {"", "plain", "Ünïcødé — 漢字 🚀"}, got);
    }
  }
}
