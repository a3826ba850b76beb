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
  void aNeedsSourceTranscriptIsAsLongAsTheEngineTakesIt() throws Exception {
    // The schemas of create_need and update_need took 500 characters, the engine and `mlos need
    // create --source-transcript` 100,000: a need a person made with a longer one (a signed URL, a
    // transcript's text) could not get one so long from an agent, whose schema refused it first.
    Path db = ToolCalls.migrated(dir);
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      String longest = "t".repeat(100_000);
      engine.createNeed(
          new dev.mlos.core.engine.NeedSpec("n", null, null, null, List.of(), null, longest));
      McpTools tools = ToolCalls.tools(engine, null, dir);
      for (String name : List.of("create_need", "update_need")) {
        Map<?, ?> properties =
            (Map<?, ?>)
                tools.all().stream()
                    .filter(t -> t.tool().name().equals(name))
                    .findFirst()
                    .orElseThrow()
                    .tool()
                    .inputSchema()
                    .get("properties");
        Map<?, ?> transcript = (Map<?, ?>) properties.get("source_transcript");
        // No maxLength: the engine's own limit holds, refused with its fix (below).
        assertEquals(Map.of("type", "string", "minLength", 1), transcript, name);
      }
      // The engine's refusal of a longer text names the field, the limit and where it goes.
      String tooLong =
          ToolCalls.call(
              tools, "create_need", Map.of("title", "n", "source_transcript", longest + "t"), true);
      assertTrue(
          tooLong.contains("source_transcript is longer than 100000 characters (it has 100001)")
              && tooLong.contains(
                  "Fix: shorten the source_transcript to at most 100000 characters; a longer text"
                      + " goes in a file of the workspace, registered as an artifact"),
          tooLong);
    }
  }

  @Test
  void anIdBelowOneIsRefusedByTheToolWithWhereIdsAreFound() throws Exception {
    // The schema said "minimum": 1 for each of 22 ids (some 62 of the list's 2,000 tokens), and
    // its validator answered 0 with "/need_id: must have a minimum value of 1" and no fix. The
    // schema now lets it through to the tool, which refuses it with the fix.
    Path db = ToolCalls.migrated(dir);
    try (Engine engine = Engine.open(db, Actor.person("alice"))) {
      McpTools tools = ToolCalls.tools(engine, null, dir);
      for (var t : tools.all()) {
        Map<?, ?> properties = (Map<?, ?>) t.tool().inputSchema().get("properties");
        properties.forEach(
            (name, schema) -> {
              // request_id is the client's key of a write (a string), not a row's id.
              if (((String) name).endsWith("_id") && !name.equals("request_id")) {
                assertEquals(Map.of("type", "integer"), schema, t.tool().name() + " " + name);
              }
            });
      }
      Map<String, Object> schema =
          tools.all().stream()
              .filter(t -> t.tool().name().equals("get_need"))
              .findFirst()
              .orElseThrow()
              .tool()
              .inputSchema();
      Map<String, Object> zero = Map.of("need_id", 0);
      assertTrue(
          io.modelcontextprotocol.json.McpJsonDefaults.getSchemaValidator()
              .validate(schema, zero)
              .valid());
      assertEquals(
          "refused (input): argument 'need_id' must be an integer id of 1 or more (at most"
              + " 9223372036854775807). Fix: pass need_id as a whole number, the id a row is shown"
              + " with (need 5: 5); find the need's id with search or ready_work",
          ToolCalls.call(tools, "get_need", zero, true));
    }
  }

  @Test
  void graduateNeedTakesAsManyTasksAsTheEngine() throws Exception {
    // The schema took at most 50 tasks, the engine (and `mlos need graduate`) 100: an agent
    // cutting a need into 60 tasks was refused by the schema, with a limit the engine's fix for
    // more than 100 (graduate 100, add the rest with more: true) did not know.
    Path db = ToolCalls.migrated(dir);
    try (Engine engine = Engine.open(db, Actor.person("alice"))) {
      long need = ToolCalls.actionableNeed(engine);
      McpTools tools = ToolCalls.tools(engine, null, dir);
      Map<String, Object> schema =
          tools.all().stream()
              .filter(t -> t.tool().name().equals("graduate_need"))
              .findFirst()
              .orElseThrow()
              .tool()
              .inputSchema();
      Map<?, ?> tasks = (Map<?, ?>) ((Map<?, ?>) schema.get("properties")).get("tasks");
      assertEquals(Engine.MAX_TASKS_PER_GRADUATION, tasks.get("maxItems"));
      List<Map<String, Object>> hundred = new java.util.ArrayList<>();
      for (int i = 1; i <= 100; i++) {
        hundred.add(Map.of("description", "step " + i));
      }
      Map<String, Object> args = Map.of("need_id", need, "tasks", hundred);
      // As the SDK checks the arguments before the tool runs.
      assertTrue(
          io.modelcontextprotocol.json.McpJsonDefaults.getSchemaValidator()
              .validate(schema, args)
              .valid());
      ToolCalls.call(tools, "graduate_need", args, false);
      try (Connection c = Database.at(db).open(false);
          java.sql.ResultSet rs =
              c.createStatement()
                  .executeQuery("SELECT count(*) FROM tasks WHERE need_id = " + need)) {
        assertEquals(100, rs.getInt(1));
      }
    }
  }

  @Test
  void readyWorksDetailSaysWhatItAddsAndAddsIt() throws Exception {
    // docs/mcp.md documented detail, but tools/list gave it as {"type":"boolean"} alone: an agent
    // reading only the schema could not tell a detail of what, nor whether to ask for it.
    Path db = ToolCalls.migrated(dir);
    try (Engine engine = Engine.open(db, Actor.person("alice"))) {
      ToolCalls.actionableNeed(engine);
      McpTools tools = ToolCalls.tools(engine, null, dir);
      Map<?, ?> properties =
          (Map<?, ?>)
              tools.all().stream()
                  .filter(t -> t.tool().name().equals("ready_work"))
                  .findFirst()
                  .orElseThrow()
                  .tool()
                  .inputSchema()
                  .get("properties");
      Map<?, ?> detail = (Map<?, ?>) properties.get("detail");
      assertEquals("boolean", detail.get("type"));
      assertEquals("adds need_id, score", detail.get("description"));
      // What it says is what it does: the compact item has neither, the detailed one both.
      String compact = ToolCalls.call(tools, "ready_work", Map.of(), false);
      String detailed = ToolCalls.call(tools, "ready_work", Map.of("detail", true), false);
      assertTrue(!compact.contains("\"need_id\"") && !compact.contains("\"score\""), compact);
      assertTrue(detailed.contains("\"need_id\":1") && detailed.contains("\"score\":"), detailed);
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
