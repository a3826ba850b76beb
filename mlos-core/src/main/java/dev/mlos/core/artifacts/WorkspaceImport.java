package dev.mlos.core.artifacts;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.graph.GraphImportRequest;
import dev.mlos.core.graph.GraphImportResult;
import dev.mlos.core.graph.GraphImporter;
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
      GraphImportResult r =
          new GraphImporter()
              .importRecords(GraphImportRequest.forWorkspace(request.config(), sources, now));
      return new Outcome(Kind.GRAPH_RECORDS, r, null);
    }
    return new Outcome(Kind.ARTIFACTS, null, new ArtifactImporter().importFiles(request));
  }
}
