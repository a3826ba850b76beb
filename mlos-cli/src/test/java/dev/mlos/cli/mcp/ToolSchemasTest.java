package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.ArtifactPlaces;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.schema.Migrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a tool's input schema promises is what the engine takes. */
class ToolSchemasTest {
  @TempDir Path dir;

  @Test
  void registerArtifactsPathIsAsLongAsAWorkspacePathMayBe() throws Exception {
    // The schema let 241..500 characters through, which the engine then refused (artifact.path):
    // a client that trusts the schema was told twice, in two different limits.
    Path db = dir.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    }
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools =
          new McpTools(engine, null, ArtifactPlaces.defaults(dir), () -> {}, null, System.err);
      Map<?, ?> properties =
          (Map<?, ?>)
              tools.all().stream()
                  .filter(t -> t.tool().name().equals("register_artifact"))
                  .findFirst()
                  .orElseThrow()
                  .tool()
                  .inputSchema()
                  .get("properties");
      Map<?, ?> path = (Map<?, ?>) properties.get("file_path");
      assertEquals(WorkspacePath.MAX_LENGTH, path.get("maxLength"));
      assertEquals(240, path.get("maxLength"));
    }
  }

  @Test
  void everySchemaListsItsKeysInOneOrderOnEveryStart() throws Exception {
    // Map.of iterates in an order each JVM run picks anew: tools/list came out as
    // {"minimum":1,"type":"integer"} on one start and {"type":"integer","minimum":1} on the next,
    // 15 tokens apart, so McpIT's 2,000-token budget passed or failed by the start.
    Path db = dir.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    }
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools =
          new McpTools(engine, null, ArtifactPlaces.defaults(dir), () -> {}, null, System.err);
      for (var t : tools.all()) {
        orderedThroughout(t.tool().name(), t.tool().inputSchema());
      }
    }
  }

  /** A schema, or a list of schemas, or (under {@code properties}) a map of names to schemas. */
  private static void orderedThroughout(String where, Object node) {
    if (node instanceof Map<?, ?> m) {
      assertTrue(m.size() < 2 || m instanceof LinkedHashMap, where + ": " + m.getClass());
      if (!where.endsWith("/properties") && m.containsKey("type")) {
        assertEquals("type", m.keySet().iterator().next(), where + ": " + m);
      }
      m.forEach((k, v) -> orderedThroughout(where + "/" + k, v));
    } else if (node instanceof List<?> l) {
      l.forEach(v -> orderedThroughout(where, v));
    }
  }
}
