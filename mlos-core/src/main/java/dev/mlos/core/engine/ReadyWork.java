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
 */
public record ReadyWork(
    List<ReadyItem> items,
    int total,
    String nextCursor,
    List<BlockedItem> blocked,
    int blockedTotal,
    Lens lens) {
  public ReadyWork {
    items = List.copyOf(items);
    blocked = List.copyOf(blocked);
  }
}
