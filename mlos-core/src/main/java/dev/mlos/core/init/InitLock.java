package dev.mlos.core.init;

import dev.mlos.core.Remedy;
import dev.mlos.core.db.DatabaseException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One init of a database at a time on this machine. Several inits of a database that is not there
 * yet (agents that bootstrap a workspace, {@code mlos init} beside a build that runs {@code
 * mlos:init}) each found it missing and created it: the one that failed on the others' lock removed
 * "the database it had created", which was the one another init had just reported as created, and
 * an init that met the new file at 0 bytes took it for an empty one and replaced it. Held, the lock
 * makes the later inits wait and then find the database there, up to date.
 *
 * <p>The lock is an operating-system lock on a file named after the database's path (one of {@link
 * #LOCK_FILES} names) in the user's own lock directory ({@link InitLockDirectory}: 0700, checked,
 * never through a symbolic link), so the workspace gets no file of it, no other user can hold it or
 * point it elsewhere, and the lock goes when the process ends, however it ends. A lock file that
 * cannot be made (a read-only temporary directory) costs only the serialization: init goes on as
 * before. Inits of one shared database by two users do not wait for each other.
 */
final class InitLock implements AutoCloseable {
  /** How long an init waits for another one of the same database. */
  static final long WAIT_MILLIS = 120_000;

  private final FileChannel channel;
  private final FileLock lock;

  private InitLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Waits for the lock of {@code database} (at most {@link #WAIT_MILLIS}).
   *
   * @throws DatabaseException when another init holds it past the wait
   */
  static InitLock acquire(Path database) {
    Path directory;
    try {
      directory = InitLockDirectory.ofUser();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return new InitLock(null, null);
    }
    return locked(database, directory, WAIT_MILLIS, InitLockDirectory.temporary());
  }

  /**
   * Waits for the lock of {@code database} among the locks in {@code directory} (at most {@code
   * waitMillis}).
   *
   * @throws dev.mlos.core.MlosException when {@code directory} is not the user's own ({@link
   *     InitLockDirectory#prepare})
   */
  static InitLock acquire(Path database, Path directory, long waitMillis) {
    try {
      InitLockDirectory.prepare(directory);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return new InitLock(null, null);
    }
    return locked(database, directory, waitMillis, null);
  }

  /**
   * Waits for the lock of {@code database} in {@code directory}, prepared already; once it holds
   * it, removes some of the lock files earlier versions left there and in {@code oldDirectory}
   * (null: none), {@link OldInitLocks}.
   */
  private static InitLock locked(
      Path database, Path directory, long waitMillis, Path oldDirectory) {
    FileChannel channel;
    try {
      Path file = directory.resolve(nameOf(database));
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return new InitLock(null, null);
    }
    long deadline = System.nanoTime() + waitMillis * 1_000_000L;
    try {
      while (true) {
        try {
          FileLock held = channel.tryLock();
          if (held != null) {
            OldInitLocks.remove(directory, oldDirectory, OldInitLocks.MAX_PER_RUN);
            return new InitLock(channel, held);
          }
        } catch (OverlappingFileLockException e) {
          // Another thread of this process holds it: wait as for another process.
        }
        if (System.nanoTime() > deadline) {
          closeQuietly(channel);
          throw new DatabaseException(
                  database,
                  "another mlos init of this database has been running for "
                      + waitMillis / 1000
                      + " s (a build running mlos:init, or an agent's init; or, rarely, an init of"
                      + " another database whose lock file this one shares, one of "
                      + LOCK_FILES
                      + "), and this one waited for it",
                  "let that one finish (or stop it), then run {0} again")
              .suggesting(Remedy.init());
        }
        Thread.sleep(50);
      }
    } catch (IOException e) {
      closeQuietly(channel);
      return new InitLock(null, null);
    } catch (InterruptedException e) {
      closeQuietly(channel);
      Thread.currentThread().interrupt();
      return new InitLock(null, null);
    }
  }

  /** How many lock files a user's lock directory holds at most. */
  static final int LOCK_FILES = 1024;

  /**
   * The name of {@code database}'s lock file, after its real path (its directory's, as the file may
   * not be there yet), so inits that name one database through a symbolic link, or in another case
   * on a file system that ignores case, share one lock. The names are {@link #LOCK_FILES} at most
   * ({@code mlos-init-000.lock} to {@code mlos-init-3ff.lock}): one file per database ever
   * initialised, which no init can know to be free for good, grew without bound. Two databases
   * sharing a name (one pair in 1024) only make their inits wait for each other.
   */
  static String nameOf(Path database) {
    Path absolute = database.toAbsolutePath().normalize();
    String key = absolute.toString();
    Path directory = absolute.getParent();
    if (directory != null && absolute.getFileName() != null) {
      try {
        key = directory.toRealPath().resolve(absolute.getFileName()).toString();
      } catch (IOException | SecurityException e) {
        // No directory yet: the init that makes it names it as given.
      }
    }
    java.util.UUID uuid = java.util.UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    int slot = (int) Long.remainderUnsigned(uuid.getLeastSignificantBits(), LOCK_FILES);
    return String.format(java.util.Locale.ROOT, "mlos-init-%03x.lock", slot);
  }

  @Override
  public void close() {
    if (lock != null) {
      try {
        lock.release();
      } catch (IOException e) {
        // The channel's close below releases it too.
      }
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing was written to it; the operating system drops the lock with the process.
      }
    }
  }
}
