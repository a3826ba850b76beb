package dev.mlos.core.artifacts;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.db.SortedColumnSeek;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.ArtifactPlaces;
import dev.mlos.core.engine.ArtifactRegistration;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.PathKey;
import dev.mlos.core.path.PathKeyLookup;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Accept: after a person has reviewed an {@code ARTIFACT_DRIFT}, records the file's current SHA-256
 * as the artifact's {@code content_hash}. Only {@code artifacts.content_hash} is written (one
 * UPDATE per accepted row, in one transaction), so the database's triggers add the history entry
 * and bump {@code updated_at}; compiled views are never touched (views that show artifacts are then
 * {@code STALE} until the next compile).
 */
public final class ArtifactAcceptor {
  private static final Pattern ID = Pattern.compile("#?(\\d{1,18})");

  /**
   * Accepts the named artifacts, or every drifted one.
   *
   * @throws MlosException when neither names nor {@code all} are given, when both are, when a name
   *     matches no registered artifact, or when a named artifact's file does not exist
   * @throws dev.mlos.core.engine.RefusedException when a rule refuses a file (nothing is recorded)
   */
  public AcceptResult accept(AcceptRequest request) {
    if (request.names().isEmpty() && !request.all()) {
      throw new MlosException(
              "Nothing to accept: no artifact was named",
              "name the reviewed artifacts ({0}) or accept every drifted one explicitly ({1})")
          .suggesting(
              Remedy.setting("accept", "docs/boot.md,12"), Remedy.setting("accept.all", "true"));
    }
    if (!request.names().isEmpty() && request.all()) {
      throw new MlosException(
          "Both artifact names and 'all' were given",
          "name the artifacts, or accept all, not both");
    }
    if (!WorkspaceImport.hasArtifacts(request.config())) {
      // Was SQLite's "no such table: artifacts", with no fix.
      throw new MlosException(
              "The workspace "
                  + request.config().root()
                  + " is of pack '"
                  + WorkspaceImport.packName(request.config())
                  + "', which has no artifacts: accept records the hash of a reviewed artifact, a"
                  + " row of the mlos pack's artifacts table",
              "there is nothing to accept here: this pack's guard checks its compiled pages, and"
                  + " {0} writes them again")
          .suggesting(Remedy.compile());
    }
    Path root = request.config().root().toAbsolutePath().normalize();
    Database db = Database.at(request.config().database());
    List<AcceptResult.AcceptedArtifact> accepted = new ArrayList<>();
    List<AcceptResult.AcceptedArtifact> current = new ArrayList<>();
    List<AcceptResult.AcceptedArtifact> missing = new ArrayList<>();
    try (Connection c = db.open(false)) {
      Map<Long, Row> rows = new LinkedHashMap<>();
      List<String> unmatched = new ArrayList<>();
      if (request.all()) {
        select(
            c,
            "SELECT id, file_path, content_hash FROM artifacts WHERE file_path IS NOT NULL",
            null,
            rows);
      } else {
        for (String name : request.names()) {
          int before = rows.size();
          var id = ID.matcher(name);
          boolean found;
          if (id.matches()) {
            found =
                select(
                    c,
                    "SELECT id, file_path, content_hash FROM artifacts WHERE id = ?",
                    Long.parseLong(id.group(1)),
                    rows);
          } else {
            String path = WorkspaceRelative.of(root, name);
            found = select(c, BY_PATH, path, rows);
            if (!found) {
              found = selectSameFile(c, name, path, rows);
            }
          }
          if (!found && rows.size() == before) {
            unmatched.add(name);
          }
        }
      }
      for (String name : unmatched) {
        MlosException compiled = compiledFile(root, request.config().stateDirectory(), name);
        if (compiled != null) {
          throw compiled;
        }
      }
      if (!unmatched.isEmpty()) {
        throw new MlosException(
                "No registered artifact matches "
                    + String.join(", ", unmatched.stream().map(n -> "'" + n + "'").toList()),
                "name artifacts by file_path (relative to the workspace root) or id: {0} lists"
                    + " every drifted artifact with the command that accepts it")
            .suggesting(Remedy.guard());
      }
      List<Row> sorted = new ArrayList<>(rows.values());
      sorted.sort(
          Comparator.comparing((Row r) -> r.path() == null ? "" : r.path())
              .thenComparingLong(Row::id));
      for (Row r : sorted) {
        if (r.path() == null) {
          throw new MlosException(
              "Artifact " + r.id() + " has no file_path, so it has no file to accept",
              "name an artifact with a file");
        }
        Path file = WorkspaceRelative.resolve(root, r.path(), r.path());
        if (!Files.isRegularFile(file)) {
          if (request.all()) {
            missing.add(new AcceptResult.AcceptedArtifact(r.id(), r.path(), r.hash(), null));
            continue;
          }
          throw new MlosException(
                  "Artifact "
                      + r.id()
                      + " '"
                      + r.path()
                      + "' has no file to accept ("
                      + file
                      + " does not exist)",
                  "restore the file; if it was moved on purpose, record its new path with {1};"
                      + " or unregister it with {0}")
              .suggesting(
                  dev.mlos.core.Remedy.removeArtifact(r.id()),
                  dev.mlos.core.Remedy.moveArtifact(r.id()));
        }
        String now;
        try {
          now = Sha256.ofFileUnlessStopped(file);
        } catch (IOException e) {
          throw new MlosException(
              "Cannot read " + file + ": " + e.getMessage(), "check its permissions", e);
        }
        AcceptResult.AcceptedArtifact a =
            new AcceptResult.AcceptedArtifact(r.id(), r.path(), r.hash(), now);
        (now.equals(r.hash()) ? current : accepted).add(a);
      }
    } catch (SQLException e) {
      throw new DatabaseException(
          db.file(), "cannot read table artifacts: " + e.getMessage(), null, e);
    }
    return new AcceptResult(
        record(
            request.config().database(),
            ArtifactPlaces.of(root, request.config().stateDirectory()),
            accepted),
        request.all() ? List.of() : current,
        missing);
  }

  /**
   * Records the drifted artifacts' hashes through the engine (the one write path): one transaction,
   * with this goal as the actor in their history. The engine hashes each file again, so a file
   * changed since it was read above is recorded as it is now.
   */
  private static List<AcceptResult.AcceptedArtifact> record(
      Path database, ArtifactPlaces places, List<AcceptResult.AcceptedArtifact> drifted) {
    if (drifted.isEmpty()) {
      return drifted;
    }
    List<AcceptResult.AcceptedArtifact> out = new ArrayList<>();
    try (Engine engine = Engine.open(database, Actor.tool(ACTOR))) {
      List<ArtifactRegistration> done =
          engine.rehashArtifacts(
              places, drifted.stream().map(AcceptResult.AcceptedArtifact::id).toList());
      for (int i = 0; i < drifted.size(); i++) {
        AcceptResult.AcceptedArtifact a = drifted.get(i);
        out.add(
            new AcceptResult.AcceptedArtifact(
                a.id(), a.path(), a.oldHash(), done.get(i).artifact().contentHash()));
      }
    }
    // A file a rule refuses (a path that became a link, a file no longer readable) refuses the
    // whole accept as the rule's RefusedException, its fix apart, as the import does.
    return out;
  }

  /** Who the history rows of an accept name as the actor: {@code tool:mlos-accept}. */
  public static final String ACTOR = "mlos-accept";

  private record Row(long id, String path, String hash) {}

  private static final String BY_PATH =
      "SELECT id, file_path, content_hash FROM artifacts WHERE file_path = ?";

  /**
   * Selects the artifact whose path names the file {@code path} names where names ignore case or
   * Unicode form ({@link PathKey}: {@code docs/spec.md} for {@code docs/Spec.md}, as a macOS or
   * Windows user may type it), by a few seeks in {@code artifacts_by_file_path}. Two such artifacts
   * (registered before registration refused the second) are refused by name: which one was reviewed
   * is the user's to say.
   */
  private static boolean selectSameFile(Connection c, String name, String path, Map<Long, Row> into)
      throws SQLException {
    List<String> same;
    try (SortedColumnSeek seek = new SortedColumnSeek(c, "artifacts", "file_path")) {
      same = PathKeyLookup.find(path, seek::next);
    } catch (SortedColumnSeek.Failed e) {
      throw e.getCause();
    }
    Map<Long, Row> found = new LinkedHashMap<>();
    for (String stored : same) {
      select(c, BY_PATH, stored, found);
    }
    if (same.size() > 1) {
      throw new MlosException(
              MlosException.quoted(name)
                  + " names no artifact as written, and "
                  + String.join(
                      " and ",
                      found.values().stream()
                          .map(r -> "artifact " + r.id() + " " + MlosException.quoted(r.path()))
                          .toList())
                  + " name its file where names ignore case or Unicode form (macOS, Windows)",
              "name the reviewed one by its path as registered or by its id; {0} says which one"
                  + " drifted")
          .suggesting(Remedy.guard());
    }
    found.forEach(into::putIfAbsent);
    return !found.isEmpty();
  }

  /**
   * Larger files are not parsed to tell whether they are compiled: no page is that large by
   * default.
   */
  private static final long MAX_COMPILED_BYTES = 16L << 20;

  /**
   * The refusal for a name that is not an artifact but a compiled file (the usual confusion: the
   * guard said HAND_EDITED or STALE, and accept looks like the way to "accept" the file), or null.
   */
  private static MlosException compiledFile(Path root, Path stateDirectory, String name) {
    if (ID.matcher(name).matches()) {
      return null;
    }
    try {
      String rel = WorkspaceRelative.of(root, name);
      Path file = WorkspaceRelative.resolve(root, rel, name);
      if (!Files.isRegularFile(file)
          || Files.size(file) > MAX_COMPILED_BYTES
          || !(dev.mlos.core.frontmatter.CompiledFile.parse(file)
              instanceof dev.mlos.core.frontmatter.ParsedFile p)) {
        return null;
      }
      String view = p.view() == null ? "" : " (view " + MlosException.quoted(p.view()) + ")";
      return new MlosException(
              MlosException.quoted(rel)
                  + " is a compiled file"
                  + view
                  + ", not a registered artifact:"
                  + " accept records the reviewed change of a registered artifact's file",
              "a compiled file is written from the database: put the change into the database and run {0}"
                  + " (a hand edit is then replaced, and kept as a copy under "
                  + WorkspacePath.relative(root, stateDirectory.resolve("replaced"))
                  + "/)")
          .suggesting(Remedy.compile());
    } catch (MlosException | IOException e) {
      return null; // not a readable compiled file: the plain "no registered artifact matches"
      // applies
    }
  }

  private static boolean select(Connection c, String sql, Object arg, Map<Long, Row> into)
      throws SQLException {
    boolean found = false;
    try (PreparedStatement s = c.prepareStatement(sql)) {
      if (arg != null) {
        s.setObject(1, arg);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found = true;
          into.putIfAbsent(rs.getLong(1), new Row(rs.getLong(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return found;
  }
}
