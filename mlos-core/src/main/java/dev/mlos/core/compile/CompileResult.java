package dev.mlos.core.compile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a compile did.
 *
 * @param views per view: pages produced, files written and unchanged, pages refused as conflicts
 * @param deleted files removed because nothing produces them any more
 * @param kept files nothing produces any more but that were edited by hand, so were left alone
 * @param elapsed wall time
 * @param textFormWritten the database's text form ({@code mlos.db.sql}) when this compile wrote it
 *     (the database changed since it was last written), else null: a file to commit with the pages
 */
public record CompileResult(
    List<ViewStats> views,
    List<String> deleted,
    List<String> kept,
    Duration elapsed,
    Path textFormWritten) {
  public CompileResult {
    views = List.copyOf(views);
    deleted = List.copyOf(deleted);
    kept = List.copyOf(kept);
  }

  /** A compile that wrote no text form. */
  public CompileResult(
      List<ViewStats> views, List<String> deleted, List<String> kept, Duration elapsed) {
    this(views, deleted, kept, elapsed, null);
  }

  /** This result, of a compile that wrote the text form {@code file}. */
  public CompileResult withTextFormWritten(Path file) {
    return new CompileResult(views, deleted, kept, elapsed, file);
  }

  /**
   * Counts for one view: {@code pages} is {@code written + unchanged + conflicts + tooLarge}.
   *
   * @param pages the pages the view produced
   * @param unchanged files left as they were (including the reused ones)
   * @param reused unchanged files whose pages were not even rendered: their rows hashed as the last
   *     compile recorded them, and every other input was as it recorded (all of them after a
   *     compile that found nothing changed)
   * @param conflicts pages not written because their file is not a compiled artifact of the
   *     workspace, another page has their path, or their path is reserved (the compile is then
   *     refused, with an {@link OutputConflictException} naming each)
   * @param tooLarge pages not written because they render past {@code max_page_bytes} (the compile
   *     then fails with a {@link PagesTooLargeException} naming each)
   */
  public record ViewStats(
      String view, int pages, int written, int unchanged, int reused, int conflicts, int tooLarge) {
    /** Counts of a view none of whose pages was too large. */
    public ViewStats(
        String view, int pages, int written, int unchanged, int reused, int conflicts) {
      this(view, pages, written, unchanged, reused, conflicts, 0);
    }

    /**
     * The view's line in a compile's log, the same for every adapter: {@code " needs 3 files: 1
     * written, 2 unchanged (2 not rendered)"}, the part in parentheses only when pages were reused,
     * followed by {@code ", 1 conflict"} when pages were refused as conflicts and {@code ", 1 too
     * large (not written)"} when pages rendered past {@code max_page_bytes}.
     */
    public String line() {
      return String.format(
          Locale.ROOT,
          "  %-12s %6d files: %d written, %d unchanged%s%s%s",
          view,
          pages,
          written,
          unchanged,
          notRendered(reused),
          conflictCount(conflicts),
          tooLargeCount(tooLarge));
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

  public int conflicts() {
    return views.stream().mapToInt(ViewStats::conflicts).sum();
  }

  public int tooLarge() {
    return views.stream().mapToInt(ViewStats::tooLarge).sum();
  }

  public int pages() {
    return views.stream().mapToInt(ViewStats::pages).sum();
  }

  /**
   * One line such as {@code 5 views, 120 files: 3 written, 117 unchanged (110 not rendered), 1
   * deleted in 0.84 s}; the part in parentheses only when pages were reused, {@code ", 1 conflict"}
   * after the unchanged count only when pages were refused as conflicts.
   */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "%d view%s, %d file%s: %d written, %d unchanged%s%s%s, %d deleted in %.2f s",
        views.size(),
        views.size() == 1 ? "" : "s",
        pages(),
        pages() == 1 ? "" : "s",
        written(),
        unchanged(),
        notRendered(reused()),
        conflictCount(conflicts()),
        tooLargeCount(tooLarge()),
        deleted.size(),
        elapsed.toMillis() / 1000.0);
  }

  /** {@code ", 1 conflict"}, {@code ", n conflicts"}, or nothing for 0. */
  private static String conflictCount(int conflicts) {
    return conflicts == 0 ? "" : ", " + conflicts + (conflicts == 1 ? " conflict" : " conflicts");
  }

  /** {@code ", 1 too large (not written)"}, or nothing for 0. */
  private static String tooLargeCount(int tooLarge) {
    return tooLarge == 0 ? "" : ", " + tooLarge + " too large (not written)";
  }

  /** {@code " (n not rendered)"}, or nothing for 0. */
  public static String notRendered(int reused) {
    return reused == 0 ? "" : " (" + reused + " not rendered)";
  }
}
