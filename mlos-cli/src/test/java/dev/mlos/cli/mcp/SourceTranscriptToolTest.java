package dev.mlos.cli.mcp;

import static dev.mlos.cli.mcp.ToolCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.ArtifactPlaces;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.NeedSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * update_need and create_need with source_transcript "" stored an empty transcript, as the
 * command's --source-transcript '' did: refused alike, naming clear as the way to remove one.
 */
class SourceTranscriptToolTest {
  @TempDir Path dir;

  @Test
  void anEmptySourceTranscriptIsRefusedAndClearRemovesIt() throws Exception {
    Path db = ToolCalls.migrated(dir);
    long need;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      need = person.createNeed(NeedSpec.titled("n")).id();
    }
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools =
          new McpTools(engine, null, ArtifactPlaces.defaults(dir), () -> {}, null, System.err);
      call(tools, "update_need", Map.of("need_id", need, "source_transcript", "t/a.md"), false);

      String refused =
          call(tools, "update_need", Map.of("need_id", need, "source_transcript", ""), true);
      assertEquals(
          "refused (input): need "
              + need
              + ": source_transcript is empty. Fix: name the transcript (a path or URL), or clear"
              + " source_transcript to remove the one recorded",
          refused);
      String created =
          call(tools, "create_need", Map.of("title", "m", "source_transcript", " "), true);
      assertTrue(
          created.startsWith("refused (input): source_transcript is empty. Fix: name")
              && created.endsWith("or leave it out"),
          created);
      assertEquals("t/a.md", engine.getNeed(need).need().sourceTranscript(), "left as it was");

      call(
          tools,
          "update_need",
          Map.of("need_id", need, "clear", List.of("source_transcript")),
          false);
      assertEquals(null, engine.getNeed(need).need().sourceTranscript());
    }
  }
}
