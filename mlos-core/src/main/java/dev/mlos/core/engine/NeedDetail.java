package dev.mlos.core.engine;

import java.util.List;

/**
 * A need with what hangs off it, for {@link Engine#getNeed}.
 *
 * @param need the need
 * @param tasks its tasks, in id order
 * @param edges the relationships touching it (as source or target), in id order
 * @param history its most recent history rows (at most {@link Engine#NEED_HISTORY_ROWS}), oldest
 *     first
 * @param nextStatuses the statuses it may move to now (from {@code need_transitions})
 */
public record NeedDetail(
    Need need,
    List<Task> tasks,
    List<Edge> edges,
    List<HistoryEntry> history,
    List<String> nextStatuses) {
  public NeedDetail {
    tasks = List.copyOf(tasks);
    edges = List.copyOf(edges);
    history = List.copyOf(history);
    nextStatuses = List.copyOf(nextStatuses);
  }
}
