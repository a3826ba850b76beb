package dev.mlos.core.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One transaction on a JDBC connection, committed when the work returns and rolled back when it
 * throws.
 */
public final class Transaction {
  /** Work against a connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws SQLException;
  }

  /** As {@link Work}, without a result. */
  @FunctionalInterface
  public interface VoidWork {
    void run() throws SQLException;
  }

  private Transaction() {}

  /**
   * Runs {@code work} in one transaction. Inside a transaction already open on {@code connection}
   * it simply joins it (the outer one commits or rolls back). A failed rollback is attached to the
   * original failure as suppressed, which is then thrown as it was.
   */
  public static <T> T run(Connection connection, Work<T> work) throws SQLException {
    if (!connection.getAutoCommit()) {
      return work.run();
    }
    connection.setAutoCommit(false);
    try {
      T result = work.run();
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        connection.rollback();
      } catch (SQLException rollbackFailed) {
        e.addSuppressed(rollbackFailed);
      }
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /**
   * Runs {@code work} in one transaction that takes the write lock at its start ({@code BEGIN
   * IMMEDIATE}, waiting out the connection's busy timeout), on a connection in auto-commit mode: a
   * writer that reads first then waits its turn beside another writer, where a deferred transaction
   * failed at once ("database is locked") when its read had to become a write. Committed when the
   * work returns, rolled back when it throws (a failed rollback attached as suppressed).
   */
  public static <T> T immediate(Connection connection, Work<T> work) throws SQLException {
    try (java.sql.Statement s = connection.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      try {
        T result = work.run();
        s.execute("COMMIT");
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        try {
          s.execute("ROLLBACK");
        } catch (SQLException rollbackFailed) {
          e.addSuppressed(rollbackFailed);
        }
        throw e;
      }
    }
  }

  /** As {@link #run(Connection, Work)} for work without a result. */
  public static void run(Connection connection, VoidWork work) throws SQLException {
    run(
        connection,
        () -> {
          work.run();
          return null;
        });
  }
}
