package dev.mlos.maven;

import dev.mlos.core.MlosException;
import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every mlos goal shares: the database parameter, {@code mlos.skip}, and the single place
 * where a core {@link MlosException} ("broken") becomes a {@link MojoExecutionException}. A goal
 * implements {@link #run()}: read its parameters, build one core request, call one core method,
 * log the result.
 */
public abstract class AbstractMlosMojo extends AbstractMojo {

  /**
   * The SQLite database mlos reads and writes. Relative paths are resolved against the project's
   * base directory. Its directory must already exist.
   */
  @Parameter(property = "mlos.database", defaultValue = "${project.basedir}/mlos.db", required = true)
  private File database;

  /** Skip this goal entirely, for example {@code -Dmlos.skip} on a machine without the database. */
  @Parameter(property = "mlos.skip", defaultValue = "false")
  private boolean skip;

  /**
   * The project the goal runs in. Without a pom.xml Maven supplies a stand-in whose base directory
   * is the current directory.
   */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      // Maven's execution header already names the goal.
      getLog().info("Skipped: mlos.skip is true");
      return;
    }
    try {
      run();
    } catch (MlosException e) {
      throw new MojoExecutionException(e.describe(), e);
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

  /** The database file, absolute. */
  protected File database() {
    return database.getAbsoluteFile();
  }

  /** The project's base directory (the current directory when run without a pom.xml). */
  protected File basedir() {
    File dir = project == null ? null : project.getBasedir();
    return dir != null ? dir : new File("").getAbsoluteFile();
  }
}
