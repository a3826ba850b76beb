package dev.mlos.core.graph;

import java.util.List;
import java.util.Objects;

/**
 * What one {@link GraphAccess#upsert} did.
 *
 * @param nodeId the node the record is (created, or matched by {@code _id} or identity)
 * @param outcome whether that node was created, changed, or already as the record says
 * @param records records written (the record and its nested relation records)
 * @param edgesAdded edges created or revived
 * @param edgesRemoved edges marked deleted because the record no longer lists them
 * @param warnings keys no shape declares and other drift (kept, not fatal), as the import reports
 *     them
 */
public record GraphUpsert(
    String nodeId,
    Outcome outcome,
    int records,
    int edgesAdded,
    int edgesRemoved,
    List<ImportWarning> warnings) {
  /** Whether the record's node was created, updated or left as it was. */
  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  public GraphUpsert {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(outcome, "outcome");
    warnings = List.copyOf(warnings);
  }
}
