package dev.mlos.maven;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.dbtext.DatabaseText;
import dev.mlos.core.dbtext.GitMergeDriver;
import dev.mlos.core.init.InitRequest;
import dev.mlos.core.init.InitResult;
import dev.mlos.core.init.Initializer;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Creates the mlos database, or upgrades it in place (migrations, adoption of a TaskEngine {@code
 * tasks} table, with a backup first). Safe to run again: an up-to-date database is left untouched.
 *
 * <p>With {@code -Dmlos.scaffold} it first creates a new workspace in the current directory (no POM
 * is needed there): a workspace POM, {@code mlos.yaml} with {@code workspace:} set, {@code
 * .gitignore} and {@code .gitattributes} lines, a GitHub Actions workflow, the markdownlint
 * settings compiled pages are made for ({@code .markdownlint-cli2.jsonc}) and the database's text
 * form {@code mlos.db.sql}. Existing files are never overwritten.
 */
@Mojo(name = "init", threadSafe = true, requiresProject = false)
public class InitMojo extends AbstractMlosMojo {

  /**
   * Schema sets to apply, in order, e.g. {@code mlos} (the ML OS tables). Unset: the schemas of the
   * workspace's pack ({@code pack:} in {@code mlos.yaml}, default {@code mlos}).
   */
  @Parameter(property = "mlos.schemas")
  private List<String> schemas;

  /**
   * SQL files run once, right after the database is created (never on an existing database).
   * Comma-separated on the command line: {@code -Dmlos.seed=seed/a.sql,seed/b.sql}. Relative paths
   * are resolved against the project's base directory.
   */
  @Parameter(property = "mlos.seed")
  private List<File> seedScripts;

  /**
   * Where the backup copy goes before an existing database is upgraded. Unset: next to the
   * database.
   */
  @Parameter(property = "mlos.backupDirectory")
  private File backupDirectory;

  /**
   * Create a new workspace here first (a workspace POM, {@code mlos.yaml}, {@code .gitignore},
   * {@code .gitattributes}, {@code .github/workflows/mlos.yml}, {@code .markdownlint-cli2.jsonc},
   * {@code mlos.db.sql}), keeping every file that exists. Run it in an empty directory: {@code mvn
   * dev.mlos:mlos-maven-plugin:<version>:init -Dmlos.scaffold}.
   */
  @Parameter(property = "mlos.scaffold", defaultValue = "false")
  private boolean scaffold;

  /**
   * After a {@code git pull} or merge changed the database's text form ({@code mlos.db.sql}): merge
   * its rows into the database (and nothing else) instead of creating or upgrading it. Agents' MCP
   * servers may keep running: a write they make meanwhile waits for the pull and is kept. A compile
   * refuses until this ran.
   */
  @Parameter(property = "mlos.pullText", defaultValue = "false")
  private boolean pullText;

  @Parameter(defaultValue = "${plugin}", readonly = true)
  private org.apache.maven.plugin.descriptor.PluginDescriptor plugin;

  @Override
  protected void run()
      throws org.apache.maven.plugin.MojoExecutionException,
          org.apache.maven.plugin.MojoFailureException {
    // --- text form pull (issue 19): one core operation; the database is replaced, nothing else is
    // done.
    if (pullText) {
      for (String action :
          dev.mlos.core.dbtext.TextFormPull.pull(workspaceConfig(), reporter()).actions()) {
        getLog().info(action);
      }
      return;
    }
    // --- scaffold hook (issue 19): the only lines of this goal that know about scaffolding.
    if (scaffold) {
      new ScaffoldStep(getLog())
          .run(workspaceConfig(), plugin == null ? null : plugin.getVersion());
    } else if (project() != null && "standalone-pom".equals(project().getArtifactId())) {
      // Maven's stand-in project when the directory has no pom.xml (init needs no project to
      // scaffold).
      throw new org.apache.maven.plugin.MojoExecutionException(
          "There is no pom.xml in "
              + basedir()
              + ", so this is not a workspace."
              + System.lineSeparator()
              + "  Fix: add -Dmlos.scaffold to create a workspace here, or run mlos:init in a workspace's directory");
    }
    // --- end of scaffold hook
    List<Path> seeds =
        seedScripts == null
            ? List.of()
            : seedScripts.stream().map(f -> f.getAbsoluteFile().toPath()).toList();
    Path backupDir = backupDirectory == null ? null : backupDirectory.getAbsoluteFile().toPath();
    WorkspaceConfig config = workspaceConfig();
    InitRequest request = InitRequest.forWorkspace(config, schemas, seeds, backupDir);
    Path db = request.database();

    InitResult result;
    try {
      result = new Initializer().init(request);
    } catch (dev.mlos.core.adopt.LegacyAdoptionException e) {
      // The user's rows do not fit a rule, nothing changed: a failed build, not a broken one.
      throw new org.apache.maven.plugin.MojoFailureException(
          "refused (" + e.rule() + "): " + e.describe(MavenSuggestions.INSTANCE));
    } catch (dev.mlos.core.dbtext.TrackedTextForm.MissingException e) {
      // No empty database in place of the text form git tracks: refused, nothing written.
      throw new org.apache.maven.plugin.MojoFailureException(
          "refused (" + e.rule() + "): " + e.describe(MavenSuggestions.INSTANCE));
    }

    getLog().info(result.headline(db));
    if (result.backup() != null) {
      getLog().info("Backup written to " + result.backup());
    }
    for (String migration : result.appliedMigrations()) {
      getLog().info("Applied migration " + migration);
    }
    for (String action : result.actions()) {
      getLog().info(action);
    }
    for (String warning : result.warnings()) {
      getLog().warn(warning);
    }
    // --- merge driver hook (issue 19): git does not clone .git/config, so each clone's init
    // defines
    // the drivers that .gitattributes names for the text form (mlos-db) and the compiled pages
    // (mlos-page).
    if (plugin != null) {
      GitMergeDriver.Registration reg =
          GitMergeDriver.register(
              config.root(),
              DatabaseText.fileOf(db.toAbsolutePath()),
              MergeDbMojo.driverCommand(
                  plugin.getGroupId(), plugin.getArtifactId(), plugin.getVersion()),
              c -> MergeDbMojo.registeredByMlos(c, plugin.getGroupId(), plugin.getArtifactId()),
              dev.mlos.core.scaffold.Scaffolder.pageAttributeLines(config));
      switch (reg.outcome()) {
        case REGISTERED -> getLog().info(reg.message());
        // Another launcher's driver that works (a team using both): an information, a line each.
        case KEPT_LAUNCHERS -> reg.message().lines().forEach(getLog()::info);
        case KEPT_USERS -> {
          if (!reg.alsoRegistered().isEmpty()) {
            getLog().info(reg.alsoRegistered());
          }
          getLog().warn(reg.message());
        }
        default -> getLog().debug(reg.message());
      }
      if (!reg.attributes().isEmpty()) {
        // Whatever the registration did: a driver no .gitattributes line names is never used.
        getLog().warn(reg.attributes());
      }
    }
    // --- end of merge driver hook
  }
}
