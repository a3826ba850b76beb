package dev.mlos.core.engine;

import java.util.List;

/**
 * Agent runs as {@link Engine#listAgents} lists them.
 *
 * @param agents the runs listed, in id order
 * @param total how many runs there are of those asked for (more than {@code agents} holds when the
 *     limit cut the list)
 */
public record AgentList(List<Agent> agents, long total) {
  public AgentList {
    agents = List.copyOf(agents);
  }
}
