package dev.mlos.core.view;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.WeakHashMap;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;

/**
 * Bounds the work SQLite may do to find the next row of a view query: a query of mlos.yaml, a
 * pack's or a committed database's own view (a recursive {@code WITH} without an end, a cross join
 * of large tables) would otherwise run the compile, the guard in CI and the MCP server's recompile
 * for ever. Counted in SQLite's virtual machine steps, not in time, so a query passes or fails
 * alike on every machine. Armed only while a view query's step runs: mlos's own statements on the
 * same connection (the compile record) are never counted.
 */
final class RowWork extends ProgressHandler {
  /** SQLite steps between two calls of the handler. */
  static final int STEPS_PER_CALL = 1_000_000;

  /** Most SQLite steps for one row (or for the end) of a view query: some seconds of CPU. */
  static final long MAX_STEPS = 500_000_000L;

  private static final RowWork NONE = new RowWork();

  private static final Map<Connection, RowWork> BY_CONNECTION = new WeakHashMap<>();

  // Plain fields: SQLite calls progress() on the thread stepping the statement, inside the step
  // that start() and stop() surround; a volatile write per row cost the compile a fence each.
  private boolean armed;
  private boolean exceeded;
  private long calls;

  private RowWork() {}

  /** The limit of {@code connection}, set on it the first time a view query runs there. */
  static RowWork of(Connection connection) {
    synchronized (BY_CONNECTION) {
      RowWork work = BY_CONNECTION.get(connection);
      if (work == null) {
        work = new RowWork();
        try {
          if (!connection.isWrapperFor(SQLiteConnection.class)) {
            return NONE;
          }
          ProgressHandler.setHandler(
              connection.unwrap(SQLiteConnection.class), STEPS_PER_CALL, work);
        } catch (SQLException e) {
          return NONE; // not SQLite's, or closed: the query's own run says why
        }
        BY_CONNECTION.put(connection, work);
      }
      return work;
    }
  }

  /** Counts from zero the steps until the next row. */
  void start() {
    calls = 0;
    exceeded = false;
    armed = true;
  }

  /** The row (or the end) was found: nothing more is counted until the next {@link #start}. */
  void stop() {
    armed = false;
  }

  /** Whether the last step was stopped at the limit. */
  boolean exceeded() {
    return exceeded;
  }

  @Override
  protected int progress() {
    if (!armed || ++calls * STEPS_PER_CALL <= MAX_STEPS) {
      return 0;
    }
    exceeded = true;
    armed = false;
    return 1;
  }

  /** The refusal of a query stopped at the limit. */
  static QueryException stopped(String view, String query, SQLException cause) {
    return new QueryException(
        view,
        query,
        "stopped: SQLite ran "
            + String.format(java.util.Locale.ROOT, "%,d", MAX_STEPS)
            + " steps without finding the query's next row (a recursive WITH that never ends, or a"
            + " join or subquery that reads a large table once per row)",
        "give a recursive WITH an end (WHERE n < 100, or LIMIT), join and filter on indexed columns,"
            + " or LIMIT the rows; run the query in `sqlite3 <db>` with `.timer on` to see what it costs",
        cause);
  }
}
