package dev.mlos.core.graph;

import java.util.List;

/**
 * What an import did. A record that matched an existing node by identity counts as updated when a
 * value, shape or relation changed and as unchanged otherwise, so re-importing the same files
 * reports every record unchanged.
 *
 * @param files record files read
 * @param records records imported (nested relation records included)
 * @param created nodes created
 * @param updated records that changed an existing node
 * @param unchanged records that matched a node and changed nothing
 * @param edgesAdded edges created or revived
 * @param edgesRemoved edges marked deleted because a record no longer lists them
 * @param shapes shapes in the registry written to the database
 * @param warnings unknown keys and other drift, in file order
 */
public record GraphImportResult(
    int files,
    int records,
    int created,
    int updated,
    int unchanged,
    int edgesAdded,
    int edgesRemoved,
    int shapes,
    List<ImportWarning> warnings) {
  public GraphImportResult {
    warnings = List.copyOf(warnings);
  }

  /** This result with {@code more} warnings after its own. */
  GraphImportResult withWarnings(List<ImportWarning> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<ImportWarning> all = new java.util.ArrayList<>(warnings);
    all.addAll(more);
    return new GraphImportResult(
        files, records, created, updated, unchanged, edgesAdded, edgesRemoved, shapes, all);
  }

  /** One line for a log. */
  public String summary() {
    return records
        + " record(s) from "
        + files
        + " file(s): "
        + created
        + " created, "
        + updated
        + " updated, "
        + unchanged
        + " unchanged; "
        + edgesAdded
        + " edge(s) added, "
        + edgesRemoved
        + " removed; "
        + shapes
        + " shape(s); "
        + warningCount()
        + " warning(s)";
  }

  /**
   * How many warnings there are: one per warning, and for a line that counts those not named one by
   * one, each of them ({@link ImportWarning#count}).
   */
  public int warningCount() {
    int n = 0;
    for (ImportWarning w : warnings) {
      n += w.count();
    }
    return n;
  }
}
