package dev.mlos.core.store;

/**
 * A task to insert for an {@code actionable} or {@code in_progress} need. The database writes its
 * {@code derived_from} relationship to the need.
 *
 * @param needId required
 * @param description required
 * @param status required, e.g. {@code open}
 * @param priority 1..5 or null
 * @param assignedAgentId an existing agent, or null
 * @param result or null
 * @param assignedDate or null
 * @param sourceTranscript or null
 */
public record NewTask(
    long needId,
    String description,
    String status,
    Integer priority,
    Long assignedAgentId,
    String result,
    String assignedDate,
    String sourceTranscript) {
  /** An open, unassigned task. */
  public static NewTask open(long needId, String description) {
    return new NewTask(needId, description, "open", null, null, null, null, null);
  }
}
