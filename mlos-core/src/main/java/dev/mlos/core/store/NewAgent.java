package dev.mlos.core.store;

/**
 * An agent invocation to insert; {@code started_at} is set by the database.
 *
 * @param agentType required, lower-case snake_case
 * @param status required, e.g. {@code provisioning}
 * @param kernelVersion or null
 * @param provisionedArtifacts JSON array text, or null
 * @param assignedTasks JSON array text, or null
 * @param monitoredNeeds JSON array text, or null
 * @param sessionTranscript or null
 * @param resultSummary or null
 */
public record NewAgent(
    String agentType,
    String status,
    String kernelVersion,
    String provisionedArtifacts,
    String assignedTasks,
    String monitoredNeeds,
    String sessionTranscript,
    String resultSummary) {
  /** A provisioning agent of {@code agentType} with empty id lists. */
  public static NewAgent provisioning(String agentType) {
    return new NewAgent(agentType, "provisioning", null, "[]", "[]", "[]", null, null);
  }
}
