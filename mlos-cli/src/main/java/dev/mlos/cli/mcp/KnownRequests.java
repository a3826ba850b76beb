package dev.mlos.cli.mcp;

import dev.mlos.core.MlosException;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What this server refuses of a well-shaped request, before the SDK sees it: the reason, which
 * {@link StdinGate} answers as -32602 (invalid params) under the request's id, or null. The SDK's
 * own answers say too little to act on ("Unknown tool: invalid_tool_name").
 */
final class KnownRequests implements Function<McpSchema.JSONRPCRequest, String> {
  private final List<String> tools;

  /**
   * @param tools the names of the server's tools, in {@code tools/list} order
   */
  KnownRequests(List<String> tools) {
    this.tools = List.copyOf(tools);
  }

  @Override
  public String apply(McpSchema.JSONRPCRequest request) {
    if (!(request.params() instanceof Map<?, ?> params)) {
      return null; // the gate's shape check answers it
    }
    if (McpSchema.METHOD_TOOLS_CALL.equals(request.method())
        && params.get("name") instanceof String name
        && !tools.contains(name)) {
      // MCP: "Unknown tools" are a protocol error, -32602.
      return "unknown tool "
          + MlosException.quoted(name)
          + (tools.isEmpty()
              ? "; this server has no tools (the workspace's pack has none)"
              : "; the tools are " + String.join(", ", tools));
    }
    return null;
  }
}
