package dev.mlos.core.engine;

/**
 * One agent invocation (a run), as the engine returns it.
 *
 * @param id row id
 * @param agentType lower-case snake_case, e.g. {@code architect}
 * @param status {@code provisioning}, {@code active}, {@code completed} or {@code failed}
 * @param kernelVersion or null
 * @param sessionTranscript or null
 * @param startedAt UTC ISO-8601
 * @param completedAt UTC ISO-8601, or null while it runs
 * @param resultSummary or null
 */
public record Agent(
    long id,
    String agentType,
    String status,
    String kernelVersion,
    String sessionTranscript,
    String startedAt,
    String completedAt,
    String resultSummary) {
  /** {@code agent:<id>}. */
  public EntityRef ref() {
    return EntityRef.agent(id);
  }
}
