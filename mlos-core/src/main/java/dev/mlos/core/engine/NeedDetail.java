package dev.mlos.core.engine;

import java.util.List;

/**
 * A need with what hangs off it, for {@link Engine#getNeed}.
 *
 * @param need the need
 * @param children the needs whose parent it is, in id order, at most {@link
 *     Engine#NEED_CHILDREN_ROWS}
 * @param childrenTotal how many needs have it as their parent (more than {@code children} holds
 *     when there are more than {@link Engine#NEED_CHILDREN_ROWS})
 * @param tasks its tasks, in id order
 * @param edges the relationships touching it (as source or target), in id order
 * @param history its most recent history rows (at most {@link Engine#NEED_HISTORY_ROWS}), oldest
 *     first
 * @param nextStatuses the statuses it may move to now (from {@code need_transitions})
 */
public record NeedDetail(
    Need need,
    List<Need> children,
    long childrenTotal,
    List<Task> tasks,
    List<Edge> edges,
    List<HistoryEntry> history,
    List<String> nextStatuses) {
  public NeedDetail {
    children = List.copyOf(children);
    tasks = List.copyOf(tasks);
    edges = List.copyOf(edges);
    history = List.copyOf(history);
    nextStatuses = List.copyOf(nextStatuses);
  }
}
