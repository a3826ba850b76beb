package dev.mlos.core.engine;

/** Hears that a write waits for a lock another process holds ({@link Engine#onLockWait}). */
@FunctionalInterface
public interface LockWait {
  /**
   * The write has waited {@code waitedMs} so far and waits {@code limitMs} in all before it gives
   * up, changing nothing.
   */
  void waiting(long waitedMs, long limitMs);
}
