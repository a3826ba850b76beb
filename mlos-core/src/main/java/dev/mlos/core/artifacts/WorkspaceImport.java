package dev.mlos.core.artifacts;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.engine.RefusedException;
import dev.mlos.core.graph.GraphImportRequest;
import dev.mlos.core.graph.GraphImportResult;
import dev.mlos.core.graph.GraphImporter;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.WorkspacePath;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The import operation of a workspace (import): files go to the importer the workspace's schema
 * calls for. A workspace with the {@value GraphImporter#SCHEMA_SET} schema (the {@code
 * agentos-graph} pack) imports records into its graph; any other registers the files as artifacts.
 * The adapter only words the outcome.
 */
public final class WorkspaceImport {
  /** Which importer a workspace's files go to. */
  public enum Kind {
    /**
     * Record files (YAML or JSON naming their {@code _shape}) into the graph: {@link
     * GraphImporter}.
     */
    GRAPH_RECORDS,
    /** Files registered as artifacts with their SHA-256: {@link ArtifactImporter}. */
    ARTIFACTS
  }

  /**
   * What one import did: exactly one of the two results is set, the one of {@link #kind}.
   *
   * @param kind the importer used
   * @param records the graph import's result, or null
   * @param artifacts the artifact import's result, or null
   */
  public record Outcome(Kind kind, GraphImportResult records, ImportResult artifacts) {
    public Outcome {
      Objects.requireNonNull(kind, "kind");
      if ((kind == Kind.GRAPH_RECORDS) != (records != null)
          || (kind == Kind.ARTIFACTS) != (artifacts != null)) {
        throw new IllegalArgumentException("an outcome holds exactly the result of its kind");
      }
    }
  }

  private WorkspaceImport() {}

  /** The importer {@code config}'s files go to. */
  public static Kind kindOf(WorkspaceConfig config) {
    return config.schemas().contains(GraphImporter.SCHEMA_SET)
        ? Kind.GRAPH_RECORDS
        : Kind.ARTIFACTS;
  }

  /**
   * Imports {@code request}'s paths with the importer of its workspace ({@link #kindOf}). The
   * artifact type, when given, applies to artifacts only.
   *
   * @param now the time graph records are stamped with
   * @throws MlosException when no path is given, or as the importer refuses (see {@link
   *     ArtifactImporter#importFiles}, {@link GraphImporter#importRecords})
   */
  public static Outcome run(ImportRequest request, Instant now) {
    if (request.paths().isEmpty()) {
      throw new MlosException(
              "Nothing to import: no paths given.",
              "name files, directories or glob patterns relative to the workspace, e.g. {0}")
          .suggesting(Remedy.setting("import", "docs/**/*.md,src/**"));
    }
    if (kindOf(request.config()) == Kind.GRAPH_RECORDS) {
      if (request.artifactType() != null) {
        // Was ignored: the user believed the files were typed as asked.
        throw new MlosException(
            "An artifact type ("
                + request.artifactType().dbValue()
                + ") was given, but this workspace's pack imports graph records, not artifacts: a"
                + " record's shape comes from its file ('_shape').",
            "leave the artifact type out");
      }
      List<Path> sources = request.paths().stream().map(Path::of).toList();
      refuseOutside(request.config().root(), request.paths());
      GraphImportResult r =
          new GraphImporter()
              .importRecords(GraphImportRequest.forWorkspace(request.config(), sources, now));
      return new Outcome(Kind.GRAPH_RECORDS, r, null);
    }
    refuseWithoutArtifacts(request.config());
    return new Outcome(Kind.ARTIFACTS, null, new ArtifactImporter().importFiles(request));
  }

  /** Whether {@code config}'s pack has the artifacts table (the mlos schema). */
  static boolean hasArtifacts(WorkspaceConfig config) {
    return config.schemas().contains(ARTIFACT_SCHEMA_SET);
  }

  /** The name of {@code config}'s pack, {@code none} for none. */
  static String packName(WorkspaceConfig config) {
    return config.pack() == null ? "none" : config.pack().name();
  }

  /** The schema set that holds the artifacts table. */
  private static final String ARTIFACT_SCHEMA_SET = dev.mlos.core.init.Initializer.DEFAULT_SET;

  /**
   * A workspace whose pack has neither the graph nor the mlos schema (runtime-memory, or {@code
   * pack: none}) has nowhere to put what it imports. The artifact importer would open its database
   * and call it "not an mlos database", with the fix to run init, which changes nothing there.
   */
  private static void refuseWithoutArtifacts(WorkspaceConfig config) {
    if (hasArtifacts(config)) {
      return;
    }
    String pack = packName(config);
    throw new MlosException(
            "The workspace "
                + config.root()
                + " is of pack '"
                + pack
                + "', which imports nothing: an import registers files as artifacts (pack mlos)"
                + " or records into a graph (pack agentos-graph), and this pack's database has"
                + " neither",
            "write this pack's rows with SQL (the sqlite3 shell, or the application that records"
                + " them), then {0} writes its views; to register files as artifacts, use a"
                + " workspace of pack mlos")
        .suggesting(Remedy.compile());
  }

  /** The rule of a graph import's paths: each source a file or directory inside the workspace. */
  public static final String GRAPH_PATH_RULE = "graph.path";

  /** The fix for a record source that is not a path inside the workspace. */
  static final String GRAPH_INSIDE_FIX =
      "name the record files or directories by their paths relative to the workspace root, inside"
          + " it (data, or data/people.yaml); a file outside the workspace is not imported (copy it"
          + " in first)";

  /**
   * Refuses a record source outside the workspace (or reached through a link leading out of it) by
   * the graph import's path rule, as the artifact import refuses one ({@code artifact.path}): a
   * path the user typed, not a broken setup. The shapes directory, a setting, stays a broken one.
   */
  private static void refuseOutside(Path workspaceRoot, List<String> paths) {
    Path root = workspaceRoot.toAbsolutePath().normalize();
    for (String p : paths) {
      try {
        WorkspacePath.checkedIn(root, Path.of(p));
      } catch (InvalidPathException e) {
        boolean outside = !root.resolve(p).toAbsolutePath().normalize().startsWith(root);
        throw new RefusedException(
            GRAPH_PATH_RULE,
            RefusedException.quoted(p)
                + (outside
                    ? " is outside the workspace " + root
                    : " is not a path inside the workspace " + root + ": " + e.getMessage()),
            List.of(),
            null,
            GRAPH_INSIDE_FIX);
      }
    }
  }
}
