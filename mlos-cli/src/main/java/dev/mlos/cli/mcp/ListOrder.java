package dev.mlos.cli.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts the answers to {@code resources/list} and {@code resources/templates/list} in URI order on
 * their way to stdout. The MCP SDK keeps resources and templates in a hash map and lists them in
 * its order ({@code mlos://workspace/READY.md} before {@code PROBLEM.md}), and takes no order of
 * ours: so a client sees the same order on every machine and SDK version, and can diff two lists.
 */
final class ListOrder {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Request id (as {@link Answers} keys it) to the field of the answer's result to sort. */
  private final Map<String, String> asked = new ConcurrentHashMap<>();

  /** Notes a request whose answer is to be sorted. */
  void received(McpSchema.JSONRPCRequest request, String key) {
    if (McpSchema.METHOD_RESOURCES_LIST.equals(request.method())) {
      asked.put(key, "resources/uri");
    } else if (McpSchema.METHOD_RESOURCES_TEMPLATES_LIST.equals(request.method())) {
      asked.put(key, "resourceTemplates/uriTemplate");
    }
  }

  /** True when no answer is waiting to be sorted (nothing to look at in a line). */
  boolean idle() {
    return asked.isEmpty();
  }

  /**
   * {@code line} with its list in URI order when it answers a noted request, else {@code line}
   * itself. A line that is not such an answer, or not JSON, goes out as it came.
   */
  String ordered(String line) {
    JsonNode message;
    try {
      message = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return line;
    }
    JsonNode id = message == null ? null : message.get("id");
    if (id == null || !message.has("result") && !message.has("error")) {
      return line; // a request or notification of the server's, not an answer
    }
    String what = asked.remove(id.isNumber() ? "n:" + id.asLong() : "s:" + id.asText());
    if (what == null
        || !(message.path("result").get(what.split("/")[0]) instanceof ArrayNode list)) {
      return line;
    }
    String field = what.split("/")[1];
    List<JsonNode> items = new ArrayList<>();
    list.forEach(items::add);
    items.sort(Comparator.comparing((JsonNode n) -> n.path(field).asText()));
    list.removeAll();
    list.addAll(items);
    try {
      return JSON.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      return line;
    }
  }
}
