package dev.mlos.core.compile;

import dev.mlos.core.Reporter;
import dev.mlos.core.ShortList;
import java.util.List;

/**
 * Warnings of one kind, one per file, of which the first {@link ShortList#DEFAULT_SHOWN} are said
 * and the rest counted in one line at the end, as the {@code Deleted} lines are: 10,000 files gave
 * 10,000 lines in a compile's log.
 */
final class CappedWarnings {
  private final Reporter reporter;
  private int met;

  CappedWarnings(Reporter reporter) {
    this.reporter = reporter;
  }

  /** Says {@code warning}, unless it comes past the first ones. */
  void say(String warning) {
    if (++met <= ShortList.DEFAULT_SHOWN) {
      reporter.warn(warning);
    }
  }

  /**
   * After the last file (or a failure): {@code "... and N more " + what} for the ones not said, if
   * any; once.
   */
  void end(String what) {
    int notSaid = met - ShortList.DEFAULT_SHOWN;
    met = Math.min(met, ShortList.DEFAULT_SHOWN);
    if (notSaid > 0) {
      reporter.warn(new ShortList(List.of(), notSaid).moreLine(what));
    }
  }
}
