package dev.mlos.core.store;

/**
 * A row of {@code needs}: a persistent state the system must satisfy.
 *
 * @param id the need's id
 * @param title human-readable name
 * @param description full description, or null
 * @param status {@code identified}, {@code active}, {@code actionable}, {@code in_progress}, {@code
 *     resolved} or {@code deferred}
 * @param priority 1 (critical) to 5 (background), or null
 * @param scope the domain, sprint or project it belongs to, or null
 * @param createdAt UTC ISO-8601
 * @param updatedAt UTC ISO-8601, maintained by the database
 * @param sourceTranscript transcript where it was first identified, or null
 * @param parentNeedId the need it is nested in, or null
 */
public record Need(
    long id,
    String title,
    String description,
    String status,
    Integer priority,
    String scope,
    String createdAt,
    String updatedAt,
    String sourceTranscript,
    Long parentNeedId) {}
