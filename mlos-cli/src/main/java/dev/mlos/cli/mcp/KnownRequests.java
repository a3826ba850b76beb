package dev.mlos.cli.mcp;

import dev.mlos.core.MlosException;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What this server refuses of a well-shaped request, before the SDK sees it: the reason, which
 * {@link StdinGate} answers as -32602 (invalid params) under the request's id, or null. The SDK's
 * own answers say too little to act on ("Unknown tool: invalid_tool_name"), or accept what cannot
 * work (a subscription to a URI that names no resource).
 */
final class KnownRequests implements Function<McpSchema.JSONRPCRequest, String> {
  private final List<String> tools;
  private final List<String> prompts;
  private final Function<String, String> notAResource;
  private final Function<String, String> unknownToRead;

  /**
   * How a reason begins that the gate answers -32002 (resource not found, as MCP has it), not
   * -32602.
   */
  static final String NOT_FOUND = "Resource not found: ";

  /** The paginated lists of MCP this server answers, each on one page. */
  private static final List<String> LISTS =
      List.of(
          McpSchema.METHOD_TOOLS_LIST,
          McpSchema.METHOD_PROMPT_LIST,
          McpSchema.METHOD_RESOURCES_LIST,
          McpSchema.METHOD_RESOURCES_TEMPLATES_LIST);

  /**
   * @param tools the names of the server's tools, in {@code tools/list} order
   * @param prompts the names of the server's prompts
   * @param notAResource why a URI names no resource to subscribe to, or null when it names one
   *     ({@link ViewResources#notAResource})
   * @param unknownToRead why a URI that no resource or template answers cannot be read, or null
   *     when one answers it ({@link ViewResources#unknownToRead})
   */
  KnownRequests(
      List<String> tools,
      List<String> prompts,
      Function<String, String> notAResource,
      Function<String, String> unknownToRead) {
    this(tools, prompts, notAResource, unknownToRead, uri -> false);
  }

  /**
   * As above, with {@code subscribed}: whether the session is subscribed to a URI, so an
   * unsubscribe from a page that is gone since is taken.
   */
  KnownRequests(
      List<String> tools,
      List<String> prompts,
      Function<String, String> notAResource,
      Function<String, String> unknownToRead,
      java.util.function.Predicate<String> subscribed) {
    this.tools = List.copyOf(tools);
    this.prompts = List.copyOf(prompts);
    this.notAResource = notAResource;
    this.unknownToRead = unknownToRead;
    this.subscribed = subscribed;
  }

  private final java.util.function.Predicate<String> subscribed;

  @Override
  public String apply(McpSchema.JSONRPCRequest request) {
    if (!(request.params() instanceof Map<?, ?> params)) {
      return null; // the gate's shape check answers it
    }
    if (LISTS.contains(request.method()) && params.get("cursor") != null) {
      // The SDK answers each list whole (no nextCursor) and ignored any cursor; MCP: an invalid
      // cursor is -32602. None is valid: this server never gives one.
      return request.method()
          + " answers with the whole list on one page (no nextCursor), so it takes no cursor"
          + (params.get("cursor") instanceof String cursor
              ? "; " + MlosException.quoted(cursor) + " is not one it gave"
              : "")
          + ": leave params.cursor out";
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
    if (McpSchema.METHOD_PROMPT_GET.equals(request.method())
        && params.get("name") instanceof String name
        && !prompts.contains(name)) {
      // The SDK's answer, 'Invalid prompt name', named neither the prompts nor what to pass.
      return "unknown prompt "
          + MlosException.quoted(name)
          + (prompts.isEmpty()
              ? "; this server has no prompts"
              : "; the prompts are "
                  + String.join(", ", prompts)
                  + " (names are exact: prompts/list gives them)");
    }
    if (McpSchema.METHOD_RESOURCES_SUBSCRIBE.equals(request.method())
        && params.get("uri") instanceof String uri) {
      // The SDK would note any URI and answer success; nothing would ever be sent for it.
      return notAResource.apply(uri);
    }
    if (McpSchema.METHOD_RESOURCES_UNSUBSCRIBE.equals(request.method())
        && params.get("uri") instanceof String uri
        && !subscribed.test(uri)
        && notAResource.apply(uri) != null) {
      // Answered {} as if done: a client that unsubscribed with a mistyped URI (mlos://need/3 for
      // mlos://needs/3) stayed subscribed without a word. Invalid params, as subscribe's answer.
      return MlosException.quoted(uri)
          + " names no resource of this server and is none of this session's subscriptions, so"
          + " there is nothing to unsubscribe from: unsubscribe with the URI resources/subscribe"
          + " was given";
    }
    if (McpSchema.METHOD_RESOURCES_READ.equals(request.method())
        && params.get("uri") instanceof String uri) {
      String why = unknownToRead.apply(uri);
      return why == null ? null : NOT_FOUND + why;
    }
    return null;
  }
}
