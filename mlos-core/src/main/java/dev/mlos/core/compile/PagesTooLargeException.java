package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.ShortList;
import dev.mlos.core.render.PageTooLargeException;
import dev.mlos.core.yaml.YamlLimits;
import java.util.List;

/**
 * A rule failed, not the setup: some pages render to more than the page size limit ({@code
 * max_page_bytes}), most often because one row holds a huge text. Those pages were not written;
 * every other page was written and recorded. The file of a page not written stays as it was last
 * compiled (the guard reports it stale, or not compiled yet), and its last record stays, so a later
 * compile, once the row or the limit is changed, writes it.
 */
public final class PagesTooLargeException extends MlosException {
  /**
   * One page not written.
   *
   * @param sourceKey the row's key ({@code {"id":2}}), {@code []} for a single-page view
   * @param bytes its size in UTF-8 bytes; a lower bound when not {@code exact}
   */
  public record Page(
      String path,
      String view,
      String template,
      String sourceKey,
      long bytes,
      boolean exact,
      long limit) {
    static Page of(String sourceKey, PageTooLargeException e) {
      return new Page(e.path(), e.view(), e.template(), sourceKey, e.bytes(), e.exact(), e.limit());
    }

    /** {@code needs/2-x.md [view 'needs', template t.ftl, row {"id":2}]: 6,345 bytes}. */
    String line() {
      return path
          + " [view '"
          + view
          + "', template "
          + template
          + ("[]".equals(sourceKey) ? "" : ", row " + sourceKey)
          + "]: "
          + PageTooLargeException.size(bytes, exact);
    }
  }

  private final List<Page> pages;
  private final CompileResult written;

  /**
   * @param written every view's pages as the compile left them (the pages of rows that are gone
   *     deleted)
   */
  PagesTooLargeException(List<Page> pages, CompileResult written) {
    super(message(pages), PageTooLargeException.FIX);
    suggesting(Remedy.compile());
    this.pages = List.copyOf(pages);
    this.written = written;
  }

  /** This refusal, its result noting the database's text form written after it (null: none). */
  PagesTooLargeException withTextFormWritten(java.nio.file.Path textForm) {
    if (textForm == null) {
      return this;
    }
    PagesTooLargeException e =
        new PagesTooLargeException(pages, written.withTextFormWritten(textForm));
    e.setStackTrace(getStackTrace());
    return e;
  }

  private static String message(List<Page> pages) {
    ShortList shown = ShortList.of(pages.stream().map(Page::line).toList());
    StringBuilder m =
        new StringBuilder()
            .append(pages.size())
            .append(pages.size() == 1 ? " page was" : " pages were")
            .append(" not written: over the page size limit of ")
            .append(YamlLimits.describeBytes(pages.get(0).limit()))
            .append(" (max_page_bytes)");
    for (String line : shown.shown()) {
      m.append(System.lineSeparator()).append("  - ").append(line);
    }
    String more = shown.moreLine("pages");
    if (more != null) {
      m.append(System.lineSeparator()).append("  ").append(more);
    }
    return m.append(System.lineSeparator())
        .append(
            "Every other page was written (and the pages of rows that are gone deleted). A page"
                + " not written keeps the file it was last compiled to (stale), or has none yet,"
                + " until a compile writes it.")
        .toString();
  }

  /** Every page not written, in the order the compile met them. */
  public List<Page> pages() {
    return pages;
  }

  /**
   * Every view's pages as the compile left them (written, unchanged, too large, deleted), and the
   * database's text form when it was written after them.
   */
  public CompileResult written() {
    return written;
  }
}
