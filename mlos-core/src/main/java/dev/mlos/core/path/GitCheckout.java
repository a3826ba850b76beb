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
    Integer code = exitCode(command);
    // check-ignore: 0 ignored, 1 not ignored, 128 a fatal error.
    return code == null ? null : code == 0 ? Boolean.TRUE : code == 1 ? Boolean.FALSE : null;
  }

  /**
   * True when {@code file} (inside the checkout at {@code repositoryRoot}) is in git's index, so
   * the next commit keeps it unless it is removed with {@code git rm}; false when it is not; null
   * when git cannot tell (not installed, not answering, or an error). A file deleted from the
   * working tree alone is still in the index.
   */
  public static Boolean tracks(Path repositoryRoot, Path file) {
    Path root = repositoryRoot.toAbsolutePath().normalize();
    try {
      root = root.toRealPath();
    } catch (IOException e) {
      // As given.
    }
    Path at = file.toAbsolutePath().normalize();
    Path parent = at.getParent();
    try {
      // Through the directory's real path, as git sees the checkout (a /tmp that is a link).
      at = parent.toRealPath().resolve(at.getFileName());
    } catch (IOException | RuntimeException e) {
      // As given.
    }
    if (!at.startsWith(root)) {
      return null;
    }
    List<String> command =
        List.of(
            "git",
            "-C",
            root.toString(),
            "ls-files",
            "--error-unmatch",
            "--",
            // Literal: as a pattern, a backslash in the name (my\\db.db.sql) escaped the next
            // character, and a tracked file read as untracked.
            ":(literal)" + WorkspacePath.relative(root, at));
    Integer code = exitCode(command);
    // ls-files --error-unmatch: 0 listed, 1 not in the index, 128 a fatal error.
    return code == null ? null : code == 0 ? Boolean.TRUE : code == 1 ? Boolean.FALSE : null;
  }

  /** A short commit hash as {@code git log --format=%h} prints it. */
  private static final java.util.regex.Pattern SHORT_HASH =
      java.util.regex.Pattern.compile("[0-9a-f]{4,64}");

  /**
   * The commit (its short hash) that last deleted {@code file} (inside the checkout at {@code
   * repositoryRoot}) in the history of {@code HEAD}, or null when none did, git cannot tell, or the
   * history at hand does not reach it (a shallow clone). Reads the whole history when no commit
   * deleted it: call it only where that pays (a database created after its text form went).
   */
  public static String deletedIn(Path repositoryRoot, Path file) {
    Path root = repositoryRoot.toAbsolutePath().normalize();
    try {
      root = root.toRealPath();
    } catch (IOException e) {
      // As given.
    }
    Path at = file.toAbsolutePath().normalize();
    try {
      at = at.getParent().toRealPath().resolve(at.getFileName());
    } catch (IOException | RuntimeException e) {
      // As given.
    }
    if (!at.startsWith(root)) {
      return null;
    }
    String out =
        output(
            List.of(
                "git",
                "-C",
                root.toString(),
                "log",
                "-1",
                "--format=%h",
                "--diff-filter=D",
                "--",
                ":(literal)" + WorkspacePath.relative(root, at)));
    return out != null && SHORT_HASH.matcher(out.strip()).matches() ? out.strip() : null;
  }

  /**
   * The first 256 bytes git printed on stdout when it exited 0, or null (not run, not answering, an
   * error).
   */
  private static String output(List<String> command) {
    try {
      Process p =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      byte[] head;
      try (java.io.InputStream in = p.getInputStream()) {
        head = in.readNBytes(256);
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? new String(head, java.nio.charset.StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      return null; // no git on the path
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The exit code of git run as {@code command}, or null when it did not run or answer. */
  private static Integer exitCode(List<String> command) {
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
      return p.exitValue();
    } catch (IOException e) {
      return null; // no git on the path
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
