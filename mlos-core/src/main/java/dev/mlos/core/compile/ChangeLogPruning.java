package dev.mlos.core.compile;

import dev.mlos.core.db.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps the change log ({@code mlos_changes}) from growing forever (issue 20): after a compile
 * recorded its horizon, the rows every consumer has read are deleted.
 *
 * <p>The rule: a consumer of the log is a row of {@code mlos_compile_reads} with a {@code
 * changes_through} (one per workspace compiled from this database, the guard reads the same
 * record). Rows at or below the lowest such horizon are read by no one any more and may go. A
 * consumer that keeps its horizon anywhere else (another tool reading the log) is not protected: it
 * must find out that rows it needs are gone, as {@link ChangePlan} does (the rows after its horizon
 * are not all there), and fall back to reading everything.
 *
 * <p>The work per compile is bounded and keeps pace with the changes: nothing happens until {@code
 * minRows} rows can go (the log then holds at most about that many rows more than its consumers
 * still need), and one compile deletes at most {@link #maxRows}: {@link #BASE_MAX_ROWS}, or twice
 * the changes it read when that is more. A compile after one changed row so never pays for deleting
 * a large backlog at once (a bulk import, a generated database), while one after many changes
 * deletes more than they added, so the backlog shrinks.
 *
 * <p>The log's delete guard (schema {@code mlos} V8, {@code mlos_changes_no_delete}) enforces the
 * same rule in the database: a row above the lowest horizon cannot be deleted by anyone, so a
 * hand-made delete cannot hide a change from a compile, while pruning is a plain {@code DELETE}.
 * Before V8 the guard refused every delete and pruning dropped it and every object created after
 * it, then created them again: about 0.25 s per prune at 100,000 pages, and a new schema version
 * for every other connection.
 */
final class ChangeLogPruning {
  /**
   * Rows that must be prunable before a compile prunes: a delete of a few rows per compile is not
   * worth its transaction.
   */
  static final int MIN_ROWS = 10_000;

  /** The most rows one compile deletes, unless it read more changes than half of it. */
  static final int BASE_MAX_ROWS = 20_000;

  /** The most rows a compile that read {@code changesRead} changes of the log deletes. */
  static long maxRows(long changesRead) {
    return Math.max(BASE_MAX_ROWS, 2 * changesRead);
  }

  private ChangeLogPruning() {}

  /**
   * Deletes the log rows every recorded consumer has read, when at least {@code minRows} can go (at
   * most {@code maxRows}). Call with no transaction open, after the compile's record is committed.
   *
   * @return how many rows were deleted (0 when nothing was pruned)
   */
  static long prune(Connection c, int minRows, long maxRows) throws SQLException {
    if (!ChangePlan.hasChangeLog(c) || prunable(c, maxRows) < minRows) {
      // Read first, without the write lock: most compiles find too few rows to prune, and a write
      // transaction that changes nothing still cost a compile after one change about 50 ms at
      // 100,000 pages (issue 20). The count is taken again under the lock before a delete.
      return 0;
    }
    long[] deleted = {0};
    Transaction.run(
        c,
        () -> {
          try (Statement s = c.createStatement()) {
            // A write first: the transaction holds the database's write lock from here on, so no
            // compile records a lower horizon while this one decides.
            s.executeUpdate("UPDATE mlos_compile_reads SET workspace = workspace WHERE 0");
            long through = through(c, maxRows);
            if (through < 0 || count(c, through) < Math.max(1, minRows)) {
              return;
            }
            try (PreparedStatement p =
                c.prepareStatement("DELETE FROM mlos_changes WHERE seq <= ?")) {
              p.setLong(1, through);
              deleted[0] = p.executeUpdate();
            }
          }
        });
    return deleted[0];
  }

  /** How many rows a prune would delete now. */
  private static long prunable(Connection c, long maxRows) throws SQLException {
    long through = through(c, maxRows);
    return through < 0 ? 0 : count(c, through);
  }

  /**
   * The highest sequence number a prune may delete through: the lowest horizon of the record, and
   * at most {@code maxRows} past the log's first row; -1 when there is no horizon or no row.
   */
  private static long through(Connection c, long maxRows) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT min(changes_through) FROM mlos_compile_reads),"
                    + " (SELECT min(seq) FROM mlos_changes)")) {
      if (!rs.next() || rs.getObject(1) == null || rs.getObject(2) == null) {
        return -1;
      }
      return Math.min(rs.getLong(1), rs.getLong(2) + maxRows - 1);
    }
  }

  /** The log's rows at or below {@code through}. */
  private static long count(Connection c, long through) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT count(*) FROM mlos_changes WHERE seq <= ?")) {
      p.setLong(1, through);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }
}
