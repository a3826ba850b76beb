package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.Map;

/** Calls a tool of {@link McpTools} in process, as the SDK would for a client. */
final class ToolCalls {
  private ToolCalls() {}

  /** The text the tool answers; fails unless the answer is an error exactly when {@code error}. */
  static String call(McpTools tools, String name, Map<String, Object> args, boolean error) {
    SyncToolSpecification spec =
        tools.all().stream().filter(t -> t.tool().name().equals(name)).findFirst().orElseThrow();
    CallToolResult r = spec.callHandler().apply(null, new CallToolRequest(name, args));
    String text = ((TextContent) r.content().get(0)).text();
    assertEquals(error, Boolean.TRUE.equals(r.isError()), text);
    return text;
  }
}
