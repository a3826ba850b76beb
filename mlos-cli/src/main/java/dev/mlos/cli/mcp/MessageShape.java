package dev.mlos.cli.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;

/**
 * Whether one JSON value has the shape of a JSON-RPC 2.0 message, read before the SDK's mapper
 * does: the mapper coerces what JSON-RPC refuses ({@code "method": 5} became the method "5",
 * answered -32601 method not found; {@code "jsonrpc": 2.0}, a number, was taken as "2.0"), and
 * throws on the rest without the id. JSON-RPC 2.0 answers such a message -32600 (invalid request),
 * under its id when the id can be read, else with id null. Also finds a key written twice in one
 * object, which the mapper would read as the last.
 */
final class MessageShape {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MessageShape() {}

  /**
   * What is wrong with a message's shape.
   *
   * @param id the message's id when it can be read (a string, or an integer within 64 bits), else
   *     null
   * @param code the JSON-RPC error it is answered with: -32600 (invalid request), or -32602
   *     (invalid params) when only its params are wrong
   * @param words what is wrong, and what the server takes instead
   * @param method the message's method when it is a string, else null (a refused {@code initialize}
   *     opens no session)
   */
  record Fault(Object id, int code, String words, String method) {
    Fault(Object id, String words) {
      this(id, -32600, words, null);
    }

    Fault(Object id, int code, String words) {
      this(id, code, words, null);
    }

    /** The error's message: its JSON-RPC name, then the words. */
    String message() {
      return (code == -32602 ? "Invalid params: " : "Invalid Request: ") + words;
    }
  }

  /**
   * The fault of {@code text} (one JSON value, keys once each), or null when it has a message's
   * shape: an object with {@code "jsonrpc": "2.0"}, an id that is a string or an integer within 64
   * bits (or none), a method that is a string, params (when there are) that are an object or a
   * list, not null, and either a method (a request or a notification) or a result or an error (a
   * response), one of them only.
   */
  static Fault of(String text) {
    JsonNode m;
    try {
      m = JSON.readTree(text);
    } catch (IOException e) {
      return null; // not readable here: the checks before say so
    }
    Fault f = fault(m);
    JsonNode method = m == null ? null : m.get("method");
    return f == null || method == null || !method.isTextual()
        ? f
        : new Fault(f.id(), f.code(), f.words(), method.textValue());
  }

  private static Fault fault(JsonNode m) {
    if (m == null || !m.isObject()) {
      return new Fault(
          null,
          m != null && m.isArray()
              ? "an empty batch (a list of messages holds at least one)"
              : "a message is one object, not " + kind(m));
    }
    JsonNode idNode = m.get("id");
    Object id = id(idNode);
    JsonNode version = m.get("jsonrpc");
    if (version == null || !version.isTextual() || !version.textValue().equals("2.0")) {
      return new Fault(
          id,
          "jsonrpc must be the string \"2.0\""
              + (version == null
                  ? "; the message has none"
                  : version.isTextual()
                      ? ", not " + dev.mlos.core.MlosException.quoted(clip(version.textValue()))
                      : ", not " + kind(version)));
    }
    if (idNode != null && id == null) {
      return new Fault(
          null, "an id must be a string or an integer within 64 bits, not " + kind(idNode));
    }
    JsonNode method = m.get("method");
    if (method != null && !method.isTextual()) {
      return new Fault(id, "method must be a string, not " + kind(method));
    }
    String response = m.has("result") ? "result" : m.has("error") ? "error" : null;
    if (method != null && response != null) {
      // The SDK's mapper took it as a request and ran it; JSON-RPC has no such message.
      return new Fault(
          id,
          "the message has both a method (a request or a notification) and "
              + (response.equals("result") ? "a result" : "an error")
              + " (a response), which JSON-RPC does not allow: leave "
              + response
              + " out of a request");
    }
    if (m.has("result") && m.has("error")) {
      return new Fault(
          id, "the message has both a result and an error: a response has one or the other");
    }
    JsonNode params = m.get("params");
    if (params != null && params.isNull()) {
      // JSON-RPC 2.0: params, when present, is an object or an array; the SDK took null as none.
      return new Fault(
          id,
          -32602,
          "params is null, which JSON-RPC 2.0 does not allow (params, when present, is an object"
              + " or a list): leave params out, or send an object ({} for none)");
    }
    if (params != null && !params.isObject() && !params.isArray()) {
      return new Fault(id, "params must be an object, not " + kind(params));
    }
    if (method == null && !m.has("result") && !m.has("error")) {
      return new Fault(
          id,
          "the message has no method (a request or a notification) and no result or error (a"
              + " response)");
    }
    return null;
  }

  /**
   * Where {@code params} do not read as {@code type} with the SDK's mapper ({@code
   * capabilities.roots}), or null when they do.
   */
  static String unreadable(Object params, Class<?> type) {
    try {
      io.modelcontextprotocol.json.McpJsonDefaults.getMapper().convertValue(params, type);
      return null;
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof com.fasterxml.jackson.databind.JsonMappingException m
            && !m.getPath().isEmpty()) {
          StringBuilder b = new StringBuilder();
          for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
              b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else {
              b.append('[').append(r.getIndex()).append(']');
            }
          }
          return b.toString();
        }
      }
      return "?";
    }
  }

  /** The id JSON-RPC lets a response carry back: a string, or an integer within 64 bits. */
  private static Object id(JsonNode id) {
    if (id == null) {
      return null;
    }
    if (id.isTextual()) {
      return id.textValue();
    }
    if (id.isIntegralNumber() && id.canConvertToLong()) {
      return id.longValue();
    }
    return null;
  }

  /** What kind of JSON value {@code v} is, in words (never its text: it may be long). */
  private static String kind(JsonNode v) {
    if (v == null || v.isNull()) {
      return "null";
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? "a number" : "an integer beyond 64 bits";
    }
    if (v.isNumber()) {
      return "a number with a fraction or an exponent";
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? "true" : "false";
    }
    if (v.isTextual()) {
      return "a string";
    }
    return v.isArray() ? "a list" : "an object";
  }

  private static String clip(String s) {
    return s.length() <= 20 ? s : s.substring(0, 20) + "...";
  }

  /**
   * A key that appears twice in one object of a message.
   *
   * @param key the key
   * @param where the object: {@code params.arguments.tags[0]}, or "the message" for the top level
   * @param idTwice whether the message's own {@code id} appears twice (then its id is unknown)
   */
  record Duplicate(String key, String where, boolean idTwice) {
    /** {@code key 'k' appears twice in params.arguments}. */
    String words() {
      return "key " + dev.mlos.core.MlosException.quoted(key) + " appears twice in " + where;
    }
  }

  /**
   * The first key that appears twice in one object of {@code text} (one JSON value), or null when
   * none does. The same key in two objects is fine.
   */
  static Duplicate duplicateKey(String text) {
    try (com.fasterxml.jackson.core.JsonParser p =
        new com.fasterxml.jackson.core.JsonFactory().createParser(text)) {
      java.util.Deque<java.util.Set<String>> open = new java.util.ArrayDeque<>();
      com.fasterxml.jackson.core.JsonToken t;
      String key = null;
      String where = null;
      int ids = 0;
      while ((t = p.nextToken()) != null) {
        if (t == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
          open.push(new java.util.HashSet<>());
        } else if (t == com.fasterxml.jackson.core.JsonToken.END_OBJECT) {
          open.pop();
        } else if (t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
          boolean first = open.peek().add(p.currentName());
          if (open.size() == 1 && p.currentName().equals("id")) {
            ids++;
          }
          if (!first && key == null) {
            key = p.currentName();
            where = where(p.getParsingContext());
          }
        }
      }
      return key == null ? null : new Duplicate(key, where, ids > 1);
    } catch (java.io.IOException e) {
      return null; // not readable here: the checks before and the transport say so
    }
  }

  /** An object's place in the message: {@code params.arguments.tags[0]}, or "the message". */
  private static String where(com.fasterxml.jackson.core.JsonStreamContext object) {
    StringBuilder b = new StringBuilder();
    for (com.fasterxml.jackson.core.JsonStreamContext c = object;
        c != null && !c.inRoot();
        c = c.getParent()) {
      com.fasterxml.jackson.core.JsonStreamContext parent = c.getParent();
      if (parent.inArray()) {
        b.insert(0, "[" + parent.getCurrentIndex() + "]");
      } else if (parent.inObject()) {
        b.insert(0, (parent.getParent().inRoot() ? "" : ".") + parent.getCurrentName());
      }
    }
    return b.length() == 0 ? "the message" : b.toString();
  }

  /** The {@code jsonrpc} member of a message read, or null. */
  static String version(McpSchema.JSONRPCMessage m) {
    if (m instanceof McpSchema.JSONRPCRequest r) {
      return r.jsonrpc();
    }
    if (m instanceof McpSchema.JSONRPCNotification n) {
      return n.jsonrpc();
    }
    if (m instanceof McpSchema.JSONRPCResponse r) {
      return r.jsonrpc();
    }
    return null;
  }
}
