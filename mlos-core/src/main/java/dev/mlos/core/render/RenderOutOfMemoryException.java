package dev.mlos.core.render;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.yaml.YamlLimits;

/**
 * The Java heap ran out while a page rendered. A broken run, not a template error nor a rule the
 * data broke: the heap may simply be too small for this compile (a large workspace, a JVM started
 * with little heap, Maven's own JVM), or the template may build huge text for one page (a captured
 * {@code #assign} or an {@code #attempt}, which FreeMarker holds in memory out of the page size
 * limit's sight). Neither can be told from the other where the heap ran out, so the message names
 * both, the heap this process may use, and the fix of each: {@code {0}} compiles again, {@code {1}}
 * is more heap ({@link Remedy.Kind#GIVE_MORE_MEMORY}) in the adapter's words.
 */
public final class RenderOutOfMemoryException extends MlosException {
  private final String view;
  private final String template;
  private final String path;
  private final long heapMiB;

  /**
   * @param template the template as shown to the user ({@code t.ftl}, or {@code (built-in)
   *     templates/packs/...})
   * @param builtIn the template is one of mlos's built-in packs
   * @param row a short description of the row, or null
   * @param path the page's path relative to the output directory
   * @param maxHeap the most bytes of heap this JVM may use ({@code Runtime.maxMemory()})
   * @param maxPageBytes the page size limit
   */
  RenderOutOfMemoryException(
      String view,
      String template,
      boolean builtIn,
      String row,
      String path,
      long maxHeap,
      long maxPageBytes,
      OutOfMemoryError cause) {
    super(message(view, template, row, path, maxHeap), fix(builtIn, maxPageBytes), cause);
    this.view = view;
    this.template = template;
    this.path = path;
    this.heapMiB = heapMiB(maxHeap);
    suggesting(Remedy.compile(), Remedy.moreMemoryThan(heapMiB));
  }

  private static String message(
      String view, String template, String row, String path, long maxHeap) {
    return "View '"
        + view
        + "', template "
        + template
        + (row == null ? "" : " (row " + row + ")")
        + ": ran out of memory rendering page "
        + path
        + ": this Java process may use "
        + heapMiB(maxHeap)
        + " MiB of heap, and the compile needed more at this page. Either the heap is too small for"
        + " this compile (a large workspace, or a JVM started with little heap), or the template"
        + " builds more text for one page than any heap holds (a captured #assign or an #attempt"
        + " filled in a loop: FreeMarker keeps such text in memory, where the page size limit does"
        + " not see it). Nothing of this page was written; the pages rendered before it were";
  }

  private static String fix(boolean builtIn, long maxPageBytes) {
    String template =
        builtIn
            ? "this is a built-in template, which builds no such text on purpose: report it with"
                + " this message"
            : "the template builds too much: make it build less for one page (a LIMIT in its"
                + " query, no #list of many rows into a captured #assign or an #attempt; a page"
                + " itself is capped at max_page_bytes, "
                + YamlLimits.describeBytes(maxPageBytes)
                + ")";
    return "give Java more heap and run {0} again: {1}; if it runs out again with more, "
        + template;
  }

  /** {@link Remedy#heapMiB}. */
  static long heapMiB(long maxHeap) {
    return Remedy.heapMiB(maxHeap);
  }

  /** {@link Remedy#moreThan}: what {@link Remedy#moreMemoryThan} suggests. */
  static long suggestedMiB(long heapMiB) {
    return Remedy.moreThan(heapMiB);
  }

  public String view() {
    return view;
  }

  public String template() {
    return template;
  }

  /** The page's path relative to the output directory. */
  public String path() {
    return path;
  }

  /** The heap this process may use, in MiB (rounded to the nearest). */
  public long heapMiB() {
    return heapMiB;
  }
}
