package dev.mlos.core.view;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.sqlite.core.Codes;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;
import org.sqlite.core.SafeStmtPtr;

/**
 * One named query of a view, prepared once and run many times (once per row of a per-row view).
 * {@code :name} binds a parameter, {@code :row.column} a column of the current row of the view's
 * {@code each} query.
 */
public final class ViewQuery implements AutoCloseable {
  /** Called for each row; rows are maps from column label to Long, Double, String or null. */
  @FunctionalInterface
  public interface RowConsumer {
    void accept(Map<String, Object> row);
  }

  private static final String ROW_PREFIX = "row.";

  private final String view;
  private final String name;
  private final ParameterizedSql sql;
  private final PreparedStatement statement;

  /**
   * sqlite-jdbc's own statement, when the driver is sqlite-jdbc: each run is then stepped and its
   * rows read with the driver's native calls, one lock per row, without a ResultSet (see {@link
   * #forEachNative}). Through JDBC, every text value goes through a direct ByteBuffer made by JNI,
   * which made reading the values the single largest cost of the thread that runs every query of a
   * compile. Null with another driver, or when {@link NativeRows#usable()} found the driver's
   * internals changed.
   *
   * <p>What it buys (issue 21's optimisation budget; {@code NativeRowsMeasure} in the test sources,
   * bench/RESULTS.md "What the native row path buys"): the need pages' queries over a 100,000-need
   * database, 1.26 million rows, take 11.5-11.9 s of CPU natively against 12.8-13.2 s through JDBC,
   * 1.11x: 1.3-1.4 s, about 3.5% of a cold compile's 37.3 s of CPU at 100k, all of it on the single
   * database thread every page waits for. So it is kept, with the probe and its differential tests.
   */
  private final CoreStatement core;

  /** The bound on SQLite's work for each row (shared by the connection's view queries). */
  private final RowWork work;

  private boolean returnedSeveralRows;
  private String[] labels;

  /**
   * Prepares the query and checks that every parameter it names exists.
   *
   * @param params the workspace's parameters
   * @param rowAvailable whether {@code :row.x} may be used (the view is per-row and this is not its
   *     {@code each} query)
   */
  public ViewQuery(
      Connection connection,
      String view,
      String name,
      String text,
      Map<String, Object> params,
      boolean rowAvailable) {
    this(connection, view, name, text, params, rowAvailable, NativeRows.usable());
  }

  /**
   * As above; {@code nativeRows} false reads every value through JDBC (for tests of both paths, and
   * for {@link NativeRows}' probe, which must not ask itself).
   */
  ViewQuery(
      Connection connection,
      String view,
      String name,
      String text,
      Map<String, Object> params,
      boolean rowAvailable,
      boolean nativeRows) {
    this.view = view;
    this.name = name;
    // Checked on the text, before SQLite prepares it: preparing a pragma can already apply it
    // (PRAGMA locking_mode = EXCLUSIVE takes effect when compiled, not when run).
    ReadOnlyQueryText.Refusal refusal = ReadOnlyQueryText.severalStatements(text);
    if (refusal == null) {
      refusal = ReadOnlyQueryText.pragmaNotNeeded(text);
    }
    if (refusal == null) {
      refusal = ReadOnlyQueryText.readsTheClock(text);
    }
    if (refusal != null) {
      throw new QueryException(view, name, refusal.problem(), refusal.fix(), null);
    }
    this.sql = ParameterizedSql.parse(text);
    for (String p : sql.parameterNames()) {
      if (p.startsWith(ROW_PREFIX)) {
        if (!rowAvailable) {
          throw new QueryException(
              view,
              name,
              "uses :" + p + " but there is no current row here",
              "only the other queries of a per-row view (one with 'each') can read :row.<column>",
              null);
        }
      } else if (!params.containsKey(p)) {
        throw new QueryException(
            view,
            name,
            "uses parameter :"
                + p
                + " which is not set (set: "
                + String.join(", ", new TreeSet<>(params.keySet()))
                + ")",
            "add '" + p + ": <value>' under params: in mlos.yaml, or fix the name",
            null);
      }
    }
    try {
      this.statement = connection.prepareStatement(sql.jdbcSql());
    } catch (SQLException e) {
      throw new QueryException(
          view,
          name,
          "SQLite rejected it: " + e.getMessage(),
          "fix the SQL (try it in `sqlite3 <db>`)",
          e);
    }
    this.core = nativeRows && statement instanceof CoreStatement c ? c : null;
    this.work = RowWork.of(connection);
    String refused = writeIn(connection, statement, sql.jdbcSql());
    if (refused != null) {
      close();
      throw new QueryException(
          view,
          name,
          refused + ": a view query may only read the database",
          "make it a SELECT (or WITH ... SELECT); change data through mlos's import or accept, or with sqlite3",
          null);
    }
  }

  /**
   * Why running {@code jdbcSql} could change the database or the connection, or null when it only
   * reads. A compile runs view queries on the connection it records its pages with, so a DELETE or
   * an UPDATE ... RETURNING in mlos.yaml would otherwise run once per page. SQLite says what a
   * statement does in its EXPLAIN program: a write transaction on any database, a journal mode
   * change or a virtual table update. A statement with no result columns (BEGIN, ATTACH, VACUUM) is
   * not a query either.
   */
  private String writeIn(Connection connection, PreparedStatement prepared, String jdbcSql) {
    try {
      if (columnCount(prepared) == 0) {
        return "it returns no columns";
      }
      if (jdbcSql.stripLeading().regionMatches(true, 0, "EXPLAIN", 0, 7)) {
        return null; // EXPLAIN only describes a statement
      }
      try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + jdbcSql);
          ResultSet rs = explain.executeQuery()) {
        while (rs.next()) {
          String op = rs.getString("opcode");
          if ("Transaction".equals(op) && rs.getLong("p2") != 0) {
            return "it writes to the database";
          }
          if ("JournalMode".equals(op) || "VUpdate".equals(op) || "Vacuum".equals(op)) {
            return "it changes the database (" + op + ")";
          }
        }
      }
      return null;
    } catch (SQLException e) {
      // The statement itself prepared: if SQLite cannot explain it, it is not refused for that.
      return null;
    }
  }

  /**
   * How many columns the prepared statement returns: natively when this query reads natively;
   * otherwise through JDBC's metadata, where sqlite-jdbc answers a statement without columns
   * (BEGIN, ATTACH) with "column 1 out of bounds" instead of 0.
   */
  private int columnCount(PreparedStatement prepared) throws SQLException {
    if (core != null) {
      return core.pointer.safeRunInt((d, p) -> d.column_count(p));
    }
    ResultSetMetaData md = prepared.getMetaData();
    if (md == null) {
      return -1; // the driver does not say; the EXPLAIN check still runs
    }
    try {
      return md.getColumnCount();
    } catch (SQLException e) {
      return 0;
    }
  }

  /**
   * The labels of the columns the prepared statement returns, known before it runs (so a view whose
   * query returns no row is checked too).
   */
  public List<String> columns() {
    try {
      if (core != null) {
        return List.of(core.pointer.safeRun((d, p) -> d.column_names(p)));
      }
      ResultSetMetaData md = statement.getMetaData();
      List<String> out = new ArrayList<>();
      for (int i = 1; md != null && i <= md.getColumnCount(); i++) {
        out.add(md.getColumnLabel(i));
      }
      return out;
    } catch (SQLException e) {
      throw new QueryException(
          view, name, "its columns cannot be read: " + e.getMessage(), "fix the SQL", e);
    }
  }

  /** Whether this query reads its rows through sqlite-jdbc's internals (for tests). */
  boolean readsNatively() {
    return core != null;
  }

  public String name() {
    return name;
  }

  /** True when the SQL says how rows are ordered; without it output order may churn. */
  public boolean ordered() {
    return sql.original().toUpperCase(Locale.ROOT).matches("(?s).*\\bORDER\\s+BY\\b.*");
  }

  /**
   * True when the query has no ORDER BY yet returned more than one row at least once: its order is
   * up to SQLite's plan, so the output may churn.
   */
  public boolean unorderedWithSeveralRows() {
    return returnedSeveralRows && !ordered();
  }

  /** Streams the rows to {@code consumer} without holding them. */
  public void forEach(Map<String, Object> params, Map<String, Object> row, RowConsumer consumer) {
    Object[] values = bind(params, row);
    try {
      if (core != null) {
        forEachNative(values, consumer);
      } else {
        forEachJdbc(values, consumer);
      }
    } catch (SQLException e) {
      if (work.exceeded()) {
        throw RowWork.stopped(view, name, e);
      }
      throw new QueryException(
          view, name, "failed: " + e.getMessage(), "fix the SQL or the data it reads", e);
    }
  }

  /**
   * Runs the statement as sqlite-jdbc's executeQuery and ResultSet.next do (reset, bind and first
   * step in DB.execute, then step until SQLITE_DONE, reset when done), without the ResultSet they
   * build per run, which asks SQLite for every column's name again each time.
   */
  private void forEachNative(Object[] values, RowConsumer consumer) throws SQLException {
    SafeStmtPtr ptr = core.pointer;
    DB db = core.getDatabase();
    if (labels == null) {
      // A prepared statement's columns do not change between runs: ask once.
      labels = ptr.safeRun((d, p) -> d.column_names(p));
    }
    ptr.safeRunConsume((d, p) -> d.reset(p));
    try {
      work.start();
      boolean more = db.execute(core, values);
      work.stop();
      int count = 0;
      while (more) {
        if (++count == 2) {
          returnedSeveralRows = true;
        }
        Map<String, Object> out = new LinkedHashMap<>(labels.length * 2);
        ptr.safeRunConsume((d, p) -> readRow(d, p, out));
        consumer.accept(out);
        work.start();
        int rc = ptr.safeRunInt((d, p) -> d.step(p)) & 0xFF;
        work.stop();
        if (rc == Codes.SQLITE_DONE) {
          more = false;
        } else if (rc != Codes.SQLITE_ROW) {
          db.throwex(rc);
        }
      }
    } finally {
      work.stop();
      if (!ptr.isClosed()) {
        ptr.safeRunConsume((d, p) -> d.reset(p));
      }
    }
  }

  private void forEachJdbc(Object[] values, RowConsumer consumer) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v == null) {
        statement.setNull(i + 1, Types.NULL);
      } else if (v instanceof Long l) {
        statement.setLong(i + 1, l);
      } else if (v instanceof Double d) {
        statement.setDouble(i + 1, d);
      } else {
        statement.setString(i + 1, (String) v);
      }
    }
    ResultSet opened;
    work.start();
    try {
      opened = statement.executeQuery();
    } finally {
      work.stop();
    }
    try (ResultSet rs = opened) {
      if (labels == null) {
        ResultSetMetaData md = rs.getMetaData();
        String[] names = new String[md.getColumnCount()];
        for (int i = 0; i < names.length; i++) {
          names[i] = md.getColumnLabel(i + 1);
        }
        labels = names;
      }
      int n = labels.length;
      int count = 0;
      while (next(rs)) {
        if (++count == 2) {
          returnedSeveralRows = true;
        }
        Map<String, Object> out = new LinkedHashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
          out.put(labels[i], value(rs.getObject(i + 1)));
        }
        consumer.accept(out);
      }
    }
  }

  /** {@code rs.next()}, its SQLite work bounded by {@link #work}. */
  private boolean next(ResultSet rs) throws SQLException {
    work.start();
    try {
      return rs.next();
    } finally {
      work.stop();
    }
  }

  /** All rows, for the template (used for the small per-page queries). */
  public List<Map<String, Object>> list(Map<String, Object> params, Map<String, Object> row) {
    List<Map<String, Object>> rows = new ArrayList<>();
    forEach(params, row, rows::add);
    return rows;
  }

  /** Names of the {@code :row.x} columns this query reads. */
  public Set<String> rowColumns() {
    Set<String> cols = new TreeSet<>();
    for (String p : sql.parameterNames()) {
      if (p.startsWith(ROW_PREFIX)) {
        cols.add(p.substring(ROW_PREFIX.length()));
      }
    }
    return cols;
  }

  /** The statement's parameters in order, as SQLite takes them: null, Long, Double or String. */
  private Object[] bind(Map<String, Object> params, Map<String, Object> row) {
    List<String> names = sql.parameterNames();
    Object[] values = new Object[names.size()];
    for (int i = 0; i < values.length; i++) {
      String p = names.get(i);
      Object v;
      if (p.startsWith(ROW_PREFIX)) {
        String col = p.substring(ROW_PREFIX.length());
        if (row == null || !row.containsKey(col)) {
          throw new QueryException(
              view,
              name,
              "uses :"
                  + p
                  + " but the row has no column '"
                  + col
                  + "'"
                  + (row == null ? "" : " (it has: " + String.join(", ", row.keySet()) + ")"),
              "select '" + col + "' in the view's each query",
              null);
        }
        v = row.get(col);
      } else {
        v = params.get(p);
      }
      values[i] = sqlValue(v);
    }
    return values;
  }

  private static Object sqlValue(Object v) {
    if (v == null || v instanceof String) {
      return v;
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
      return ((Number) v).longValue();
    } else if (v instanceof Number n) {
      return n.doubleValue();
    } else if (v instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    return Json.write(v);
  }

  /** The current row's values, as {@link #value} gives them for what JDBC's getObject returns. */
  private void readRow(DB db, long ptr, Map<String, Object> out) throws SQLException {
    for (int i = 0; i < labels.length; i++) {
      Object v;
      switch (db.column_type(ptr, i)) {
        case Codes.SQLITE_NULL -> v = null;
        case Codes.SQLITE_INTEGER -> v = db.column_long(ptr, i);
        case Codes.SQLITE_FLOAT -> v = db.column_double(ptr, i);
        case Codes.SQLITE_BLOB -> {
          byte[] b = db.column_blob(ptr, i);
          v = value(b == null ? new byte[0] : b);
        }
        default -> {
          // sqlite3_column_blob on a TEXT value gives its UTF-8 bytes as stored
          byte[] b = db.column_blob(ptr, i);
          v = b == null ? "" : new String(b, StandardCharsets.UTF_8);
        }
      }
      out.put(labels[i], v);
    }
  }

  private static Object value(Object v) {
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof byte[] b) {
      return "(blob, " + b.length + " bytes)";
    }
    return v;
  }

  @Override
  public void close() {
    try {
      statement.close();
    } catch (SQLException e) {
      // closing a statement we no longer need cannot lose data
    }
  }
}
