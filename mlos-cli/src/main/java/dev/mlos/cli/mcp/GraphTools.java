package dev.mlos.cli.mcp;

import static dev.mlos.cli.mcp.InputSchema.SHORT_TEXT;
import static dev.mlos.cli.mcp.InputSchema.integer;
import static dev.mlos.cli.mcp.InputSchema.object;
import static dev.mlos.cli.mcp.InputSchema.props;
import static dev.mlos.cli.mcp.InputSchema.text;

import dev.mlos.cli.Rows;
import dev.mlos.core.PageCursor;
import dev.mlos.core.ShownText;
import dev.mlos.core.engine.RefusedException;
import dev.mlos.core.graph.GraphAccess;
import dev.mlos.core.graph.GraphHits;
import dev.mlos.core.graph.GraphNode;
import dev.mlos.core.graph.GraphUpsert;
import dev.mlos.core.graph.ImportWarning;
import dev.mlos.core.graph.InvalidRecordException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The agentos-graph tools: {@code graph_search}, {@code graph_get}, {@code graph_upsert}. Adapters
 * over {@link GraphAccess}: the upsert is the core's import of one record, so shapes, coercion and
 * identity are checked exactly as {@code mlos:import} checks them. A title that shows nothing is
 * answered as the record's pages show it, by its node id ({@link ShownText#recordTitle}), as the
 * mlos tools answer a need's ({@code need 4}).
 */
final class GraphTools {
  /** Most keys a record passed to graph_upsert may have. */
  static final int MAX_RECORD_KEYS = 200;

  private final GraphAccess graph;

  GraphTools(GraphAccess graph) {
    this.graph = graph;
  }

  /** The three tools, as (name, description, schema, handler, read-only) for {@link McpTools}. */
  void register(McpTools tools) {
    tools.addRead(
        "graph_search",
        "Full-text search of records' long text (text fields, not titles; FTS5); every word must"
            + " occur, word* is a prefix.",
        object(
            props(
                "query",
                text(200),
                "limit",
                integer(1, GraphAccess.MAX_LIMIT),
                "cursor",
                text(SHORT_TEXT)),
            "query"),
        this::search);
    Map<String, Object> nodeId = new LinkedHashMap<>();
    nodeId.put("type", "string");
    nodeId.put("pattern", "^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,199}$");
    tools.addRead(
        "graph_get",
        "One node: shapes, values, text and live edges both ways.",
        object(props("id", nodeId), "id"),
        this::get);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("type", "object");
    record.put("properties", Map.of("_shape", text(100)));
    record.put("required", List.of("_shape"));
    record.put("maxProperties", MAX_RECORD_KEYS);
    tools.addWrite(
        "graph_upsert",
        "Write one record as mlos:import does: {_shape, fields, relations}; coerced, matched by identity.",
        object(props("record", record), "record"),
        this::upsert);
  }

  private Object search(ToolCall a) {
    GraphHits r;
    try {
      r = graph.search(a.text("query"), a.has("limit") ? a.integer("limit") : 20, a.text("cursor"));
    } catch (PageCursor.InvalidCursorException e) {
      // Refused as search's and ready_work's cursors are, with the rule, not as a broken setup.
      throw new RefusedException(e.rule(), e.getMessage(), List.of(), null, e.fix());
    }
    List<Object> hits =
        r.hits().stream()
            .<Object>map(
                h -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("id", h.nodeId());
                  m.put("shape", h.shape());
                  m.put("title", ShownText.recordTitle(h.nodeId(), h.title()));
                  m.put("field", h.field());
                  m.put("snippet", h.snippet());
                  return m;
                })
            .toList();
    Map<String, Object> page = Rows.page("hits", hits, r.total(), r.nextCursor());
    if (r.total() == 0) {
      // A graph whose shapes have no text field (the README's books) answers every search with
      // nothing: say what is searched, and where a record's id is found instead.
      page.put("hint", NOTHING_FOUND);
    }
    return page;
  }

  static final String NOTHING_FOUND =
      "nothing found: graph_search searches the long text of records (fields of type text), not"
          + " their titles or other values; the resource mlos://shapes/{shape} lists every record"
          + " of a shape with its page, records/{shape}/{id}-{title}.md, whose first part is the id"
          + " graph_get takes (mlos://workspace/SHAPES.md lists the shapes)";

  private Object get(ToolCall a) {
    String id = a.text("id");
    GraphNode n =
        graph
            .get(id)
            .orElseThrow(
                () ->
                    new RefusedException(
                        "graph.node",
                        "no node has the id "
                            + dev.mlos.core.MlosException.quoted(id == null ? "" : id),
                        List.of(),
                        null,
                        "take the id from a hit of graph_search, from the page of the record that"
                            + " mlos://shapes/{shape} lists (records/{shape}/{id}-{title}.md),"
                            + " or one graph_upsert returned"));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", n.id());
    m.put("shape", n.shape());
    m.put("shapes", n.shapes());
    m.put("title", ShownText.recordTitle(n.id(), n.title()));
    m.put("updated_at", n.updatedAt());
    m.put("values", n.values());
    if (!n.text().isEmpty()) {
      m.put("text", n.text());
    }
    m.put("out", n.out().stream().map(GraphTools::link).toList());
    if (n.outTotal() > n.out().size()) {
      m.put("out_total", n.outTotal());
    }
    m.put("in", n.in().stream().map(GraphTools::link).toList());
    if (n.inTotal() > n.in().size()) {
      m.put("in_total", n.inTotal());
    }
    return m;
  }

  private static Map<String, Object> link(GraphNode.Link l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", l.label());
    m.put("id", l.nodeId());
    m.put("shape", l.shape());
    m.put("title", ShownText.recordTitle(l.nodeId(), l.title()));
    return m;
  }

  private Object upsert(ToolCall a) {
    Map<String, Object> record = a.object("record");
    if (record == null) {
      throw new RefusedException(
          "input",
          "argument 'record' is required: an object with '_shape' and the record's fields",
          List.of(),
          null);
    }
    GraphUpsert u;
    try {
      u = graph.upsert(record, Instant.now());
    } catch (InvalidRecordException e) {
      // The fix on its own, as every refusal's, in this server's words.
      throw (RefusedException)
          new RefusedException(
                  "graph." + e.problem().name().toLowerCase(Locale.ROOT),
                  e.statement(),
                  List.of(),
                  null,
                  e.fixTemplate())
              .suggesting(e.remedies().toArray(new dev.mlos.core.Remedy[0]));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", u.nodeId());
    m.put("outcome", u.outcome().name().toLowerCase(Locale.ROOT));
    m.put("records", u.records());
    m.put("edges_added", u.edgesAdded());
    m.put("edges_removed", u.edgesRemoved());
    m.put("warnings", u.warnings().stream().map(ImportWarning::message).toList());
    return m;
  }
}
