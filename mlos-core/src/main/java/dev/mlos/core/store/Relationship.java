package dev.mlos.core.store;

/**
 * A row of {@code relationships}: an edge between two entities, each named by type and id.
 *
 * @param id the edge's id
 * @param sourceType {@code need}, {@code task}, {@code artifact} or {@code agent}
 * @param sourceId id in the source's table
 * @param targetType as {@code sourceType}
 * @param targetId id in the target's table
 * @param relationshipType {@code derived_from}, {@code references}, {@code blocks}, {@code
 *     enables}, {@code monitors}, {@code produced} or {@code consumed}
 * @param metadata JSON text, or null
 * @param createdAt UTC ISO-8601
 */
public record Relationship(
    long id,
    String sourceType,
    long sourceId,
    String targetType,
    long targetId,
    String relationshipType,
    String metadata,
    String createdAt) {}
