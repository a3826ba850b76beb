package dev.mlos.core.engine;

/**
 * A task as the engine returns it.
 *
 * @param id row id
 * @param needId the need it was graduated from
 * @param description what to do
 * @param status {@code open}, {@code assigned}, {@code in_progress}, {@code completed}, {@code
 *     failed} or {@code cancelled}
 * @param priority 1..5 (a task created without one took its need's), or null
 * @param assignedAgentId the agent holding it, or null
 * @param result the outcome, or null
 * @param assignedDate when it was claimed (UTC ISO-8601), or null
 * @param sourceTranscript or null
 * @param createdAt UTC ISO-8601
 * @param updatedAt UTC ISO-8601
 */
public record Task(
    long id,
    long needId,
    String description,
    String status,
    Integer priority,
    Long assignedAgentId,
    String result,
    String assignedDate,
    String sourceTranscript,
    String createdAt,
    String updatedAt) {
  /** The description as a reader is shown it: {@code no description} when it shows nothing. */
  public String shownDescription() {
    return dev.mlos.core.ShownText.taskDescription(description);
  }

  /** {@code task:<id>}. */
  public EntityRef ref() {
    return EntityRef.task(id);
  }
}
