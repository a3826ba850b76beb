package dev.mlos.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stops writes to a path for a test of what mlos does when the file system refuses one, where its
 * permissions do not (root, as in CI containers): the immutable attribute, set with {@code chattr
 * +i} and taken off again after.
 */
public final class Immutable implements AutoCloseable {
  private final Path path;
  private final boolean set;

  private Immutable(Path path, boolean set) {
    this.path = path;
    this.set = set;
  }

  /**
   * Makes {@code path} immutable when this user may still write it (and {@code chattr} can); the
   * caller then assumes {@code !Files.isWritable(path)}, and closes this in a finally.
   */
  public static Immutable whereWritable(Path path) {
    return new Immutable(path, Files.isWritable(path) && chattr("+i", path));
  }

  @Override
  public void close() {
    if (set) {
      chattr("-i", path);
    }
  }

  private static boolean chattr(String flag, Path path) {
    try {
      Process p =
          new ProcessBuilder("chattr", flag, path.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false; // no chattr
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
