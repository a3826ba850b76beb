package dev.mlos.core.engine;

/**
 * An agent run to register with {@link Engine#registerAgent}; it starts {@code provisioning}.
 *
 * @param agentType lower-case snake_case, e.g. {@code architect}; required
 * @param kernelVersion or null
 * @param sessionTranscript path or id of the session's transcript, or null
 */
public record AgentSpec(String agentType, String kernelVersion, String sessionTranscript) {
  /** An agent of {@code agentType} with no kernel version or transcript. */
  public static AgentSpec of(String agentType) {
    return new AgentSpec(agentType, null, null);
  }
}
