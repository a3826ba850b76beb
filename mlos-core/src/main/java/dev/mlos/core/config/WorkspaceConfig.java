package dev.mlos.core.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the compiler and guard need to know about one workspace, after merging the built-in
 * pack, the workspace's {@code mlos.yaml} and the adapter's overrides.
 *
 * @param name the workspace's name; outputs are recorded under it in the database
 * @param root the workspace directory
 * @param configFile the {@code mlos.yaml} read, or null when there was none
 * @param database the SQLite database file
 * @param outputDirectory where outputs are written (inside {@code root})
 * @param pack the pack in use, or null for {@code pack: none}
 * @param params parameter values bound to {@code :name} in queries
 * @param views the enabled views, in output order
 * @param maxPageBytes the most UTF-8 bytes one page's body may have; a template that writes more
 *     stops there with an error naming the view, the row and the template
 * @param stateDirectory where mlos keeps its own records between runs (compile state, outputs list,
 *     journal, lock, copies of replaced hand edits; the guard's reports by default), inside {@code
 *     root}; null gives {@link #DEFAULT_STATE_DIRECTORY} under {@code root}
 * @param databaseNotice what every command that opens the database tells the user once (on stderr,
 *     in the build log) when it lies outside the workspace: its real path and the setting that
 *     names it; null when it lies inside
 * @param maxPagesPerView the most pages one per-row view ({@code each}) may write: past it the
 *     compile (and the guard's render) stops at that view's next row, naming the view and the fix
 */
public record WorkspaceConfig(
    String name,
    Path root,
    Path configFile,
    Path database,
    Path outputDirectory,
    PackDefinition pack,
    Map<String, Object> params,
    List<ViewDefinition> views,
    long maxPageBytes,
    Path stateDirectory,
    String databaseNotice,
    int maxPagesPerView) {
  /** The default page size cap: 16 MiB, far above any page a person or an agent reads. */
  public static final long DEFAULT_MAX_PAGE_BYTES = 16L << 20;

  /** The smallest cap that may be configured. */
  public static final long MIN_MAX_PAGE_BYTES = 1L << 10;

  /** The largest cap that may be configured (a page is built in memory before it is written). */
  public static final long MAX_MAX_PAGE_BYTES = 1L << 30;

  /**
   * The default page cap of one view: 1,000,000 pages, ten times the largest workspace the
   * benchmark compiles, and still a bound on what a clone's mlos.yaml (a query that counts to 10^8,
   * a cross join) can make a compile write to disk.
   */
  public static final int DEFAULT_MAX_PAGES_PER_VIEW = 1_000_000;

  /** The largest page cap of one view that may be configured. */
  public static final int MAX_MAX_PAGES_PER_VIEW = 1_000_000_000;

  /**
   * The state directory when none is given, relative to the workspace root: Maven's build
   * directory, so a clean build forgets the state and {@code .gitignore} already has it.
   */
  public static final String DEFAULT_STATE_DIRECTORY = "target/mlos";

  public WorkspaceConfig {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    views = List.copyOf(views);
    if (stateDirectory == null && root != null) {
      stateDirectory = root.resolve(DEFAULT_STATE_DIRECTORY);
    }
  }

  /** A configuration with the default page cap of a view. */
  public WorkspaceConfig(
      String name,
      Path root,
      Path configFile,
      Path database,
      Path outputDirectory,
      PackDefinition pack,
      Map<String, Object> params,
      List<ViewDefinition> views,
      long maxPageBytes,
      Path stateDirectory,
      String databaseNotice) {
    this(
        name,
        root,
        configFile,
        database,
        outputDirectory,
        pack,
        params,
        views,
        maxPageBytes,
        stateDirectory,
        databaseNotice,
        DEFAULT_MAX_PAGES_PER_VIEW);
  }

  /** A configuration whose database needs no notice. */
  public WorkspaceConfig(
      String name,
      Path root,
      Path configFile,
      Path database,
      Path outputDirectory,
      PackDefinition pack,
      Map<String, Object> params,
      List<ViewDefinition> views,
      long maxPageBytes,
      Path stateDirectory) {
    this(
        name,
        root,
        configFile,
        database,
        outputDirectory,
        pack,
        params,
        views,
        maxPageBytes,
        stateDirectory,
        null);
  }

  /** A configuration with the default state directory. */
  public WorkspaceConfig(
      String name,
      Path root,
      Path configFile,
      Path database,
      Path outputDirectory,
      PackDefinition pack,
      Map<String, Object> params,
      List<ViewDefinition> views,
      long maxPageBytes) {
    this(
        name, root, configFile, database, outputDirectory, pack, params, views, maxPageBytes, null);
  }

  /** A configuration with the default page size cap. */
  public WorkspaceConfig(
      String name,
      Path root,
      Path configFile,
      Path database,
      Path outputDirectory,
      PackDefinition pack,
      Map<String, Object> params,
      List<ViewDefinition> views) {
    this(
        name,
        root,
        configFile,
        database,
        outputDirectory,
        pack,
        params,
        views,
        DEFAULT_MAX_PAGE_BYTES,
        null);
  }

  /** The schema sets init should apply for this workspace. */
  public List<String> schemas() {
    return pack == null ? List.of() : pack.schemas();
  }

  /** Where the config came from, for messages. */
  public String configSource() {
    return configFile == null ? "built-in defaults (no mlos.yaml)" : configFile.toString();
  }
}
