package dev.mlos.maven;

import dev.mlos.core.RemedyWording;
import dev.mlos.core.dbtext.LauncherDrivers;
import dev.mlos.core.dbtext.MergeDriver;
import dev.mlos.core.dbtext.SchemaMismatchException;
import dev.mlos.core.dbtext.TextMerge;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Git's merge driver for the database's text form ({@code mlos.db.sql}): merges base, ours and
 * theirs row by row and writes the result over ours. Git runs it (registered by {@code mlos:init}
 * as {@code merge.mlos-db.driver}, named by {@code .gitattributes}); a person does not. Rows both
 * branches added get distinct ids, with every reference rewritten; a row both branches changed in
 * different columns keeps both changes, and a JSON list both changed (a need's tags) keeps each
 * side's additions and removals. Another column both branches changed differently, or merged rows
 * that break a rule of the database, are conflicts marked around their lines, and the goal fails so
 * git reports it.
 */
@Mojo(name = "merge-db", threadSafe = true, requiresProject = false)
public class MergeDbMojo extends AbstractMlosMojo {
  /**
   * The common ancestor's version of the file (git's {@code %O}), relative to the directory git
   * runs the driver in.
   */
  @Parameter(property = "mlos.mergeBase", required = true)
  private String mergeBase;

  /** Ours (git's {@code %A}); the merged text is written over it. */
  @Parameter(property = "mlos.mergeOurs", required = true)
  private String mergeOurs;

  /** Theirs (git's {@code %B}). */
  @Parameter(property = "mlos.mergeTheirs", required = true)
  private String mergeTheirs;

  /** The file's path in the repository (git's {@code %P}), for messages only. */
  @Parameter(property = "mlos.mergePath", defaultValue = "mlos.db.sql")
  private String mergePath;

  /**
   * The command {@code mlos:init} registers as {@code merge.mlos-db.driver}: this goal, run on the
   * POM of the workspace that holds the merged file (the nearest {@code pom.xml} above it; git runs
   * drivers at the top of the work tree), with the plugin version that POM declares; for a file
   * with no POM above it, this version without a POM. It names no workspace, so every workspace of
   * a repository registers the same command and each merges with its own setup.
   */
  static String driverCommand(String groupId, String artifactId, String version) {
    return LauncherDrivers.mavenCommand(groupId, artifactId, version);
  }

  /**
   * True for a command some mlos version registered (init updates it to this version's): this one
   * with any version, or an older one pinned to one workspace's POM and a version ({@code mvn -q -B
   * -N -f a/pom.xml dev.mlos:mlos-maven-plugin:1.0:merge-db ...}). A command the user wrote or
   * edited (another launcher, more flags) is kept.
   */
  static boolean registeredByMlos(String command, String groupId, String artifactId) {
    return LauncherDrivers.isMavenCommand(command, groupId, artifactId);
  }

  /**
   * The words for the merge's next step: Maven's when a project POM ran the goal, else (the
   * driver's branch for a text form with no {@code pom.xml} above it) the {@code mlos} command's
   * first, since {@code mvn mlos:init} needs a POM.
   */
  static RemedyWording wording(MavenProject project) {
    boolean withPom = project != null && project.getFile() != null && project.getFile().isFile();
    return withPom ? MavenSuggestions.INSTANCE : MavenSuggestions.WITHOUT_POM;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    // Git passes paths relative to where it runs the driver (the current directory), not to the
    // POM.
    TextMerge.Result r;
    try {
      r =
          TextMerge.mergeFiles(
              Path.of(mergeBase).toAbsolutePath(),
              Path.of(mergeOurs).toAbsolutePath(),
              Path.of(mergeTheirs).toAbsolutePath());
    } catch (SchemaMismatchException e) {
      // Refused by a rule (the schemas must agree), not broken: ours is left as it was. In Maven's
      // words: the core's said "run `init`", a command no Maven user has.
      RemedyWording wording = wording(project());
      throw new MojoFailureException(
          MergeDriver.notMerged(mergePath, e, wording)
              + (e.newerMlosWroteASide()
                  ? System.lineSeparator()
                      + "  For Maven, upgrading this mlos means raising the version of the"
                      + " mlos-maven-plugin in the workspace's pom.xml to the one the teammate used"
                      + " (the newer side's mlos), then running "
                      + wording.word(dev.mlos.core.Remedy.init())
                  : ""));
    }
    List<String> summary = MergeDriver.summary(mergePath, r, wording(project()));
    if (!r.clean()) {
      throw new MojoFailureException(String.join(System.lineSeparator(), summary));
    }
    // The driver runs under -q (git shows its output inline): the summary goes to stderr so it is
    // seen. Shown as the log is: a line begins with the merged file's path.
    summary.forEach(line -> System.err.println(dev.mlos.core.TerminalText.of(line)));
  }
}
