package dev.mlos.core.guard.report;

import dev.mlos.core.RemedyWording;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.ViolationClass;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.WorkspacePath;
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
   * directory ({@link WorkspaceConfig#stateDirectory}), checked as {@link #writeAll} checks it. An
   * adapter calls it before the guard runs: a report directory outside the workspace was refused
   * only after every violation had been listed, a broken setup reported after a violated one.
   *
   * @throws InvalidPathException naming the directory when it is outside the workspace
   */
  public static Path directory(Path requested, WorkspaceConfig config) {
    Path directory = requested != null ? requested.toAbsolutePath() : config.stateDirectory();
    checkInside(config.root(), directory);
    return directory;
  }

  /**
   * Writes the JUnit XML, SARIF and JSON reports into {@code outputDirectory} (created when
   * missing). The directory goes through the one path check of every place mlos writes ({@link
   * WorkspacePath#checkedIn}): it must lie inside the workspace, and no symlink on the way may lead
   * out of it, so a report directory setting or a planted link cannot make the guard write
   * elsewhere.
   *
   * @return the files written, in that order
   * @throws InvalidPathException naming the directory (and the link and its target) when it is
   *     outside the workspace; nothing is written then
   * @throws dev.mlos.core.write.FileWriteException naming a file that cannot be written
   */
  public static List<Path> writeAll(
      GuardReport report, Set<ViolationClass> failOn, Path outputDirectory) {
    return writeAll(report, failOn, outputDirectory, RemedyWording.OPERATIONS);
  }

  /**
   * As {@link #writeAll(GuardReport, Set, Path)}, the fixes in {@code wording}'s words (the Maven
   * plugin passes its own, so its reports name its goals).
   */
  public static List<Path> writeAll(
      GuardReport report, Set<ViolationClass> failOn, Path outputDirectory, RemedyWording wording) {
    checkInside(report.root(), outputDirectory);
    return List.of(
        JUnitReportWriter.write(report, failOn, outputDirectory, wording),
        SarifReportWriter.write(report, failOn, outputDirectory, wording),
        JsonSummaryWriter.write(report, failOn, outputDirectory, wording));
  }

  private static void checkInside(Path root, Path outputDirectory) {
    try {
      WorkspacePath.checkedIn(root, outputDirectory);
    } catch (InvalidPathException e) {
      throw new InvalidPathException(
          e.value(),
          "is the guard's report directory and " + e.reason(),
          e.link() != null
              ? e.fix()
              : "set the report directory to a directory inside the workspace (the default is target/mlos)",
          e.link(),
          e.linkTarget(),
          e);
    }
  }
}
