package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order in which resources/list answers go out, whatever the SDK's hash map order. */
class ListOrderTest {
  private static final String UNSORTED =
      "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{\"resources\":[{\"uri\":\"mlos://workspace/READY.md\"},"
          + "{\"uri\":\"mlos://workspace/PROBLEM.md\"}]}}";
  private static final String SORTED =
      "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{\"resources\":[{\"uri\":\"mlos://workspace/PROBLEM.md\"},"
          + "{\"uri\":\"mlos://workspace/READY.md\"}]}}";

  private static McpSchema.JSONRPCRequest request(String method, Object id) {
    return new McpSchema.JSONRPCRequest("2.0", method, id, Map.of());
  }

  @Test
  void everyListAnswerUnderAReusedIdIsSorted() {
    // A client pipelined 20 resources/list requests under id 5 (MCP forbids reusing an id in a
    // session; some clients do): the first answer went out sorted, the other 19 in the SDK's order.
    ListOrder order = new ListOrder();
    for (int i = 0; i < 20; i++) {
      order.received(request(McpSchema.METHOD_RESOURCES_LIST, 5), "n:5");
    }
    for (int i = 0; i < 20; i++) {
      assertEquals(SORTED, order.ordered(UNSORTED), "answer " + (i + 1));
    }
    assertTrue(order.idle(), "every noted request was answered");
    assertEquals(UNSORTED, order.ordered(UNSORTED), "an answer to nothing noted is left alone");
  }

  @Test
  void anotherRequestsAnswerUnderTheSameIdLeavesTheListsTurn() {
    ListOrder order = new ListOrder();
    order.received(request(McpSchema.METHOD_RESOURCES_LIST, 5), "n:5");
    order.received(request(McpSchema.METHOD_TOOLS_CALL, 5), "n:5");
    String tool = "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{\"content\":[]}}";
    assertEquals(tool, order.ordered(tool));
    assertEquals(SORTED, order.ordered(UNSORTED));
    assertTrue(order.idle());
    // The string id "5" is another id than the number 5.
    order.received(request(McpSchema.METHOD_RESOURCES_LIST, "5"), "s:5");
    assertEquals(UNSORTED, order.ordered(UNSORTED));
    assertEquals(
        SORTED.replace("\"id\":5", "\"id\":\"5\""),
        order.ordered(UNSORTED.replace("\"id\":5", "\"id\":\"5\"")));
    assertTrue(order.idle());
  }
}
