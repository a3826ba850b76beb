package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.write.AtomicWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The copies a compile keeps of hand-edited pages before it overwrites them, under {@code <state
 * directory>/replaced/} (default {@code target/mlos/replaced/}), at the page's path. A page edited
 * and replaced again keeps the earlier copy too: the new one goes to {@code <path>-2}, {@code
 * <path>-3}, ... (the same edit twice is kept once), so no edit is lost.
 */
final class ReplacedEdits {
  private ReplacedEdits() {}

  /** Where the copies go, relative to the workspace ({@code target/mlos/replaced}). */
  static Path directory(WorkspaceConfig config) {
    Path root = config.root().toAbsolutePath().normalize();
    return root.relativize(
        config.stateDirectory().toAbsolutePath().normalize().resolve("replaced"));
  }

  /** Keeps a copy of {@code file} (the page at {@code path}); the copy's workspace path. */
  static Path keep(WorkspaceConfig config, Path file, String path) {
    // Through the one path check, so a symlink in the state directory cannot send the copy
    // elsewhere.
    Path dir = WorkspacePath.checkedIn(config.root(), config.stateDirectory().resolve("replaced"));
    try {
      byte[] bytes = Files.readAllBytes(file);
      Path copy = WorkspacePath.of(path).resolveIn(dir);
      for (int n = 2;
          Files.exists(copy, LinkOption.NOFOLLOW_LINKS)
              && !(Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)
                  && Arrays.equals(Files.readAllBytes(copy), bytes));
          n++) {
        copy = WorkspacePath.of(path + "-" + n).resolveIn(dir);
      }
      AtomicWriter.write(copy, bytes, false);
      return config.root().relativize(copy);
    } catch (IOException e) {
      throw new MlosException(
          "Cannot keep a copy of the hand-edited "
              + file
              + " before replacing it: "
              + e.getMessage(),
          "make " + config.stateDirectory() + " writable, or move the file away yourself",
          e);
    }
  }
}
