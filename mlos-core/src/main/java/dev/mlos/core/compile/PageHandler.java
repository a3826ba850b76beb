package dev.mlos.core.compile;

import dev.mlos.core.path.WorkspacePath;

/**
 * What a caller of {@link ViewRenderer#render} does with each page. Pages are rendered on several
 * threads, but {@link #before} and {@link #done} run on the caller's thread, in page order, so
 * everything a caller decides or records stays deterministic.
 *
 * @param <T> what {@link #before} hands to {@link #work}
 * @param <R> what {@link #work} hands back to {@link #done}
 */
public interface PageHandler<T, R> {
  /**
   * Called on the caller's thread, in page order, before the page is rendered.
   *
   * @return a ticket for {@link #work}, or null to skip the page (it is then not rendered)
   */
  T before(String view, WorkspacePath path, String sourceKey);

  /**
   * True when pages should carry the hash of their inputs ({@link Page#inputHash}) and be offered
   * to {@link #reuse} before they are rendered.
   */
  default boolean hashesInputs() {
    return false;
  }

  /**
   * Called on a render thread before a page is rendered, when {@link #hashesInputs}: the result for
   * a page that need not be rendered (its inputs hash as recorded), or null to render it.
   */
  default R reuse(String inputHash, T ticket) {
    return null;
  }

  /**
   * Called on the caller's thread, in page order, before {@link #before}: the result for a page
   * kept as recorded without running its queries (an incremental compile), or null to go on.
   */
  default R carry(String view, WorkspacePath path, String sourceKey) {
    return null;
  }

  /**
   * Called on a render thread instead of {@link #work} when the page renders to more than the page
   * size limit: the result that stands for the page not written. By default the render stops there.
   */
  default R tooLarge(dev.mlos.core.render.PageTooLargeException e, T ticket) {
    throw e;
  }

  /** Called on a render thread with the rendered page; must only touch thread-safe state. */
  R work(Page page, T ticket);

  /** Called on the caller's thread, in page order, with what {@link #work} returned. */
  void done(R result);
}
