package dev.mlos.core.graph;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One node of the graph as {@link GraphAccess#get} reads it.
 *
 * @param id the node id
 * @param shape its most specific shape ({@code _shape}), or null for a node without one
 * @param shapes every shape it is ({@code _shapes}), most specific first
 * @param title its title (the shape's title field), else its id
 * @param createdAt ISO-8601 UTC
 * @param updatedAt ISO-8601 UTC
 * @param values its values by key (sorted), {@code _shape}/{@code _shapes} left out: Long, Double,
 *     Boolean or String (dates, datetimes, urls and JSON as their text)
 * @param text its long text ({@code text} fields, from {@code content}) by field (sorted)
 * @param out live edges from this node (by label, then the other node's title and id), at most
 *     {@link GraphAccess#MAX_EDGES}
 * @param outTotal how many live edges leave it
 * @param in live edges to this node, as {@code out}
 * @param inTotal how many live edges reach it
 */
public record GraphNode(
    String id,
    String shape,
    List<String> shapes,
    String title,
    String createdAt,
    String updatedAt,
    Map<String, Object> values,
    Map<String, String> text,
    List<Link> out,
    int outTotal,
    List<Link> in,
    int inTotal) {
  public GraphNode {
    Objects.requireNonNull(id, "id");
    shapes = List.copyOf(shapes);
    values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    text = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(text));
    out = List.copyOf(out);
    in = List.copyOf(in);
  }

  /**
   * A live edge seen from one end.
   *
   * @param edgeId the edge's id
   * @param label the edge label (the relation's name)
   * @param nodeId the node at the other end
   * @param shape that node's shape, or null
   * @param title that node's title
   */
  public record Link(String edgeId, String label, String nodeId, String shape, String title) {}
}
