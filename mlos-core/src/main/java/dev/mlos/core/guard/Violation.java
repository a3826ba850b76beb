package dev.mlos.core.guard;

import dev.mlos.core.LogText;
import java.util.Comparator;
import java.util.Objects;

/**
 * One thing the guard found wrong.
 *
 * @param violationClass what kind of problem it is
 * @param path the file, relative to the workspace root, '/'-separated
 * @param line the 1-based line of the first difference in the file on disk, or 0 when there is no
 *     meaningful line (missing files, artifacts, files the database no longer produces)
 * @param message what happened, one sentence, naming the file
 * @param diff a short unified diff (for {@link ViolationClass#HAND_EDITED} and {@link
 *     ViolationClass#STALE}), or the empty string
 * @param fix the command or action that fixes it
 */
public record Violation(
    ViolationClass violationClass, String path, int line, String message, String diff, String fix)
    implements Comparable<Violation> {
  /** Report order: by class, then by path, then by message. */
  public static final Comparator<Violation> ORDER =
      Comparator.comparing(Violation::violationClass)
          .thenComparing(Violation::path)
          .thenComparing(Violation::message);

  public Violation {
    Objects.requireNonNull(violationClass, "violationClass");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    diff = diff == null ? "" : diff;
    fix = fix == null ? "" : fix;
    if (line < 0) {
      throw new IllegalArgumentException("line must not be negative: " + line);
    }
  }

  @Override
  public int compareTo(Violation other) {
    return ORDER.compare(this, other);
  }

  /**
   * {@code CLASS path:line - message}, one line, for logs: the path and the message come from rows
   * and files, so their control characters are escaped ({@link LogText#line}).
   */
  public String headline() {
    return LogText.line(
        violationClass + " " + path + (line > 0 ? ":" + line : "") + " - " + message);
  }

  /**
   * The violation as a log shows it: the {@link #headline}, the diff (each line escaped, so no line
   * of a file can begin a line of the log, where {@code ::error} would be a GitHub Actions command;
   * every diff line begins with its own marker, ' ', '+', '-', '@' or '\\'), then {@code Fix: ...};
   * lines joined with {@code separator}.
   */
  public String logText(String separator) {
    StringBuilder text = new StringBuilder(headline());
    if (!diff.isEmpty()) {
      text.append(separator).append(LogText.lines(diff.stripTrailing(), "", separator));
    }
    return text.append(separator).append("  Fix: ").append(LogText.line(fix)).toString();
  }
}
