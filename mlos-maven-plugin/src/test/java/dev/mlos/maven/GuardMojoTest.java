package dev.mlos.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wiring of {@code mlos:guard}: violations are listed then fail the build once as a
 * MojoFailureException, failOn turns classes into warnings, reports are written, and a broken setup
 * is a MojoExecutionException. Detection itself is tested in mlos-core.
 */
@MojoTest
class GuardMojoTest {
  private static final Path WS = Path.of("target", "mojo-tests-guard", "workspace");

  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void compiledWorkspace() throws IOException {
    ScratchWorkspace.withOneNeed(WS);
    new Compiler()
        .compile(
            new CompileRequest(new ConfigLoader().load(WS, ConfigOverrides.none()), null),
            Reporter.SILENT);
  }

  @Test
  @Basedir("target/mojo-tests-guard/workspace")
  @InjectMojo(goal = "guard")
  @MojoParameter(name = "reportDirectory", value = "reports")
  void aCleanWorkspacePassesAndWritesReports(GuardMojo mojo) throws Exception {
    mojo.setLog(log);
    mojo.execute();
    assertTrue(log.text().contains("no violations"), log.text());
    assertTrue(Files.isRegularFile(WS.resolve("reports/mlos-guard-junit.xml")));
    assertTrue(Files.isRegularFile(WS.resolve("reports/mlos-guard.sarif")));
  }

  @Test
  @Basedir("target/mojo-tests-guard/workspace")
  @InjectMojo(goal = "guard")
  @MojoParameter(name = "reportDirectory", value = "reports")
  void aHandEditFailsTheBuildOnceAfterListingIt(GuardMojo mojo) throws Exception {
    Path problem = WS.resolve("PROBLEM.md");
    Files.writeString(
        problem, Files.readString(problem).replace("# Open needs", "# Open needs (edited)"));
    Files.delete(WS.resolve("GRAPH.md"));
    mojo.setLog(log);

    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

    assertTrue(e.getMessage().contains("HAND_EDITED 1"), e.getMessage());
    assertTrue(e.getMessage().contains("MISSING 1"), e.getMessage());
    assertTrue(log.text().contains("[error] HAND_EDITED PROBLEM.md"), log.text());
    assertTrue(log.text().contains("MISSING GRAPH.md"), log.text());
    assertTrue(log.text().contains("Fix: "), log.text());
  }

  @Test
  @Basedir("target/mojo-tests-guard/workspace")
  @InjectMojo(goal = "guard")
  @MojoParameter(name = "failOn", value = "HAND_EDITED")
  @MojoParameter(name = "reportDirectory", value = "reports")
  void classesOutsideFailOnOnlyWarn(GuardMojo mojo) throws Exception {
    Files.delete(WS.resolve("GRAPH.md"));
    mojo.setLog(log);
    mojo.execute();
    assertTrue(log.text().contains("[warn] MISSING GRAPH.md"), log.text());
    assertTrue(log.text().contains("warnings only"), log.text());
  }

  /**
   * A report directory outside the workspace was refused only after the guard had run and listed
   * every violation as an error: the user read a violated build before learning the setup was
   * broken.
   */
  @Test
  @Basedir("target/mojo-tests-guard/workspace")
  @InjectMojo(goal = "guard")
  @MojoParameter(name = "reportDirectory", value = "../outside-reports")
  void aReportDirectoryOutsideTheWorkspaceIsRefusedBeforeTheGuardRuns(GuardMojo mojo)
      throws Exception {
    Path problem = WS.resolve("PROBLEM.md");
    Files.writeString(
        problem, Files.readString(problem).replace("# Open needs", "# Open needs (edited)"));
    mojo.setLog(log);

    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);

    assertTrue(e.getMessage().contains("is the guard's report directory"), e.getMessage());
    assertTrue(e.getMessage().contains("outside the workspace"), e.getMessage());
    assertFalse(log.text().contains("HAND_EDITED"), log.text());
    assertFalse(Files.exists(WS.resolveSibling("outside-reports")), "nothing written there");
  }

  @Test
  @Basedir("target/mojo-tests-guard/workspace")
  @InjectMojo(goal = "guard")
  @MojoParameter(name = "failOn", value = "HAND_EDITS")
  void anUnknownFailOnClassIsABrokenSetup(GuardMojo mojo) {
    mojo.setLog(log);
    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
    assertTrue(e.getMessage().contains("'HAND_EDITS' is not a violation class"), e.getMessage());
  }

  /** {@code -Dmlos.guard.failOn=} (an unset CI variable) must not turn the guard off silently. */
  @Test
  @Basedir("target/mojo-tests-guard/workspace")
  @InjectMojo(goal = "guard")
  @MojoParameter(name = "failOn", value = ",")
  void anEmptyFailOnIsABrokenSetupNotAGuardThatFailsNothing(GuardMojo mojo) throws Exception {
    Files.delete(WS.resolve("GRAPH.md"));
    mojo.setLog(log);
    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
    assertTrue(
        e.getMessage().contains("failOn (mlos.guard.failOn): names no violation class"),
        e.getMessage());
    assertTrue(e.getMessage().contains("leave the setting unset"), e.getMessage());
  }
}
