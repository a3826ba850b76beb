package dev.mlos.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.SqliteShell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22 item 12 for the agentos-graph pack: rows written with the sqlite3 shell (foreign keys
 * off) that point at nodes that are not there, a record of a shape nobody defined, and values of
 * every null the schema allows still compile into pages.
 */
class GraphDanglingRowsTest {
  @TempDir Path dir;

  @Test
  void thePackRendersEdgesAndValuesWhoseNodeIsGone() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();
    w.write("mlos.yaml", "workspace: library\npack: agentos-graph\ndatabase: graph.db\n");
    WorkspaceConfig config = new ConfigLoader().load(w.root, ConfigOverrides.none());
    new GraphImporter()
        .importRecords(
            GraphImportRequest.forWorkspace(config, List.of(Path.of("data")), GraphWorkspace.T1));
    String book =
        w.one("SELECT node_id FROM node_vals WHERE key = 'isbn13' AND value = '9780140449334'");
    String t = "'2026-01-01T00:00:00.000Z'";
    List<String> refused = new ArrayList<>();
    for (String s :
        List.of(
            "INSERT INTO edges (id, from_id, label, to_id) VALUES ('d1', '"
                + book
                + "', 'author', 'ghost')",
            "INSERT INTO edges (id, from_id, label, to_id, created_at, updated_at) VALUES ('d2', 'ghost', 'cites', '"
                + book
                + "', NULL, NULL)",
            "INSERT INTO edge_vals (edge_id, key, value, type) VALUES ('d-gone', 'k', 'v', 'string')",
            "INSERT INTO node_vals (node_id, key, value, type) VALUES ('ghost-2', '_shapes', '[\"book\"]', 'json')",
            "INSERT INTO content (id, node_id, kind, body) VALUES ('c-gone', 'ghost-3', 'summary', '')",
            "INSERT INTO nodes (id, created_at, updated_at) VALUES ('odd-1', " + t + ", " + t + ")",
            "INSERT INTO node_vals (node_id, key, value, type) VALUES ('odd-1', '_shape', 'no-such-shape', 'string')",
            "INSERT INTO node_vals (node_id, key, value, type) VALUES ('odd-1', '_shapes', '[\"no-such-shape\"]', 'json')",
            "INSERT INTO nodes (id, created_at, updated_at) VALUES ('odd-2', " + t + ", " + t + ")",
            "INSERT INTO node_vals (node_id, key, value, type) VALUES ('odd-2', '_shapes', '[]', 'json')",
            "INSERT INTO nodes (id, created_at, updated_at) VALUES ('odd-3', " + t + ", " + t + ")",
            "INSERT INTO node_vals (node_id, key, value, type) VALUES ('odd-3', '_shape', 'book', 'string')",
            "INSERT INTO node_vals (node_id, key, value, type) VALUES ('odd-3', '_shapes', '[\"book\"]', 'json')",
            "INSERT INTO node_vals (node_id, key, value, type) VALUES ('ghost-4', '_shape', 'book', 'string')",
            "DELETE FROM nodes WHERE id = (SELECT node_id FROM node_vals WHERE key = 'email' AND value = 'marcus@rome.example')")) {
      SqliteShell.Result r = SqliteShell.run(w.db, s);
      if (!r.ok()) {
        refused.add(s + " -> " + r.err());
      }
    }
    assertEquals(List.of(), refused);
    new Compiler()
        .compile(
            new CompileRequest(
                new ConfigLoader().load(w.root, ConfigOverrides.none()), "2026-04-01T00:00:00Z"),
            Reporter.SILENT);
    w.read("SHAPES.md");
  }
}
