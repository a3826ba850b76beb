package dev.mlos.core.engine;

import java.util.List;

/**
 * One page of ready work, ranked (see docs/engine.md, "Ready work").
 *
 * @param items this page, best first
 * @param total ready items in all pages
 * @param nextCursor pass to {@link ReadyQuery#withCursor} for the next page; null on the last page
 * @param blocked blocked items (at most {@link ReadyQuery#limit()}), in kind and id order
 * @param blockedTotal blocked items in all
 * @param lens the lens applied, or null (everyone, or an agent without a lens)
 * @param held for an agent, the tasks it holds (assigned to it, in progress, or failed by it: ready
 *     work lists none of them, as no one else may take them), in id order, at most {@link
 *     ReadyQuery#limit()}; empty for everyone. An agent that lost its session finds its work here.
 * @param heldTotal how many tasks the agent holds in all (more than {@code held} lists when it
 *     holds more than the limit): finishing, releasing or retrying the listed ones brings the
 *     others into the list
 */
public record ReadyWork(
    List<ReadyItem> items,
    int total,
    String nextCursor,
    List<BlockedItem> blocked,
    int blockedTotal,
    Lens lens,
    List<Task> held,
    int heldTotal) {
  public ReadyWork {
    items = List.copyOf(items);
    blocked = List.copyOf(blocked);
    held = List.copyOf(held);
  }
}
