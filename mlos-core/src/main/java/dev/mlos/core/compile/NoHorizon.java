package dev.mlos.core.compile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Why a compile record gives an incremental compile or the guard's stale check no change horizon
 * ({@link ChangePlan}): each cause said as it is, since the fresh clone's words ("a database
 * rebuilt from the text form") were said for every one.
 */
final class NoHorizon {
  private NoHorizon() {}

  /** No row records a compile of the workspace in this database. */
  static final String NO_COMPILE_RECORDED =
      "no change horizon to start from: no compile of this workspace is recorded in this database"
          + " yet";

  /**
   * The text form keeps the record's view seeds but not its horizon ({@code TableShape}), so a
   * database rebuilt from it has a record without one.
   */
  static final String REBUILT_FROM_TEXT =
      "no change horizon to start from: the text form keeps none, so a database rebuilt from it,"
          + " as on a fresh clone, has none until its next compile";

  /**
   * A record without view seeds was written by an mlos from before the horizon (schema
   * mlos-compiler V4 added the columns to its rows, empty), or rebuilt from such a record.
   */
  static final String OLDER_MLOS =
      "no change horizon to start from: the last compile was recorded by an older mlos, which kept"
          + " none; the next compile records one";

  /** A record with its schema version but no horizon: that compile found no change log. */
  static final String NO_LOG_THEN =
      "no change horizon to start from: the database kept no change log (mlos_changes) when the"
          + " last compile ran";

  /**
   * Why the workspace's compile record ({@link ChangePlan#recorded}) gave no horizon, told from
   * what the record holds: no row at all; a row an older mlos wrote (no view seeds); a row the text
   * form rebuilt (view seeds, neither horizon nor schema version: {@code TableShape} drops both);
   * or a row of a compile that found no change log (its schema version, no horizon).
   */
  static String why(Connection c, String workspace) {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT view_seeds, schema_version FROM mlos_compile_reads WHERE workspace = ?")) {
      s.setString(1, workspace);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return NO_COMPILE_RECORDED;
        }
        if (rs.getString(1) == null) {
          return OLDER_MLOS;
        }
        return rs.getObject(2) == null ? REBUILT_FROM_TEXT : NO_LOG_THEN;
      }
    } catch (SQLException e) {
      // Only the words depend on it: the compile or the guard goes on without a plan either way.
      return "no change horizon to start from: the compile record keeps none (rebuilt from the"
          + " text form, which keeps none, or written by an older mlos)";
    }
  }
}
