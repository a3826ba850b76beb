package dev.mlos.core.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings given by the adapter (POM parameters or {@code -D} properties). Each non-null value wins
 * over {@code mlos.yaml}, which wins over the built-in default.
 *
 * @param configFile the workspace config file; default {@code <root>/mlos.yaml}
 * @param database the database file; default from {@code mlos.yaml}, else {@code <root>/mlos.db}
 * @param outputDirectory where outputs go; default from {@code mlos.yaml}, else the root
 * @param workspaceName the name outputs are recorded under; default from {@code mlos.yaml}, else
 *     the root directory's name
 * @param params parameter values that override the pack's and {@code mlos.yaml}'s
 * @param maxPageBytes the page size cap in bytes; default from {@code mlos.yaml}'s {@code
 *     max_page_bytes}, else {@link WorkspaceConfig#DEFAULT_MAX_PAGE_BYTES}
 * @param stateDirectory where mlos keeps its own records between runs, inside the workspace;
 *     default {@link WorkspaceConfig#DEFAULT_STATE_DIRECTORY} (a build tool passes its own build
 *     directory here)
 * @param maxPagesPerView the page cap of one view; default from {@code mlos.yaml}'s {@code
 *     max_pages_per_view}, else {@link WorkspaceConfig#DEFAULT_MAX_PAGES_PER_VIEW}
 */
public record ConfigOverrides(
    Path configFile,
    Path database,
    Path outputDirectory,
    String workspaceName,
    Map<String, Object> params,
    Long maxPageBytes,
    Path stateDirectory,
    Long maxPagesPerView) {

  /** Overrides that leave the page cap of a view to {@code mlos.yaml}. */
  public ConfigOverrides(
      Path configFile,
      Path database,
      Path outputDirectory,
      String workspaceName,
      Map<String, Object> params,
      Long maxPageBytes,
      Path stateDirectory) {
    this(
        configFile,
        database,
        outputDirectory,
        workspaceName,
        params,
        maxPageBytes,
        stateDirectory,
        null);
  }

  /** Overrides that leave the state directory at its default. */
  public ConfigOverrides(
      Path configFile,
      Path database,
      Path outputDirectory,
      String workspaceName,
      Map<String, Object> params,
      Long maxPageBytes) {
    this(configFile, database, outputDirectory, workspaceName, params, maxPageBytes, null, null);
  }

  /** Overrides that leave the page size cap to {@code mlos.yaml}. */
  public ConfigOverrides(
      Path configFile,
      Path database,
      Path outputDirectory,
      String workspaceName,
      Map<String, Object> params) {
    this(configFile, database, outputDirectory, workspaceName, params, null, null, null);
  }

  public ConfigOverrides {
    // Kept in the caller's order (Map.copyOf's order changes between runs): templates see params in
    // order.
    params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  public static ConfigOverrides none() {
    return new ConfigOverrides(null, null, null, null, Map.of());
  }
}
