package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlos.core.db.Database;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.ArtifactPlaces;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.NeedSpec;
import dev.mlos.core.engine.Task;
import dev.mlos.core.engine.TaskSpec;
import dev.mlos.core.schema.Migrator;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * get_need of a need graduated into many tasks (a user trial: 300 tasks were answered in 158,000
 * characters, some 40,000 tokens of an agent's context).
 */
class GetNeedToolTest {
  @TempDir Path dir;

  @Test
  void aNeedWithManyTasksListsFiftyLiveOnesFirstWithTheTotals() throws Exception {
    Path db = dir.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    }
    long need;
    long small;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      need = person.createNeed(NeedSpec.titled("big")).id();
      person.moveNeed(need, "active", null);
      person.moveNeed(need, "actionable", null);
      List<Task> tasks =
          person.graduate(
              need, IntStream.range(0, 60).mapToObj(i -> TaskSpec.of("task " + i)).toList());
      for (Task t : tasks.subList(0, 20)) {
        person.finishTask(t.id(), "cancelled", "not needed");
      }
      small = person.createNeed(NeedSpec.titled("small")).id();
      person.moveNeed(small, "active", null);
      person.moveNeed(small, "actionable", null);
      person.graduate(small, List.of(TaskSpec.of("only")));
    }
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools =
          new McpTools(engine, null, ArtifactPlaces.defaults(dir), () -> {}, null, System.err);
      JsonNode big = getNeed(tools, need);
      assertEquals(50, big.get("tasks").size(), big.toString());
      assertEquals(60, big.get("tasks_total").asInt());
      assertEquals(50, big.get("relationships").size());
      assertEquals(60, big.get("relationships_total").asInt());
      // The 40 live tasks first, then 10 of the cancelled ones.
      assertEquals("task 20", big.get("tasks").get(0).get("description").asText());
      assertEquals("open", big.get("tasks").get(39).get("status").asText());
      assertEquals("task 0", big.get("tasks").get(40).get("description").asText());

      // A user trial: each of the last 20 history rows held the whole row twice, a long
      // description included; an update's row now holds what it changed.
      engine.updateNeed(
          small, dev.mlos.core.engine.NeedChange.none().description("d".repeat(19_000)));
      for (int i = 0; i < 20; i++) {
        engine.updateNeed(small, dev.mlos.core.engine.NeedChange.none().title("small " + i));
      }
      JsonNode edited = getNeed(tools, small);
      JsonNode last = null;
      for (JsonNode h : edited.get("history")) {
        if (h.get("new_values").path("title").asText().equals("small 19")) {
          last = h;
        }
      }
      assertTrue(last != null, edited.toString());
      java.util.Set<String> changed = new java.util.TreeSet<>();
      last.get("new_values").fieldNames().forEachRemaining(changed::add);
      assertTrue(changed.contains("title") && !changed.contains("description"), last.toString());
      assertEquals("small 18", last.get("old_values").get("title").asText(), last.toString());
      assertTrue(edited.toString().length() < 30_000, "" + edited.toString().length());

      JsonNode few = getNeed(tools, small);
      assertEquals(1, few.get("tasks").size());
      assertFalse(few.has("tasks_total") || few.has("relationships_total"), few.toString());
    }
  }

  /** An agent walking a hierarchy of needs saw each one's parent in get_need, never its parts. */
  @Test
  void aNeedNamesItsChildren() throws Exception {
    Path db = dir.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    }
    long root;
    try (Engine person = Engine.open(db, Actor.person("omar"))) {
      root = person.createNeed(NeedSpec.titled("Evaluation harness")).id();
      person.createNeed(
          new NeedSpec("Held-out test split frozen", null, 1, "eval", List.of(), root, null));
    }
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools =
          new McpTools(engine, null, ArtifactPlaces.defaults(dir), () -> {}, null, System.err);
      JsonNode need = getNeed(tools, root);
      assertEquals(1, need.get("children_total").asInt(), need.toString());
      JsonNode child = need.get("children").get(0);
      assertEquals("Held-out test split frozen", child.get("title").asText(), need.toString());
      assertEquals(1, child.get("priority").asInt());
      assertEquals("identified", child.get("status").asText());
    }
  }

  private static JsonNode getNeed(McpTools tools, long id) throws Exception {
    CallToolResult r =
        tools.all().stream()
            .filter(t -> t.tool().name().equals("get_need"))
            .findFirst()
            .orElseThrow()
            .callHandler()
            .apply(null, new CallToolRequest("get_need", Map.of("need_id", id)));
    String text = ((TextContent) r.content().get(0)).text();
    assertFalse(Boolean.TRUE.equals(r.isError()), text);
    assertTrue(text.startsWith("{"), text);
    return new ObjectMapper().readTree(text);
  }
}
