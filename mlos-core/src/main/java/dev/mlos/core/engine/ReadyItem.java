package dev.mlos.core.engine;

/**
 * One piece of work that can be taken now, compact.
 *
 * @param kind {@code task} (an open task) or {@code need} (an actionable need without live tasks,
 *     to graduate)
 * @param id the task's or need's id
 * @param needId the need (the task's need, or the need itself)
 * @param title the task's description or the need's title
 * @param status the task's or need's status
 * @param priority the task's priority, else its need's; null when neither has one (ranked as 3,
 *     shown as {@code P-}: the list does not claim a priority nobody gave)
 * @param score {@code (6 - p) * weight}, the ranking key, where {@code p} is the priority, else 3
 * @param reason one line, e.g. {@code P2 task of need 4 'Kernel boots' (scope kernel; tags a, b),
 *     open since 2026-10-02}
 */
public record ReadyItem(
    String kind,
    long id,
    long needId,
    String title,
    String status,
    Integer priority,
    double score,
    String reason) {
  /**
   * The title on one line of at most 80 characters ({@code ...} where cut): a task's description
   * may run to 100,000 characters, and a list of ready work shows one line per item.
   */
  public String shortTitle() {
    return InputRules.oneLine(shownTitle());
  }

  /**
   * The title as a reader is shown it: {@code need <id>} or {@code no description} when it shows
   * nothing ({@link dev.mlos.core.ShownText}), as the compiled pages show it.
   */
  public String shownTitle() {
    return dev.mlos.core.ShownText.title(kind, id, title);
  }

  /** {@code task:<id>} or {@code need:<id>}. */
  public EntityRef ref() {
    return new EntityRef(kind, id);
  }
}
