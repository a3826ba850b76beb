package dev.mlos.core.path;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where a workspace sits in its git checkout: the one walk up to the repository root (a directory
 * holding {@code .git}, a directory or the file a linked worktree or submodule has), used by the
 * guard's reports and the scaffold's CI workflow.
 */
public final class GitCheckout {
  /** How many directories above the workspace the walk looks at, at most. */
  public static final int MAX_LEVELS = 64;

  private static final long TIMEOUT_SECONDS = 10;

  private GitCheckout() {}

  /**
   * {@code path} ('/'-separated, from where the pattern applies) as a pattern of {@code .gitignore}
   * and {@code .gitattributes} that matches it as written: a backslash (part of a name on Linux and
   * macOS: {@code my\\db.db}), '*', '?' and '[' escaped with a backslash, as is a '#' or '!' that
   * starts it. Unescaped, git read {@code my\\db.db} as {@code mydb.db}.
   */
  public static String pattern(String path) {
    StringBuilder out = new StringBuilder(path.length() + 4);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\' || c == '*' || c == '?' || c == '[' || (i == 0 && (c == '#' || c == '!'))) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * The nearest directory at or above {@code dir} (read through symbolic links, as git sees the
   * checkout) holding {@code .git}, looking at most {@value #MAX_LEVELS} levels up; null when there
   * is none.
   */
  public static Path rootOf(Path dir) {
    Path start = dir.toAbsolutePath().normalize();
    try {
      start = start.toRealPath();
    } catch (IOException e) {
      // Not there (yet): the path as given.
    }
    Path current = start;
    for (int level = 0; current != null && level <= MAX_LEVELS; level++) {
      if (Files.exists(current.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
        return current;
      }
      current = current.getParent();
    }
    return null;
  }

  /**
   * True when git ignores the directory {@code dir} inside the checkout at {@code repositoryRoot}
   * (it lies under {@code target/}, say, so it is not part of that repository); false when it does
   * not; null when git cannot tell (not installed, not answering, or an error).
   */
  public static Boolean ignores(Path repositoryRoot, Path dir) {
    String relative = WorkspacePath.relative(repositoryRoot, dir.toAbsolutePath().normalize());
    List<String> command =
        List.of(
            "git",
            "-C",
            repositoryRoot.toString(),
            "check-ignore",
            "-q",
            "--",
            relative.isEmpty() ? "." : relative + "/");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      p.getOutputStream().close();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      // check-ignore: 0 ignored, 1 not ignored, 128 a fatal error.
      return switch (p.exitValue()) {
        case 0 -> Boolean.TRUE;
        case 1 -> Boolean.FALSE;
        default -> null;
      };
    } catch (IOException e) {
      return null; // no git on the path
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
