package dev.mlos.maven;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardRequest;
import dev.mlos.core.guard.Violation;
import dev.mlos.core.guard.ViolationClass;
import dev.mlos.core.guard.report.GitHubAnnotations;
import dev.mlos.core.guard.report.GuardReportFiles;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fails the build when compiled files were edited by hand ({@code HAND_EDITED}), are out of date
 * with the database ({@code STALE}), are gone ({@code MISSING}) or are not this workspace's ({@code
 * UNKNOWN}), or when a registered artifact no longer matches its recorded hash ({@code
 * ARTIFACT_DRIFT}) or is gone ({@code ARTIFACT_MISSING}), or when a graph record file (pack {@code
 * agentos-graph}) changed since it was imported, is gone, or is new under a directory an import
 * read ({@code RECORD_DRIFT}). Changes nothing. Lists every violation with the first changed line,
 * a diff and the command that fixes it, writes JUnit XML, SARIF and JSON reports, then fails once.
 * Bound to {@code verify}.
 */
@Mojo(name = "guard", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class GuardMojo extends AbstractMlosMojo {

  /** Skip only the guard (the other goals still run). */
  @Parameter(property = "mlos.guard.skip", defaultValue = "false")
  private boolean guardSkip;

  /**
   * The violation classes that fail the build; the others are reported as warnings. Comma-separated
   * on the command line: {@code -Dmlos.guard.failOn=HAND_EDITED,MISSING}. Default: all seven. An
   * empty value ({@code -Dmlos.guard.failOn=}, an unset CI variable) is refused: it would make
   * every class a warning; use {@code -Dmlos.guard.skip} to skip the guard.
   */
  @Parameter(
      property = "mlos.guard.failOn",
      defaultValue =
          "HAND_EDITED,STALE,MISSING,UNKNOWN,ARTIFACT_DRIFT,ARTIFACT_MISSING,RECORD_DRIFT")
  private List<String> failOn;

  /**
   * Also re-render every view to find files that are out of date with the database ({@code STALE}).
   * Turn off for a guard that only hashes files (hand edits, missing files, artifacts).
   */
  @Parameter(property = "mlos.guard.checkStale", defaultValue = "true")
  private boolean checkStale;

  /**
   * Render every view for the stale check even when nothing the pages depend on changed since the
   * last compile. Normally, when the configuration, mlos's code, the database, the templates and
   * the files templates read are as the last successful compile recorded them (in {@code
   * target/mlos/compile-state}), no page can be stale and only views with hand-edited files are
   * rendered (for their diffs); the report is the same. A fresh clone has no such record: it runs
   * every view's queries, and renders only the pages whose rows changed since the last compile (as
   * {@code mlos_outputs.input_hash} records them), unless a template or a file a template read
   * changed too. With this parameter every page is rendered.
   */
  @Parameter(property = "mlos.guard.renderAlways", defaultValue = "false")
  private boolean renderAlways;

  /** Threads that hash files and render pages for the stale check. 0: one per core, at most 8. */
  @Parameter(property = "mlos.guard.threads", defaultValue = "0")
  private int threads;

  /**
   * Where the reports go: {@code mlos-guard-junit.xml} (one test case per checked file), {@code
   * mlos-guard.sarif} (SARIF 2.1.0) and {@code mlos-guard.json}. Unset: mlos's state directory,
   * <code>${project.build.directory}/mlos</code>.
   */
  @Parameter(property = "mlos.guard.reportDirectory")
  private File reportDirectory;

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    if (guardSkip) {
      getLog().info("Skipped: mlos.guard.skip is true");
      return;
    }
    Set<ViolationClass> failing = ViolationClass.parseAll("failOn (mlos.guard.failOn)", failOn);
    WorkspaceConfig config = workspaceConfig();
    // A report directory the guard may not write is a broken setup: refused before the guard runs.
    Path reports =
        GuardReportFiles.directory(
            reportDirectory == null ? null : reportDirectory.toPath(), config);
    GuardReport report =
        new Guard(getClass().getClassLoader())
            .check(new GuardRequest(config, checkStale, threads, renderAlways), reporter());

    for (Violation v : GuardReport.shownOnConsole(report.violations())) {
      boolean fails = failing.contains(v.violationClass());
      String text = v.logText(System.lineSeparator(), MavenSuggestions.INSTANCE);
      if (fails) {
        getLog().error(text);
      } else {
        getLog().warn(text);
      }
    }
    String notShown =
        GuardReport.notShownLine(report.violations(), "the guard reports below list them");
    if (notShown != null) {
      if (report.failing(failing).isEmpty()) {
        getLog().warn(notShown);
      } else {
        getLog().error(notShown);
      }
    }
    List<Path> written =
        GuardReportFiles.writeAll(report, failing, reports, MavenSuggestions.INSTANCE);
    getLog()
        .info(
            "Guard reports: "
                + written.stream()
                    .map(Path::toString)
                    .reduce((a, b) -> a + ", " + b)
                    .orElse("none"));
    if ("true".equals(System.getenv("GITHUB_ACTIONS"))) {
      // Workflow commands must start the line: print them past Maven's log prefix.
      for (String line : GitHubAnnotations.lines(report, failing, MavenSuggestions.INSTANCE)) {
        System.out.println(line);
      }
    }

    List<Violation> failures = report.failing(failing);
    int checked = report.checkedCount();
    if (failures.isEmpty()) {
      getLog()
          .info(
              "Guard: "
                  + checked
                  + " files checked"
                  + (report.isClean()
                      ? ", no violations"
                      : ", " + GuardReport.countLine(report.violations()) + " (warnings only)")
                  + (!report.staleChecked()
                      ? " (stale check off)"
                      : !report.rendered()
                          ? " (nothing changed since the last compile, so no page is stale; -Dmlos.guard.renderAlways renders anyway)"
                          : report.notRendered() > 0
                              ? " ("
                                  + report.notRendered()
                                  + " pages not rendered: their rows, and everything else they are rendered"
                                  + " from, are as the last compile recorded them)"
                              : ""));
      return;
    }
    throw new MojoFailureException(
        "mlos guard: "
            + GuardReport.countLine(failures)
            + " in "
            + checked
            + " checked files (listed above; reports in "
            + reports
            + ")."
            + System.lineSeparator()
            + "  Fix: "
            + dev.mlos.core.guard.GuardFix.of(failures, MavenSuggestions.INSTANCE));
  }
}
