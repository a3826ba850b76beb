package dev.mlos.core.guard.report;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.ViolationClass;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Writes every report file of a guard run into one directory (by default the workspace's state
 * directory, {@code target/mlos/}): {@value JUnitReportWriter#FILE_NAME}, {@value
 * SarifReportWriter#FILE_NAME} and {@value JsonSummaryWriter#FILE_NAME}.
 */
public final class GuardReportFiles {
  private GuardReportFiles() {}

  /**
   * Where the reports go: {@code requested} (made absolute) when given, else the workspace's state
   * directory ({@link WorkspaceConfig#stateDirectory}).
   */
  public static Path directory(Path requested, WorkspaceConfig config) {
    return requested != null ? requested.toAbsolutePath() : config.stateDirectory();
  }

  /**
   * Writes the JUnit XML, SARIF and JSON reports into {@code outputDirectory} (created when
   * missing).
   *
   * @return the files written, in that order
   * @throws dev.mlos.core.write.FileWriteException naming a file that cannot be written
   */
  public static List<Path> writeAll(GuardReport report, Set<ViolationClass> failOn, Path outputDirectory) {
    return List.of(
        JUnitReportWriter.write(report, failOn, outputDirectory),
        SarifReportWriter.write(report, failOn, outputDirectory),
        JsonSummaryWriter.write(report, failOn, outputDirectory));
  }
}
