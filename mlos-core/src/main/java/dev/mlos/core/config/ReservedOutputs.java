package dev.mlos.core.config;

import dev.mlos.core.MlosException;
import dev.mlos.core.path.ReservedPlaces;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.view.OutputPattern;
import dev.mlos.core.yaml.YamlNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses, when the configuration loads, an output directory or a view output whose fixed part
 * lands on a {@link ReservedPlaces reserved place}: the workspace's configuration file, the
 * database's own files, git's {@code .git} or mlos's state directory. A page that a row's values
 * put there is refused when it is written.
 */
final class ReservedOutputs {
  private ReservedOutputs() {}

  /**
   * Where a setting came from, to name it in the error: a node of {@code mlos.yaml}, or an adapter
   * override's name when {@code node} is null.
   */
  record Setting(YamlNode node, String override) {}

  /**
   * @param viewOutputs the {@code output} nodes of the views {@code mlos.yaml} sets, by view name
   * @throws InvalidConfigException naming the setting, the place and the fix
   */
  static void check(
      Path root,
      Path database,
      Setting databaseSetting,
      Path output,
      Setting outputSetting,
      List<ViewDefinition> views,
      Map<String, YamlNode> viewOutputs,
      Path stateDirectory,
      Path configFile) {
    ReservedPlaces places = new ReservedPlaces(root, database, stateDirectory, configFile);
    String what = output.equals(root) ? null : places.whatIs(output);
    if (what != null) {
      throw refused(
          outputSetting,
          "output directory " + MlosException.quoted(relative(root, output)) + " is " + what,
          "choose another directory for the compiled pages: " + ReservedPlaces.RULE);
    }
    for (ViewDefinition v : views) {
      String fixed = fixedPart(v.output());
      what = fixed.isEmpty() ? null : places.whatIs(output.resolve(fixed));
      if (what == null && v.output().contains("{") && hasGitSegment(v.output())) {
        what = "in git's own '.git'";
      }
      if (what == null) {
        continue;
      }
      String problem =
          "view '"
              + v.name()
              + "' writes "
              + MlosException.quoted(relative(root, output.resolve(fixed)))
              + (fixed.equals(v.output()) ? "" : " (the fixed part of " + v.output() + ")")
              + ", which is "
              + what;
      String fix = "choose another output for view '" + v.name() + "': " + ReservedPlaces.RULE;
      YamlNode node = viewOutputs.get(v.name());
      if (node != null) {
        throw refused(new Setting(node, null), problem, fix);
      }
      if (what.startsWith("in ") || what.equals(ReservedPlaces.CONFIGURATION_FILE)) {
        throw refused(outputSetting, problem, fix);
      }
      // A built-in pack's page on the database: the database setting is what to change.
      throw refused(
          databaseSetting,
          problem,
          "put the database elsewhere (another `database:` path; it names a page view '"
              + v.name()
              + "' writes): "
              + ReservedPlaces.RULE);
    }
  }

  /**
   * Refuses an output whose written-out part has a character Windows does not allow in a file name
   * ({@code < > : " | ? *}), a device name ({@code aux.md}) or a name ending in a dot or a space
   * (Windows drops them, so the file is another one there): git cannot check such a page out on
   * Windows, and a compile there cannot write it. Values from rows are slugged, so only the
   * pattern's own text can hold them.
   */
  static void checkPortable(YamlNode node, String output) {
    String literal = output.replaceAll("\\{[^}]*}", "x");
    for (String segment : literal.split("/", -1)) {
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if ("<>:\"|?*".indexOf(c) >= 0) {
          throw InvalidConfigException.at(
              node,
              MlosException.quoted(output)
                  + " has '"
                  + c
                  + "', which Windows does not allow in a file name (nor any of < > : \" | ? *)",
              "leave it out of the output, or put it in a row's value (placeholders are slugged)");
        }
      }
      if (OutputPattern.isWindowsDevice(segment)) {
        throw InvalidConfigException.at(
            node,
            MlosException.quoted(output)
                + " has the name "
                + MlosException.quoted(segment)
                + ", a Windows device name: Windows opens the device, not a file",
            "choose another name (a row's value that makes one gets a '_' after it)");
      }
      if (segment.endsWith(".") || segment.endsWith(" ")) {
        throw InvalidConfigException.at(
            node,
            MlosException.quoted(output)
                + " has a name ending in "
                + (segment.endsWith(".") ? "a dot" : "a space")
                + " ("
                + MlosException.quoted(segment)
                + "), which Windows drops: the file would be another one there",
            "remove the trailing " + (segment.endsWith(".") ? "dot" : "space"));
      }
    }
  }

  /**
   * Refuses two single-file views that write one path (compared case-insensitively, as macOS and
   * Windows do, and in Unicode's composed form, as macOS does: {@link dev.mlos.core.path.PathKey}):
   * whichever compiled first would win, and the other would be reported at every compile as a
   * conflict with a file in the way, where the fix is in {@code mlos.yaml}.
   */
  static void checkSameOutputs(List<ViewDefinition> views, Map<String, YamlNode> viewOutputs) {
    Map<String, ViewDefinition> byPath = new HashMap<>();
    for (ViewDefinition v : views) {
      if (v.perRow()) {
        continue;
      }
      ViewDefinition other = byPath.putIfAbsent(dev.mlos.core.path.PathKey.of(v.output()), v);
      if (other == null) {
        continue;
      }
      YamlNode node = viewOutputs.get(v.name());
      ViewDefinition named = other;
      if (node == null) {
        node = viewOutputs.get(other.name());
        named = v;
      }
      YamlNode namedNode = viewOutputs.get(named.name());
      String namedAt =
          namedNode != null
              ? "set at " + namedNode.source() + ":" + namedNode.line()
              : "from " + named.origin();
      String problem =
          "views '"
              + other.name()
              + "' and '"
              + v.name()
              + "' both write "
              + MlosException.quoted(v.output())
              + (v.output().equals(other.output())
                  ? ""
                  : " (as "
                      + MlosException.quoted(other.output())
                      + (v.output().equalsIgnoreCase(other.output())
                          ? ": paths compare case-insensitively, as macOS and Windows do)"
                          : ": paths compare case-insensitively and in Unicode's composed form,"
                              + " as macOS does)"))
              + "; the output of view '"
              + named.name()
              + "' is "
              + namedAt;
      String fix =
          "give one of them another output, or switch one off (enabled: false under its name in views:)";
      if (node != null) {
        throw InvalidConfigException.at(node, problem, fix);
      }
      throw new InvalidConfigException("views", 0, 0, problem, fix);
    }
  }

  /**
   * The path of a single-file view, or the literal directory before the first placeholder of a
   * per-row one ("" when the pattern starts with one, or is not valid: that is reported elsewhere).
   */
  private static String fixedPart(String pattern) {
    if (!pattern.contains("{")) {
      return pattern;
    }
    try {
      return new OutputPattern("", pattern).directory();
    } catch (MlosException e) {
      return "";
    }
  }

  private static boolean hasGitSegment(String pattern) {
    for (String segment : pattern.split("/", -1)) {
      if (segment.equalsIgnoreCase(".git")) {
        return true;
      }
    }
    return false;
  }

  private static InvalidConfigException refused(Setting setting, String problem, String fix) {
    if (setting.node() != null) {
      return InvalidConfigException.at(setting.node(), problem, fix);
    }
    return new InvalidConfigException(setting.override(), 0, 0, problem, fix);
  }

  private static String relative(Path root, Path p) {
    Path normal = p.toAbsolutePath().normalize();
    return normal.startsWith(root) ? WorkspacePath.relative(root, normal) : normal.toString();
  }
}
