package dev.mlos.core.engine;

import dev.mlos.core.path.WorkspacePath;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * A path to register with a space at either end that names no file, where the path without it does:
 * a value copied with the space around it. The path as written was refused as a name Windows drops
 * (a trailing space, with the fix to rename a file that does not exist) or answered "it does not
 * exist" (a leading space), neither saying which file was meant.
 */
final class StrayWhitespace {
  private StrayWhitespace() {}

  /** The refusal of {@code path} under {@code root} if it is such a path, else null. */
  static RefusedException refusalOrNull(String path, Path root) {
    String meant = path.strip();
    if (meant.equals(path) || meant.isEmpty()) {
      return null;
    }
    try {
      Path asWritten = WorkspacePath.of(path).resolveIn(root);
      Path file = WorkspacePath.of(meant).resolveIn(root);
      if (Files.exists(asWritten, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(file)) {
        return null;
      }
    } catch (RuntimeException e) {
      // Not a workspace path either way: the path's own rules answer it.
      return null;
    }
    return new RefusedException(
        "artifact.file",
        RefusedException.quoted(path)
            + " is not a file under the workspace "
            + root
            + ", but "
            + RefusedException.quoted(meant)
            + " is: the path "
            + (Character.isWhitespace(path.charAt(0)) ? "begins" : "ends")
            + " with a space that the file's name does not have",
        List.of(),
        null,
        "register it as " + RefusedException.quoted(meant));
  }
}
