package dev.mlos.core.compile;

import dev.mlos.core.db.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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
 * deletes more than they added, so the backlog shrinks. The log refuses deletes (a trigger of
 * schema {@code mlos} V5, so that a hand-made delete cannot hide a change from a compile): pruning
 * drops that trigger, deletes, and creates it again with the same text, in one transaction. The
 * triggers, indexes and views created after it are dropped and created again in their order too, so
 * the schema lists every object in the same order as before (the database's text form does not
 * change). Because the schema's version moves, the compile records that held the version as it was
 * get the new one in the same transaction: the next compile still trusts them.
 */
final class ChangeLogPruning {
  /** Rows that must be prunable before a compile prunes (the schema objects are re-created). */
  static final int MIN_ROWS = 10_000;

  /** The most rows one compile deletes, unless it read more changes than half of it. */
  static final int BASE_MAX_ROWS = 20_000;

  /** The most rows a compile that read {@code changesRead} changes of the log deletes. */
  static long maxRows(long changesRead) {
    return Math.max(BASE_MAX_ROWS, 2 * changesRead);
  }

  private static final String GUARD_TRIGGER = "mlos_changes_no_delete";

  private ChangeLogPruning() {}

  /**
   * Deletes the log rows every recorded consumer has read, when at least {@code minRows} can go (at
   * most {@code maxRows}). Call with no transaction open, after the compile's record is committed.
   *
   * @return how many rows were deleted (0 when nothing was pruned)
   */
  static long prune(Connection c, int minRows, long maxRows) throws SQLException {
    if (!ChangePlan.hasChangeLog(c)) {
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
            long horizon;
            long lowest;
            try (ResultSet rs =
                s.executeQuery(
                    "SELECT (SELECT min(changes_through) FROM mlos_compile_reads),"
                        + " (SELECT min(seq) FROM mlos_changes)")) {
              if (!rs.next() || rs.getObject(1) == null || rs.getObject(2) == null) {
                return;
              }
              horizon = rs.getLong(1);
              lowest = rs.getLong(2);
            }
            long through = Math.min(horizon, lowest + maxRows - 1);
            long prunable;
            try (PreparedStatement p =
                c.prepareStatement("SELECT count(*) FROM mlos_changes WHERE seq <= ?")) {
              p.setLong(1, through);
              try (ResultSet rs = p.executeQuery()) {
                prunable = rs.next() ? rs.getLong(1) : 0;
              }
            }
            if (prunable == 0 || prunable < minRows) {
              return;
            }
            long versionBefore = schemaVersion(s);
            List<String[]> recreate = objectsFromGuardTrigger(s);
            for (int i = recreate.size() - 1; i >= 0; i--) {
              s.execute("DROP " + recreate.get(i)[0] + " " + quoted(recreate.get(i)[1]));
            }
            try (PreparedStatement p =
                c.prepareStatement("DELETE FROM mlos_changes WHERE seq <= ?")) {
              p.setLong(1, through);
              deleted[0] = p.executeUpdate();
            }
            for (String[] o : recreate) {
              s.execute(o[2]);
            }
            long versionAfter = schemaVersion(s);
            try (PreparedStatement p =
                c.prepareStatement(
                    "UPDATE mlos_compile_reads SET schema_version = ? WHERE schema_version = ?")) {
              p.setLong(1, versionAfter);
              p.setLong(2, versionBefore);
              p.executeUpdate();
            }
          }
        });
    return deleted[0];
  }

  /**
   * The delete guard of the log and every index, trigger and view created after it, in the order
   * the schema lists them: type, name and the statement that creates it. Empty when the log has no
   * delete guard (then nothing need be re-created).
   */
  private static List<String[]> objectsFromGuardTrigger(Statement s) throws SQLException {
    List<String[]> objects = new ArrayList<>();
    try (ResultSet rs =
        s.executeQuery(
            "SELECT type, name, sql FROM main.sqlite_schema WHERE sql IS NOT NULL"
                + " AND type IN ('index', 'trigger', 'view')"
                + " AND rowid >= (SELECT rowid FROM main.sqlite_schema WHERE type = 'trigger' AND name = '"
                + GUARD_TRIGGER
                + "') ORDER BY rowid")) {
      while (rs.next()) {
        objects.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
      }
    }
    return objects;
  }

  private static long schemaVersion(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("PRAGMA schema_version")) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  private static String quoted(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
