package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * transition_need of a deferred need to active (the MCP way to resume it) answered {@code
 * "status":"active"}, and the need stayed there while its tasks went on. Since schema V16 it lands
 * where its tasks put it, and the answer says where and why in {@code moved_on}.
 */
class TransitionNeedMovedOnToolTest {
  @TempDir Path dir;

  private static String call(McpTools tools, Map<String, Object> args) {
    SyncToolSpecification spec =
        tools.all().stream()
            .filter(t -> t.tool().name().equals("transition_need"))
            .findFirst()
            .orElseThrow();
    CallToolResult r = spec.callHandler().apply(null, new CallToolRequest("transition_need", args));
    String text = ((TextContent) r.content().get(0)).text();
    assertEquals(false, Boolean.TRUE.equals(r.isError()), text);
    return text;
  }

  @Test
  void aResumedNeedWithAStartedTaskIsInProgressAndTheAnswerSaysWhy() throws Exception {
    Path db = dir.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    }
    long need;
    long other;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      need = person.createNeed(NeedSpec.titled("n")).id();
      person.moveNeed(need, "active", null);
      person.moveNeed(need, "actionable", null);
      long task = person.graduate(need, List.of(TaskSpec.of("t"), TaskSpec.of("u"))).get(0).id();
      long agent = person.registerAgent(dev.mlos.core.engine.AgentSpec.of("builder")).id();
      person.as(Actor.agent(agent)).startTask(task);
      person.deferNeed(need, null);
      other = person.createNeed(NeedSpec.titled("m")).id();
      person.moveNeed(other, "active", null);
      person.deferNeed(other, null);
    }
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools =
          new McpTools(engine, null, ArtifactPlaces.defaults(dir), () -> {}, null, System.err);
      String resumed = call(tools, Map.of("need_id", need, "status", "active"));
      assertTrue(resumed.contains("\"status\":\"in_progress\""), resumed);
      assertTrue(
          resumed.contains(
              "\"moved_on\":\"moved on to in_progress: one of its tasks has started (or failed)"
                  + " and work on it is still open; its last task completed resolves it\""),
          resumed);
      String plain = call(tools, Map.of("need_id", other, "status", "active"));
      assertTrue(plain.contains("\"status\":\"active\""), plain);
      assertFalse(plain.contains("moved_on"), "no tasks: it stays where it was put: " + plain);
    }
  }
}
