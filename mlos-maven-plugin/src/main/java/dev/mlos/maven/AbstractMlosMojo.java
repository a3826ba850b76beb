package dev.mlos.maven;

import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import dev.mlos.core.TerminalText;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every mlos goal shares: where the workspace's settings come from, {@code mlos.skip}, and the
 * single place where a core {@link MlosException} ("broken") becomes a {@link
 * MojoExecutionException}. A goal implements {@link #run()}: read its parameters, build one core
 * request, call one core method, log the result.
 *
 * <p>Precedence of settings: these parameters (POM configuration, else their {@code -D} property),
 * then the workspace's {@code mlos.yaml}, then the pack's defaults.
 */
public abstract class AbstractMlosMojo extends AbstractMojo {

  /**
   * The SQLite database. Relative paths are resolved against the project's base directory. Unset:
   * {@code database:} in {@code mlos.yaml}, else <code>${project.basedir}/mlos.db</code>.
   */
  @Parameter(property = "mlos.database")
  private File database;

  /**
   * The workspace configuration file. Unset: <code>${project.basedir}/mlos.yaml</code> when it
   * exists, else the built-in defaults (the ML OS pack).
   */
  @Parameter(property = "mlos.config")
  private File configFile;

  /**
   * Where compiled files are written; must be inside the project's base directory. Unset: {@code
   * output:} in {@code mlos.yaml}, else the base directory itself.
   */
  @Parameter(property = "mlos.outputDirectory")
  private File outputDirectory;

  /**
   * The name this workspace's compile is recorded under in the database. Workspaces that compile
   * from one database need different names. Unset: {@code workspace:} in {@code mlos.yaml}, else
   * the base directory's name.
   */
  @Parameter(property = "mlos.workspace")
  private String workspace;

  /**
   * The most bytes one compiled page may have; a template that writes more stops at this size with
   * an error naming the view, the row and the template. From 1024 to 1073741824. Unset: {@code
   * max_page_bytes:} in {@code mlos.yaml}, else 16 MiB.
   */
  @Parameter(property = "mlos.maxPageBytes")
  private Long maxPageBytes;

  /**
   * The most pages one view that writes a page per row ({@code each}) may write; past it the
   * compile stops at that view's next row, naming the view, its query and the fix. From 1 to
   * 1000000000. Unset: {@code max_pages_per_view:} in {@code mlos.yaml}, else 1000000.
   */
  @Parameter(property = "mlos.maxPagesPerView")
  private Long maxPagesPerView;

  /** Skip this goal entirely, for example {@code -Dmlos.skip} on a machine without the database. */
  @Parameter(property = "mlos.skip", defaultValue = "false")
  private boolean skip;

  /**
   * The project the goal runs in: its base directory is the workspace. Every goal runs once per
   * project of the reactor, so {@code mvn mlos:compile} in a parent directory compiles each
   * workspace module.
   */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /**
   * Maven's log, every message shown by the core's {@link TerminalText} rule (no escape sequence,
   * no line a CI runner takes for a command), as the mlos command's output is.
   */
  @Override
  public Log getLog() {
    return new MavenShownLog(super.getLog());
  }

  /**
   * Runs the goal. The message of the exception that fails the build is shown by the same rule as
   * {@link #getLog()}'s: Maven prints it after its {@code [ERROR]}, each of its lines as written (a
   * guard's list of violations, check-text's refused rows). Its cause, which Maven prints under
   * {@code -e} and {@code -X}, keeps its class and stack, its messages shown so too ({@link
   * MavenShownCause}).
   */
  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    try {
      executeGoal();
    } catch (MojoFailureException e) {
      throw new MojoFailureException(
          TerminalText.of(e.getMessage()), MavenShownCause.of(e.getCause()));
    } catch (MojoExecutionException e) {
      throw new MojoExecutionException(
          TerminalText.of(e.getMessage()), MavenShownCause.of(e.getCause()));
    }
  }

  private void executeGoal() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      // Maven's execution header already names the goal.
      getLog().info("Skipped: mlos.skip is true");
      return;
    }
    try {
      run();
    } catch (dev.mlos.core.engine.RefusedException e) {
      // A rule refused the goal's rows (an import's file the artifact rules refuse): violated, not
      // broken, as the mlos command's exit 1 says.
      throw new MojoFailureException(
          "refused (" + e.rule() + "): " + e.describe(MavenSuggestions.INSTANCE));
    } catch (MlosException e) {
      // Maven appends every cause's message to the error; ours already says what matters, so the
      // cause (SQLite's or FreeMarker's own words, and the stack) is attached only under -X.
      MojoExecutionException broken =
          new MojoExecutionException(e.describe(MavenSuggestions.INSTANCE));
      if (getLog().isDebugEnabled()) {
        broken.initCause(e);
      }
      throw broken;
    } catch (RuntimeException e) {
      // Neither a rule nor a broken setup: a fault of mlos (an engine write that met a rule of the
      // database mlos keeps itself), which Maven showed as its own "An exception occurred" and a
      // stack, asking for no report. The build fails as broken, saying whose fault it is.
      // The class's full name: Maven appends each cause's message it does not already hold to the
      // error, and the cause's (MavenShownCause) starts with it.
      throw new MojoExecutionException(
          "mlos failed ("
              + e.getClass().getName()
              + ": "
              + e.getMessage()
              + "). This is a fault in mlos, not in your build or workspace; nothing was"
              + " half-written. Run the build with -e for the stack trace and report it.",
          e);
    }
  }

  /**
   * The goal's work. Core {@link MlosException}s may propagate: {@link #execute()} reports them as
   * a broken build with their message and fix.
   *
   * @throws MojoExecutionException when the setup is broken (bad configuration, unreadable file)
   * @throws MojoFailureException when a rule is violated (all violations listed first)
   */
  protected abstract void run() throws MojoExecutionException, MojoFailureException;

  /** The workspace's merged configuration (parameters over {@code mlos.yaml} over the pack). */
  protected WorkspaceConfig workspaceConfig() {
    ConfigOverrides overrides =
        new ConfigOverrides(
            configFile == null ? null : configFile.toPath(),
            database == null ? null : database.toPath(),
            outputDirectory == null ? null : outputDirectory.toPath(),
            workspace,
            Map.of(),
            maxPageBytes,
            stateDirectory(),
            maxPagesPerView);
    WorkspaceConfig config =
        new ConfigLoader(getClass().getClassLoader()).load(basedir().toPath(), overrides);
    // A database outside the workspace (a shared one) is said once per goal, before it is opened.
    if (config.databaseNotice() != null && !databaseNoticeSaid) {
      databaseNoticeSaid = true;
      getLog().warn(config.databaseNotice());
    }
    return config;
  }

  private boolean databaseNoticeSaid;

  /**
   * mlos's state directory: {@code mlos} in the project's build directory (so {@code mvn clean}
   * forgets it), or the core's default when the build directory is not inside the workspace.
   */
  private Path stateDirectory() {
    String dir =
        project == null || project.getBuild() == null ? null : project.getBuild().getDirectory();
    if (dir == null || dir.contains("${")) {
      return null;
    }
    Path state = Path.of(dir, "mlos").toAbsolutePath().normalize();
    return state.startsWith(basedir().toPath().toAbsolutePath().normalize()) ? state : null;
  }

  /** Sends core progress and warnings to the Maven log. */
  protected Reporter reporter() {
    return new MavenReporter(getLog());
  }

  /** The project's base directory: the workspace root. */
  protected File basedir() {
    File dir = project == null ? null : project.getBasedir();
    return dir != null ? dir : new File("").getAbsoluteFile();
  }

  /** The project, or null when Maven runs without one. */
  protected MavenProject project() {
    return project;
  }
}
