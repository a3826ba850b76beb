package dev.mlos.core.render;

import dev.mlos.core.yaml.YamlLimits;
import java.util.Locale;

/**
 * One page renders to more than the page size limit ({@code max_page_bytes}). Carries the page's
 * path, its size and the limit, so a compile can leave that page unwritten, write every other page
 * and then name it; nothing of the page is written.
 */
public final class PageTooLargeException extends TemplateRenderException {
  /** A page rendered past this many times the limit is stopped there, its size not counted on. */
  static final int COUNTED_UP_TO = 4;

  private final String path;
  private final long bytes;
  private final boolean exact;
  private final long limit;

  /**
   * @param bytes the page's size in UTF-8 bytes, or, when not {@code exact}, how far it was counted
   *     before rendering stopped
   */
  PageTooLargeException(
      String view,
      String template,
      String row,
      String path,
      long bytes,
      boolean exact,
      long limit) {
    super(
        view,
        template,
        0,
        0,
        row,
        "page "
            + path
            + " is "
            + size(bytes, exact)
            + ", over the page size limit of "
            + YamlLimits.describeBytes(limit)
            + " (max_page_bytes); nothing of this page was written",
        FIX,
        null);
    this.path = path;
    this.bytes = bytes;
    this.exact = exact;
    this.limit = limit;
  }

  /** What to change: the row, the limit or the template. */
  public static final String FIX =
      "shorten the row's text that fills the page (a description or content written into the"
          + " database), raise max_page_bytes in mlos.yaml if pages this large are meant, or make"
          + " the template write less for one page (a LIMIT in its query, a shorter list); then run"
          + " {0} again";

  /**
   * {@code 6,345 bytes}, or {@code more than 16,384 bytes (rendering stopped there)} when the
   * render was stopped.
   */
  public static String size(long bytes, boolean exact) {
    String counted = String.format(Locale.ROOT, "%,d bytes", bytes);
    return exact ? counted : "more than " + counted + " (rendering stopped there)";
  }

  /** The page's path, relative to the output directory. */
  public String path() {
    return path;
  }

  /** The page's size in UTF-8 bytes; a lower bound when not {@link #exact}. */
  public long bytes() {
    return bytes;
  }

  /** False when rendering was stopped at {@value #COUNTED_UP_TO} times the limit. */
  public boolean exact() {
    return exact;
  }

  /** The page size limit, in bytes. */
  public long limit() {
    return limit;
  }
}
