package dev.mlos.core.guard.report;

import dev.mlos.core.LogText;
import dev.mlos.core.RemedyWording;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.Violation;
import dev.mlos.core.guard.ViolationClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * GitHub Actions workflow commands that annotate the files of a guard report:
 *
 * <pre>
 * ::error file=PROBLEM.md,line=9,title=mlos HAND_EDITED::'PROBLEM.md' was edited by hand ... Fix: ...
 * </pre>
 *
 * {@code ::error} for classes in {@code failOn}, {@code ::warning} for the rest; {@code line=} only
 * when the line is known. Escaped as GitHub's runner expects: in the message {@code %}, CR and LF
 * become {@code %25}, {@code %0D}, {@code %0A}; in properties also {@code :} and {@code ,} become
 * {@code %3A} and {@code %2C}; any other control character becomes {@code \\uXXXX}. The lines must
 * be printed to standard output at the start of a line (not through a logger that adds a prefix),
 * and only when {@code GITHUB_ACTIONS=true}.
 */
public final class GitHubAnnotations {
  private GitHubAnnotations() {}

  /**
   * One command per violation, in report order, for the first {@link GuardReport#CONSOLE_SHOWN}
   * violations (GitHub shows only the first few annotations of a step; the report files list every
   * violation), with paths relative to the root of the git repository the workspace is in ({@link
   * RepositoryLocation}), as GitHub resolves them.
   */
  public static List<String> lines(GuardReport report, Set<ViolationClass> failOn) {
    return lines(report, failOn, RemedyWording.OPERATIONS);
  }

  /** As {@link #lines(GuardReport, Set)}, the fixes in {@code wording}'s words. */
  public static List<String> lines(
      GuardReport report, Set<ViolationClass> failOn, RemedyWording wording) {
    return lines(report, failOn, RepositoryLocation.of(report.root()).workspacePrefix(), wording);
  }

  /**
   * As {@link #lines(GuardReport, Set)}, with {@code pathPrefix} (for example {@code
   * "workspaces/build/"}, the workspace root relative to the repository root) put before every
   * path, because GitHub resolves annotation paths against the repository root.
   */
  public static List<String> lines(
      GuardReport report, Set<ViolationClass> failOn, String pathPrefix) {
    return lines(report, failOn, pathPrefix, RemedyWording.OPERATIONS);
  }

  /** As {@link #lines(GuardReport, Set, String)}, the fixes in {@code wording}'s words. */
  public static List<String> lines(
      GuardReport report, Set<ViolationClass> failOn, String pathPrefix, RemedyWording wording) {
    List<String> lines = new ArrayList<>();
    for (Violation v : GuardReport.shownOnConsole(report.violations())) {
      StringBuilder l = new StringBuilder();
      l.append(failOn.contains(v.violationClass()) ? "::error " : "::warning ");
      l.append("file=").append(property(pathPrefix + v.path()));
      if (v.line() > 0) {
        l.append(",line=").append(v.line());
      }
      l.append(",title=").append(property("mlos " + v.violationClass()));
      l.append("::").append(data(ReportText.messageWithFix(v, wording)));
      lines.add(l.toString());
    }
    return lines;
  }

  /**
   * One {@code ::error} command for a finding outside a guard report (a row of {@code mlos.db.sql}
   * that {@code check-text} refuses), escaped as {@link #lines} escapes its own.
   *
   * @param file the file, relative to the root of the git repository
   * @param line its line, or 0 when there is none
   * @param title the annotation's title
   * @param message the message, its fix included
   */
  public static String error(String file, int line, String title, String message) {
    return "::error file="
        + property(file)
        + (line > 0 ? ",line=" + line : "")
        + ",title="
        + property(title)
        + "::"
        + data(message);
  }

  /** Escapes a command's message. */
  static String data(String s) {
    // CR and LF as GitHub encodes them (the annotation shows a line break); any other control
    // character, and the Unicode line separators, escaped as in every other log line.
    return LogText.line(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"));
  }

  /** Escapes a command property value. */
  static String property(String s) {
    return data(s).replace(":", "%3A").replace(",", "%2C");
  }
}
