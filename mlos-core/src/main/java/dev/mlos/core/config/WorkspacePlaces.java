package dev.mlos.core.config;

import dev.mlos.core.MlosException;
import dev.mlos.core.yaml.YamlNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a workspace's files are, as {@code mlos.yaml} and the overrides ({@code -Dmlos.*}, the
 * command's options) say: its database, its output directory and mlos's state directory, each
 * checked against the workspace root before anything is read or written there.
 */
final class WorkspacePlaces {
  private WorkspacePlaces() {}

  /**
   * The database file: the override, else {@code database:}, else {@code <root>/mlos.db}. A setting
   * ending in a slash names a directory and is refused: resolved as it stands, {@code data/} would
   * become a database file named {@code data}.
   */
  static Path database(Path absRoot, ConfigOverrides overrides, Map<String, YamlNode> top) {
    Path database = overrides.database() != null ? absRoot.resolve(overrides.database()) : null;
    if (database == null && top.containsKey("database")) {
      String text = top.get("database").nonBlankText();
      if (text.endsWith("/") || text.endsWith("\\")) {
        throw InvalidConfigException.at(
            top.get("database"),
            MlosException.quoted(text) + " names a directory, not the database file",
            "name the file in it, e.g. database: " + text + "mlos.db");
      }
      database = absRoot.resolve(text);
    }
    if (database == null) {
      database = absRoot.resolve("mlos.db");
    }
    return database.toAbsolutePath().normalize();
  }

  /** The output directory: the override, else {@code output:}, else the root; inside the root. */
  static Path output(Path absRoot, ConfigOverrides overrides, Map<String, YamlNode> top) {
    Path output = null;
    if (overrides.outputDirectory() != null) {
      output = absRoot.resolve(overrides.outputDirectory()).normalize();
      if (!output.startsWith(absRoot)) {
        throw new InvalidConfigException(
            "outputDirectory",
            0,
            0,
            MlosException.quoted(String.valueOf(overrides.outputDirectory()))
                + " is outside the workspace "
                + absRoot,
            "choose a directory inside the workspace");
      }
      if (isFile(output)) {
        throw new InvalidConfigException(
            "outputDirectory",
            0,
            0,
            MlosException.quoted(String.valueOf(overrides.outputDirectory())) + IS_A_FILE,
            NAME_A_DIRECTORY);
      }
    } else if (top.containsKey("output")) {
      YamlNode n = top.get("output");
      output = absRoot.resolve(n.nonBlankText()).normalize();
      if (!output.startsWith(absRoot)) {
        throw InvalidConfigException.at(
            n,
            MlosException.quoted(n.text()) + " is outside the workspace",
            "choose a directory inside the workspace");
      }
      if (isFile(output)) {
        throw InvalidConfigException.at(
            n, MlosException.quoted(n.text()) + IS_A_FILE, NAME_A_DIRECTORY);
      }
    }
    return output == null ? absRoot : output;
  }

  // Pages go under the output directory: one that is a file failed at the first page with 'Not a
  // directory' and a fix to check permissions.
  private static final String IS_A_FILE = " is a file, not a directory: pages are written under it";
  private static final String NAME_A_DIRECTORY =
      "name a directory (it is created when missing), or leave the setting out to write pages in"
          + " the workspace root";

  private static boolean isFile(Path p) {
    return Files.exists(p) && !Files.isDirectory(p);
  }

  /**
   * The state directory an override names (a directory inside the workspace, not its root); null
   * when none does ({@link WorkspaceConfig#DEFAULT_STATE_DIRECTORY}).
   */
  static Path stateDirectory(Path absRoot, ConfigOverrides overrides) {
    Path state = null;
    if (overrides.stateDirectory() != null) {
      state = absRoot.resolve(overrides.stateDirectory()).normalize();
      if (!state.startsWith(absRoot) || state.equals(absRoot)) {
        throw new InvalidConfigException(
            "stateDirectory",
            0,
            0,
            MlosException.quoted(String.valueOf(overrides.stateDirectory()))
                + " is not a directory inside the workspace "
                + absRoot,
            "choose a directory inside the workspace, such as "
                + WorkspaceConfig.DEFAULT_STATE_DIRECTORY);
      }
    }
    return state;
  }
}
