package dev.mlos.core.graph;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.WorkspacePath;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One import of graph records.
 *
 * @param root the workspace root: record files and sources are recorded relative to it (for the
 *     guard), and must lie inside it
 * @param database the agentos-graph database (created by init with pack agentos-graph)
 * @param shapesDirectory the directory of shape files
 * @param sources record files ({@code .yaml}, {@code .yml}, {@code .json}) or directories to read
 *     recursively, in the order given (files of a directory in path order)
 * @param now the timestamp written as created_at / updated_at / deleted_at of what changes
 */
public record GraphImportRequest(
    Path root, Path database, Path shapesDirectory, List<Path> sources, Instant now) {
  /** Parameter ({@code params.shapes_dir} in mlos.yaml) naming the shapes directory. */
  public static final String SHAPES_DIR_PARAM = "shapes_dir";

  /** Shapes directory when {@code params.shapes_dir} is not set. */
  public static final String DEFAULT_SHAPES_DIR = "shapes";

  public GraphImportRequest {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(shapesDirectory, "shapesDirectory");
    Objects.requireNonNull(now, "now");
    sources = List.copyOf(sources);
  }

  /**
   * The request for a workspace: its database, its shapes directory ({@code params.shapes_dir},
   * default {@code shapes/}, relative to the workspace root) and {@code sources} resolved against
   * the workspace root.
   *
   * @throws dev.mlos.core.path.InvalidPathException when one of them lies outside the workspace, or
   *     a symlink on the way leads outside it
   */
  public static GraphImportRequest forWorkspace(
      WorkspaceConfig config, List<Path> sources, Instant now) {
    Object dir = config.params().get(SHAPES_DIR_PARAM);
    String written = dir == null ? DEFAULT_SHAPES_DIR : dir.toString();
    // The one path check: inside the workspace, and no symlink on the way leads out of it.
    Path shapes;
    try {
      shapes = WorkspacePath.checkedIn(config.root(), Path.of(written));
    } catch (InvalidPathException e) {
      // A setting, not a path given on the command line: name it and its fix, not a page's.
      throw new InvalidPathException(
          written,
          e.reason()
              + " (params."
              + SHAPES_DIR_PARAM
              + " in "
              + (config.configFile() == null ? "mlos.yaml" : config.configFile())
              + ")",
          "point params."
              + SHAPES_DIR_PARAM
              + " in mlos.yaml at the directory of shape files inside the workspace, or leave it"
              + " out for "
              + DEFAULT_SHAPES_DIR
              + "/"
              + (e.link() == null ? "" : "; " + e.fix()),
          e.link(),
          e.linkTarget(),
          e);
    }
    List<Path> resolved =
        sources.stream().map(p -> WorkspacePath.checkedIn(config.root(), p)).toList();
    return new GraphImportRequest(config.root(), config.database(), shapes, resolved, now);
  }
}
