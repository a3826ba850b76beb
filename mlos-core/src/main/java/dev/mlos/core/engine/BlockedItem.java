package dev.mlos.core.engine;

import java.util.List;

/**
 * A task or need that would be ready but is blocked.
 *
 * @param kind {@code task} or {@code need}
 * @param id its id
 * @param title the task's description or the need's title
 * @param blockers what blocks it (sources of {@code blocks} edges into it, or into a task's need,
 *     that are not done), in id order
 */
public record BlockedItem(String kind, long id, String title, List<Blocker> blockers) {
  public BlockedItem {
    blockers = List.copyOf(blockers);
  }

  /** The title as a reader is shown it ({@link dev.mlos.core.ShownText}). */
  public String shownTitle() {
    return dev.mlos.core.ShownText.title(kind, id, title);
  }

  /**
   * One blocker.
   *
   * @param ref the blocking need or task
   * @param title its title or description
   * @param status its status (not resolved / completed / cancelled, or it would not block)
   */
  public record Blocker(EntityRef ref, String title, String status) {
    /** The title as a reader is shown it ({@link dev.mlos.core.ShownText}). */
    public String shownTitle() {
      return dev.mlos.core.ShownText.title(ref.type(), ref.id(), title);
    }
  }
}
