package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial's agent registered a file without a title, then passed the title it wanted to
 * register_artifact: the answer was {@code "outcome":"unchanged"} with the old title, and nothing
 * said the title was not recorded (an unchanged file keeps its title) nor that no tool changes it.
 */
class RegisterArtifactToolTest {
  @TempDir Path dir;

  @Test
  void aTitleAnUnchangedFileKeepsIsNamedAsNotRecordedWithTheWayToChangeIt() throws Exception {
    Path db = ToolCalls.migrated(dir);
    Files.writeString(dir.resolve("pins.md"), "# Pins\n");
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools = ToolCalls.tools(engine, null, dir);
      String first =
          ToolCalls.call(tools, "register_artifact", Map.of("file_path", "pins.md"), false);
      assertFalse(first.contains("not_recorded"), first);

      String again =
          ToolCalls.call(
              tools,
              "register_artifact",
              Map.of("file_path", "pins.md", "title", "Toolchain pins"),
              false);

      assertTrue(again.contains("\"title\":\"pins.md\""), again);
      assertTrue(again.contains("\"outcome\":\"unchanged\""), again);
      assertTrue(again.contains("\"not_recorded\":[\"title\"]"), again);
      assertTrue(
          again.contains(
              "\"note\":\"the file is unchanged, and registering it again keeps its recorded title;"
                  + " no tool changes it: a person does, with `mlos artifact update 1 --title"
                  + " <title>`\""),
          again);

      // A changed file takes the title passed, as before.
      Files.writeString(dir.resolve("pins.md"), "# Pins\n\nmore\n");
      String changed =
          ToolCalls.call(
              tools,
              "register_artifact",
              Map.of("file_path", "pins.md", "title", "Toolchain pins"),
              false);
      assertTrue(changed.contains("\"title\":\"Toolchain pins\""), changed);
      assertFalse(changed.contains("not_recorded"), changed);
    }
  }
}
