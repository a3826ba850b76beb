package dev.mlos.core.store;

/**
 * A need to insert; the database assigns id and timestamps. Values are not checked here: the
 * database does that and {@link Store} reports what it rejected.
 *
 * @param title required
 * @param description or null
 * @param status required; any status is allowed for a new row (lifecycle rules apply to moves)
 * @param priority 1..5 or null
 * @param scope or null
 * @param sourceTranscript or null
 * @param parentNeedId an existing need, or null
 */
public record NewNeed(
    String title,
    String description,
    String status,
    Integer priority,
    String scope,
    String sourceTranscript,
    Long parentNeedId) {
  /** A freshly identified need with nothing but a title. */
  public static NewNeed identified(String title) {
    return new NewNeed(title, null, "identified", null, null, null, null);
  }

  /** This need with another status. */
  public NewNeed withStatus(String newStatus) {
    return new NewNeed(
        title, description, newStatus, priority, scope, sourceTranscript, parentNeedId);
  }
}
