package dev.mlos.core.compile;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a compile did.
 *
 * @param views per view: pages produced, files written and unchanged
 * @param deleted files removed because nothing produces them any more
 * @param kept files nothing produces any more but that were edited by hand, so were left alone
 * @param elapsed wall time
 */
public record CompileResult(
    List<ViewStats> views, List<String> deleted, List<String> kept, Duration elapsed) {
  public CompileResult {
    views = List.copyOf(views);
    deleted = List.copyOf(deleted);
    kept = List.copyOf(kept);
  }

  /**
   * Counts for one view.
   *
   * @param unchanged files left as they were (including the reused ones)
   * @param reused unchanged files whose pages were not even rendered: their rows hashed as the last
   *     compile recorded them, and every other input was as it recorded
   */
  public record ViewStats(String view, int pages, int written, int unchanged, int reused) {
    /**
     * The view's line in a compile's log, the same for every adapter: {@code " needs 3 files: 1
     * written, 2 unchanged (2 not rendered)"}, the part in parentheses only when pages were reused.
     */
    public String line() {
      return String.format(
          Locale.ROOT,
          "  %-12s %6d files: %d written, %d unchanged%s",
          view,
          pages,
          written,
          unchanged,
          notRendered(reused));
    }
  }

  public int written() {
    return views.stream().mapToInt(ViewStats::written).sum();
  }

  public int unchanged() {
    return views.stream().mapToInt(ViewStats::unchanged).sum();
  }

  public int reused() {
    return views.stream().mapToInt(ViewStats::reused).sum();
  }

  public int pages() {
    return views.stream().mapToInt(ViewStats::pages).sum();
  }

  /**
   * One line such as {@code 5 views, 120 files: 3 written, 117 unchanged (110 not rendered), 1
   * deleted in 0.84 s}; the part in parentheses only when pages were reused.
   */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "%d view%s, %d file%s: %d written, %d unchanged%s, %d deleted in %.2f s",
        views.size(),
        views.size() == 1 ? "" : "s",
        pages(),
        pages() == 1 ? "" : "s",
        written(),
        unchanged(),
        notRendered(reused()),
        deleted.size(),
        elapsed.toMillis() / 1000.0);
  }

  /** {@code " (n not rendered)"}, or nothing for 0. */
  public static String notRendered(int reused) {
    return reused == 0 ? "" : " (" + reused + " not rendered)";
  }
}
