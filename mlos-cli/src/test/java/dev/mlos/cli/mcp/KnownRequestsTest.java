package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the server refuses of a well-shaped request, in the words the client gets back. */
class KnownRequestsTest {
  private static McpSchema.JSONRPCRequest call(String tool) {
    return new McpSchema.JSONRPCRequest(
        "2.0", "tools/call", 1, Map.of("name", tool, "arguments", Map.of()));
  }

  @Test
  void anUnknownToolIsNamedWithTheToolsThereAre() {
    KnownRequests known =
        new KnownRequests(
            List.of("ready_work", "get_need"), List.of("boot"), uri -> null, uri -> null);
    assertEquals(
        "unknown tool 'ready'; the tools are ready_work, get_need", known.apply(call("ready")));
    assertNull(known.apply(call("get_need")));
    assertEquals(
        "unknown tool 'x'; this server has no tools (the workspace's pack has none)",
        new KnownRequests(List.of(), List.of(), uri -> null, uri -> null).apply(call("x")));
  }

  /**
   * prompts/get of a name the server has not ('Boot', 'bootstrap') was answered with the SDK's
   * 'Invalid prompt name', naming neither the prompts there are nor that names are exact.
   */
  @Test
  void anUnknownPromptIsNamedWithThePromptsThereAre() {
    KnownRequests known =
        new KnownRequests(List.of("ready_work"), List.of("boot"), uri -> null, uri -> null);
    assertEquals(
        "unknown prompt 'Boot'; the prompts are boot (names are exact: prompts/list gives them)",
        known.apply(new McpSchema.JSONRPCRequest("2.0", "prompts/get", 1, Map.of("name", "Boot"))));
    assertNull(
        known.apply(new McpSchema.JSONRPCRequest("2.0", "prompts/get", 1, Map.of("name", "boot"))));
    assertEquals(
        "unknown prompt 'boot'; this server has no prompts",
        new KnownRequests(List.of(), List.of(), uri -> null, uri -> null)
            .apply(new McpSchema.JSONRPCRequest("2.0", "prompts/get", 1, Map.of("name", "boot"))));
  }

  private static McpSchema.JSONRPCRequest list(String method, Object cursor) {
    Map<String, Object> params = new HashMap<>();
    params.put("cursor", cursor);
    return new McpSchema.JSONRPCRequest("2.0", method, 1, params);
  }

  /**
   * MCP: an invalid cursor is answered -32602. The server answers every list on one page, and the
   * SDK ignored any cursor a client passed (the whole list came back, as if it were that page).
   */
  @Test
  void aCursorOnAListIsRefusedForNoneWasGiven() {
    KnownRequests known =
        new KnownRequests(List.of("ready_work"), List.of("boot"), uri -> null, uri -> null);
    assertEquals(
        "tools/list answers with the whole list on one page (no nextCursor), so it takes no"
            + " cursor; 'bogus' is not one it gave: leave params.cursor out",
        known.apply(list("tools/list", "bogus")));
    for (String method :
        List.of("prompts/list", "resources/list", "resources/templates/list", "tools/list")) {
      assertEquals(
          method
              + " answers with the whole list on one page (no nextCursor), so it takes no cursor:"
              + " leave params.cursor out",
          known.apply(list(method, 5)),
          method);
      assertNull(known.apply(list(method, null)), method + ": a null cursor is none");
    }
    // A tool's own cursor argument is the tool's to read.
    assertNull(
        known.apply(
            new McpSchema.JSONRPCRequest(
                "2.0",
                "tools/call",
                2,
                Map.of("name", "ready_work", "arguments", Map.of("cursor", "x")))));
  }

  /**
   * resources/unsubscribe of a URI that names nothing was answered {} as if done, where subscribe
   * refuses it (-32602): a client that unsubscribed with a mistyped URI stayed subscribed without a
   * word. A URI the session is subscribed to is taken, its page gone since or not.
   */
  @Test
  void anUnsubscribeFromAUriThatNamesNothingIsRefusedAsSubscribeIs() {
    KnownRequests known =
        new KnownRequests(
            List.of(),
            List.of(),
            uri -> uri.startsWith("mlos://needs/") && !uri.endsWith("/9") ? null : "no resource",
            uri -> null,
            uri -> uri.equals("mlos://needs/9"));
    assertEquals(
        "'mlos://need/3' names no resource of this server and is none of this session's"
            + " subscriptions, so there is nothing to unsubscribe from: unsubscribe with the URI"
            + " resources/subscribe was given",
        known.apply(unsubscribe("mlos://need/3")));
    assertNull(known.apply(unsubscribe("mlos://needs/3")), "a resource, subscribed or not");
    assertNull(known.apply(unsubscribe("mlos://needs/9")), "subscribed; its page is gone since");
  }

  private static McpSchema.JSONRPCRequest unsubscribe(String uri) {
    return new McpSchema.JSONRPCRequest("2.0", "resources/unsubscribe", 3, Map.of("uri", uri));
  }
}
