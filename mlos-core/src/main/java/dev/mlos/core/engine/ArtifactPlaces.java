package dev.mlos.core.engine;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.path.WorkspacePath;
import java.nio.file.Path;

/**
 * Where an artifact's path is checked: the workspace root it is relative to, and mlos's state
 * directory, in which no file may be an artifact (mlos rewrites what it keeps there). An adapter
 * that has the workspace's configuration passes its state directory ({@link #of(Path, Path)} with
 * {@code config.stateDirectory()}), so a directory set with the Maven plugin's build directory is
 * refused as {@code target/mlos} is.
 *
 * @param root the workspace root
 * @param stateDirectory mlos's state directory, inside {@code root}
 */
public record ArtifactPlaces(Path root, Path stateDirectory) {
  public ArtifactPlaces {
    if (root == null) {
      throw new IllegalArgumentException("root is required");
    }
    root = root.toAbsolutePath().normalize();
    stateDirectory =
        stateDirectory == null
            ? root.resolve(WorkspaceConfig.DEFAULT_STATE_DIRECTORY)
            : root.resolve(stateDirectory).toAbsolutePath().normalize();
  }

  /** The workspace at {@code root} with its state directory at {@code stateDirectory}. */
  public static ArtifactPlaces of(Path root, Path stateDirectory) {
    return new ArtifactPlaces(root, stateDirectory);
  }

  /** The workspace at {@code root} with the default state directory ({@code target/mlos}). */
  public static ArtifactPlaces defaults(Path root) {
    return new ArtifactPlaces(root, null);
  }

  /** The state directory relative to the root, with '/' separators, for messages. */
  String stateName() {
    return stateDirectory.startsWith(root)
        ? WorkspacePath.relative(root, stateDirectory)
        : stateDirectory.toString();
  }
}
