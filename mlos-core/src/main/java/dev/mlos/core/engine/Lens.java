package dev.mlos.core.engine;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an agent (or every agent of a type) sees of the need graph: a projection (seed 001). A need
 * is in the lens when the lens has no scopes and no tags, or its scope is one of {@link #scopes},
 * or it has one of {@link #tags}.
 *
 * @param id row id
 * @param agentId the agent this lens belongs to, or null for a lens of an agent type
 * @param agentType the agent type this lens belongs to, or null for a lens of one agent
 * @param scopes sorted, distinct
 * @param tags sorted, distinct
 * @param weights priority weighting: keys {@code tag:<tag>} or {@code scope:<scope>}, values in (0,
 *     100]; a need's weight is the largest matching value, else 1
 * @param tokenBudget the agent's capacity in tokens (1..10,000,000), or null for the global budget
 * @param createdAt UTC ISO-8601
 * @param updatedAt UTC ISO-8601
 */
public record Lens(
    long id,
    Long agentId,
    String agentType,
    List<String> scopes,
    List<String> tags,
    Map<String, Double> weights,
    Integer tokenBudget,
    String createdAt,
    String updatedAt) {
  public Lens {
    scopes = List.copyOf(scopes);
    tags = List.copyOf(tags);
    weights = Collections.unmodifiableMap(new TreeMap<>(weights));
  }

  /** True when the lens filters nothing (no scopes, no tags). */
  public boolean seesEverything() {
    return scopes.isEmpty() && tags.isEmpty();
  }

  /** {@code agent 7} or {@code agent type architect}, for messages. */
  public String owner() {
    return agentId != null ? "agent " + agentId : "agent type " + agentType;
  }
}
