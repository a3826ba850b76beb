package dev.mlos.core.guard;

import dev.mlos.core.Threads;
import dev.mlos.core.config.WorkspaceConfig;
import java.util.Objects;

/**
 * A guard check of one workspace.
 *
 * @param config the merged workspace configuration (database, output directory, views)
 * @param checkStale whether to re-render every view to find {@link ViolationClass#STALE} files;
 *     false gives a fast guard that only hashes files (hand-edited files are still rendered, for
 *     their diff)
 * @param threads how many files are hashed at once; 0 picks {@code min(8, available processors)}
 * @param renderAlways with {@code checkStale}, render every view even when nothing the pages depend
 *     on changed since the last compile (otherwise that compile's record answers the stale check)
 */
public record GuardRequest(
    WorkspaceConfig config, boolean checkStale, int threads, boolean renderAlways) {
  public GuardRequest {
    Objects.requireNonNull(config, "config");
    Threads.check(threads, "guard.threads");
  }

  /** A full check (with {@link ViolationClass#STALE}) using the default number of threads. */
  public GuardRequest(WorkspaceConfig config) {
    this(config, true, 0, false);
  }

  /** A check that renders only when the inputs changed since the last compile. */
  public GuardRequest(WorkspaceConfig config, boolean checkStale, int threads) {
    this(config, checkStale, threads, false);
  }

  /** The number of hashing threads to use. */
  public int effectiveThreads() {
    return Threads.count(threads);
  }
}
