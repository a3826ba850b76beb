package dev.mlos.core.engine;

import java.util.List;
import java.util.Map;

/**
 * A lens to set with {@link Engine#setLens}: for one agent or for every agent of a type (exactly
 * one of {@link #agentId} and {@link #agentType}). Setting a lens replaces the previous one of that
 * owner.
 *
 * @param agentId the agent, or null
 * @param agentType the agent type, or null
 * @param scopes the scopes it sees (empty, with no tags: everything)
 * @param tags the tags it sees
 * @param weights keys {@code tag:<tag>} or {@code scope:<scope>}, values in (0, 100]
 * @param tokenBudget 1..10,000,000, or null
 */
public record LensSpec(
    Long agentId,
    String agentType,
    List<String> scopes,
    List<String> tags,
    Map<String, Double> weights,
    Integer tokenBudget) {
  public LensSpec {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    tags = tags == null ? List.of() : List.copyOf(tags);
    weights = weights == null ? Map.of() : Map.copyOf(weights);
  }

  /** An empty lens (sees everything, no weights) for agent {@code agentId}. */
  public static LensSpec forAgent(long agentId) {
    return new LensSpec(agentId, null, List.of(), List.of(), Map.of(), null);
  }

  /** An empty lens for every agent of {@code agentType}. */
  public static LensSpec forAgentType(String agentType) {
    return new LensSpec(null, agentType, List.of(), List.of(), Map.of(), null);
  }

  public LensSpec withScopes(List<String> value) {
    return new LensSpec(agentId, agentType, value, tags, weights, tokenBudget);
  }

  public LensSpec withTags(List<String> value) {
    return new LensSpec(agentId, agentType, scopes, value, weights, tokenBudget);
  }

  public LensSpec withWeights(Map<String, Double> value) {
    return new LensSpec(agentId, agentType, scopes, tags, value, tokenBudget);
  }

  public LensSpec withTokenBudget(Integer value) {
    return new LensSpec(agentId, agentType, scopes, tags, weights, value);
  }
}
