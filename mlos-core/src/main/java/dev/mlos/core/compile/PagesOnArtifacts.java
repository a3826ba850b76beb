package dev.mlos.core.compile;

import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.db.SortedColumnSeek;
import dev.mlos.core.path.PathKey;
import dev.mlos.core.path.PathKeyLookup;
import dev.mlos.core.path.WorkspacePath;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The registered artifacts' files, for a compile: a page is never written over one, also not over
 * one whose path differs from the page's only in case or Unicode form ({@link PathKey}: on macOS
 * and Windows that is the same file). Overwriting it would destroy a person's work and make the
 * guard report the artifact drifted at every run after.
 *
 * <p>Asked only for pages the last compile did not record at their path (a view added, an output
 * moved, a new row): registration refuses a path the compile record names, so a recorded page
 * cannot have become an artifact since. An incremental compile thus asks for the few new pages,
 * each by a few seeks in {@code artifacts_by_file_path} ({@link PathKeyLookup}); from {@link
 * PathKeyLookup#READ_ALL_FROM} pages on, or from the first for a first compile, which asks for
 * every page, it reads every artifact path's key once instead (about 0.1 s at 100,000 artifacts,
 * where the first 1,000 pages' seeks took 0.15-0.35 s more). A database without artifacts costs one
 * query.
 */
final class PagesOnArtifacts {
  /** What a page on an artifact's file says ({@code 'x.md' is the file of artifact 3 ...}). */
  static final String ARTIFACT_FILE = "' is the file of artifact ";

  private final Connection connection;
  private final Path database;
  private final Path root;
  private final Path out;

  /** Null until the first question; false when there is no artifact with a file. */
  private Boolean any;

  private int asked;

  private SortedColumnSeek seek;

  /**
   * The key of every artifact path, once {@link PathKeyLookup#READ_ALL_FROM} pages were asked: a
   * page whose key is not among them is on no artifact's file; one whose key is is looked up by
   * seeks, which name the artifact.
   */
  private Set<String> keys;

  /**
   * @param readAll whether to read every artifact path's key at the first question: when most pages
   *     will be asked (a first compile)
   */
  PagesOnArtifacts(Connection connection, Path database, Path root, Path out, boolean readAll) {
    this.asked = readAll ? PathKeyLookup.READ_ALL_FROM : 0;
    this.connection = connection;
    this.database = database;
    this.root = root.toAbsolutePath().normalize();
    this.out = out.toAbsolutePath().normalize();
  }

  /**
   * A page on an artifact's file.
   *
   * @param what the conflict's words, naming the page and the artifact
   * @param artifactId the artifact's id, for the fix that unregisters it ({@link
   *     dev.mlos.core.Remedy#removeArtifact}), worded by each tool
   */
  record Conflict(String what, long artifactId) {}

  /**
   * The conflict of a page at {@code page} (relative to the output directory) with an artifact's
   * file, naming the artifact, or null when no artifact's path names the page's file.
   */
  Conflict conflictAt(String page) {
    try {
      if (any == null) {
        any = hasArtifacts();
      }
      if (!any) {
        return null;
      }
      String path = WorkspacePath.relative(root, out.resolve(page));
      List<String> same = sameFile(path);
      if (same.isEmpty()) {
        return null;
      }
      String stored = same.contains(path) ? path : same.get(0);
      long id = idOf(stored);
      // The way out is the exception's fix, in the words of the tool that compiled: the plugin
      // has no goal that unregisters an artifact.
      return new Conflict(
          "'"
              + page
              + ARTIFACT_FILE
              + id
              + (stored.equals(path)
                  ? ""
                  : ", registered as '"
                      + stored
                      + "' (the same file where names ignore case or Unicode form: macOS,"
                      + " Windows)")
              + ": a compile never writes over a registered artifact",
          id);
    } catch (SQLException e) {
      throw new DatabaseException(
          database, "cannot read the artifacts: " + e.getMessage(), null, e);
    }
  }

  private List<String> sameFile(String path) throws SQLException {
    if (keys == null && ++asked >= PathKeyLookup.READ_ALL_FROM) {
      keys = new HashSet<>();
      try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT DISTINCT file_path FROM artifacts WHERE file_path IS NOT NULL");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(PathKey.of(rs.getString(1)));
        }
      }
    }
    if (keys != null && !keys.contains(PathKey.of(path))) {
      return List.of();
    }
    if (seek == null) {
      // Prepared once per compile; closed with the compile's connection.
      seek = new SortedColumnSeek(connection, "artifacts", "file_path");
    }
    try {
      return PathKeyLookup.find(path, seek::next);
    } catch (SortedColumnSeek.Failed e) {
      throw e.getCause();
    }
  }

  private boolean hasArtifacts() throws SQLException {
    // Registered artifacts are the mlos schema set's: a workspace of its own views may keep a
    // table of that name with columns of its own (no file_path), which says nothing of files.
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"
                    + " AND EXISTS (SELECT 1 FROM pragma_table_info('artifacts')"
                    + " WHERE name = 'file_path')");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return false;
      }
    }
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT 1 FROM schema_migrations WHERE schema_set = 'mlos' LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return false;
      }
    }
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT 1 FROM artifacts WHERE file_path IS NOT NULL LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  private long idOf(String path) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT id FROM artifacts WHERE file_path = ? ORDER BY id LIMIT 1")) {
      ps.setString(1, path);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
