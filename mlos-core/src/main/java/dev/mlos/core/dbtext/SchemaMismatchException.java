package dev.mlos.core.dbtext;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;

/**
 * The two sides of a text form merge ({@link TextMerge}) have different schemas: refused, nothing
 * merged.
 */
public final class SchemaMismatchException extends MlosException {
  private final String ours;
  private final String theirs;

  SchemaMismatchException(String ours, String theirs, String difference) {
    super(
        "The two sides of "
            + "the database's text form have different schemas (ours: "
            + ours
            + "; theirs: "
            + theirs
            + "; first difference: "
            + difference
            + "), so their rows cannot be merged",
        "bring the older side up to date first: on that branch run {0} (it migrates the database), compile,"
            + " commit, then merge again");
    suggesting(Remedy.init());
    this.ours = ours;
    this.theirs = theirs;
  }

  /** Ours' schema, in words. */
  public String ours() {
    return ours;
  }

  /** Theirs' schema, in words. */
  public String theirs() {
    return theirs;
  }
}
