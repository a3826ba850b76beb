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
