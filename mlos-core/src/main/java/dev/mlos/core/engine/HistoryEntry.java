package dev.mlos.core.engine;

/**
 * One row of {@code history}: who changed what, when and why.
 *
 * @param id row id (history is append-only, so ids are in write order)
 * @param entityType {@code need}, {@code task}, {@code artifact}, {@code relationship}, {@code
 *     agent} or {@code lens}
 * @param entityId the changed row's id
 * @param operation {@code insert}, {@code update} or {@code delete}
 * @param changedAt UTC ISO-8601
 * @param actor e.g. {@code agent:7}, {@code person:alice}; null for a write made with raw SQL
 * @param session or null
 * @param reason or null
 * @param oldValues JSON object text, or null for an insert
 * @param newValues JSON object text, or null for a delete
 */
public record HistoryEntry(
    long id,
    String entityType,
    long entityId,
    String operation,
    String changedAt,
    String actor,
    String session,
    String reason,
    String oldValues,
    String newValues) {}
