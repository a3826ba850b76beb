package dev.mlos.core.compile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A summary of a workspace's compile record that the usual edits change: its rows, those with an
 * input hash, the bytes of their paths, views and source keys, and each file hash's length and
 * where its first {@code a}, {@code e}, {@code c} and {@code 7} are (with two of them, one file
 * hash copied over another went unseen about once in a thousand: ChangeLogCompileTest failed so in
 * CI). An incremental compile takes its kept pages from the last manifest instead of the record
 * only when the manifest sums to the same ({@link OutputManifest.Summing}): a row added, deleted or
 * moved by hand, input hashes dropped, or a file hash replaced (most likely) make it read the
 * record (issue 20). One pass of SQLite over the rows with no row returned: about 60 ms of CPU at
 * 100,000 pages (40 ms with two positions), against 150-450 ms to read them.
 */
final class RecordTotals {
  private RecordTotals() {}

  /** The totals of {@code workspace}'s record. */
  static String of(Connection c, String workspace) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT count(*), count(input_hash), ifnull(sum(length(CAST(path AS BLOB))), 0),"
                + " ifnull(sum(length(CAST(view AS BLOB))), 0), ifnull(sum(length(CAST(file_hash AS BLOB))"
                + " + 128 * instr(file_hash, 'a') + 16384 * instr(file_hash, 'e')"
                + " + 2097152 * instr(file_hash, 'c') + 268435456 * instr(file_hash, '7')), 0),"
                + " ifnull(sum(length(CAST(source_keys AS BLOB))), 0) FROM mlos_outputs WHERE workspace = ?")) {
      s.setString(1, workspace);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return format(
            rs.getLong(1),
            rs.getLong(2),
            rs.getLong(3),
            rs.getLong(4),
            rs.getLong(5),
            rs.getLong(6));
      }
    }
  }

  /** The totals as a text. */
  static String format(long rows, long inputs, long paths, long views, long hashes, long keys) {
    return rows + "-" + inputs + "-" + paths + "-" + views + "-" + hashes + "-" + keys;
  }
}
