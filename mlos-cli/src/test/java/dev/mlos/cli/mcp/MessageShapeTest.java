package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The shape of a JSON-RPC 2.0 message, read before the SDK's mapper coerces it. */
class MessageShapeTest {
  @Test
  void requestsNotificationsAndResponsesOfJsonRpcsShapeHaveNoFault() {
    for (String fine :
        java.util.List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"tools/list\",\"params\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"x\",\"params\":[1]}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-1,\"message\":\"x\"}}")) {
      assertNull(MessageShape.of(fine), fine);
    }
  }

  @Test
  void aMethodBesideAResultOrAnErrorIsAnInvalidRequestUnderItsId() {
    MessageShape.Fault result =
        MessageShape.of("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\",\"result\":{}}");
    assertEquals(7L, result.id());
    assertEquals(
        "Invalid Request: the message has both a method (a request or a notification) and a result"
            + " (a response), which JSON-RPC does not allow: leave result out of a request",
        result.message());
    MessageShape.Fault error =
        MessageShape.of(
            "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"error\":{\"code\":1,\"message\":\"x\"}}");
    assertNull(error.id());
    assertEquals(-32600, error.code());
  }

  @Test
  void paramsThatAreNullAreInvalidParamsNamingTheFix() {
    MessageShape.Fault f =
        MessageShape.of("{\"jsonrpc\":\"2.0\",\"id\":\"n\",\"method\":\"ping\",\"params\":null}");
    assertEquals("n", f.id());
    assertEquals(-32602, f.code());
    assertEquals(
        "Invalid params: params is null, which JSON-RPC 2.0 does not allow (params, when present,"
            + " is an object or a list): leave params out, or send an object ({} for none)",
        f.message());
  }
}
