package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

/** The params each method needs, as MCP's schema has them, checked before the SDK reads them. */
class ParamsShapeTest {
  private static final String FIX =
      ": send clientInfo as {\"name\": \"your-client\", \"version\": \"1.0.0\"} (MCP's"
          + " Implementation: name and version are strings; title, description and websiteUrl are"
          + " optional strings)";

  /** The params as the SDK's mapper reads them off the wire. */
  private static String initialize(String clientInfo) throws Exception {
    String line =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-11-25\",\"capabilities\":{}"
            + (clientInfo == null ? "" : ",\"clientInfo\":" + clientInfo)
            + "}}";
    return ParamsShape.fault(
        (McpSchema.JSONRPCRequest)
            McpSchema.deserializeJsonRpcMessage(McpJsonDefaults.getMapper(), line));
  }

  /**
   * Found with a raw client: clientInfo.name 5 was taken as the name "5", and a missing name or
   * version as "" (the SDK only warned on stderr); MCP's Implementation has both, as strings.
   */
  @Test
  void aClientInfoWithoutATextNameOrVersionIsRefusedNamingItAndTheFix() throws Exception {
    assertEquals(
        "initialize needs params.clientInfo.name, a string, not a number" + FIX,
        initialize("{\"name\":5,\"version\":\"1\"}"));
    assertEquals(
        "initialize needs params.clientInfo.name, a string" + FIX,
        initialize("{\"version\":\"1\"}"));
    assertEquals(
        "initialize needs params.clientInfo.version, a string, not null" + FIX,
        initialize("{\"name\":\"raw\",\"version\":null}"));
    assertEquals(
        "initialize needs params.clientInfo.version, a string, not true" + FIX,
        initialize("{\"name\":\"raw\",\"version\":true}"));
    assertEquals(
        "initialize needs params.clientInfo, the client's name and version" + FIX,
        initialize(null));
    assertEquals(
        "initialize's params.clientInfo.title is a number, where MCP has a string: send text, or"
            + " leave it out",
        initialize("{\"name\":\"raw\",\"version\":\"1\",\"title\":5}"));
  }

  private static String fault(String params) throws Exception {
    return ParamsShape.fault(
        (McpSchema.JSONRPCRequest)
            McpSchema.deserializeJsonRpcMessage(
                McpJsonDefaults.getMapper(),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                    + params
                    + "}"));
  }

  /**
   * Found reading MCP's schema: capabilities are required in an InitializeRequest, and one without
   * them (or with null) was accepted, the SDK taking the client as offering nothing. It is refused,
   * as a missing clientInfo is, with the fix; the official clients (TypeScript and Java) always
   * send them, {} when they offer none.
   */
  @Test
  void anInitializeWithoutCapabilitiesIsRefusedNamingThemAndTheFix() throws Exception {
    String client = "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}";
    String fix =
        ": send \"capabilities\": {} when the client offers none (MCP's InitializeRequest"
            + " requires it; the official clients always send it)";
    assertEquals(
        "initialize needs params.capabilities, the client's capabilities (an object)" + fix,
        fault("{\"protocolVersion\":\"2025-11-25\"," + client + "}"));
    assertEquals(
        "initialize needs params.capabilities, the client's capabilities (an object), not null"
            + fix,
        fault("{\"protocolVersion\":\"2025-11-25\",\"capabilities\":null," + client + "}"));
    // Said before what is wrong with clientInfo, in the schema's order.
    assertEquals(
        "initialize needs params.capabilities, the client's capabilities (an object)" + fix,
        fault("{\"protocolVersion\":\"2025-11-25\"}"));
    assertNull(fault("{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{}," + client + "}"));
  }

  @Test
  void aClientInfoAsMcpHasItIsAccepted() throws Exception {
    assertNull(initialize("{\"name\":\"raw\",\"version\":\"1\"}"));
    assertNull(
        initialize(
            "{\"name\":\"raw\",\"version\":\"1\",\"title\":\"Raw\",\"description\":\"d\","
                + "\"websiteUrl\":\"https://example.org\",\"icons\":[{\"src\":\"https://example.org/i.png\"}],"
                + "\"somethingNew\":1}"));
    // An empty name is a string: MCP asks for no more.
    assertNull(initialize("{\"name\":\"\",\"version\":\"\"}"));
  }
}
