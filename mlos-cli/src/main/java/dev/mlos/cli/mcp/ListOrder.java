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

  /**
   * Request id (as {@link Answers} keys it) to how many list requests under it await their answer:
   * a client that reuses an id while its request is in flight (MCP forbids it, some do) still gets
   * each list sorted, not only the first.
   */
  private final Map<String, Integer> asked = new ConcurrentHashMap<>();

  /** The result field of a list answer, and the field of its items to sort by. */
  private static final String[][] LISTS = {
    {"resources", "uri"}, {"resourceTemplates", "uriTemplate"}
  };

  /** Notes a request whose answer is to be sorted. */
  void received(McpSchema.JSONRPCRequest request, String key) {
    if (McpSchema.METHOD_RESOURCES_LIST.equals(request.method())
        || McpSchema.METHOD_RESOURCES_TEMPLATES_LIST.equals(request.method())) {
      asked.merge(key, 1, Integer::sum);
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
    String key = id.isNumber() ? "n:" + id.asLong() : "s:" + id.asText();
    String[] what = null;
    for (String[] l : LISTS) {
      if (message.path("result").get(l[0]) instanceof ArrayNode) {
        what = l;
      }
    }
    if (what == null && !message.has("error")) {
      return line; // the answer to another request under the same id
    }
    boolean[] noted = {false};
    asked.computeIfPresent(
        key,
        (k, n) -> {
          noted[0] = true;
          return n == 1 ? null : n - 1;
        });
    if (!noted[0] || what == null) {
      return line;
    }
    ArrayNode list = (ArrayNode) message.path("result").get(what[0]);
    String field = what[1];
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
