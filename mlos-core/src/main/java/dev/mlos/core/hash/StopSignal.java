package dev.mlos.core.hash;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Lets the caller of a long read stop it: a file hashed for an artifact may be a dataset of
 * terabytes (107 s for 20 GB), and an MCP client that cancels the call, or a server told to stop,
 * no longer wants its result. {@link Sha256#ofFileUnlessStopped} on a thread running {@link
 * #during} asks the signal before each read (every 64 KiB) and stops with a {@link
 * StoppedException}.
 *
 * <p>The engine hashes every file of a call before its write transaction begins, so a call stopped
 * here has written nothing. The signal belongs to the thread that runs {@code work}: pages rendered
 * on other threads, and what the caller runs after {@code work} (a recompile of a write already
 * saved), are not stopped by it.
 */
public final class StopSignal {
  private static final ThreadLocal<BooleanSupplier> CURRENT = new ThreadLocal<>();

  private StopSignal() {}

  /**
   * Runs {@code work} on this thread with {@code stopAsked} as its signal (the one before is put
   * back after it).
   *
   * @param stopAsked true once the caller no longer wants the result; asked often, so it must be
   *     cheap
   * @throws StoppedException when {@code work} stopped because {@code stopAsked} said so
   */
  public static <T> T during(BooleanSupplier stopAsked, Supplier<T> work) {
    BooleanSupplier before = CURRENT.get();
    CURRENT.set(stopAsked);
    try {
      return work.get();
    } finally {
      if (before == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(before);
      }
    }
  }

  /**
   * Throws {@link StoppedException#waitingForLock} when this thread's caller asked to stop; does
   * nothing where no one can ask. Asked by a write between its attempts at the write lock another
   * process holds, before anything is written: a cancelled MCP call used to wait on and land its
   * write once the lock was free, its answer never sent, so a client that retried wrote it twice.
   */
  public static void checkWhileWaitingForLock() {
    BooleanSupplier s = CURRENT.get();
    if (s != null && s.getAsBoolean()) {
      throw StoppedException.waitingForLock();
    }
  }

  /** Throws when this thread's caller asked to stop; does nothing where no one can ask. */
  static void check() {
    BooleanSupplier s = CURRENT.get();
    if (s != null && s.getAsBoolean()) {
      throw new StoppedException();
    }
  }
}
