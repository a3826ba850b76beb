package dev.mlos.core.compile;

import dev.mlos.core.Remedy;
import dev.mlos.core.Reporter;
import dev.mlos.core.ShortList;
import java.util.List;

/**
 * The warnings for files a compile or a clean kept because they were edited by hand, said in the
 * order the files were met (by path: the same on every run). The first {@link
 * ShortList#DEFAULT_SHOWN} are named, as the {@code Deleted} lines are: a renamed output pattern
 * over 10,000 formatted pages gave 10,000 lines. The rest are counted in one line at the end that
 * says where each is listed: the guard names every such file ({@code UNKNOWN}: no record lists it),
 * in the words of the client ({@link Reporter#wording()}).
 */
final class KeptEditWarnings {
  private final Reporter reporter;
  private final String more;
  private final CappedWarnings warnings;

  /**
   * @param more what the count line says after {@code "... and 9980 more "}, {@code {0}} standing
   *     for the guard
   */
  KeptEditWarnings(Reporter reporter, String more) {
    this.reporter = reporter;
    this.more = more;
    this.warnings = new CappedWarnings(reporter);
  }

  /** Says {@code warning}, unless it comes past the first ones. */
  void say(String warning) {
    warnings.say(warning);
  }

  /** After the last file (or a failure): the count of the ones not named, if any; once. */
  void end() {
    warnings.end(Remedy.format(more, List.of(Remedy.guard()), reporter.wording()));
  }
}
