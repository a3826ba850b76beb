package dev.mlos.core.graph;

import java.util.List;

/**
 * One page of a {@link GraphAccess#search}.
 *
 * @param hits the nodes whose long text matches, best first
 * @param total how many nodes match in all
 * @param nextCursor pass it back for the next page; null on the last one
 */
public record GraphHits(List<Hit> hits, int total, String nextCursor) {
  public GraphHits {
    hits = List.copyOf(hits);
  }

  /**
   * A node whose text matched.
   *
   * @param nodeId the node
   * @param shape its shape, or null
   * @param title its title, else its id
   * @param field the text field that matched best
   * @param snippet a few words around the match
   */
  public record Hit(String nodeId, String shape, String title, String field, String snippet) {}
}
