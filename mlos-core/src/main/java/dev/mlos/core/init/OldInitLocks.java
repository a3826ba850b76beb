package dev.mlos.core.init;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.regex.Pattern;

/**
 * The lock files earlier versions of mlos init left behind: one per database ever initialised,
 * named {@code mlos-init-<uuid>.lock}, kept for good, in {@code mlos-init-locks-<user>} of the
 * temporary directory (and, where a home could not hold them, the lock directory in use). Today's
 * names are {@link InitLock#LOCK_FILES} at most and stay. Each init, once it holds its own lock,
 * removes some of the old ones ({@link #MAX_PER_RUN}): only files of that name, regular files
 * (never through a link), owned by the owner of the user's checked lock directory, each while this
 * init holds its lock, so none that an init of an older mlos holds goes.
 */
final class OldInitLocks {
  private OldInitLocks() {}

  /** Most old lock files one init removes: an init's cost stays small however many there are. */
  static final int MAX_PER_RUN = 64;

  /** Most entries of a directory one init reads, old names or not. */
  static final int MAX_READ = 4096;

  private static final Pattern OLD_NAME =
      Pattern.compile(
          "mlos-init-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.lock");

  /**
   * Removes at most {@code max} old lock files that no process holds from {@code directory} (the
   * user's lock directory, checked: {@link InitLockDirectory#prepare}) and from {@code
   * oldDirectory} (null: none) when that is a directory of the same owner, not a link, that only
   * its owner can write in ({@link #onlyItsOwnerWrites}); returns how many it removed. Whatever
   * fails leaves the file: it costs a name, nothing else.
   */
  static int remove(Path directory, Path oldDirectory, int max) {
    UserPrincipal owner;
    try {
      owner = Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    int removed = removeIn(directory, owner, max);
    if (removed < max && oldDirectory != null && !oldDirectory.equals(directory)) {
      try {
        BasicFileAttributes a =
            Files.readAttributes(
                oldDirectory, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isDirectory()
            && owner.equals(Files.getOwner(oldDirectory, LinkOption.NOFOLLOW_LINKS))
            && onlyItsOwnerWrites(oldDirectory)) {
          removed += removeIn(oldDirectory, owner, max - removed);
        }
      } catch (IOException | RuntimeException e) {
        // None there, or not this user's: left alone.
      }
    }
    return removed;
  }

  /**
   * Whether no one but its owner can add or swap files in {@code directory}: in one others can
   * write, another user could put a named pipe where a lock file was checked, and opening it would
   * wait for a reader (an init that hangs). Where permissions are not POSIX (Windows), no such pipe
   * can be made in a directory.
   */
  static boolean onlyItsOwnerWrites(Path directory) throws IOException {
    java.nio.file.attribute.PosixFileAttributeView posix =
        Files.getFileAttributeView(
            directory,
            java.nio.file.attribute.PosixFileAttributeView.class,
            LinkOption.NOFOLLOW_LINKS);
    if (posix == null) {
      return true;
    }
    java.util.Set<java.nio.file.attribute.PosixFilePermission> p =
        posix.readAttributes().permissions();
    return !p.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
        && !p.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
  }

  private static int removeIn(Path directory, UserPrincipal owner, int max) {
    int removed = 0;
    int read = 0;
    try (DirectoryStream<Path> names = Files.newDirectoryStream(directory)) {
      for (Path file : names) {
        if (removed >= max || ++read > MAX_READ) {
          break;
        }
        if (OLD_NAME.matcher(file.getFileName().toString()).matches()
            && removeIfFree(file, owner)) {
          removed++;
        }
      }
    } catch (IOException | RuntimeException e) {
      // An unreadable directory: the old files stay.
    }
    return removed;
  }

  private static boolean removeIfFree(Path file, UserPrincipal owner) {
    try {
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile() || !owner.equals(Files.getOwner(file, LinkOption.NOFOLLOW_LINKS))) {
        return false;
      }
      try (FileChannel channel =
          // Read and write: opened so, a named pipe put here after the check does not wait for
          // a reader (opened for writing only, it would).
          FileChannel.open(
              file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        FileLock held = channel.tryLock();
        if (held == null) {
          return false; // an init of an older mlos holds it
        }
        try {
          Files.delete(file);
          return true;
        } finally {
          held.release();
        }
      }
    } catch (IOException
        | RuntimeException e) { // OverlappingFileLockException: held in this process
      return false;
    }
  }
}
