package dev.mlos.cli.mcp;

import static dev.mlos.cli.mcp.ToolCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.Engine;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ready_work showed a need created without a priority as {@code "priority":3} and {@code "P3 ..."}
 * (the rank it is given), while get_need answered {@code "priority":null}: an agent was told of a
 * priority nobody set. It ranks as 3 still, and claims none.
 */
class UnsetPriorityToolTest {
  @TempDir Path dir;

  @Test
  void readyWorkShowsNoPriorityWhereNoneWasGiven() throws Exception {
    Path db = ToolCalls.migrated(dir);
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      long need = ToolCalls.actionableNeed(person);
      JsonNode item =
          new ObjectMapper()
              .readTree(call(ToolCalls.tools(person, null, dir), "ready_work", Map.of(), false))
              .get("items")
              .get(0);
      assertEquals(need, item.get("id").asLong(), item.toString());
      assertTrue(
          item.get("priority") == null || item.get("priority").isNull(), "no priority: " + item);
      assertTrue(item.get("reason").asText().startsWith("P- actionable need"), item.toString());
    }
  }
}
