package dev.mlos.core.write;

import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The lock between processes working on one workspace's outputs: a compile and a clean hold it
 * exclusively, a guard shared, so a guard never looks at a half-written set of outputs and two
 * compiles never delete each other's hidden directories. It is an operating-system file lock on
 * {@code <workspace>/target/mlos/lock}: the system releases it when the process ends, however it
 * ends, so a killed compile never leaves a stale lock behind. The exclusive holder writes its
 * process id, host and start time into {@code lock-holder} next to it (and removes it when done),
 * so a run that has to wait can say for whom; the lock file itself is never written, so a compile
 * that changes nothing leaves every file as it was.
 *
 * <p>Within one JVM (a Maven build running modules in parallel) the lock is shared through a table
 * of held files, because a JVM cannot lock one file twice.
 */
public final class WorkspaceLock implements AutoCloseable {
  /** How long a run waits for another process before it stops, unless told otherwise. */
  public static final Duration DEFAULT_WAIT = Duration.ofMinutes(2);

  /**
   * Locked far past the end of the file, so the holder's details stay readable on every platform.
   */
  private static final long REGION = Long.MAX_VALUE - 1;

  private static final long POLL_MILLIS = 50;

  /** The locks this JVM holds, by lock file. Guarded by itself. */
  private static final Map<Path, Held> HELD = new HashMap<>();

  private static final class Held {
    final FileChannel channel;
    final FileLock lock;
    final boolean exclusive;
    int count = 1;

    Held(FileChannel channel, FileLock lock, boolean exclusive) {
      this.channel = channel;
      this.lock = lock;
      this.exclusive = exclusive;
    }
  }

  private final Path file;

  /** For a reader that found no lock file: where it would be. */
  private Path noFile;

  private boolean released;

  private WorkspaceLock(Path file) {
    this.file = file;
  }

  /**
   * The lock file of a workspace: {@code lock} in its state directory, next to the compile state.
   */
  public static Path file(WorkspaceConfig config) {
    return config.stateDirectory().resolve("lock");
  }

  /**
   * Takes the lock alone (a compile, a clean), waiting up to {@code wait} for other processes, with
   * one message when it starts waiting.
   *
   * @param what what this run is, for the holder's details ("compile", "clean")
   * @throws WorkspaceBusyException when another process still holds it after {@code wait}
   * @throws MlosException when the lock file cannot be created (the directory is not writable)
   */
  public static WorkspaceLock exclusive(
      WorkspaceConfig config, String what, Duration wait, Reporter reporter) {
    // The lock file is the first thing a compile or clean creates: not through a symlink out of the
    // workspace.
    try {
      WorkspacePath.checkedIn(config.root(), file(config));
    } catch (InvalidPathException e) {
      throw new InvalidPathException(
          e.value(),
          "is the directory of mlos's compile records and " + e.reason(),
          e.link(),
          e.linkTarget(),
          e);
    }
    return acquire(file(config), true, what, wait, reporter);
  }

  /**
   * Takes the lock together with other readers (a guard), waiting up to {@code wait} for a compile
   * or clean to finish. A reader creates nothing: when there is no lock file, no compile or clean
   * ever ran in this workspace's state directory (or it was deleted), and the returned lock holds
   * nothing; {@link #held()} says so, and {@link #appeared()} tells whether a compile started
   * since.
   *
   * @throws WorkspaceBusyException when a compile or clean still holds it after {@code wait}
   */
  public static WorkspaceLock shared(WorkspaceConfig config, Duration wait, Reporter reporter) {
    return acquire(file(config), false, "guard", wait, reporter);
  }

  /** True when this lock holds something (false: a reader found no lock file to lock). */
  public boolean held() {
    return file != null;
  }

  /**
   * For a lock that holds nothing: true when the lock file exists now (a compile or clean started
   * since).
   */
  public boolean appeared() {
    return file == null && noFile != null && Files.exists(noFile);
  }

  static WorkspaceLock acquire(
      Path lockFile, boolean exclusive, String what, Duration wait, Reporter reporter) {
    Path file = lockFile.toAbsolutePath().normalize();
    long deadline = System.nanoTime() + wait.toNanos();
    boolean told = false;
    // Bounded: at most wait / POLL_MILLIS rounds.
    while (true) {
      synchronized (HELD) {
        Held h = HELD.get(file);
        if (h == null) {
          FileChannel channel = open(file, exclusive);
          if (channel == null) {
            WorkspaceLock none =
                new WorkspaceLock(null); // a reader and no lock file: no compile to wait for
            none.noFile = file;
            return none;
          }
          FileLock lock = null;
          try {
            lock = channel.tryLock(REGION, 1, !exclusive);
          } catch (IOException e) {
            closeQuietly(channel);
            throw new MlosException(
                "Cannot lock " + file + ": " + e.getMessage(),
                "check that " + file.getParent() + " is on a local file system that supports locks",
                e);
          }
          if (lock != null) {
            HELD.put(file, new Held(channel, lock, exclusive));
            if (exclusive) {
              describeHolder(holderFile(file), what);
            }
            return new WorkspaceLock(file);
          }
          closeQuietly(channel);
        } else if (!exclusive && !h.exclusive) {
          h.count++;
          return new WorkspaceLock(file);
        }
      }
      long left = deadline - System.nanoTime();
      String holder = holder(file);
      if (left <= 0) {
        throw new WorkspaceBusyException(file, holder, wait);
      }
      if (!told) {
        told = true;
        reporter.info(
            "Waiting for "
                + holder
                + " to finish with this workspace (lock "
                + file
                + "), up to "
                + wait.toSeconds()
                + " s.");
      }
      try {
        Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MlosException(
            "Interrupted while waiting for " + holder + " (lock " + file + ")", null, e);
      }
    }
  }

  private static FileChannel open(Path file, boolean exclusive) {
    if (!exclusive) {
      try {
        return FileChannel.open(file, StandardOpenOption.READ);
      } catch (IOException e) {
        return null; // none yet, or unreadable: no compile can lock it either
      }
    }
    try {
      Files.createDirectories(file.getParent());
      return FileChannel.open(
          file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new MlosException(
          "Cannot create the workspace lock " + file + ": " + e.getMessage(),
          "make " + file.getParent() + " writable: it holds the compile's own state",
          e);
    }
  }

  private static Path holderFile(Path lockFile) {
    return lockFile.resolveSibling(lockFile.getFileName() + "-holder");
  }

  /** Writes who holds the lock next to it (best effort: only ever read for messages). */
  private static void describeHolder(Path holderFile, String what) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown";
    }
    String text =
        "pid "
            + ProcessHandle.current().pid()
            + "\nhost "
            + host
            + "\nwhat "
            + what
            + "\nsince "
            + Instant.now()
            + "\n";
    try {
      // Whole or not at all: a waiting run reads it at any moment.
      dev.mlos.core.write.AtomicWriter.write(
          holderFile, text.getBytes(StandardCharsets.UTF_8), false);
    } catch (RuntimeException e) {
      // Only the wording of another run's message suffers.
    }
  }

  /**
   * Who holds the lock, for a message: the compile or clean named in the file when that process is
   * alive on this host, else a guard (readers do not write their details).
   */
  static String holder(Path file) {
    Map<String, String> fields = new HashMap<>();
    try {
      Path details = holderFile(file);
      byte[] bytes = Files.size(details) < 4096 ? Files.readAllBytes(details) : new byte[0];
      if (bytes.length < 4096) {
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
          int space = line.indexOf(' ');
          if (space > 0) {
            fields.put(line.substring(0, space), line.substring(space + 1).strip());
          }
        }
      }
    } catch (IOException e) {
      // no details
    }
    String pid = fields.get("pid");
    String host = fields.get("host");
    boolean alive = false;
    try {
      String here = InetAddress.getLocalHost().getHostName();
      alive =
          pid != null
              && host != null
              && (!host.equals(here)
                  || ProcessHandle.of(Long.parseLong(pid))
                      .map(ProcessHandle::isAlive)
                      .orElse(false));
    } catch (IOException | NumberFormatException e) {
      alive = pid != null;
    }
    if (!alive) {
      return "another mlos process (a guard, or a run that has not yet written its details)";
    }
    return "the "
        + oneLine(fields.getOrDefault("what", "mlos run"))
        + " of process "
        + oneLine(pid)
        + " on host "
        + oneLine(host)
        + (fields.containsKey("since") ? " (started " + oneLine(fields.get("since")) + ")" : "");
  }

  /** The file's text is anyone's to write: keep it to one short line in a message. */
  private static String oneLine(String s) {
    String t = s.replaceAll("[\\p{Cntrl}]", "?");
    return t.length() > 80 ? t.substring(0, 80) + "..." : t;
  }

  /** Releases the lock (once; the system releases it anyway when the process ends). */
  @Override
  public void close() {
    if (released || file == null) {
      released = true;
      return;
    }
    released = true;
    synchronized (HELD) {
      Held h = HELD.get(file);
      if (h != null && --h.count == 0) {
        HELD.remove(file);
        if (h.exclusive) {
          try {
            Files.deleteIfExists(
                holderFile(file)); // before the release: the next holder writes its own
          } catch (IOException e) {
            // a stale description names a process that is gone, which the reader checks
          }
        }
        try {
          h.lock.release();
        } catch (IOException e) {
          // closing the channel releases it too
        }
        closeQuietly(h.channel);
      }
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing held through it any more
    }
  }

  /** Another process held the workspace lock for longer than this run would wait. */
  public static final class WorkspaceBusyException extends MlosException {
    private final Path lockFile;
    private final String holder;

    WorkspaceBusyException(Path lockFile, String holder, Duration waited) {
      super(
          "The workspace is in use by "
              + holder
              + ": waited "
              + waited.toSeconds()
              + " s for its lock "
              + lockFile,
          "wait for that run to finish and start again; the lock goes away with the process that holds it, so no"
              + " file needs deleting");
      this.lockFile = lockFile;
      this.holder = holder;
    }

    /** The lock file. */
    public Path lockFile() {
      return lockFile;
    }

    /** Who holds it, as worded in the message. */
    public String holder() {
      return holder;
    }
  }
}
