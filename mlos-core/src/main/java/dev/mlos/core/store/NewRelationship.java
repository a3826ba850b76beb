package dev.mlos.core.store;

/**
 * An edge to insert; both endpoints must exist and the same edge may be stored only once.
 *
 * @param sourceType {@code need}, {@code task}, {@code artifact} or {@code agent}
 * @param sourceId id in the source's table
 * @param targetType as {@code sourceType}
 * @param targetId id in the target's table
 * @param relationshipType one of the seed's relationship types
 * @param metadata valid JSON text, or null
 */
public record NewRelationship(
    String sourceType,
    long sourceId,
    String targetType,
    long targetId,
    String relationshipType,
    String metadata) {}
