package dev.mlos.core.graph;

import dev.mlos.core.MlosException;
import dev.mlos.core.PageCursor;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.db.Transaction;
import dev.mlos.core.graph.shape.ShapeLoader;
import dev.mlos.core.graph.shape.ShapeRegistry;
import dev.mlos.core.view.Json;
import dev.mlos.core.yaml.YamlNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One record at a time on an agentos-graph database, for adapters that are not file imports (the
 * MCP tools): full-text search, one node with its values and edges, and the upsert of one record.
 *
 * <p>The upsert is the import ({@link GraphImporter}) of a single record: the same shape registry
 * (loaded from the workspace's shapes directory and written to {@code settings}), the same
 * coercion, identity matching, derived ids, relation resolution and warnings, in one transaction. A
 * record the rules refuse throws {@link InvalidRecordException}, whose {@link
 * InvalidRecordException#problem()} says which kind of mistake it is, whose {@link
 * InvalidRecordException#field()} names the field, and whose fix says what to do; nothing is
 * written.
 *
 * <p>Each call opens its own connection, so a caller holds no lock between calls.
 */
public final class GraphAccess {
  /** Most hits on one search page. */
  public static final int MAX_LIMIT = 50;

  /** Most edges {@link #get} lists per direction (totals are always given). */
  public static final int MAX_EDGES = 100;

  /** Most words a search query may have. */
  public static final int MAX_QUERY_WORDS = 32;

  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,199}");

  private final Path database;
  private final Path shapesDirectory;

  /**
   * @param database the agentos-graph database
   * @param shapesDirectory the directory of shape files (read on every upsert, as an import reads
   *     it)
   */
  public GraphAccess(Path database, Path shapesDirectory) {
    this.database = Objects.requireNonNull(database, "database");
    this.shapesDirectory = Objects.requireNonNull(shapesDirectory, "shapesDirectory");
  }

  /**
   * The graph of a workspace: its database and its shapes directory ({@code params.shapes_dir},
   * default {@code shapes/}), through the same path check as an import of files.
   *
   * @throws dev.mlos.core.path.InvalidPathException when the shapes directory lies outside the
   *     workspace
   */
  public static GraphAccess forWorkspace(WorkspaceConfig config) {
    GraphImportRequest r = GraphImportRequest.forWorkspace(config, List.of(), Instant.EPOCH);
    return new GraphAccess(r.database(), r.shapesDirectory());
  }

  /**
   * Nodes whose long text ({@code text} fields, FTS5-indexed) contains every word of {@code query},
   * best match first (bm25, then node id). The words are passed to FTS5 as quoted strings, so no
   * character of the query is FTS5 syntax; a word ending in {@code *} matches as a prefix.
   *
   * @param limit hits per page, 1 to {@link #MAX_LIMIT}
   * @param cursor {@link GraphHits#nextCursor()} of the previous page, or null
   * @throws MlosException when the query has no word or too many words
   * @throws PageCursor.InvalidCursorException when the cursor is not one a search of these words
   *     returned
   */
  public GraphHits search(String query, int limit, String cursor) {
    String match = ftsQuery(query);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new MlosException(
          "Search limit " + limit + " is out of range", "use 1 to " + MAX_LIMIT);
    }
    // Bound to the words as FTS5 is given them: a cursor of another search skipped that many hits.
    // FTS5's tokenizer folds case, so STOIC pages as stoic does.
    List<String> scope = List.of("graph_search", match.toLowerCase(java.util.Locale.ROOT));
    int offset = PageCursor.offset(cursor, scope, "query");
    String sql =
        "WITH m AS (SELECT node_id, kind, rank AS r, snippet(content_fts, 0, '', '', '...', 12) AS s"
            + " FROM content_fts WHERE content_fts MATCH ?),"
            + " b AS (SELECT node_id, kind, r, s, row_number() OVER (PARTITION BY node_id ORDER BY r, kind) AS n FROM m)"
            + " SELECT b.node_id, g.shape, g.title, b.kind, b.s, count(*) OVER () FROM b LEFT JOIN graph_records g ON g.id = b.node_id"
            + " WHERE b.n = 1 ORDER BY b.r, b.node_id LIMIT ? OFFSET ?";
    try (Connection c = open()) {
      List<GraphHits.Hit> hits = new ArrayList<>();
      int total = 0;
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, match);
        ps.setInt(2, limit);
        ps.setInt(3, offset);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            hits.add(
                new GraphHits.Hit(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3) == null ? rs.getString(1) : rs.getString(3),
                    rs.getString(4),
                    rs.getString(5)));
            total = rs.getInt(6);
          }
        }
      }
      if (hits.isEmpty() && offset > 0) {
        total = count(c, match);
      }
      String next =
          !hits.isEmpty() && offset + hits.size() < total
              ? PageCursor.of(offset + hits.size(), scope)
              : null;
      return new GraphHits(hits, total, next);
    } catch (SQLException e) {
      throw new DatabaseException(database, "the graph search failed: " + e.getMessage(), null, e);
    }
  }

  private static int count(Connection c, String match) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(DISTINCT node_id) FROM content_fts WHERE content_fts MATCH ?")) {
      ps.setString(1, match);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  /**
   * The FTS5 query for {@code text}: each whitespace-separated word as a quoted string (inner
   * quotes doubled), all of them required; a trailing {@code *} on a word makes it a prefix.
   */
  static String ftsQuery(String text) {
    List<String> words = new ArrayList<>();
    for (String w : (text == null ? "" : text.strip()).split("\\s+")) {
      if (w.isEmpty()) {
        continue;
      }
      boolean prefix = w.length() > 1 && w.endsWith("*");
      String body = prefix ? w.substring(0, w.length() - 1) : w;
      words.add('"' + body.replace("\"", "\"\"") + '"' + (prefix ? "*" : ""));
    }
    if (words.isEmpty()) {
      throw new MlosException("The search text is empty", "give at least one word to look for");
    }
    if (words.size() > MAX_QUERY_WORDS) {
      throw new MlosException(
          "The search text has " + words.size() + " words", "use at most " + MAX_QUERY_WORDS);
    }
    return String.join(" ", words);
  }

  /**
   * The node {@code id} with its values, long text and live edges; empty when there is no such node
   * (an id that cannot be a node id included).
   */
  public java.util.Optional<GraphNode> get(String id) {
    if (id == null || !NODE_ID.matcher(id).matches()) {
      return java.util.Optional.empty();
    }
    try (Connection c = open()) {
      String created;
      String updated;
      try (PreparedStatement ps =
          c.prepareStatement("SELECT created_at, updated_at FROM nodes WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return java.util.Optional.empty();
          }
          created = rs.getString(1);
          updated = rs.getString(2);
        }
      }
      String shape = null;
      String title = id;
      try (PreparedStatement ps =
          c.prepareStatement("SELECT shape, title FROM graph_records WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            shape = rs.getString(1);
            title = rs.getString(2);
          }
        }
      }
      GraphStore store = new GraphStore(c, null);
      List<String> shapes = store.shapesOf(id);
      Map<String, Object> values = new TreeMap<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT key, value, type FROM node_vals WHERE node_id = ? AND key NOT IN ('_shape', '_shapes') ORDER BY key")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Object v = rs.getObject(2);
            if ("boolean".equals(rs.getString(3)) && v instanceof Number n) {
              v = n.longValue() != 0;
            } else if ("json".equals(rs.getString(3)) && v instanceof String json) {
              v = jsonValue(json);
            } else if (v instanceof Integer i) {
              v = i.longValue();
            }
            values.put(rs.getString(1), v);
          }
        }
      }
      Map<String, String> text = new TreeMap<>();
      try (PreparedStatement ps =
          c.prepareStatement("SELECT kind, body FROM content WHERE node_id = ? ORDER BY kind")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            text.put(rs.getString(1), rs.getString(2));
          }
        }
      }
      List<GraphNode.Link> out = new ArrayList<>();
      List<GraphNode.Link> in = new ArrayList<>();
      int outTotal = links(c, id, true, out);
      int inTotal = links(c, id, false, in);
      return java.util.Optional.of(
          new GraphNode(
              id, shape, shapes, title, created, updated, values, text, out, outTotal, in,
              inTotal));
    } catch (SQLException e) {
      throw new DatabaseException(
          database, "reading node " + id + " failed: " + e.getMessage(), null, e);
    }
  }

  /**
   * A value of type {@code json} (a list or mapping under a key no shape declares) as the list or
   * map it is, so that it reads, and writes back, as what was upserted rather than as a string;
   * text that does not parse (a row written past the schema's check) stays text.
   */
  private static Object jsonValue(String json) {
    try {
      return YamlNode.parseJson("value", json).plain();
    } catch (RuntimeException e) {
      return json;
    }
  }

  /**
   * Live edges at one end of {@code id} into {@code into} (at most MAX_EDGES); returns how many
   * there are.
   */
  private static int links(Connection c, String id, boolean outgoing, List<GraphNode.Link> into)
      throws SQLException {
    String near = outgoing ? "from_id" : "to_id";
    String far = outgoing ? "to_id" : "from_id";
    String sql =
        "SELECT e.id, e.label, e."
            + far
            + ", g.shape, COALESCE(g.title, e."
            + far
            + "), count(*) OVER ()"
            + " FROM edges e LEFT JOIN graph_records g ON g.id = e."
            + far
            + " WHERE e."
            + near
            + " = ? AND e.deleted_at IS NULL ORDER BY e.label, 5, e."
            + far
            + ", e.id LIMIT "
            + MAX_EDGES;
    int total = 0;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          into.add(
              new GraphNode.Link(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5)));
          total = rs.getInt(6);
        }
      }
    }
    return total;
  }

  /**
   * Writes one record exactly as an import writes a record of a file: {@code _shape} names its
   * shape, the other keys are fields and relations (values as JSON gives them: strings, numbers,
   * booleans, null to clear, lists, nested records as maps), {@code _id} optionally names the node.
   * One transaction: a refusal leaves the database as it was.
   *
   * @param record the record; keys are strings
   * @param now written as created_at / updated_at of what changes
   * @throws InvalidRecordException when a rule refuses the record (see {@link
   *     InvalidRecordException.Problem})
   * @throws dev.mlos.core.graph.shape.InvalidShapeException when a shape file is wrong
   * @throws dev.mlos.core.yaml.InvalidYamlException when the record is not a JSON-writable value
   * @throws DatabaseException when the database is missing or unreadable
   */
  public GraphUpsert upsert(Map<String, ?> record, Instant now) {
    Objects.requireNonNull(record, "record");
    refuseNonFinite(record);
    ShapeRegistry registry = new ShapeLoader().load(shapesDirectory);
    // The record goes through the importer's own reader: as JSON text parsed into the same
    // position-aware nodes a record file gives, so every rule applies unchanged.
    YamlNode node = YamlNode.parseJson("record", Json.write(new LinkedHashMap<>(record)));
    try (Connection c = open()) {
      // IMMEDIATE: two servers upserting at once take turns instead of failing on a read-to-write
      // upgrade.
      return Transaction.immediate(
          c, () -> GraphImporter.upsert(c, registry, node, TypedValue.timestamp(now)));
    } catch (SQLException e) {
      throw new DatabaseException(
          database, "the upsert failed and was rolled back: " + e.getMessage(), null, e);
    }
  }

  /**
   * Refuses a number no JSON value can be: a reader of the tool call's JSON turns 1e400 into
   * Infinity, which {@link Json#write} writes as null, so the field was cleared (or the key
   * ignored) as if the client had sent null.
   */
  private static void refuseNonFinite(Map<String, ?> record) {
    for (Map.Entry<String, ?> e : record.entrySet()) {
      if (!finite(e.getValue(), 1)) {
        Object shape = record.get("_shape");
        throw new InvalidRecordException(
            InvalidRecordException.Problem.VALUE,
            YamlNode.parseJson("record", "null"),
            "record 1" + (shape instanceof String s ? " (" + s + ")" : ""),
            e.getKey(),
            "a number beyond the range of a double (about 1.8e308 either way) or not a number;"
                + " JSON has no such value",
            "write a number within that range, or the value as a string");
      }
    }
  }

  /**
   * Whether {@code v}, at nesting level {@code depth}, holds no number beyond a double. A record
   * nested deeper than the reader takes is refused here, in the reader's words: looking through it
   * (and writing it as JSON for the reader) a level of recursion per level ran the thread's stack
   * out on a record nested a few thousand levels deep.
   */
  private static boolean finite(Object v, int depth) {
    if (v instanceof Double d) {
      return Double.isFinite(d);
    }
    if (v instanceof Float f) {
      return Float.isFinite(f);
    }
    // Past the reader's limit, never at it: what the reader takes is not refused here.
    if (depth > dev.mlos.core.yaml.YamlLimits.MAX_NESTING
        && (v instanceof Map<?, ?> || v instanceof List<?>)) {
      throw new dev.mlos.core.yaml.InvalidYamlException(
          "record",
          0,
          0,
          "lists and objects nest deeper than "
              + dev.mlos.core.yaml.YamlLimits.MAX_NESTING
              + " levels here, more than mlos reads",
          "lists and objects may nest at most "
              + dev.mlos.core.yaml.YamlLimits.MAX_NESTING
              + " levels deep; flatten the record");
    }
    java.util.Collection<?> items =
        v instanceof Map<?, ?> m ? m.values() : v instanceof List<?> l ? l : List.of();
    for (Object item : items) {
      if (!finite(item, depth + 1)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks that the database holds the agentos-graph schema as this mlos ships it, so a server
   * refuses to start on a database it cannot serve (with {@code mlos init} as the fix) rather than
   * at the first tool call.
   *
   * @throws MlosException naming the database and the fix
   */
  public void requireReady() {
    try (Connection c = open()) {
      // open() checked it
    } catch (SQLException e) {
      throw new dev.mlos.core.db.DatabaseException(database, e.getMessage(), null, e);
    }
  }

  private Connection open() throws SQLException {
    Connection c = Database.at(database).open(false);
    try {
      GraphImporter.requireSchema(c, database);
      return c;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }
}
