package dev.mlos.core;

/** How many threads a compile or guard uses. */
public final class Threads {
  private Threads() {}

  /** {@code requested} when positive, else one per available processor, at most 8. */
  public static int count(int requested) {
    return requested > 0
        ? requested
        : Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
  }
}
