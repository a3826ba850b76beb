package dev.mlos.core.compile;

import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.view.OutputPattern;
import java.nio.file.Path;

/**
 * The places a compile, a clean or a guard reads and writes besides the pages themselves, checked
 * with the one path check ({@link WorkspacePath#checkedIn}) before anything is read or written: the
 * output directory, the fixed directory of each view's output pattern, and {@code target/mlos/}
 * where mlos keeps its own records. Each page is then checked against the output directory as it is
 * written ({@link WorkspacePath#locateIn}), and kept off the database's files and {@code .git} by
 * {@link dev.mlos.core.path.ReservedPlaces} as its path is reserved ({@code PageWriter}): those
 * places depend on the database, which a path relative to the workspace knows nothing of. A fixed
 * output there is refused earlier, when the configuration loads.
 */
public final class WritePlaces {
  private WritePlaces() {}

  /**
   * The output directory, absolute and normalized, after checking that it lies inside the workspace
   * and that no symlink on the way to it leads outside.
   *
   * @throws InvalidPathException naming the directory, the symlink and its target
   */
  public static Path outputDirectory(WorkspaceConfig config) {
    try {
      return WorkspacePath.checkedIn(config.root(), config.outputDirectory());
    } catch (InvalidPathException e) {
      throw refused("the output directory", e);
    }
  }

  /**
   * Checks every place a compile writes to before it writes anything: {@link #outputDirectory}, the
   * fixed directory of every view's output pattern (a directory that varies per row is checked page
   * by page), and the directory of mlos's own records.
   *
   * @throws InvalidPathException naming the place, the symlink and its target
   */
  static void checkBeforeCompile(WorkspaceConfig config) {
    Path out = outputDirectory(config);
    for (ViewDefinition v : config.views()) {
      String directory = new OutputPattern(v.name(), v.output()).directory();
      if (!directory.isEmpty()) {
        try {
          WorkspacePath.checkedIn(config.root(), out.resolve(directory));
        } catch (InvalidPathException e) {
          throw refused("the output directory of view '" + v.name() + "'", e);
        }
      }
    }
    checkStateDirectory(config);
  }

  /**
   * Checks the directory of mlos's own records ({@code target/mlos/}) before anything there is
   * created: the workspace lock, the journal, the state.
   *
   * @throws InvalidPathException naming the place, the symlink and its target
   */
  static void checkStateDirectory(WorkspaceConfig config) {
    try {
      WorkspacePath.checkedIn(config.root(), CompileState.file(config));
    } catch (InvalidPathException e) {
      throw refused("the directory of mlos's compile records", e);
    }
  }

  private static InvalidPathException refused(String what, InvalidPathException e) {
    return new InvalidPathException(
        e.value(), "is " + what + " and " + e.reason(), e.link(), e.linkTarget(), e);
  }
}
