package dev.mlos.core.compile;

import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.view.QueryException;
import java.util.Locale;

/**
 * A per-row view's {@code each} query returns more rows than {@code max_pages_per_view}: a clone's
 * query that counts to 10^8 or a cross join would otherwise fill the disk with pages. The render
 * stopped before the page of the row past the cap. The same rows give the same refusal, so trying
 * again before the query, the data or the cap changes is no use.
 */
public final class TooManyPagesException extends QueryException {
  private final int cap;

  TooManyPagesException(ViewDefinition view, int cap) {
    super(
        view.name(),
        view.origin(),
        view.each(),
        "returns more than "
            + count(cap)
            + " rows, one page each: stopped at row "
            + count((long) cap + 1)
            + " ("
            + count(cap)
            + " rows so far), past the page cap of "
            + count(cap)
            + " pages per view (max_pages_per_view); no page past the cap is written",
        "make the query return fewer rows (give a recursive WITH an end, join on a key instead of a"
            + " cross join, or LIMIT the rows), or, if this many pages are meant, raise"
            + " max_pages_per_view in mlos.yaml (now "
            + count(cap)
            + ")",
        null);
    this.cap = cap;
  }

  /** The page cap of one view the query went past. */
  public int cap() {
    return cap;
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
