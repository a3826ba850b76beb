package dev.mlos.core.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** The values a template sees for each SQLite storage class, read natively or through JDBC. */
class ViewQueryTest {
  @TempDir Path dir;

  private static final String SELECT = "SELECT id, v, typeof(v) AS t FROM vals ORDER BY id";

  /** A fresh database of one row per kind of value (the last one's file is replaced). */
  private Connection database() throws Exception {
    Files.deleteIfExists(dir.resolve("t.db"));
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
    try (Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE vals (id INTEGER PRIMARY KEY, v)");
      s.executeUpdate(
          "INSERT INTO vals (id, v) VALUES"
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
      q.forEach(
          Map.of(),
          null,
          row -> {
            assertEquals(
                List.of("id", "v", "t"),
                new ArrayList<>(row.keySet()),
                "columns keep the query's order");
            out.add(row.get("v"));
          });
    }
    return out;
  }

  @Test
  void everyStorageClassReadsAsTheTemplateExpectsItOnBothPaths() throws Exception {
    try (Connection c = database()) {
      List<Object> expected =
          Arrays.asList(
              null,
              0L,
              -7L,
              Long.MAX_VALUE,
              Long.MIN_VALUE,
              2147483648L,
              1.5,
              -0.0,
              1e308,
              "",
              "plain",
              "Ünïcødé — 漢字 🚀",
              "a\0b",
              "(blob, 0 bytes)",
              "(blob, 3 bytes)",
              "  spaced\nlines\r\n",
              "\uFFFDa",
              "x".repeat(100_000));
      List<Object> nativeValues = values(c, true);
      List<Object> jdbcValues = values(c, false);
      assertEquals(expected, nativeValues);
      assertEquals(expected, jdbcValues);
      for (int i = 0; i < expected.size(); i++) {
        Object e = expected.get(i);
        assertEquals(
            e == null ? null : e.getClass(),
            nativeValues.get(i) == null ? null : nativeValues.get(i).getClass(),
            "row " + (i + 1) + " keeps its Java type");
      }
    }
  }

  @Test
  void theProbeKeepsTheNativePathWithThisDriver() throws Exception {
    NativeRows.set(null);
    try (Connection c = database();
        ViewQuery q = new ViewQuery(c, "v", "q", SELECT, Map.of(), false)) {
      assertTrue(
          NativeRows.usable(), "sqlite-jdbc in this build has the internals the native path reads");
      assertTrue(q.readsNatively(), "queries made after the probe read natively");
    }
  }

  @Test
  void aDriverWhoseInternalsChangedIsProbedOnceAsUnusable() {
    List<Callable<Boolean>> changedDrivers =
        List.of(
            () -> {
              throw new NoSuchFieldError("pointer");
            },
            () -> {
              throw new NoSuchMethodError(
                  "'boolean org.sqlite.core.DB.execute(org.sqlite.core.CoreStatement, java.lang.Object[])'");
            },
            () -> {
              throw new IncompatibleClassChangeError(
                  "Expected static method 'int org.sqlite.core.DB.step(long)'");
            },
            () -> {
              throw new BootstrapMethodError("SafeStmtPtr$SafePtrIntFunction");
            },
            () -> {
              throw new NoSuchFieldException("pointer");
            },
            () -> {
              throw new SQLException("probe failed");
            },
            () -> false);
    for (Callable<Boolean> probe : changedDrivers) {
      assertFalse(NativeRows.probe(probe), "a changed driver falls back, it does not throw");
    }
    assertTrue(NativeRows.probe(() -> true));
  }

  @Test
  void withTheNativePathUnusableEveryQueryReadsTheSameRowsThroughJdbc() throws Exception {
    List<Object> expected;
    try (Connection c = database()) {
      NativeRows.set(true);
      expected = publicValues(c, true);
    }
    NativeRows.set(false);
    try (Connection c = database()) {
      assertEquals(
          expected,
          publicValues(c, false),
          "the same values, types included, come back through JDBC");
      // the refusals that used the driver's internals hold on the JDBC path too
      for (String sql : new String[] {"BEGIN", "ATTACH ':memory:' AS other", "DELETE FROM vals"}) {
        QueryException e =
            assertThrows(
                QueryException.class,
                () -> new ViewQuery(c, "needs", "evil", sql, Map.of(), false),
                sql);
        assertTrue(e.getMessage().contains("may only read"), sql + ": " + e.getMessage());
      }
    } finally {
      NativeRows.set(null);
    }
  }

  /**
   * The values and their classes, through the public constructor (which asks {@link NativeRows}).
   */
  private static List<Object> publicValues(Connection c, boolean expectNative) {
    List<Object> out = new ArrayList<>();
    try (ViewQuery q = new ViewQuery(c, "v", "q", SELECT, Map.of(), false)) {
      assertEquals(expectNative, q.readsNatively());
      q.forEach(
          Map.of(),
          null,
          row -> {
            Object v = row.get("v");
            out.add(v == null ? "null" : v.getClass().getSimpleName() + ":" + v);
          });
    }
    return out;
  }

  @Test
  void rowParametersBindEachRun() throws Exception {
    try (Connection c = database();
        ViewQuery q =
            new ViewQuery(c, "v", "q", "SELECT v FROM vals WHERE id = :row.id", Map.of(), true)) {
      Object[] got = new Object[3];
      for (int id = 1; id <= 3; id++) {
        List<Map<String, Object>> rows = q.list(Map.of(), Map.of("id", (long) id + 9));
        got[id - 1] = rows.get(0).get("v");
      }
      assertArrayEquals(new Object[] {"", "plain", "Ünïcødé — 漢字 🚀"}, got);
    }
  }

  @Test
  void aFailingRowNamesTheViewAndQueryAndLeavesTheStatementUsable() throws Exception {
    for (boolean nativeRows : new boolean[] {true, false}) {
      try (Connection c = database();
          ViewQuery q =
              new ViewQuery(
                  c,
                  "needs",
                  "history",
                  "SELECT id, json_extract(v, '$.a') AS a FROM vals"
                      + " WHERE id IN (:first, :second) ORDER BY id",
                  Map.of("first", 2L, "second", 3L),
                  false,
                  nativeRows)) {
        // row 2 holds 0 (valid JSON), row 11 'plain' (not JSON): the error comes from the second
        // step
        QueryException e =
            assertThrows(
                QueryException.class, () -> q.list(Map.of("first", 2L, "second", 11L), null));
        String m = e.getMessage();
        assertTrue(
            m.contains("'needs'") && m.contains("'history'") && m.contains("malformed JSON"),
            "native=" + nativeRows + ": " + m);
        List<Object> again =
            q.list(Map.of("first", 2L, "second", 3L), null).stream().map(r -> r.get("id")).toList();
        assertEquals(List.of(2L, 3L), again, "native=" + nativeRows + ": the statement runs again");
      }
    }
  }

  @Test
  void aConsumerStoppingMidwayLeavesTheStatementReadyForTheNextRun() throws Exception {
    for (boolean nativeRows : new boolean[] {true, false}) {
      try (Connection c = database();
          ViewQuery q =
              new ViewQuery(
                  c,
                  "v",
                  "q",
                  "SELECT id FROM vals WHERE id <= :n ORDER BY id",
                  Map.of("n", 5L),
                  false,
                  nativeRows)) {
        RuntimeException stop = new RuntimeException("stop");
        RuntimeException thrown =
            assertThrows(
                RuntimeException.class,
                () ->
                    q.forEach(
                        Map.of("n", 5L),
                        null,
                        r -> {
                          if ((Long) r.get("id") == 2L) {
                            throw stop;
                          }
                        }));
        assertEquals(stop, thrown);
        assertEquals(
            List.of(1L, 2L, 3L),
            q.list(Map.of("n", 3L), null).stream().map(r -> r.get("id")).toList(),
            "native=" + nativeRows);
        // the connection is not left inside a read: another connection can write
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
            Statement s = other.createStatement()) {
          s.executeUpdate("INSERT INTO vals (id, v) VALUES (100, 'x')");
        }
        assertFalse(q.unorderedWithSeveralRows(), "ordered query");
      }
    }
  }

  @Test
  void aQueryThatWouldChangeTheDatabaseIsRefusedBeforeItRuns() throws Exception {
    String[] writes = {
      "DELETE FROM vals",
      "UPDATE vals SET v = 'gone' WHERE id = :id RETURNING id",
      "WITH doomed AS (SELECT id FROM vals WHERE id > 10) DELETE FROM vals WHERE id IN doomed RETURNING id",
      "INSERT INTO vals (id, v) VALUES (99, 'x') RETURNING id",
      "PRAGMA user_version = 7",
      "PRAGMA journal_mode = WAL",
      "BEGIN",
      "ATTACH ':memory:' AS other",
      "PRAGMA foreign_keys = OFF",
      "CREATE TABLE more (x)",
    };
    for (boolean nativeRows : new boolean[] {true, false}) {
      try (Connection c = database()) {
        for (String sql : writes) {
          QueryException e =
              assertThrows(
                  QueryException.class,
                  () -> new ViewQuery(c, "needs", "evil", sql, Map.of("id", 1L), false, nativeRows),
                  sql);
          String m = e.getMessage();
          assertTrue(
              m.contains("'needs'") && m.contains("'evil'") && m.contains("may only read"),
              sql + ": " + m);
        }
        try (Statement s = c.createStatement()) {
          var rs =
              s.executeQuery(
                  "SELECT count(*), sum(v = 'gone'), (SELECT user_version FROM pragma_user_version),"
                      + " (SELECT journal_mode FROM pragma_journal_mode), (SELECT count(*) FROM sqlite_schema) FROM vals");
          assertEquals(
              List.of(18L, 0L, 0L, "delete", 1L),
              List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getLong(5)),
              "native=" + nativeRows + ": nothing changed");
          assertTrue(c.getAutoCommit() && !((SQLiteConnection) c).getDatabase().isClosed());
        }
      }
    }
  }

  @Test
  void readingQueriesOfEveryShapeAreAccepted() throws Exception {
    String[] reads = {
      "SELECT id FROM vals ORDER BY id",
      "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3) SELECT x FROM n",
      "SELECT value FROM json_each(:list)",
      "VALUES (1), (2)",
      "PRAGMA table_info(vals)",
      "SELECT * FROM pragma_table_info('vals')",
      "EXPLAIN QUERY PLAN SELECT id FROM vals WHERE id = 3",
      "SELECT id FROM vals GROUP BY v % 2 ORDER BY id DESC",
      "SELECT id FROM vals ORDER BY id;",
      "SELECT id FROM vals; -- the only statement\n;",
      "SELECT 'a; DELETE FROM vals' AS s, \"x;y\" FROM (SELECT 1 AS \"x;y\") /* ; PRAGMA locking_mode */",
      "PRAGMA main.table_info(vals)",
      "SELECT name FROM pragma_table_list WHERE name = 'vals'",
      "SELECT user_version FROM main.pragma_user_version",
      "SELECT 'pragma_busy_timeout' AS not_a_table",
    };
    try (Connection c = database()) {
      for (String sql : reads) {
        try (ViewQuery q = new ViewQuery(c, "v", "q", sql, Map.of("list", "[1,2]"), false)) {
          assertFalse(q.list(Map.of("list", "[1,2]"), null).isEmpty(), sql);
        }
      }
    }
  }

  /**
   * A query that reads the clock or draws random numbers was accepted, though a template reading
   * .now is refused for the same reason: the page changed with no change to the data (a "last 7
   * days" report), the guard found it STALE, and an incremental compile kept it as it was.
   */
  @Test
  void aQueryThatReadsTheClockOrRandomIsRefusedBeforeItRuns() throws Exception {
    String[] changing = {
      "SELECT id FROM vals WHERE v >= date('now', '-7 days') ORDER BY id",
      "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'NOW') AS t",
      "SELECT julianday( \"now\" ) AS t",
      "SELECT CURRENT_TIMESTAMP AS t",
      "SELECT current_date AS t",
      "SELECT id FROM vals ORDER BY RANDOM()",
      "SELECT hex(randomblob(4)) AS t",
      "SELECT datetime(v, 'localtime') AS t FROM vals ORDER BY id",
      "SELECT date(v, 'start of day', 'UTC') AS t FROM vals ORDER BY id",
      // No time value is 'now' to SQLite: date() is today, strftime('%s') the current second.
      "SELECT id FROM vals WHERE v >= date() ORDER BY id",
      "SELECT id FROM vals WHERE julianday(v) > julianday ( ) - 7 ORDER BY id",
      "SELECT datetime() AS t",
      "SELECT time( /* nothing */ ) AS t",
      "SELECT unixepoch() AS t",
      "SELECT strftime('%s') AS t",
      "SELECT strftime(lower('%S')) AS t",
    };
    try (Connection c = database()) {
      for (String sql : changing) {
        QueryException e =
            assertThrows(
                QueryException.class,
                () -> new ViewQuery(c, "weekly", "recent", sql, Map.of(), false),
                sql);
        String m = e.getMessage();
        assertTrue(m.startsWith("View 'weekly', query 'recent': "), m);
        assertTrue(m.contains("its page would change without a change to the data"), m);
        assertTrue(e.fix().contains(":as_of"), e.fix());
      }
      // The word as data, or as a name, is not the clock.
      String[] fine = {
        "SELECT id FROM vals WHERE v = 'now' ORDER BY id",
        "SELECT 'now' AS word, 'random()' AS text, date('2026-12-01', '-7 days') AS d",
        "SELECT id AS random_id -- ORDER BY random()\n FROM vals ORDER BY id",
        "SELECT date(v) AS d, strftime('%Y', v) AS y, julianday(max(v, '2026-01-01')) AS j FROM vals"
            + " ORDER BY id",
        "SELECT count() AS n, unixepoch(v, 'unixepoch') AS u FROM vals GROUP BY v ORDER BY v",
      };
      for (String sql : fine) {
        new ViewQuery(c, "weekly", "recent", sql, Map.of(), false).close();
      }
    }
  }

  @Test
  void aSecondStatementIsRefusedNotSilentlyDropped() throws Exception {
    String[] several = {
      "SELECT 1 AS a; DELETE FROM vals",
      "SELECT 1 AS a;DELETE FROM vals;",
      "SELECT id FROM vals; SELECT v FROM vals",
      "SELECT 1 AS a; /* hidden */ PRAGMA locking_mode = EXCLUSIVE",
      "SELECT 1 AS a;\n-- nothing here\nUPDATE vals SET v = 'gone'",
    };
    try (Connection c = database()) {
      for (String sql : several) {
        QueryException e =
            assertThrows(
                QueryException.class,
                () -> new ViewQuery(c, "needs", "all", sql, Map.of(), false),
                sql);
        assertEquals("needs", e.view());
        assertEquals("all", e.query());
        String m = e.getMessage();
        assertTrue(
            m.startsWith(
                "View 'needs', query 'all': holds more than one statement; the second one begins '"),
            sql + ": " + m);
        assertTrue(e.fix().contains("one SELECT"), e.fix());
        assertFalse(m.contains("\n"), "the quoted SQL stays on one line: " + m);
      }
      try (Statement s = c.createStatement();
          var rs = s.executeQuery("SELECT count(*), sum(v = 'gone') FROM vals")) {
        assertEquals(18L, rs.getLong(1), "nothing was deleted");
        assertEquals(0L, rs.getLong(2), "nothing was updated");
      }
    }
  }

  @Test
  void everyPragmaAViewDoesNotNeedIsRefusedInEveryForm() throws Exception {
    String[] pragmas = {
      "PRAGMA locking_mode",
      "PRAGMA locking_mode = EXCLUSIVE",
      "PRAGMA main.locking_mode",
      "pragma Busy_Timeout",
      "PRAGMA busy_timeout = 60000",
      "PRAGMA max_page_count = 1",
      "PRAGMA wal_checkpoint(TRUNCATE)",
      "PRAGMA cache_size",
      "PRAGMA \"locking_mode\"",
      "/* comment first */ PRAGMA temp_store",
      "SELECT * FROM pragma_busy_timeout",
      "SELECT * FROM pragma_locking_mode()",
      "SELECT * FROM \"pragma_max_page_count\"",
      "SELECT * FROM [PRAGMA_LOCKING_MODE]",
      "SELECT * FROM 'pragma_cache_size'",
      "SELECT * FROM vals, pragma_integrity_check",
      "SELECT * FROM main.pragma_locking_mode",
    };
    String[] settings = {
      "PRAGMA page_size = 1024", "PRAGMA main.user_version(7)", "PRAGMA schema_version = 99"
    };
    try (Connection c = database()) {
      for (String sql : pragmas) {
        QueryException e =
            assertThrows(
                QueryException.class,
                () -> new ViewQuery(c, "needs", "p", sql, Map.of(), false),
                sql);
        String m = e.getMessage();
        assertTrue(
            m.startsWith("View 'needs', query 'p': uses '")
                && m.contains("a pragma a view does not need"),
            sql + ": " + m);
        assertTrue(e.fix().contains("table_info") && !e.fix().contains("locking_mode"), e.fix());
      }
      for (String sql : settings) {
        QueryException e =
            assertThrows(
                QueryException.class,
                () -> new ViewQuery(c, "needs", "p", sql, Map.of(), false),
                sql);
        assertTrue(
            e.getMessage().startsWith("View 'needs', query 'p': sets 'PRAGMA ")
                && e.getMessage().endsWith("may only read the database"),
            sql + ": " + e.getMessage());
      }
      // The connection is as it was: no lock taken, no timeout or page limit changed.
      try (Statement s = c.createStatement();
          var rs =
              s.executeQuery(
                  "SELECT (SELECT locking_mode FROM pragma_locking_mode),"
                      + " (SELECT timeout FROM pragma_busy_timeout), (SELECT max_page_count FROM pragma_max_page_count) > 1,"
                      + " (SELECT page_size FROM pragma_page_size), (SELECT user_version FROM pragma_user_version)")) {
        assertEquals(
            List.of("normal", 1L, 4096L, 0L),
            List.of(rs.getString(1), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
      }
    }
  }

  /**
   * A committed mlos.yaml (or pack, or database view) with a recursive WITH that never ends ran the
   * compile, the guard in CI and the MCP server's recompile for ever. It now stops at a bound on
   * SQLite's work for one row, naming the view and query, and the connection answers the next
   * query.
   */
  @Test
  void aQueryThatNeverFindsItsNextRowIsStoppedNamingTheViewAndTheFix() throws Exception {
    try (Connection c = database()) {
      QueryException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(120),
              () ->
                  assertThrows(
                      QueryException.class,
                      () -> {
                        try (ViewQuery q =
                            new ViewQuery(
                                c,
                                "loop",
                                "endless",
                                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n)"
                                    + " SELECT id FROM vals WHERE (SELECT count(*) FROM n) > 0",
                                Map.of(),
                                false)) {
                          q.list(Map.of(), null);
                        }
                      }));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "View 'loop', query 'endless': stopped: SQLite ran 500,000,000 steps without finding"),
          e.getMessage());
      assertTrue(e.fix().startsWith("give a recursive WITH an end"), e.fix());
      try (ViewQuery q = new ViewQuery(c, "v", "q", SELECT, Map.of(), false)) {
        assertEquals(18, q.list(Map.of(), null).size());
      }
    }
  }
}
