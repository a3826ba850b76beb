package dev.mlos.core.guard;

import dev.mlos.core.compile.OutputRecord;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.db.PackedRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The guard's first phase: reading what the database says was compiled and registered. */
final class GuardRecords {
  private GuardRecords() {}

  /** A registered artifact with a file. */
  record ArtifactRow(long id, String filePath, String contentHash) {}

  /**
   * The compile record of this workspace; empty when the database was never compiled. It is held
   * for the whole check (100k records at N = 100k), so it is kept small: the source keys, which the
   * guard does not use, are not read (null), nor are the input hashes unless {@code inputHashes}
   * (the stale check may trust them), and the few distinct view names and compile times are shared
   * instead of one copy per record.
   */
  static List<OutputRecord> outputs(Connection c, Path db, String workspace, boolean inputHashes) {
    List<OutputRecord> records = new ArrayList<>();
    if (!tableExists(c, db, "mlos_outputs")) {
      return records;
    }
    Map<String, String> shared = new HashMap<>();
    try {
      // A few calls into SQLite instead of five to seven per record (issue 20); row by row when a
      // hand-made record holds one of the separators PackedRows parts values with.
      String[] columns =
          inputHashes
              ? new String[] {
                "path",
                "view",
                "content_hash",
                "file_hash",
                "compiled_at",
                "input_hash",
                "source_keys"
              }
              : new String[] {"path", "view", "content_hash", "file_hash", "compiled_at"};
      if (PackedRows.read(
          c,
          columns,
          "FROM mlos_outputs WHERE workspace = ?",
          "path",
          List.of(workspace),
          r ->
              records.add(
                  new OutputRecord(
                      r[0],
                      r[1] == null ? null : shared.computeIfAbsent(r[1], v -> v),
                      inputHashes ? r[6] : null,
                      r[2],
                      r[3],
                      r[4] == null ? null : shared.computeIfAbsent(r[4], t -> t),
                      inputHashes ? r[5] : null)))) {
        return records;
      }
    } catch (SQLException e) {
      throw new DatabaseException(
          db, "cannot read the compile record (table mlos_outputs): " + e.getMessage(), null, e);
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT path, view, content_hash, file_hash, compiled_at, "
                + (inputHashes ? "input_hash, source_keys" : "NULL, NULL")
                + " FROM mlos_outputs WHERE workspace = ? ORDER BY path")) {
      s.setString(1, workspace);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String view = rs.getString(2);
          String compiledAt = rs.getString(5);
          records.add(
              new OutputRecord(
                  rs.getString(1),
                  view == null ? null : shared.computeIfAbsent(view, v -> v),
                  rs.getString(7),
                  rs.getString(3),
                  rs.getString(4),
                  compiledAt == null ? null : shared.computeIfAbsent(compiledAt, t -> t),
                  rs.getString(6)));
        }
      }
    } catch (SQLException e) {
      throw new DatabaseException(
          db, "cannot read the compile record (table mlos_outputs): " + e.getMessage(), null, e);
    }
    return records;
  }

  /** The registered artifacts that name a file, by path. */
  static List<ArtifactRow> artifacts(Connection c, Path db) {
    List<ArtifactRow> rows = new ArrayList<>();
    if (!tableExists(c, db, "artifacts")) {
      return rows;
    }
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT id, file_path, content_hash FROM artifacts WHERE file_path IS NOT NULL ORDER BY file_path, id");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        rows.add(new ArtifactRow(rs.getLong(1), rs.getString(2), rs.getString(3)));
      }
    } catch (SQLException e) {
      throw new DatabaseException(db, "cannot read table artifacts: " + e.getMessage(), null, e);
    }
    return rows;
  }

  /** Whether the database has {@code table}; a schema it cannot read is a broken database. */
  static boolean tableExists(Connection c, Path db, String table) {
    try (PreparedStatement s =
        c.prepareStatement("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?")) {
      s.setString(1, table);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new DatabaseException(db, "cannot read the schema: " + e.getMessage(), null, e);
    }
  }
}
