package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.ReservedPlaces;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.view.OutputPattern;
import java.io.IOException;
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
   * @return the output directory, as {@link #outputDirectory} gives it
   * @throws InvalidPathException naming the place, the symlink and its target
   */
  static Path checkBeforeCompile(WorkspaceConfig config) {
    Path out = outputDirectory(config);
    ReservedPlaces places =
        new ReservedPlaces(
            config.root(), config.database(), config.stateDirectory(), config.configFile());
    notReservedThroughLink(config, places, out, "the output directory");
    for (ViewDefinition v : config.views()) {
      String directory = new OutputPattern(v.name(), v.output()).directory();
      if (!directory.isEmpty()) {
        try {
          WorkspacePath.checkedIn(config.root(), out.resolve(directory));
        } catch (InvalidPathException e) {
          throw refused("the output directory of view '" + v.name() + "'", e);
        }
        notReservedThroughLink(
            config,
            places,
            out.resolve(directory),
            "the output directory of view '" + v.name() + "'");
      }
    }
    checkStateDirectory(config);
    return out;
  }

  /**
   * Refuses a directory pages go to that a symlink inside the workspace makes a reserved place
   * ({@code out -> .git}, {@code out -> target/mlos}): the configuration's check and {@link
   * ReservedPlaces} compare paths as they are written, so pages went into {@code .git} through such
   * a link.
   */
  private static void notReservedThroughLink(
      WorkspaceConfig config, ReservedPlaces places, Path directory, String what) {
    Path root;
    Path real;
    try {
      root = config.root().toRealPath();
      real = directory.toRealPath();
    } catch (IOException e) {
      return; // not there yet: the compile creates it as a plain directory
    }
    Path lexical = directory.toAbsolutePath().normalize();
    if (!real.startsWith(root) || places.whatIs(lexical) != null) {
      return; // a link leading outside is the path check's; a place written as reserved, the
      // config's
    }
    Path inside = root.relativize(real);
    String reserved = inside.toString().isEmpty() ? null : places.whatIs(inside);
    if (reserved == null) {
      return;
    }
    Path shown = config.root().toAbsolutePath().normalize().relativize(lexical);
    throw new MlosException(
        what
            + " ('"
            + WorkspacePath.slashed(shown)
            + "') is, through a symbolic link, '"
            + WorkspacePath.slashed(inside)
            + "', "
            + reserved
            + ": "
            + ReservedPlaces.RULE,
        "remove the link, or point the output at a directory of its own; nothing was written or"
            + " deleted");
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

  /**
   * Where a page goes ({@link WorkspacePath#locateIn}); a refusal (a directory the row's values
   * chose is a symlink leading outside) names the view and the row, which the path alone does not.
   *
   * @throws InvalidPathException naming the page, its view and row, the symlink and its target
   */
  static WorkspacePath.Target page(
      WorkspacePath path,
      Path out,
      java.util.Set<String> plainDirectories,
      String view,
      String sourceKey) {
    try {
      return path.locateIn(out, plainDirectories);
    } catch (InvalidPathException e) {
      // The fix is the path check's own (remove the link; for the page's own place, the file it
      // points to is not touched).
      InvalidPathException named =
          new InvalidPathException(
              e.value(),
              "is the page of view '"
                  + view
                  + "'"
                  + ("[]".equals(sourceKey) ? "" : " row " + sourceKey)
                  + " and "
                  + e.reason(),
              e.fixTemplate(),
              e.link(),
              e.linkTarget(),
              e);
      named.suggesting(e.remedies().toArray(new dev.mlos.core.Remedy[0]));
      throw named;
    }
  }

  private static InvalidPathException refused(String what, InvalidPathException e) {
    return new InvalidPathException(
        e.value(), "is " + what + " and " + e.reason(), e.link(), e.linkTarget(), e);
  }
}
