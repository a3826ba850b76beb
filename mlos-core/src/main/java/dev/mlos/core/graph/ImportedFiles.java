package dev.mlos.core.graph;

import dev.mlos.core.MlosException;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.WorkspacePath;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What graph imports read, kept for the guard (agentos-graph V4): each source an import was given
 * ({@value #SOURCES_TABLE}) and each record file it read with the SHA-256 of its bytes ({@value
 * #FILES_TABLE}), paths relative to the workspace root. The guard reports a recorded file whose
 * bytes changed or that is gone, and a record file under a recorded directory that no import read.
 *
 * <p>An import of a directory forgets the files recorded under it that it did not read (they are
 * gone); an import of a source that no longer exists but is recorded forgets it (and what was read
 * from it) instead of refusing, so the guard's fix for a deleted file always works. The records
 * such a file held stay in the graph, since an import never deletes a node: each forgotten file is
 * a warning that says so. Rows change only when what was read changes, so importing the same files
 * again writes nothing.
 */
public final class ImportedFiles {
  /** The sources imports were given: {@code path}, {@code kind}, {@code imported_at}. */
  public static final String SOURCES_TABLE = "graph_import_sources";

  /** The record files imports read: {@code path}, {@code source}, {@code sha256}, ... */
  public static final String FILES_TABLE = "graph_import_files";

  /** The source that names the workspace root itself. */
  public static final String ROOT = ".";

  /** At most this many forgotten files are named one by one in an import's warnings. */
  static final int NAMED_WARNINGS = 20;

  private ImportedFiles() {}

  /** What a source an import was given is on disk. */
  enum Kind {
    DIRECTORY,
    FILE,
    /** Nothing: refused unless a former import recorded it (then it is forgotten). */
    MISSING
  }

  /** A source an import was given: its path relative to the workspace root, and what it is. */
  record Source(String path, Kind kind) {}

  /** A record file read: its path relative to the workspace root, its source, its SHA-256. */
  record ReadFile(String path, String source, String sha256) {}

  /**
   * {@code file} (absolute, inside {@code root}) relative to {@code root}, '/'-separated; {@value
   * #ROOT} for the root itself.
   *
   * @throws MlosException when it is no valid workspace path (too long, a control character), so
   *     the guard could not name or check it
   */
  static String relative(Path root, Path file) {
    String rel = WorkspacePath.relative(root, file);
    if (rel.isEmpty()) {
      return ROOT;
    }
    try {
      return WorkspacePath.of(rel).value();
    } catch (InvalidPathException e) {
      throw new MlosException(
          "Record file or directory '"
              + rel
              + "' cannot be imported: its path "
              + e.reason()
              + ", so the guard could not check it after the import",
          "rename it: at most "
              + WorkspacePath.MAX_LENGTH
              + " characters from the workspace root, without control characters or backslashes",
          e);
    }
  }

  /** True when {@code path} is {@code source} or lies under it. */
  public static boolean isUnder(String path, String source) {
    return source.equals(ROOT) || path.equals(source) || path.startsWith(source + "/");
  }

  /**
   * Records what one import read, in the caller's transaction on {@code c}: refuses a missing
   * source no import recorded, forgets missing sources that were recorded and the files an imported
   * directory no longer holds, and records the sources and the files read.
   *
   * @param root the workspace root: a recorded file under an imported directory that the walk did
   *     not read but that is still there (imported as a source of its own from a directory the walk
   *     passes over, such as {@code data/.drafts/}) keeps its row; only a file that is gone is
   *     forgotten
   * @param now the import's timestamp, written on rows that change
   * @return a warning for each file forgotten (the first {@value #NAMED_WARNINGS} by name)
   * @throws MlosException when a source does not exist and no import recorded it
   */
  static List<ImportWarning> record(
      Connection c, Path root, List<Source> sources, List<ReadFile> read, String now)
      throws SQLException {
    List<String> forgotten = new ArrayList<>();
    Set<String> readPaths = new HashSet<>();
    read.forEach(f -> readPaths.add(f.path()));
    for (Source s : sources) {
      if (s.kind() == Kind.MISSING && !recorded(c, s.path())) {
        throw new MlosException(
            "Record source " + s.path() + " does not exist",
            "point the import at existing record files or directories");
      }
    }
    for (Source s : sources) {
      if (s.kind() == Kind.MISSING) {
        // Gone, and an earlier import read it: the guard's fix for its files is this import.
        forgotten.addAll(filesUnder(c, s.path(), Set.of()));
        delete(c, "DELETE FROM " + FILES_TABLE + " WHERE " + under("path"), s.path());
        delete(c, "DELETE FROM " + SOURCES_TABLE + " WHERE " + under("path"), s.path());
        continue;
      }
      if (s.kind() == Kind.DIRECTORY) {
        // What the import did not read under the directory and is not there any more is gone.
        List<String> gone = new ArrayList<>();
        for (String path : filesUnder(c, s.path(), readPaths)) {
          if (!present(root, path)) {
            gone.add(path);
          }
        }
        for (String path : gone) {
          delete(c, "DELETE FROM " + FILES_TABLE + " WHERE path = ?1", path);
        }
        forgotten.addAll(gone);
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO "
                  + SOURCES_TABLE
                  + " (path, kind, imported_at) VALUES (?1, ?2, ?3) ON CONFLICT (path) DO UPDATE"
                  + " SET kind = excluded.kind, imported_at = excluded.imported_at"
                  + " WHERE kind IS NOT excluded.kind")) {
        p.setString(1, s.path());
        p.setString(2, s.kind() == Kind.DIRECTORY ? "directory" : "file");
        p.setString(3, now);
        p.executeUpdate();
      }
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO "
                + FILES_TABLE
                + " (path, source, sha256, imported_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (path)"
                + " DO UPDATE SET source = excluded.source, sha256 = excluded.sha256,"
                + " imported_at = excluded.imported_at"
                + " WHERE source IS NOT excluded.source OR sha256 IS NOT excluded.sha256")) {
      for (ReadFile f : read) {
        p.setString(1, f.path());
        p.setString(2, f.source());
        p.setString(3, f.sha256());
        p.setString(4, now);
        p.executeUpdate();
      }
    }
    return warnings(forgotten);
  }

  private static List<ImportWarning> warnings(List<String> forgotten) {
    List<ImportWarning> out = new ArrayList<>();
    forgotten.sort(null);
    for (int i = 0; i < forgotten.size() && i < NAMED_WARNINGS; i++) {
      out.add(
          new ImportWarning(
              forgotten.get(i),
              "an earlier import read this file and it is gone: the guard no longer checks it, and"
                  + " the records it held stay in the graph (an import never deletes a node)"));
    }
    if (forgotten.size() > NAMED_WARNINGS) {
      out.add(
          new ImportWarning(
              "(" + (forgotten.size() - NAMED_WARNINGS) + " more files)",
              "also imported before and gone, as the files above",
              forgotten.size() - NAMED_WARNINGS));
    }
    return out;
  }

  /**
   * Whether the recorded {@code path} is still there (a link counts, without being followed: the
   * guard reports one that leads out). A path no workspace path can be is not.
   */
  private static boolean present(Path root, String path) {
    try {
      return Files.exists(root.resolve(WorkspacePath.of(path).value()), LinkOption.NOFOLLOW_LINKS);
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** SQL true when {@code column} is the source {@code ?1} or lies under it. */
  private static String under(String column) {
    return "(?1 = '"
        + ROOT
        + "' OR "
        + column
        + " = ?1 OR substr("
        + column
        + ", 1, length(?1) + 1) = ?1 || '/')";
  }

  /**
   * True when an earlier import recorded {@code path} as a source, as a file, or files under it.
   */
  private static boolean recorded(Connection c, String path) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM "
                + SOURCES_TABLE
                + " WHERE "
                + under("path")
                + ") OR EXISTS (SELECT 1 FROM "
                + FILES_TABLE
                + " WHERE "
                + under("path")
                + ")")) {
      p.setString(1, path);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() && rs.getInt(1) == 1;
      }
    }
  }

  /** The recorded files under {@code source} that are not in {@code except}, in path order. */
  private static List<String> filesUnder(Connection c, String source, Set<String> except)
      throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT path FROM " + FILES_TABLE + " WHERE " + under("path") + " ORDER BY path")) {
      p.setString(1, source);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          if (!except.contains(rs.getString(1))) {
            out.add(rs.getString(1));
          }
        }
      }
    }
    return out;
  }

  private static void delete(Connection c, String sql, String value) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, value);
      p.executeUpdate();
    }
  }
}
