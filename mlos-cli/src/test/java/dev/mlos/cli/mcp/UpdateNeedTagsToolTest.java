package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.ArtifactPlaces;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.EntityRef;
import dev.mlos.core.engine.NeedSpec;
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
 * A trial with three agents at once lost tags: update_need's {@code tags} replaces them all, so two
 * agents that read {@code []} and wrote {@code ["one"]} and {@code ["two"]} kept one of them. Its
 * {@code add_tags} and {@code remove_tags} change the tags the engine reads in the same
 * transaction, as the command's {@code --add-tag} and {@code --remove-tag} do.
 */
class UpdateNeedTagsToolTest {
  @TempDir Path dir;

  private record Answer(boolean error, String text) {}

  private static Answer call(McpTools tools, String name, Map<String, Object> args) {
    SyncToolSpecification spec =
        tools.all().stream().filter(t -> t.tool().name().equals(name)).findFirst().orElseThrow();
    CallToolResult r = spec.callHandler().apply(null, new CallToolRequest(name, args));
    return new Answer(Boolean.TRUE.equals(r.isError()), ((TextContent) r.content().get(0)).text());
  }

  private Path workspace() throws Exception {
    Path db = dir.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    }
    return db;
  }

  private McpTools tools(Engine engine) {
    return new McpTools(engine, null, ArtifactPlaces.defaults(dir), () -> {}, null, System.err);
  }

  @Test
  void twoAgentsAddingDifferentTagsBothKeepTheirs() throws Exception {
    Path db = workspace();
    long need;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      need = person.createNeed(NeedSpec.titled("n")).id();
    }
    try (Engine one = Engine.open(db, Actor.tool("mlos-mcp"));
        Engine two = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools a = tools(one);
      McpTools b = tools(two);
      // Both read the need with no tags, then each adds its own.
      assertTrue(call(a, "get_need", Map.of("need_id", need)).text().contains("\"tags\":[]"));
      assertTrue(call(b, "get_need", Map.of("need_id", need)).text().contains("\"tags\":[]"));
      Answer first = call(a, "update_need", Map.of("need_id", need, "add_tags", List.of("one")));
      assertEquals(false, first.error(), first.text());
      Answer second = call(b, "update_need", Map.of("need_id", need, "add_tags", List.of("two")));
      assertEquals(false, second.error(), second.text());
      assertTrue(second.text().contains("\"tags\":[\"one\",\"two\"]"), second.text());
      assertEquals(List.of("one", "two"), one.getNeed(need).need().tags());
    }
  }

  @Test
  void addAndRemoveGoWithTheOtherFieldsInOneChange() throws Exception {
    Path db = workspace();
    long need;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      need = person.createNeed(NeedSpec.titled("n").withTags(List.of("old", "keep"))).id();
    }
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools = tools(engine);
      int rows = engine.history(EntityRef.need(need)).size();
      Answer changed =
          call(
              tools,
              "update_need",
              Map.of(
                  "need_id",
                  need,
                  "title",
                  "m",
                  "add_tags",
                  List.of("new", "keep"),
                  "remove_tags",
                  List.of("old", "absent")));
      assertEquals(false, changed.error(), changed.text());
      assertTrue(changed.text().contains("\"changed\":true"), changed.text());
      assertEquals("m", engine.getNeed(need).need().title());
      assertEquals(List.of("keep", "new"), engine.getNeed(need).need().tags());
      assertEquals(rows + 1, engine.history(EntityRef.need(need)).size(), "one change, one row");
      // The tags it has already: nothing written.
      Answer same =
          call(tools, "update_need", Map.of("need_id", need, "add_tags", List.of("keep")));
      assertTrue(same.text().contains("\"changed\":false"), same.text());
    }
  }

  @Test
  void aBadTagIsRefusedWithTheTagRuleAndNothingChanges() throws Exception {
    Path db = workspace();
    long need;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      need = person.createNeed(NeedSpec.titled("n").withTags(List.of("keep"))).id();
    }
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools = tools(engine);
      Answer bad =
          call(
              tools,
              "update_need",
              Map.of("need_id", need, "title", "m", "add_tags", List.of("Kernel Boot")));
      assertEquals(true, bad.error(), bad.text());
      assertTrue(
          bad.text().startsWith("refused (need.tags): need " + need + ": tag 'Kernel Boot'"),
          bad.text());
      assertTrue(bad.text().contains("Fix: ") && bad.text().contains("'kernel-boot'"), bad.text());
      Answer badRemove =
          call(tools, "update_need", Map.of("need_id", need, "remove_tags", List.of("")));
      assertTrue(badRemove.text().startsWith("refused (need.tags): "), badRemove.text());
      Answer both =
          call(
              tools,
              "update_need",
              Map.of("need_id", need, "add_tags", List.of("x"), "remove_tags", List.of("x")));
      assertTrue(both.text().startsWith("refused (input): "), both.text());
      assertTrue(both.text().contains("both added and removed"), both.text());
      // Empty lists name no tag, as an empty clear names no field.
      Answer empty = call(tools, "update_need", Map.of("need_id", need, "add_tags", List.of()));
      assertTrue(empty.text().startsWith("refused (input): nothing to change ("), empty.text());
      assertEquals("n", engine.getNeed(need).need().title());
      assertEquals(List.of("keep"), engine.getNeed(need).need().tags());
    }
  }
}
