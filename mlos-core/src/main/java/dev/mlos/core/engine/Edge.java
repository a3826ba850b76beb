package dev.mlos.core.engine;

/**
 * A typed relationship between two entities.
 *
 * @param id row id
 * @param source where the edge starts
 * @param target where it ends
 * @param type {@code derived_from}, {@code references}, {@code blocks}, {@code enables}, {@code
 *     monitors}, {@code produced} or {@code consumed}
 * @param metadata JSON text, or null
 * @param createdAt UTC ISO-8601
 */
public record Edge(
    long id, EntityRef source, EntityRef target, String type, String metadata, String createdAt) {
  /** {@code need:4 blocks task:7}. */
  public String words() {
    return source + " " + type + " " + target;
  }
}
