package dev.mlos.cli.mcp;

import static dev.mlos.cli.mcp.ToolCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlos.cli.OldTextRows;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.AgentSpec;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.EntityRef;
import dev.mlos.core.engine.NeedSpec;
import dev.mlos.core.engine.TaskSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP answers of needs, tasks and artifacts whose title or description is a zero-width space
 * alone, or a soft hyphen and a word joiner (rows from before schema mlos V19, or written with its
 * triggers off): each tool answered the stored text, which an agent reads as no title; they answer
 * the words the compiled pages show ({@code need 1}, {@code no description}, the file's path).
 */
class InvisibleTitleToolTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void everyToolAnswersAnInvisibleTitleByItsFallback() throws Exception {
    Path db = ToolCalls.migrated(dir);
    long agent;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      long one = ToolCalls.actionableNeed(person);
      person.graduate(one, List.of(TaskSpec.of("first step"), TaskSpec.of("second step")));
      long two =
          person
              .createNeed(new NeedSpec("two", "findme in the text", 3, null, List.of(), null, null))
              .id();
      person.moveNeed(two, "active", null);
      person.moveNeed(two, "actionable", null);
      long three = ToolCalls.actionableNeed(person);
      long four = person.createNeed(NeedSpec.titled("four")).id();
      person.relate(new EntityRef("need", four), new EntityRef("need", three), "blocks", null);
      agent = person.registerAgent(AgentSpec.of("builder")).id();
    }
    Files.writeString(dir.resolve("pins.md"), "# Pins\n");
    OldTextRows.write(
        db,
        "UPDATE needs SET title = char(8203)",
        "UPDATE tasks SET description = char(173, 8288)");
    try (Engine engine = Engine.open(db, Actor.agent(agent))) {
      McpTools tools = ToolCalls.tools(engine, agent, dir);
      call(tools, "register_artifact", Map.of("file_path", "pins.md", "title", "Pins"), false);
      OldTextRows.write(db, "UPDATE artifacts SET title = char(8203)");

      JsonNode ready = read(call(tools, "ready_work", Map.of(), false));
      assertEquals("no description", ready.at("/items/0/title").asText(), ready.toString());
      assertEquals("need 2", ready.at("/items/2/title").asText(), ready.toString());
      assertEquals("need 3", ready.at("/blocked/0/title").asText(), ready.toString());
      assertEquals("need 4", ready.at("/blocked/0/blocked_by/0/title").asText(), ready.toString());
      JsonNode detailed = read(call(tools, "ready_work", Map.of("detail", true), false));
      assertEquals("no description", detailed.at("/items/0/title").asText(), detailed.toString());

      JsonNode claimed = read(call(tools, "claim_task", Map.of("task_id", 1), false));
      assertEquals("no description", claimed.get("title").asText(), claimed.toString());
      JsonNode held = read(call(tools, "ready_work", Map.of(), false));
      assertEquals("no description", held.at("/held/0/title").asText(), held.toString());

      JsonNode need = read(call(tools, "get_need", Map.of("need_id", 1), false));
      assertEquals("need 1", need.get("title").asText(), need.toString());
      assertEquals("no description", need.at("/tasks/0/description").asText(), need.toString());

      JsonNode hits = read(call(tools, "search", Map.of("query", "findme"), false));
      assertEquals("need 2", hits.at("/hits/0/title").asText(), hits.toString());

      JsonNode again =
          read(call(tools, "register_artifact", Map.of("file_path", "pins.md"), false));
      assertEquals("pins.md", again.get("title").asText(), again.toString());

      // History keeps what was written, as it was written (old_values, new_values): not a title.
      ((com.fasterxml.jackson.databind.node.ObjectNode) need).remove("history");
      for (JsonNode answer : List.of(ready, detailed, claimed, held, need, hits, again)) {
        assertFalse(answer.toString().contains("\u200B"), answer.toString());
      }
    }
  }

  private static JsonNode read(String text) throws Exception {
    return JSON.readTree(text);
  }
}
