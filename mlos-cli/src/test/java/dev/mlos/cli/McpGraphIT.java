package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlos mcp} on an agentos-graph workspace: one server process from the jar, driven over
 * stdio by the SDK's client, as an agent uses the graph tools: list them, upsert records (created,
 * then the same identity updated), a value that cannot be coerced, search (hostile FTS5 text
 * included) and get with the edge.
 */
class McpGraphIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path ws;
  static McpSyncClient client;

  @BeforeAll
  static void startServer() throws Exception {
    ws = dir.resolve("library");
    assertEquals(
        0,
        MlosJar.run(dir, "init", "--workspace", ws.toString(), "--pack", "agentos-graph")
            .exitCode());
    Files.createDirectories(ws.resolve("shapes"));
    Files.writeString(
        ws.resolve("shapes/book.yaml"),
        """
        name: book
        fields:
          isbn13: string
          title: string
          pages: integer
          summary: text
        relations:
          author: person
        identity: [isbn13]
        """,
        StandardCharsets.UTF_8);
    Files.writeString(
        ws.resolve("shapes/person.yaml"),
        """
        name: person
        fields:
          name: string
          email: string
        identity_any: [email]
        """,
        StandardCharsets.UTF_8);
    List<String> cmd =
        MlosJar.command("mcp", "--workspace", ws.toString(), "--recompile-delay", "100");
    ServerParameters params =
        ServerParameters.builder(cmd.get(0)).args(cmd.subList(1, cmd.size())).build();
    client =
        McpClient.sync(new StdioClientTransport(params, McpJsonDefaults.getMapper()))
            .requestTimeout(Duration.ofSeconds(60))
            .initializationTimeout(Duration.ofSeconds(60))
            .build();
    client.initialize();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.closeGracefully();
    }
  }

  /** The tools of an agentos-graph server, in order (HelpTest holds `mlos mcp --help` to them). */
  static final List<String> TOOLS = List.of("graph_search", "graph_get", "graph_upsert");

  @Test
  void aBlankIdentityValueMatchesNobodyAndABigNumberIsQuotedAsSent() throws Exception {
    // The user trial's story: Bob with email "" overwrote Alice with email "".
    JsonNode alice =
        ok(
            "graph_upsert",
            Map.of("record", Map.of("_shape", "person", "email", "", "name", "Alice")));
    JsonNode bob =
        ok(
            "graph_upsert",
            Map.of("record", Map.of("_shape", "person", "email", "", "name", "Bob")));
    assertEquals("created", bob.get("outcome").asText(), bob.toString());
    assertFalse(alice.get("id").asText().equals(bob.get("id").asText()), bob.toString());
    JsonNode first = ok("graph_get", Map.of("id", alice.get("id").asText()));
    assertTrue(first.toString().contains("\"Alice\""), "Alice was not overwritten: " + first);

    CallToolResult big =
        client.callTool(
            new CallToolRequest(
                "graph_upsert",
                Map.of(
                    "record",
                    Map.of(
                        "_shape",
                        "book",
                        "isbn13",
                        "1",
                        "pages",
                        new java.math.BigInteger("99999999999999999999")))));
    assertTrue(big.isError(), text(big));
    assertTrue(
        text(big)
            .startsWith(
                "refused (graph.value): record 1 (book), field 'pages': '99999999999999999999' is"
                    + " outside the 64-bit range of a whole number"),
        text(big));
  }

  @Test
  void theGraphToolsAreListedWithinTheTokenBudgetAndWorkTogether() throws Exception {
    ListToolsResult list = client.listTools();
    assertEquals(TOOLS, list.tools().stream().map(McpSchema.Tool::name).toList());
    for (McpSchema.Tool t : list.tools()) {
      assertEquals(
          false,
          t.inputSchema().get("additionalProperties"),
          t.name() + " refuses unknown arguments");
    }
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("jsonrpc", "2.0");
    envelope.put("id", 1);
    envelope.put("result", list);
    String wire = McpJsonDefaults.getMapper().writeValueAsString(envelope);
    int tokens =
        Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE).countTokens(wire);
    assertTrue(
        tokens <= 2000, "tools/list costs " + tokens + " tokens (o200k_base); the budget is 2,000");

    // a reference to a person nobody recorded: refused as the import refuses it, nothing written
    Map<String, Object> book = new LinkedHashMap<>();
    book.put("_shape", "book");
    book.put("isbn13", "9780140449334");
    book.put("title", "Meditations");
    book.put("pages", "254");
    book.put("summary", "Private notes on Stoic philosophy.");
    book.put("author", "marcus@rome.example");
    CallToolResult dangling =
        client.callTool(new CallToolRequest("graph_upsert", Map.of("record", book)));
    assertTrue(dangling.isError(), text(dangling));
    assertTrue(
        text(dangling)
            .startsWith(
                "refused (graph.relation): record 1 (book), field 'author': no person record"),
        text(dangling));
    assertEquals(
        0,
        ok("graph_search", Map.of("query", "stoic")).get("total").asInt(),
        "the refused upsert wrote nothing");

    // created, with its author as a nested record
    book.put("author", Map.of("name", "Marcus Aurelius", "email", "marcus@rome.example"));
    JsonNode created = ok("graph_upsert", Map.of("record", book));
    assertEquals("created", created.get("outcome").asText(), created.toString());
    assertEquals(2, created.get("records").asInt(), "the book and its author");
    String id = created.get("id").asText();

    // the same identity: the same node, updated
    JsonNode updated =
        ok(
            "graph_upsert",
            Map.of("record", Map.of("_shape", "book", "isbn13", "9780140449334", "pages", 255)));
    assertEquals("updated", updated.get("outcome").asText(), updated.toString());
    assertEquals(id, updated.get("id").asText());
    JsonNode again =
        ok(
            "graph_upsert",
            Map.of("record", Map.of("_shape", "book", "isbn13", "9780140449334", "pages", 255)));
    assertEquals("unchanged", again.get("outcome").asText());

    // a value that cannot be coerced: refused, naming the field and the fix; nothing written
    CallToolResult bad =
        client.callTool(
            new CallToolRequest(
                "graph_upsert",
                Map.of(
                    "record",
                    Map.of("_shape", "book", "isbn13", "9780140449334", "pages", "many"))));
    assertTrue(bad.isError(), text(bad));
    assertEquals(
        "refused (graph.value): record 1 (book), field 'pages': 'many' is not a whole number, and the field is integer."
            + " Fix: correct the value, or change the field's type in shape 'book'",
        text(bad));
    CallToolResult unknown =
        client.callTool(
            new CallToolRequest("graph_upsert", Map.of("record", Map.of("_shape", "novel"))));
    assertTrue(unknown.isError(), text(unknown));
    assertTrue(
        text(unknown).startsWith("refused (graph.shape): ")
            && text(unknown).contains("book, person"),
        text(unknown));
    for (Map<String, Object> malformed :
        List.<Map<String, Object>>of(
            Map.of("record", Map.of("title", "x")), // no _shape
            Map.of("record", "book"), // not an object
            Map.of("record", Map.of("_shape", "book"), "dry_run", true))) { // unknown argument
      CallToolResult r = client.callTool(new CallToolRequest("graph_upsert", malformed));
      assertTrue(r.isError(), malformed + " -> " + text(r));
      assertFalse(text(r).contains("\tat "), text(r));
    }

    // search finds it; FTS5 syntax in the query is text, never an error
    JsonNode found = ok("graph_search", Map.of("query", "stoic"));
    assertEquals(1, found.get("total").asInt(), found.toString());
    assertEquals(id, found.get("hits").get(0).get("id").asText());
    assertEquals("Meditations", found.get("hits").get(0).get("title").asText());
    for (String hostile : List.of("\"", "NEAR(", "stoic OR", "*", "summary:stoic")) {
      JsonNode r = ok("graph_search", Map.of("query", hostile));
      assertTrue(r.get("total").asInt() <= 1, hostile + " -> " + r);
    }
    // A cursor was a plain offset: a number, or another search's cursor, skipped that many hits.
    for (String foreign : List.of("0", "1")) {
      CallToolResult r =
          client.callTool(
              new CallToolRequest("graph_search", Map.of("query", "stoic", "cursor", foreign)));
      assertTrue(
          r.isError() && text(r).startsWith("refused (input.cursor): cursor '" + foreign + "'"),
          text(r));
      assertTrue(
          text(r)
              .endsWith(
                  "Fix: call again without cursor to start from the first page, then pass each"
                      + " page's next_cursor"),
          text(r));
    }

    // get returns its values and its edge to the author
    JsonNode node = ok("graph_get", Map.of("id", id));
    assertEquals(255, node.get("values").get("pages").asInt(), node.toString());
    assertEquals("Private notes on Stoic philosophy.", node.get("text").get("summary").asText());
    JsonNode author = node.get("out").get(0);
    assertEquals("author", author.get("label").asText(), node.toString());
    assertEquals("person", author.get("shape").asText());
    JsonNode person = ok("graph_get", Map.of("id", author.get("id").asText()));
    assertEquals("marcus@rome.example", person.get("values").get("email").asText());
    assertEquals(id, person.get("in").get(0).get("id").asText());
    CallToolResult missing =
        client.callTool(new CallToolRequest("graph_get", Map.of("id", "no-such-node")));
    assertTrue(
        missing.isError() && text(missing).startsWith("refused (graph.node): "), text(missing));
    assertFalse(text(missing).contains("\tat "), text(missing));
  }

  private static JsonNode ok(String tool, Map<String, Object> args) throws Exception {
    CallToolResult r = client.callTool(new CallToolRequest(tool, args));
    assertFalse(Boolean.TRUE.equals(r.isError()), tool + " " + args + " -> " + text(r));
    return JSON.readTree(text(r));
  }

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  /**
   * The graph branch of {@code mlos mcp} said why it could not start on stderr only (or served a
   * database without the graph schema until the first tool call): a client saw "Connection closed".
   * It answers initialize as the engine's path does (McpIT): -32000, the reason, the fix.
   */
  @Test
  void aGraphServerThatCannotStartTellsTheClientWhy() throws Exception {
    Path outside = dir.resolve("shapes-outside");
    assertEquals(
        0,
        MlosJar.run(dir, "init", "--workspace", outside.toString(), "--pack", "agentos-graph")
            .exitCode());
    Files.writeString(
        outside.resolve("mlos.yaml"),
        Files.readString(outside.resolve("mlos.yaml")) + "params:\n  shapes_dir: ../elsewhere\n");
    Path bare = dir.resolve("no-graph-schema");
    assertEquals(
        0,
        MlosJar.run(dir, "init", "--workspace", bare.toString(), "--pack", "agentos-graph")
            .exitCode());
    Files.delete(bare.resolve("mlos.db"));
    Files.createFile(bare.resolve("mlos.db"));

    for (Path w : List.of(outside, bare)) {
      Process p =
          new ProcessBuilder(MlosJar.command("mcp", "--workspace", w.toString()))
              .redirectError(ProcessBuilder.Redirect.PIPE)
              .start();
      p.getOutputStream()
          .write(
              ("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"initialize\",\"params\":"
                      + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                      + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n")
                  .getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().flush();
      assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "answers and exits");
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(2, p.exitValue(), "a broken setup: " + err);
      List<String> out =
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      assertEquals(1, out.size(), out.toString());
      JsonNode error = JSON.readTree(out.get(0)).get("error");
      assertEquals("a", JSON.readTree(out.get(0)).get("id").asText());
      assertEquals(-32000, error.get("code").asInt(), out.get(0));
      String message = error.get("message").asText();
      assertTrue(message.startsWith("mlos mcp cannot start: "), message);
      assertTrue(message.contains(" Fix: "), message);
      assertTrue(
          w.equals(outside)
              ? message.contains("elsewhere")
              : message.contains("does not have the agentos-graph schema")
                  && message.contains("mlos init"),
          message);
      assertTrue(err.contains(w.equals(outside) ? "elsewhere" : "mlos init"), "stderr too: " + err);
    }
  }
}
