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
 */
public record WorkspaceConfig(
    String name,
    Path root,
    Path configFile,
    Path database,
    Path outputDirectory,
    PackDefinition pack,
    Map<String, Object> params,
    List<ViewDefinition> views) {

  public WorkspaceConfig {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    views = List.copyOf(views);
  }

  /** The schema sets {@code mlos:init} should apply for this workspace. */
  public List<String> schemas() {
    return pack == null ? List.of() : pack.schemas();
  }

  /** Where the config came from, for messages. */
  public String configSource() {
    return configFile == null ? "built-in defaults (no mlos.yaml)" : configFile.toString();
  }
}
