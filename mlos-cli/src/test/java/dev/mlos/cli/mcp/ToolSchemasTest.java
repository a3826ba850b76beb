package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.core.db.Database;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.ArtifactPlaces;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.schema.Migrator;
import java.nio.file.Path;
import java.sql.Connection;
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
}
