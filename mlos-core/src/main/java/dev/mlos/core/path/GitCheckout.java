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
   * starts it and each space that ends it (git drops trailing spaces that are not escaped).
   * Unescaped, git read {@code my\\db.db} as {@code mydb.db}, {@code db*.db} as every file {@code
   * db<anything>.db}, and {@code mlos.db }, with its trailing space, as {@code mlos.db}. A line
   * break, which no line of these files can hold, becomes {@code ?} (any one character).
   */
  public static String pattern(String path) {
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == ' ') {
      end--;
    }
    StringBuilder out = new StringBuilder(path.length() + 4);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\'
          || c == '*'
          || c == '?'
          || c == '['
          || (i == 0 && (c == '#' || c == '!'))
          || i >= end) {
        out.append('\\');
      }
      out.append(c == '\n' || c == '\r' ? '?' : c);
    }
    return out.toString();
  }

  /**
   * {@code pattern} (from {@link #pattern}) as the first field of a {@code .gitattributes} line:
   * fields there are separated by spaces and tabs, so a pattern that holds one, or starts with a
   * double quote, is written in double quotes with C escapes (as git reads it there), its
   * backslashes doubled. Others as they are.
   */
  public static String attributePattern(String pattern) {
    if (pattern.indexOf(' ') < 0 && pattern.indexOf('\t') < 0 && !pattern.startsWith("\"")) {
      return pattern;
    }
    StringBuilder out = new StringBuilder(pattern.length() + 8).append('"');
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
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
    Path root = realOrGiven(repositoryRoot);
    Path at = inCheckout(root, file);
    if (at == null) {
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
    Path root = realOrGiven(repositoryRoot);
    Path at = inCheckout(root, file);
    if (at == null) {
      return null;
    }
    byte[] out =
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
                ":(literal)" + WorkspacePath.relative(root, at)),
            256);
    String hash =
        out == null ? "" : new String(out, java.nio.charset.StandardCharsets.US_ASCII).strip();
    return SHORT_HASH.matcher(hash).matches() ? hash : null;
  }

  /**
   * The commit {@code revision} names in the checkout at {@code repositoryRoot} ({@code git
   * rev-parse --verify}), as its full hash; null when it names no commit there, or git cannot tell.
   * A revision starting with '-' is never given to git (it would be read as an option).
   */
  public static String commitOf(Path repositoryRoot, String revision) {
    if (revision == null || revision.isEmpty() || revision.startsWith("-")) {
      return null;
    }
    byte[] out =
        output(
            List.of(
                "git",
                "-C",
                repositoryRoot.toString(),
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                revision + "^{commit}"),
            128);
    if (out == null) {
      return null;
    }
    String hash = new String(out, java.nio.charset.StandardCharsets.US_ASCII).strip();
    return hash.matches("[0-9a-f]{40}|[0-9a-f]{64}") ? hash : null;
  }

  /**
   * The size in bytes of {@code path} ('/'-separated, from the top of the checkout) in the commit
   * {@code commit} (a full hash, as {@link #commitOf} gives it), so a caller can tell whether it
   * may hold it before reading it; -1 when that commit has no such file; null when git cannot tell.
   */
  public static Long sizeAt(Path repositoryRoot, String commit, String path) {
    String object = objectOf(commit, path);
    Integer exists =
        exitCode(List.of("git", "-C", repositoryRoot.toString(), "cat-file", "-e", "--", object));
    if (exists == null) {
      return null;
    }
    if (exists != 0) {
      return -1L;
    }
    byte[] out =
        output(List.of("git", "-C", repositoryRoot.toString(), "cat-file", "-s", object), 64);
    if (out == null) {
      return null;
    }
    String size = new String(out, java.nio.charset.StandardCharsets.US_ASCII).strip();
    return size.matches("[0-9]{1,18}") ? Long.valueOf(size) : null;
  }

  /**
   * The bytes of {@code path} in the commit {@code commit}, as {@link #sizeAt} names them; an empty
   * optional when that commit has no such file; null when git cannot tell, took too long, or the
   * file is larger than {@code maxBytes}.
   */
  public static java.util.Optional<byte[]> fileAt(
      Path repositoryRoot, String commit, String path, long maxBytes) {
    Long size = sizeAt(repositoryRoot, commit, path);
    if (size == null || size > maxBytes) {
      return null;
    }
    return size < 0 ? java.util.Optional.empty() : blobAt(repositoryRoot, commit, path, size);
  }

  /**
   * The bytes of {@code path} in {@code commit}, whose size {@link #sizeAt} gave as {@code size} (0
   * or more); null when git cannot tell, took too long, or gave another number of bytes.
   */
  public static java.util.Optional<byte[]> blobAt(
      Path repositoryRoot, String commit, String path, long size) {
    byte[] out =
        output(
            List.of(
                "git", "-C", repositoryRoot.toString(), "cat-file", "blob", objectOf(commit, path)),
            size);
    return out == null || out.length != size ? null : java.util.Optional.of(out);
  }

  private static String objectOf(String commit, String path) {
    if (!commit.matches("[0-9a-f]{40}|[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a commit hash: " + commit);
    }
    return commit + ":" + path;
  }

  /**
   * What git run as {@code command} writes to stdout, read as it runs (a large blob would fill the
   * pipe) into an array of {@code maxBytes}; null when it did not run, failed, took too long or
   * wrote more than {@code maxBytes}.
   */
  private static byte[] output(List<String> command, long maxBytes) {
    return output(command, maxBytes, deadlineSeconds(maxBytes));
  }

  /**
   * Seconds git may take to write {@code maxBytes}: {@value #TIMEOUT_SECONDS}, and one more for
   * each 16 MiB (a 1 GiB blob: 74 s), so a git that hangs is stopped, and a large blob is not.
   */
  public static long deadlineSeconds(long maxBytes) {
    return TIMEOUT_SECONDS + maxBytes / (16L << 20);
  }

  /** {@link #output(List, long)}, the process stopped after {@code seconds} however far it got. */
  static byte[] output(List<String> command, long maxBytes, long seconds) {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return null; // no git on the path
    }
    // A git that hangs (a lock, a stuck file system) would keep the read below waiting for ever:
    // stopping it, and any process it started that holds its output, ends the read.
    java.util.concurrent.CompletableFuture<Void> stopper =
        java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              p.descendants().forEach(ProcessHandle::destroyForcibly);
              p.destroyForcibly();
            },
            java.util.concurrent.CompletableFuture.delayedExecutor(seconds, TimeUnit.SECONDS));
    try {
      p.getOutputStream().close();
      // One array of maxBytes, allocated up front (callers give the size they expect: a blob's,
      // from
      // sizeAt), so a blob is never held twice in memory.
      byte[] buffer = new byte[(int) Math.min(maxBytes, Integer.MAX_VALUE - 16)];
      int length = 0;
      try (java.io.InputStream in = p.getInputStream()) {
        for (int n; (n = in.read(buffer, length, buffer.length - length)) > 0; ) {
          length += n;
        }
        if (length == buffer.length && in.read() >= 0) {
          return null; // more than maxBytes
        }
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0 || stopper.isDone()) {
        return null;
      }
      return length == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, length);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      stopper.cancel(false);
      p.destroyForcibly();
    }
  }

  /** {@code dir}'s real path, or the path as given (absolute, normalized) when it has none. */
  private static Path realOrGiven(Path dir) {
    Path p = dir.toAbsolutePath().normalize();
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p;
    }
  }

  /**
   * {@code file} through its directory's real path, as git sees the checkout (a /tmp that is a
   * link), when it lies in the checkout at {@code root} (a real path); else null.
   */
  private static Path inCheckout(Path root, Path file) {
    Path at = file.toAbsolutePath().normalize();
    try {
      at = at.getParent().toRealPath().resolve(at.getFileName());
    } catch (IOException | RuntimeException e) {
      // As given.
    }
    return at.startsWith(root) ? at : null;
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
