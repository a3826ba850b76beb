package dev.mlos.core.engine;

/**
 * One row of {@code ready_items} (schema V4) as ranking reads it, with the weight its lens gives
 * it.
 *
 * @param kindOrder 0 task, 1 need (tasks first on ties)
 * @param p effective priority: the task's, else its need's, else 3
 */
record RankedItem(
    int kindOrder,
    long id,
    long needId,
    int p,
    String createdAt,
    double weight,
    ReadyFacets facets) {
  /** {@code (6 - p) * weight}, computed as SQLite computes it (an integer times a double). */
  double score() {
    return (6 - p) * weight;
  }
}
