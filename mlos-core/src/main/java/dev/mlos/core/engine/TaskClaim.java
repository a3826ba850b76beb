package dev.mlos.core.engine;

import java.util.List;

/**
 * A claimed task, and what blocks it at the moment of the claim. A blocked task can be claimed (a
 * person may hand out work ahead of time), but it is not ready work: the adapters say so.
 *
 * @param task the task as claimed
 * @param blockedBy the sources of {@code blocks} edges into the task or its need that are not done,
 *     in (type, id) order; empty when the task is ready
 * @param changed false when the agent held the task (claimed, not started) already: nothing was
 *     written, and the adapters say so instead of "Claimed"
 */
public record TaskClaim(Task task, List<BlockedItem.Blocker> blockedBy, boolean changed) {
  public TaskClaim {
    blockedBy = List.copyOf(blockedBy);
  }
}
