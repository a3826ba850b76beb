package dev.mlos.core.engine;

import dev.mlos.core.path.PathKeyLookup;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@code artifacts} table, for {@link SqliteStateStore}. */
final class SqliteArtifacts {
  private static final String ARTIFACT_COLUMNS =
      "id, title, description, file_path, artifact_type, content_hash, "
          + "source_transcript, created_at, updated_at";

  private final SqliteTransactions db;

  SqliteArtifacts(SqliteTransactions db) {
    this.db = db;
  }

  private static Artifact artifact(ResultSet rs) throws SQLException {
    return new Artifact(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9));
  }

  long insertArtifact(ArtifactSpec spec, String hash) {
    return db.insert(
        "INSERT INTO artifacts (title, description, file_path, artifact_type, content_hash, source_transcript) "
            + "VALUES (?, ?, ?, ?, ?, ?)",
        ps -> {
          ps.setString(1, spec.title());
          ps.setString(2, spec.description());
          ps.setString(3, spec.filePath());
          ps.setString(4, spec.type());
          ps.setString(5, hash);
          ps.setString(6, spec.sourceTranscript());
        });
  }

  Optional<Artifact> artifact(long id) {
    return db.one(
        "SELECT " + ARTIFACT_COLUMNS + " FROM artifacts WHERE id = ?",
        ps -> ps.setLong(1, id),
        SqliteArtifacts::artifact);
  }

  Optional<Artifact> artifactByPath(String filePath) {
    return db.one(
        "SELECT " + ARTIFACT_COLUMNS + " FROM artifacts WHERE file_path = ? ORDER BY id LIMIT 1",
        ps -> ps.setString(1, filePath),
        SqliteArtifacts::artifact);
  }

  /**
   * For each of {@code filePaths} that no artifact has, the artifact (of the lowest path, then id)
   * whose path names its file where names ignore case or Unicode form ({@link
   * dev.mlos.core.path.PathKey}): a few seeks in {@code artifacts_by_file_path} per path, however
   * many artifacts there are, or one read of them all for a long list.
   */
  java.util.Map<String, Artifact> artifactsOfSameFile(List<String> filePaths) {
    java.util.Map<String, List<String>> stored =
        PathKeyLookup.findAll(
            filePaths,
            (bound, inclusive) ->
                db.one(
                    inclusive
                        ? "SELECT file_path FROM artifacts WHERE file_path >= ? ORDER BY file_path LIMIT 1"
                        : "SELECT file_path FROM artifacts WHERE file_path > ? ORDER BY file_path LIMIT 1",
                    ps -> ps.setString(1, bound),
                    rs -> rs.getString(1)),
            () ->
                db.list(
                    "SELECT DISTINCT file_path FROM artifacts WHERE file_path IS NOT NULL"
                        + " ORDER BY file_path",
                    ps -> {},
                    rs -> rs.getString(1)));
    java.util.Map<String, Artifact> out = new java.util.LinkedHashMap<>();
    for (String path : filePaths) {
      List<String> same = stored.get(path);
      if (!same.isEmpty() && !same.contains(path)) {
        artifactByPath(same.get(0)).ifPresent(a -> out.put(path, a));
      }
    }
    return out;
  }

  java.util.Map<String, List<String>> compiledAs(List<String> filePaths) {
    // The compile record is the mlos-compiler schema's: a database never compiled may lack it.
    if (db.one(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'mlos_outputs'",
            ps -> {},
            rs -> 1)
        .isEmpty()) {
      return java.util.Map.of();
    }
    // The record's key is (workspace, path): the few workspaces first, one index seek each, then
    // per path and workspace the recorded paths that name its file where names ignore case or
    // Unicode form, by a few seeks in that key (one read of the workspace's record for a long
    // list). A lookup by path alone would scan every page's row, for every file of an import.
    List<String> workspaces = new java.util.ArrayList<>();
    for (Optional<String> w = next(""); w.isPresent(); w = next(w.get())) {
      workspaces.add(w.get());
    }
    java.util.Map<String, List<String>> compiled = new java.util.LinkedHashMap<>();
    List<java.util.Map<String, List<String>>> recordedAs = new java.util.ArrayList<>();
    for (String workspace : workspaces) {
      recordedAs.add(recordedAs(workspace, filePaths));
    }
    for (String path : filePaths) {
      for (int w = 0; w < workspaces.size(); w++) {
        String workspace = workspaces.get(w);
        for (String recorded : recordedAs.get(w).get(path)) {
          db.one(
                  "SELECT view FROM mlos_outputs WHERE workspace = ? AND path = ?",
                  ps -> {
                    ps.setString(1, workspace);
                    ps.setString(2, recorded);
                  },
                  rs -> rs.getString(1))
              .ifPresent(
                  view ->
                      compiled
                          .computeIfAbsent(path, p -> new java.util.ArrayList<>())
                          .add(
                              "view "
                                  + RefusedException.quoted(view)
                                  + " of workspace "
                                  + RefusedException.quoted(workspace)
                                  + (recorded.equals(path)
                                      ? ""
                                      : ", written as "
                                          + RefusedException.quoted(recorded)
                                          + ", the same file where names ignore case or"
                                          + " Unicode form (macOS, Windows)")));
        }
      }
    }
    return compiled;
  }

  /**
   * For each of {@code paths}, the paths of {@code workspace}'s compile record with its PathKey.
   */
  private java.util.Map<String, List<String>> recordedAs(String workspace, List<String> paths) {
    return PathKeyLookup.findAll(
        paths,
        (bound, inclusive) ->
            db.one(
                inclusive
                    ? "SELECT path FROM mlos_outputs WHERE workspace = ? AND path >= ? ORDER BY path LIMIT 1"
                    : "SELECT path FROM mlos_outputs WHERE workspace = ? AND path > ? ORDER BY path LIMIT 1",
                ps -> {
                  ps.setString(1, workspace);
                  ps.setString(2, bound);
                },
                rs -> rs.getString(1)),
        () ->
            db.list(
                "SELECT path FROM mlos_outputs WHERE workspace = ? ORDER BY path",
                ps -> ps.setString(1, workspace),
                rs -> rs.getString(1)));
  }

  /** The compile record's first workspace after {@code workspace}, by one index seek. */
  private Optional<String> next(String workspace) {
    return db.one(
        "SELECT workspace FROM mlos_outputs WHERE workspace > ? ORDER BY workspace LIMIT 1",
        ps -> ps.setString(1, workspace),
        rs -> rs.getString(1));
  }

  void updateArtifact(Artifact a) {
    db.update(
        "UPDATE artifacts SET title = ?, description = ?, artifact_type = ?, content_hash = ?, source_transcript = ? "
            + "WHERE id = ?",
        ps -> {
          ps.setString(1, a.title());
          ps.setString(2, a.description());
          ps.setString(3, a.type());
          ps.setString(4, a.contentHash());
          ps.setString(5, a.sourceTranscript());
          ps.setLong(6, a.id());
        });
  }

  void moveArtifact(long id, String filePath, String contentHash) {
    db.update(
        "UPDATE artifacts SET file_path = ?, content_hash = ? WHERE id = ?",
        ps -> {
          ps.setString(1, filePath);
          ps.setString(2, contentHash);
          ps.setLong(3, id);
        });
  }

  void deleteArtifact(long id) {
    db.update("DELETE FROM artifacts WHERE id = ?", ps -> ps.setLong(1, id));
  }
}
