package dev.mlos.core.compile;

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
 */
public record CompileRequest(WorkspaceConfig config, String outputTimestamp, boolean fsync, boolean full) {
  public CompileRequest(WorkspaceConfig config, String outputTimestamp) {
    this(config, outputTimestamp, false, false);
  }
}
