package dev.mlos.cli.mcp;

import dev.mlos.core.MlosException;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/**
 * What is wrong with the params of a well-shaped request for its method, read before the SDK does:
 * it answered params it could not read -32603 in the words of its Java classes, and took some it
 * should refuse (an unknown log level as "info"). The gate answers the reason -32602 (invalid
 * params) under the request's id.
 */
final class ParamsShape {
  private ParamsShape() {}

  /** Methods whose params must be an object, with the members that must be text. */
  private static final Map<String, List<String>> TEXT =
      Map.of(
          "initialize", List.of("protocolVersion"),
          "tools/call", List.of("name"),
          "resources/read", List.of("uri"),
          "resources/subscribe", List.of("uri"),
          "resources/unsubscribe", List.of("uri"),
          "prompts/get", List.of("name"),
          "logging/setLevel", List.of("level"));

  /** The request type of MCP the SDK reads each method's params as. */
  private static final Map<String, Class<?>> TYPES =
      Map.of(
          "initialize", McpSchema.InitializeRequest.class,
          "tools/call", McpSchema.CallToolRequest.class,
          "resources/read", McpSchema.ReadResourceRequest.class,
          "resources/subscribe", McpSchema.SubscribeRequest.class,
          "resources/unsubscribe", McpSchema.UnsubscribeRequest.class,
          "prompts/get", McpSchema.GetPromptRequest.class,
          "logging/setLevel", McpSchema.SetLevelRequest.class);

  /** The levels of {@code logging/setLevel}, as the MCP specification names RFC 5424's. */
  static final List<String> LOG_LEVELS =
      List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

  /** The members of MCP's Implementation (clientInfo) that are text: required, then optional. */
  private static final List<String> CLIENT_TEXT = List.of("name", "version");

  private static final List<String> CLIENT_OPTIONAL_TEXT =
      List.of("title", "description", "websiteUrl");

  private static final String CLIENT_INFO_FIX =
      ": send clientInfo as {\"name\": \"your-client\", \"version\": \"1.0.0\"} (MCP's"
          + " Implementation: name and version are strings; title, description and websiteUrl are"
          + " optional strings)";

  /**
   * What is wrong with initialize's {@code capabilities}, or null: MCP's InitializeRequest requires
   * them, and the SDK took a missing (or null) member as a client that offers nothing, without a
   * word. Capabilities of another type are the type check's.
   */
  private static String capabilities(Map<?, ?> params) {
    if (params.get("capabilities") != null) {
      return null;
    }
    return "initialize needs params.capabilities, the client's capabilities (an object)"
        + (params.containsKey("capabilities") ? ", not null" : "")
        + ": send \"capabilities\": {} when the client offers none (MCP's InitializeRequest"
        + " requires it; the official clients always send it)";
  }

  /**
   * What is wrong with initialize's {@code clientInfo}, or null: the SDK's mapper took a name or a
   * version of another type as its text ({@code 5} as "5") and a missing one as "", where MCP's
   * Implementation has both, as strings. One that is no object is the type check's.
   */
  private static String clientInfo(Object clientInfo) {
    if (clientInfo == null) {
      return "initialize needs params.clientInfo, the client's name and version" + CLIENT_INFO_FIX;
    }
    if (!(clientInfo instanceof Map<?, ?> info)) {
      return null;
    }
    for (String member : CLIENT_TEXT) {
      Object value = info.get(member);
      if (!(value instanceof String)) {
        return "initialize needs params.clientInfo."
            + member
            + ", a string"
            + (info.containsKey(member) ? ", not " + kind(value) : "")
            + CLIENT_INFO_FIX;
      }
    }
    for (String member : CLIENT_OPTIONAL_TEXT) {
      Object value = info.get(member);
      if (value != null && !(value instanceof String)) {
        return "initialize's params.clientInfo."
            + member
            + " is "
            + kind(value)
            + ", where MCP has a string: send text, or leave it out";
      }
    }
    return null;
  }

  /** What kind of JSON value {@code v} (as the SDK's mapper reads it) is, in words. */
  private static String kind(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Number) {
      return "a number";
    }
    if (v instanceof Boolean b) {
      return b.toString();
    }
    return v instanceof List ? "a list" : v instanceof Map ? "an object" : "a string";
  }

  /** What is wrong with a request's params, or null when they have the shape its method needs. */
  static String fault(McpSchema.JSONRPCRequest request) {
    List<String> text = TEXT.get(request.method());
    if (text == null) {
      return null;
    }
    if (!(request.params() instanceof Map<?, ?> params)) {
      return request.method() + " needs params, an object";
    }
    for (String member : text) {
      if (!(params.get(member) instanceof String)) {
        return request.method() + " needs params." + member + ", a string";
      }
    }
    if (request.method().equals("initialize") && capabilities(params) != null) {
      return capabilities(params);
    }
    if (request.method().equals("initialize") && clientInfo(params.get("clientInfo")) != null) {
      return clientInfo(params.get("clientInfo"));
    }
    if (request.method().equals("logging/setLevel")
        && !LOG_LEVELS.contains((String) params.get("level"))) {
      // The SDK would take an unknown level as a missing one, set "info" and answer success.
      return "logging/setLevel's level "
          + MlosException.quoted((String) params.get("level"))
          + " is not a level; the levels are "
          + String.join(", ", LOG_LEVELS);
    }
    Object arguments = params.get("arguments");
    if (request.method().equals("tools/call") && arguments != null && !(arguments instanceof Map)) {
      return "tools/call's params.arguments must be an object (the tool's arguments by name)";
    }
    Class<?> type = TYPES.get(request.method());
    String unread = MessageShape.unreadable(params, type);
    if (unread != null) {
      // The SDK answered -32603 in the words of its Java classes ("Cannot construct instance of
      // `io.modelcontextprotocol.spec.McpSchema$Implementation`"); the params are the client's.
      return request.method()
          + "'s params."
          + unread
          + " has the wrong type for MCP's "
          + type.getSimpleName()
          + (request.method().equals("initialize")
              ? " (capabilities and clientInfo are objects, clientInfo with a name and a version)"
              : " (_meta and arguments are objects)");
    }
    return null;
  }
}
