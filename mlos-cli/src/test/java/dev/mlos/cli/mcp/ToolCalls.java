package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.core.db.Database;
import dev.mlos.core.engine.ArtifactPlaces;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.NeedSpec;
import dev.mlos.core.schema.Migrator;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Calls a tool of {@link McpTools} in process, as the SDK would for a client, on a database made
 * here.
 */
final class ToolCalls {
  private ToolCalls() {}

  /** A new database with the mlos schema, {@code mlos.db} in {@code dir}. */
  static Path migrated(Path dir) throws SQLException {
    Path db = dir.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    }
    return db;
  }

  /** A need moved to actionable by {@code person}, ready to graduate; its id. */
  static long actionableNeed(Engine person) {
    long need = person.createNeed(NeedSpec.titled("n")).id();
    person.moveNeed(need, "active", null);
    person.moveNeed(need, "actionable", null);
    return need;
  }

  /** The tools of a server acting as {@code agent} (null: none), without recompiles. */
  static McpTools tools(Engine engine, Long agent, Path dir) {
    return new McpTools(engine, agent, ArtifactPlaces.defaults(dir), () -> {}, null, System.err);
  }

  /** The text the tool answers; fails unless the answer is an error exactly when {@code error}. */
  static String call(McpTools tools, String name, Map<String, Object> args, boolean error) {
    SyncToolSpecification spec =
        tools.all().stream().filter(t -> t.tool().name().equals(name)).findFirst().orElseThrow();
    CallToolResult r = spec.callHandler().apply(null, new CallToolRequest(name, args));
    String text = ((TextContent) r.content().get(0)).text();
    assertEquals(error, Boolean.TRUE.equals(r.isError()), text);
    return text;
  }
}
