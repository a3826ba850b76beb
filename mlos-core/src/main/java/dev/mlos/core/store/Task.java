package dev.mlos.core.store;

/**
 * A row of {@code tasks}: a concrete action derived from a need.
 *
 * @param id the task's id
 * @param needId the need it was derived from
 * @param description what to do
 * @param status {@code open}, {@code assigned}, {@code in_progress}, {@code completed}, {@code
 *     failed} or {@code cancelled}
 * @param priority 1..5 or null
 * @param assignedAgentId the agent working on it, or null
 * @param result outcome, or null
 * @param createdAt UTC ISO-8601 (adopted TaskEngine rows keep their own format)
 * @param updatedAt as {@code createdAt}, maintained by the database
 * @param assignedDate when it was assigned, or null
 * @param sourceTranscript transcript where it was created, or null
 */
public record Task(
    long id,
    long needId,
    String description,
    String status,
    Integer priority,
    Long assignedAgentId,
    String result,
    String createdAt,
    String updatedAt,
    String assignedDate,
    String sourceTranscript) {}
