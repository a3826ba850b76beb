package dev.mlos.core.dbtext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * The {@code mlos-db} driver commands each mlos launcher registers, so that every launcher
 * recognises the others': a team may run both {@code mvn mlos:init} and the {@code mlos} command,
 * each clone keeps one of their commands, and both merge alike. Here, not in the adapters, since
 * each adapter must recognise the other's form ({@link GitMergeDriver#register} keeps another
 * launcher's working driver as an information, not a warning).
 */
public final class LauncherDrivers {
  private static final String MAVEN_PREFIX = "mvn -q -B -N ";
  private static final String MAVEN_SUFFIX =
      ":merge-db -Dmlos.mergeBase=%O -Dmlos.mergeOurs=%A -Dmlos.mergeTheirs=%B -Dmlos.mergePath=%P";
  private static final String COORDINATE = "[A-Za-z0-9._-]+";

  /** The {@code Main-Class} of the {@code mlos} command's jar. */
  static final String MLOS_MAIN_CLASS = "dev.mlos.cli.Main";

  /** Any plugin, any version: the form {@link #mavenCommand} writes. */
  private static final Pattern MAVEN_ANY =
      Pattern.compile(
          Pattern.quote(mavenCommand("@g@", "@a@", "@v@"))
              .replace("@g@", "\\E" + COORDINATE + "\\Q")
              .replace("@a@", "\\E" + COORDINATE + "\\Q")
              .replace("@v@", "\\E" + COORDINATE + "\\Q"));

  /** One workspace's POM or none, one plugin and version: what older mlos:init versions wrote. */
  private static final Pattern MAVEN_PINNED =
      Pattern.compile(
          Pattern.quote(MAVEN_PREFIX)
              + "(?:-f \\S+ )?"
              + COORDINATE
              + ":"
              + COORDINATE
              + ":"
              + COORDINATE
              + Pattern.quote(MAVEN_SUFFIX));

  private LauncherDrivers() {}

  /**
   * The command {@code mvn mlos:init} registers: the plugin's {@code merge-db} goal run on the POM
   * of the workspace that holds the merged file (the nearest {@code pom.xml} above it), with the
   * plugin version that POM declares; for a file with no POM above it, {@code version} without a
   * POM.
   */
  public static String mavenCommand(String groupId, String artifactId, String version) {
    String plugin = groupId + ":" + artifactId;
    return GitMergeDriver.inWorkspaceOfMergedFile(
        "pom.xml",
        MAVEN_PREFIX + "-f " + GitMergeDriver.WORKSPACE + "/pom.xml " + plugin + MAVEN_SUFFIX,
        MAVEN_PREFIX + plugin + ":" + version + MAVEN_SUFFIX);
  }

  /**
   * True for a command some version of this plugin registered: {@link #mavenCommand} with any
   * version, or an older one pinned to one workspace's POM ({@code mvn -q -B -N -f a/pom.xml ...}).
   */
  public static boolean isMavenCommand(String command, String groupId, String artifactId) {
    String any = "@version@";
    String template = mavenCommand(groupId, artifactId, any);
    String before = template.substring(0, template.indexOf(any));
    String after = template.substring(template.indexOf(any) + any.length());
    if (command.startsWith(before)
        && command.endsWith(after)
        && command.length() > before.length() + after.length()) {
      return command
          .substring(before.length(), command.length() - after.length())
          .matches(COORDINATE);
    }
    return command.startsWith(MAVEN_PREFIX + "-f ") && command.endsWith(MAVEN_SUFFIX);
  }

  /**
   * Which launcher wrote {@code command}, when it is a launcher's own form that works: "`mvn
   * mlos:init`" for the plugin's forms, "the `mlos` command" for {@link
   * GitMergeDriver#jarCommand}'s form whose jar ({@code jar}, as git would run it) is the {@code
   * mlos} command's; null for any other command (the user's, or a jar that is not mlos's).
   */
  static String launcherOf(String command, Path jar) {
    if (MAVEN_ANY.matcher(command).matches() || MAVEN_PINNED.matcher(command).matches()) {
      return "`mvn mlos:init`";
    }
    return jar != null && isMlosCommandJar(jar) ? "the `mlos` command" : null;
  }

  /**
   * Whether {@code jar} is a jar of the {@code mlos} command (of any version): a regular file whose
   * manifest names the command's main class. A file that is no jar, or cannot be read, is not.
   */
  public static boolean isMlosCommandJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      return false;
    }
    // Only the manifest is read (the central directory and one entry), whatever the file holds.
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      Manifest manifest = file.getManifest();
      return manifest != null
          && MLOS_MAIN_CLASS.equals(
              manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS));
    } catch (IOException | SecurityException e) {
      return false;
    }
  }
}
