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
  /** {@code need:<id>}, ... */
  public EntityRef ref() {
    return new EntityRef(kind, id);
  }
}
