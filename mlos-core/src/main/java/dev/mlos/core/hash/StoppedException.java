package dev.mlos.core.hash;

/**
 * A read stopped because its caller asked ({@link StopSignal}): neither a broken setup nor a
 * refusal, so it is no {@code MlosException}. Nothing of the operation was written.
 */
public final class StoppedException extends RuntimeException {
  public StoppedException() {
    super("stopped while hashing a file, as asked; nothing was written");
  }
}
