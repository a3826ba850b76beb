package dev.mlos.core.compile;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a compile remembers of the pages it did not write because they render past {@code
 * max_page_bytes}, so the next compile tries them again without rendering every page: while one row
 * is too large, an agent's MCP server recompiles after each write, and a full render of a large
 * workspace each time cost seconds per write.
 *
 * <p>Such a compile records what it read and the pages it wrote as a successful one does, and two
 * things more: each page too large keeps its last file in the record without an input hash ({@link
 * #keepLastFile}), so neither a compile nor the guard takes that file for the page as its rows
 * render now; and the view seeds list the source keys of every page too large by view ({@link
 * #noteIn}), so the next compile renders those rows again ({@link ChangePlan}) even when nothing
 * they read changed, or the row never had a page.
 */
final class TooLargePages {
  /** Where the view seeds hold a view's pages too large: this prefix and the view's name. */
  static final String KEY_PREFIX = "#too_large:";

  private TooLargePages() {}

  /**
   * Records the last file of a page too large as it stands, without an input hash; nothing when the
   * last compile recorded no file at its path.
   */
  static void keepLastFile(OutputLedger ledger, PageWriter.Ticket t) {
    OutputRecord r = t.recorded();
    if (r == null) {
      return;
    }
    ledger.record(
        new OutputRecord(
            t.path().value(),
            t.view(),
            t.sourceKey(),
            r.contentHash(),
            r.fileHash(),
            r.compiledAt(),
            null));
  }

  /**
   * Adds the pages too large to the view seeds as recorded: under {@link #KEY_PREFIX} and each
   * view's name, its pages' source keys, sorted, one a line (a source key is JSON: it has no line
   * break).
   */
  static Map<String, String> noteIn(
      Map<String, String> seeds, List<PagesTooLargeException.Page> pages) {
    Map<String, TreeSet<String>> byView = new TreeMap<>();
    for (PagesTooLargeException.Page p : pages) {
      byView.computeIfAbsent(p.view(), v -> new TreeSet<>()).add(p.sourceKey());
    }
    Map<String, String> all = new TreeMap<>(seeds);
    byView.forEach((view, keys) -> all.put(KEY_PREFIX + view, String.join("\n", keys)));
    return all;
  }

  /** The source keys of {@code view}'s pages the last compile found too large (none: empty). */
  static Set<String> of(ChangePlan.Recorded last, String view) {
    String keys = last == null ? null : last.viewSeeds().get(KEY_PREFIX + view);
    return keys == null || keys.isEmpty()
        ? Set.of()
        : new TreeSet<>(Arrays.asList(keys.split("\n", -1)));
  }
}
