package dev.mlos.core.hash;

/**
 * A read, or a write waiting for another process's lock, stopped because its caller asked ({@link
 * StopSignal}): neither a broken setup nor a refusal, so it is no {@code MlosException}. Nothing of
 * the operation was written.
 */
public final class StoppedException extends RuntimeException {
  public StoppedException() {
    super("stopped while hashing a file, as asked; nothing was written");
  }

  private StoppedException(String message) {
    super(message);
  }

  /** A write stopped while it waited for the write lock another process holds. */
  static StoppedException waitingForLock() {
    return new StoppedException(
        "stopped while waiting for the database's write lock, which another process held, as"
            + " asked; nothing was written");
  }
}
