package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.Engine;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tool whose work runs the thread's stack out (a graph_upsert of a record nested a thousand
 * levels deep did) threw the StackOverflowError past the tool's handler: the SDK never answered
 * that call, and the server, which answers requests in the order they came, answered none after it
 * until the client gave up. The handler answers it as it answers any fault of mlos's own: an error
 * result, the engine's transaction rolled back, the session going on.
 */
class ToolFaultTest {
  @TempDir Path dir;

  @Test
  void aStackOverflowInAToolIsAnsweredAsAnErrorNotLeftUnanswered() throws Exception {
    Path db = ToolCalls.migrated(dir);
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools = ToolCalls.tools(engine, null, dir);
      SyncToolSpecification deep =
          tools.write(
              "deep",
              "recurses without end",
              Map.of("type", "object"),
              call -> {
                throw new StackOverflowError();
              });

      CallToolResult r = deep.callHandler().apply(null, new CallToolRequest("deep", Map.of()));

      assertTrue(Boolean.TRUE.equals(r.isError()));
      String text = ((TextContent) r.content().get(0)).text();
      assertTrue(text.startsWith("error: mlos failed (StackOverflowError)"), text);
    }
  }
}
