package dev.mlos.core.engine;

/**
 * One search hit, compact.
 *
 * @param kind {@code need}, {@code task} or {@code artifact}
 * @param id its id
 * @param title a need's or artifact's title, a task's description
 * @param detail a need's or task's status, an artifact's file path (or null)
 */
public record SearchHit(String kind, long id, String title, String detail) {
  /** The title as a reader is shown it ({@link dev.mlos.core.ShownText}). */
  public String shownTitle() {
    return kind.equals("artifact")
        ? dev.mlos.core.ShownText.artifactTitle(title, detail)
        : dev.mlos.core.ShownText.title(kind, id, title);
  }

  /** {@code need:<id>}, ... */
  public EntityRef ref() {
    return new EntityRef(kind, id);
  }
}
