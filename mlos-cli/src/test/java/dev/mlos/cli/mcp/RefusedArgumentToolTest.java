package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.NeedSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A core refusal about one argument names it, in every write tool, as move_artifact did: the same
 * path refused by the same rule was {@code argument 'file_path': ...} from move_artifact and the
 * path alone from register_artifact, so an agent could not tell which argument to change.
 */
class RefusedArgumentToolTest {
  @TempDir Path dir;

  @Test
  void aRefusalAboutOneArgumentNamesItInEveryTool() throws Exception {
    Path db = ToolCalls.migrated(dir);
    Files.writeString(dir.resolve("a.md"), "# A\n");
    Files.createDirectories(dir.resolve("sub"));
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools = ToolCalls.tools(engine, null, dir);

      String outside =
          ToolCalls.call(tools, "register_artifact", Map.of("file_path", "../x.md"), true);
      assertTrue(
          outside.startsWith(
              "refused (artifact.path): argument 'file_path': Invalid workspace path '../x.md'"),
          outside);
      assertTrue(outside.contains(". Fix: "), outside);
      String directory =
          ToolCalls.call(tools, "register_artifact", Map.of("file_path", "sub"), true);
      assertTrue(
          directory.startsWith("refused (artifact.file): argument 'file_path': 'sub'"), directory);

      String art = ToolCalls.call(tools, "register_artifact", Map.of("file_path", "a.md"), false);
      assertTrue(art.contains("\"id\":1"), art);
      String moved =
          ToolCalls.call(
              tools, "move_artifact", Map.of("artifact_id", 1, "file_path", "../x.md"), true);
      // Named once, as before, now by the same table.
      assertTrue(
          moved.startsWith(
              "refused (artifact.path): argument 'file_path': Invalid workspace path '../x.md'"),
          moved);

      String tag =
          ToolCalls.call(
              tools, "create_need", Map.of("title", "t", "tags", List.of("Not A Tag")), true);
      assertTrue(tag.startsWith("refused (need.tags): argument 'tags': "), tag);

      long parent = engine.createNeed(NeedSpec.titled("parent")).id();
      long child = engine.createNeed(NeedSpec.titled("child").withParent(parent)).id();
      String cycle =
          ToolCalls.call(
              tools, "update_need", Map.of("need_id", parent, "parent_need_id", child), true);
      assertTrue(cycle.startsWith("refused (need.parent): argument 'parent_need_id': "), cycle);

      // A rule about several arguments of the tool is worded as the core words it.
      String removed =
          ToolCalls.call(
              tools, "update_need", Map.of("need_id", child, "add_tags", List.of("Bad Tag")), true);
      assertTrue(removed.startsWith("refused (need.tags): "), removed);
      assertEquals(-1, removed.indexOf("argument '"), removed);
    }
  }
}
