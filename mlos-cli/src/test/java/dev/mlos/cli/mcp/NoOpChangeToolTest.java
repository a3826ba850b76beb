package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.ArtifactPlaces;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.NeedSpec;
import dev.mlos.core.engine.TaskSpec;
import dev.mlos.core.schema.Migrator;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * transition_need to the status a need has, update_need / update_task to the values held, and
 * relate of an edge that exists, were answered with the row as if changed: the answer now says
 * {@code changed: false}.
 */
class NoOpChangeToolTest {
  @TempDir Path dir;

  private static String call(McpTools tools, String name, Map<String, Object> args) {
    SyncToolSpecification spec =
        tools.all().stream().filter(t -> t.tool().name().equals(name)).findFirst().orElseThrow();
    CallToolResult r = spec.callHandler().apply(null, new CallToolRequest(name, args));
    String text = ((TextContent) r.content().get(0)).text();
    assertEquals(false, Boolean.TRUE.equals(r.isError()), text);
    return text;
  }

  @Test
  void aChangeThatFindsNothingToDoAnswersChangedFalse() throws Exception {
    Path db = dir.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    }
    long need;
    long task;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      need = person.createNeed(NeedSpec.titled("n")).id();
      person.moveNeed(need, "active", null);
      person.moveNeed(need, "actionable", null);
      task = person.graduate(need, List.of(TaskSpec.of("t"))).get(0).id();
    }
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools =
          new McpTools(engine, null, ArtifactPlaces.defaults(dir), () -> {}, null, System.err);
      int rows = engine.history(dev.mlos.core.engine.EntityRef.need(need)).size();
      String same = call(tools, "transition_need", Map.of("need_id", need, "status", "actionable"));
      assertTrue(same.contains("\"changed\":false"), same);
      assertEquals(rows, engine.history(dev.mlos.core.engine.EntityRef.need(need)).size());
      String title = call(tools, "update_need", Map.of("need_id", need, "title", "n"));
      assertTrue(title.contains("\"changed\":false"), title);
      String renamed = call(tools, "update_need", Map.of("need_id", need, "title", "m"));
      assertTrue(renamed.contains("\"changed\":true"), renamed);
      String task1 = call(tools, "update_task", Map.of("task_id", task, "description", "t"));
      assertTrue(task1.contains("\"changed\":false"), task1);
      Map<String, Object> edge =
          Map.of(
              "source_type", "need",
              "source_id", need,
              "relationship_type", "references",
              "target_type", "task",
              "target_id", task);
      String related = call(tools, "relate", edge);
      assertTrue(related.contains("\"changed\":true"), related);
      String again = call(tools, "relate", edge);
      assertTrue(again.contains("\"changed\":false"), again);
    }
  }
}
