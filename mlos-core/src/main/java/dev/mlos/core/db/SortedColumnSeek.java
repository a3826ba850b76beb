package dev.mlos.core.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The first value of an indexed text column at or after a bound (after it when not inclusive), one
 * index seek each: the seeks {@code PathKeyLookup} makes to find the paths that name one file where
 * names ignore case or Unicode form. Its two statements are prepared once and closed with it (or
 * with the connection). A failure of SQLite comes out as {@link Failed}, since the lookup's seek
 * cannot throw a checked exception; callers unwrap it.
 */
public final class SortedColumnSeek implements AutoCloseable {
  private final PreparedStatement from;
  private final PreparedStatement after;

  /**
   * Seeks in {@code table}'s {@code column}; both are the caller's constants, never a user's text.
   */
  public SortedColumnSeek(Connection connection, String table, String column) throws SQLException {
    String select = "SELECT " + column + " FROM " + table + " WHERE " + column;
    String order = " ? ORDER BY " + column + " LIMIT 1";
    this.from = connection.prepareStatement(select + " >=" + order);
    try {
      this.after = connection.prepareStatement(select + " >" + order);
    } catch (SQLException e) {
      from.close();
      throw e;
    }
  }

  /** The first value at or after {@code bound} (after it when not {@code inclusive}), if any. */
  public Optional<String> next(String bound, boolean inclusive) {
    try {
      PreparedStatement ps = inclusive ? from : after;
      ps.setString(1, bound);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new Failed(e);
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      from.close();
    } finally {
      after.close();
    }
  }

  /** SQLite failed a seek: {@link #getCause()} is its exception. */
  public static final class Failed extends RuntimeException {
    private final SQLException cause;

    Failed(SQLException cause) {
      super(cause);
      this.cause = cause;
    }

    @Override
    public synchronized SQLException getCause() {
      return cause;
    }
  }
}
