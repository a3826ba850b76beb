package dev.mlos.core.dbtext;

/**
 * Stops SQLite once a statement run on a text form's rows (a merge's rule check, a review's replay,
 * a rebuild's ready work) has used {@code max} looks of its progress handler, so that a trigger of
 * the file's schema that does not end stops; {@link #spent} then tells the interruption apart from
 * another failure.
 */
class StepBudget extends org.sqlite.ProgressHandler {
  final long max;
  private long looks;

  StepBudget(long max) {
    this.max = max;
  }

  @Override
  protected int progress() {
    return ++looks > max ? 1 : 0;
  }

  boolean spent() {
    return looks > max;
  }
}
