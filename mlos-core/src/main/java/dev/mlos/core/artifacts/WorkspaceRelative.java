package dev.mlos.core.artifacts;

import dev.mlos.core.MlosException;
import dev.mlos.core.engine.RefusedException;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.WorkspacePath;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** Turns what a user typed into a '/'-separated path relative to the workspace root, or refuses. */
final class WorkspaceRelative {
  private WorkspaceRelative() {}

  /**
   * {@code input} relative to {@code root}: a backslash becomes '/' where it is the file system's
   * separator (Windows; elsewhere it is part of a name, and {@link #resolve} refuses it), a leading
   * {@code ./} is dropped, an absolute path must lie inside the root.
   *
   * @throws RefusedException ({@code artifact.path}) naming the input when it leaves the workspace
   */
  static String of(Path root, String input) {
    String s = WorkspacePath.typed(input.trim());
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
      s = WorkspacePath.relative(root, abs);
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
   *
   * @throws RefusedException ({@code artifact.path}) naming the input when it is no path inside the
   *     workspace
   */
  static Path resolve(Path root, String relative, String input) {
    try {
      return WorkspacePath.of(relative).resolveIn(root);
    } catch (InvalidPathException e) {
      if (namedWithABackslash(root, relative)) {
        // Its own words: the path rule's "use '/' as the separator" leads to another file.
        throw refused(
            WorkspacePath.backslashNameFound(relative),
            WorkspacePath.backslashNameFix(MlosException.quoted(relative), "import"));
      }
      throw refused(
          MlosException.quoted(input)
              + " is not a file inside the workspace "
              + root
              + ": "
              + e.getMessage(),
          INSIDE_FIX);
    }
  }

  /** The fix for a path that is not one inside the workspace. */
  static final String INSIDE_FIX =
      "name the files by their paths relative to the workspace root, inside it (docs, or"
          + " docs/spec.md); a file outside the workspace cannot be an artifact (copy it in first)";

  /**
   * A path the rule for artifacts' paths refuses: a refusal ({@code artifact.path}, the command
   * line's exit 1), as {@code mlos artifact register} refuses it, not a broken setup.
   */
  private static RefusedException refused(String message, String fix) {
    return new RefusedException("artifact.path", message, List.of(), null, fix);
  }

  /**
   * True when {@code relative} holds a backslash and names a file or directory as it is: on Linux
   * or macOS a backslash is part of a name ({@code docs/a\b.md}), which no '/' in its place fixes.
   */
  private static boolean namedWithABackslash(Path root, String relative) {
    if (relative.indexOf('\\') < 0) {
      return false;
    }
    try {
      return Files.exists(root.resolve(relative), LinkOption.NOFOLLOW_LINKS);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static RefusedException outside(Path root, String input) {
    return refused(MlosException.quoted(input) + " is outside the workspace " + root, INSIDE_FIX);
  }
}
