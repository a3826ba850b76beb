package dev.mlos.core.compile;

import dev.mlos.core.Threads;
import dev.mlos.core.config.WorkspaceConfig;

/**
 * A compile of one workspace.
 *
 * @param config the merged workspace configuration
 * @param outputTimestamp Maven's {@code project.build.outputTimestamp} (ISO-8601 instant or epoch
 *     seconds) used as {@code compiled_at} for reproducible builds, or null to use the clock
 * @param fsync force every written file to disk before it replaces the old one (slower; compiled
 *     files can always be compiled again, so off by default)
 * @param full render every page even when nothing changed since the last compile
 * @param threads how many pages are rendered at once; 0 picks {@code min(8, available processors)};
 *     the output is the same for any number
 */
public record CompileRequest(
    WorkspaceConfig config, String outputTimestamp, boolean fsync, boolean full, int threads) {
  public CompileRequest {
    Threads.check(threads, "compile.threads");
  }

  public CompileRequest(
      WorkspaceConfig config, String outputTimestamp, boolean fsync, boolean full) {
    this(config, outputTimestamp, fsync, full, 0);
  }

  public CompileRequest(WorkspaceConfig config, String outputTimestamp) {
    this(config, outputTimestamp, false, false);
  }

  /** The number of render threads to use. */
  public int effectiveThreads() {
    return Threads.count(threads);
  }
}
