package dev.mlos.core.artifacts;

import dev.mlos.core.MlosException;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.WorkspacePath;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Turns what a user typed into a '/'-separated path relative to the workspace root, or refuses. */
final class WorkspaceRelative {
  private WorkspaceRelative() {}

  /**
   * {@code input} relative to {@code root}: backslashes become '/', a leading {@code ./} is
   * dropped, an absolute path must lie inside the root.
   *
   * @throws MlosException naming the input when it leaves the workspace
   */
  static String of(Path root, String input) {
    String s = input.trim().replace('\\', '/');
    Path asPath = null;
    try {
      asPath = Paths.get(input.trim());
    } catch (RuntimeException e) {
      // not a valid OS path; handled as a relative string below
    }
    if (asPath != null && asPath.isAbsolute()) {
      Path abs = asPath.normalize();
      if (!abs.startsWith(root)) {
        throw outside(root, input);
      }
      s = root.relativize(abs).toString().replace('\\', '/');
    }
    while (s.startsWith("./")) {
      s = s.substring(2);
    }
    if (s.startsWith("/")
        || s.equals("..")
        || s.startsWith("../")
        || s.contains("/../")
        || s.endsWith("/..")) {
      throw outside(root, input);
    }
    return s;
  }

  /**
   * Validates {@code relative} and resolves it under {@code root}, refusing symlinks that leave it.
   */
  static Path resolve(Path root, String relative, String input) {
    try {
      return WorkspacePath.of(relative).resolveIn(root);
    } catch (InvalidPathException e) {
      throw new MlosException(
          MlosException.quoted(input)
              + " is not a file inside the workspace "
              + root
              + ": "
              + e.getMessage(),
          "name files relative to the workspace root, inside it");
    }
  }

  private static MlosException outside(Path root, String input) {
    return new MlosException(
        MlosException.quoted(input) + " is outside the workspace " + root,
        "only files inside the workspace can be artifacts: their file_path is relative to the workspace root");
  }
}
