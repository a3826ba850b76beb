package dev.mlos.cli.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What {@link StdinGate} takes of a line as soon as it is read, before the lines ahead of it are
 * handled (the handler waits at times for the replies to the requests before them): a {@code
 * notifications/cancelled}, and a {@code ping} while the server is busy. Only a well-formed message
 * the gate would pass on as it is; anything else is left to its turn, and answered as what it is.
 */
final class ReadAhead {
  static final String CANCELLED = "notifications/cancelled";

  private final McpJsonMapper mapper;
  private final Answers answers;

  ReadAhead(McpJsonMapper mapper, Answers answers) {
    this.mapper = mapper;
    this.answers = answers;
  }

  /**
   * Takes a {@code notifications/cancelled} at once: the request it cancels, still among the lines
   * ahead or waiting its turn, is not to run, and one under way is not to have its answer sent. It
   * is handled in its turn too (again, which changes nothing), so one that cancels a request read
   * after the lines ahead of it are handled still finds it.
   */
  void cancellation(byte[] bytes) {
    if (message(bytes, CANCELLED) instanceof McpSchema.JSONRPCNotification n
        && CANCELLED.equals(n.method())) {
      answers.cancelledAhead(n.params());
    }
  }

  /**
   * Answers a {@code ping} at once when the server is {@code busy} (the session is open and a
   * request is under way, or lines read are not handled yet): in its turn it would wait for the
   * replies before it, up to 90 s behind a slow tool call or one held behind another process's
   * write lock, and MCP asks that a ping be answered promptly; a client that checks the server's
   * liveness that way (and times its ping out) would take a busy server for a dead one. JSON-RPC
   * lets replies come back in any order. A ping while the server is idle, or before the session
   * opens (the gate answers it in order then), is left to its turn, as is one the gate would refuse
   * (params of the wrong shape).
   *
   * @return whether it was a ping, answered
   */
  boolean ping(byte[] bytes, boolean busy) {
    if (busy
        && message(bytes, "\"ping\"") instanceof McpSchema.JSONRPCRequest r
        && McpSchema.METHOD_PING.equals(r.method())
        && ParamsShape.fault(r) == null) {
      try {
        answers.replyNow(
            "{\"jsonrpc\":\"2.0\",\"id\":" + JSON.writeValueAsString(r.id()) + ",\"result\":{}}");
        return true;
      } catch (IOException e) {
        return false; // stdout failed: left to its turn, where the failure shows as it does there
      }
    }
    return false;
  }

  /** The line as one well-formed JSON-RPC 2.0 message, when it holds {@code mark}; else null. */
  private McpSchema.JSONRPCMessage message(byte[] bytes, String mark) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!text.contains(mark)) {
      return null;
    }
    text = (text.startsWith("\uFEFF") ? text.substring(1) : text).strip();
    try {
      if (dev.mlos.core.view.Json.isOneValue(text)
          && MessageShape.of(text) == null
          && MessageShape.duplicateKey(text) == null) {
        McpSchema.JSONRPCMessage m = McpSchema.deserializeJsonRpcMessage(mapper, text);
        String version =
            m instanceof McpSchema.JSONRPCRequest r
                ? r.jsonrpc()
                : m instanceof McpSchema.JSONRPCNotification n ? n.jsonrpc() : null;
        return "2.0".equals(version) ? m : null;
      }
    } catch (IOException | RuntimeException e) {
      // not a message: handled in its turn, and answered as what it is
    }
    return null;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
}
