package dev.mlos.core.store;

/**
 * A row of {@code agents}: one invocation of an agent.
 *
 * @param id the agent's id
 * @param agentType lower-case snake_case, e.g. {@code architect}, {@code context_manager}
 * @param status {@code provisioning}, {@code active}, {@code completed} or {@code failed}
 * @param kernelVersion or null
 * @param provisionedArtifacts JSON array text of artifact ids, or null
 * @param assignedTasks JSON array text of task ids, or null
 * @param monitoredNeeds JSON array text of need ids, or null
 * @param sessionTranscript or null
 * @param startedAt UTC ISO-8601, or null
 * @param completedAt or null
 * @param resultSummary or null
 */
public record Agent(
    long id,
    String agentType,
    String status,
    String kernelVersion,
    String provisionedArtifacts,
    String assignedTasks,
    String monitoredNeeds,
    String sessionTranscript,
    String startedAt,
    String completedAt,
    String resultSummary) {}
