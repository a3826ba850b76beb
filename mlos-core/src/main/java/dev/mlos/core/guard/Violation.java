package dev.mlos.core.guard;

import dev.mlos.core.LogText;
import dev.mlos.core.Remedy;
import dev.mlos.core.RemedyWording;
import java.util.Comparator;
import java.util.List;
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
 * @param fixTemplate the command or action that fixes it, in no tool's words: its remedies are
 *     {@code {0}}, {@code {1}}, ... (see {@link Remedy#format}); {@link #fix(RemedyWording)} words
 *     them
 * @param remedies the fixes {@code fixTemplate} refers to as {@code {0}}, {@code {1}}, ...
 * @param count how many violations this one stands for: 1, or, for the line of a check that lists
 *     the first of its finds by path and counts the rest (the guard names at most 1000 new record
 *     files), how many it counts; every count of violations ({@link GuardReport#counts}, {@link
 *     GuardReport#countLine}) adds these up, so a summary says how many problems there are
 * @param counted true for such a line, which stands for finds not listed by path (however many it
 *     counts, one among them: the 1,001st new record file is one counted file); false for a
 *     violation listed by its path, which counts 1
 * @param kind which of its class's cases it is, where a fix differs by more than the class says
 *     ({@link Kind}); {@link Kind#PLAIN} for most
 */
public record Violation(
    ViolationClass violationClass,
    String path,
    int line,
    String message,
    String diff,
    String fixTemplate,
    List<Remedy> remedies,
    int count,
    boolean counted,
    Kind kind)
    implements Comparable<Violation> {
  /**
   * The cases of a class that the guard's fix line ({@link GuardFix}) words apart, told by this
   * field and never by a violation's words.
   */
  public enum Kind {
    /** What its class says; its own fix says the rest. */
    PLAIN,
    /**
     * The database's text form, changed outside mlos, holds a line that no pull and no rebuild can
     * take ({@link dev.mlos.core.dbtext.UnrestorableLineException}): the line is fixed before the
     * pull.
     */
    TEXT_FORM_UNRESTORABLE,
    /**
     * The database's text form, tracked by git, is missing from the working tree (rule {@value
     * dev.mlos.core.dbtext.TrackedTextForm#RULE}): restored from git before anything else, never
     * compiled over (a compile of the database in its stead deletes the pages).
     */
    TEXT_FORM_TRACKED_MISSING
  }

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
    fixTemplate = fixTemplate == null ? "" : fixTemplate;
    remedies = remedies == null ? List.of() : List.copyOf(remedies);
    kind = kind == null ? Kind.PLAIN : kind;
    if (line < 0) {
      throw new IllegalArgumentException("line must not be negative: " + line);
    }
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1: " + count);
    }
    if (!counted && count != 1) {
      throw new IllegalArgumentException("a violation listed by path counts 1, not " + count);
    }
  }

  /** A violation of {@link Kind#PLAIN}, listed by its path or counting others. */
  public Violation(
      ViolationClass violationClass,
      String path,
      int line,
      String message,
      String diff,
      String fixTemplate,
      List<Remedy> remedies,
      int count,
      boolean counted) {
    this(
        violationClass,
        path,
        line,
        message,
        diff,
        fixTemplate,
        remedies,
        count,
        counted,
        Kind.PLAIN);
  }

  /** This violation as a case of {@code kind}. */
  public Violation withKind(Kind kind) {
    return new Violation(
        violationClass, path, line, message, diff, fixTemplate, remedies, count, counted, kind);
  }

  /**
   * A line that stands for {@code count} finds a check counts rather than lists by path (the new
   * record files past the first 1000 under a directory): a summary tells it from a listed one by
   * this, not by its count, which may be 1.
   */
  public Violation(
      ViolationClass violationClass,
      String path,
      int line,
      String message,
      String diff,
      String fixTemplate,
      List<Remedy> remedies,
      int count) {
    this(violationClass, path, line, message, diff, fixTemplate, remedies, count, true);
  }

  /** One violation. */
  public Violation(
      ViolationClass violationClass,
      String path,
      int line,
      String message,
      String diff,
      String fixTemplate,
      List<Remedy> remedies) {
    this(violationClass, path, line, message, diff, fixTemplate, remedies, 1, false);
  }

  /** A violation whose fix names no remedy (its text is the same in every tool's words). */
  public Violation(
      ViolationClass violationClass,
      String path,
      int line,
      String message,
      String diff,
      String fix) {
    this(violationClass, path, line, message, diff, fix, List.of());
  }

  /** The fix with its remedies in {@code wording}'s words. */
  public String fix(RemedyWording wording) {
    return Remedy.format(fixTemplate, remedies, wording);
  }

  /**
   * The fix in the core's own words ({@link RemedyWording#OPERATIONS}); an adapter uses {@link
   * #fix(RemedyWording)}.
   */
  public String fix() {
    return fix(RemedyWording.OPERATIONS);
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
   * lines joined with {@code separator}; the fix's remedies in {@code wording}'s words.
   */
  public String logText(String separator, RemedyWording wording) {
    StringBuilder text = new StringBuilder(headline());
    if (!diff.isEmpty()) {
      text.append(separator).append(LogText.lines(diff.stripTrailing(), "", separator));
    }
    return text.append(separator).append("  Fix: ").append(LogText.line(fix(wording))).toString();
  }
}
