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
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.SubscribeRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlos mcp} as an agent's client meets it: two server processes started from the jar (one
 * per agent, as Claude Code or Cursor would start them) on one workspace, driven over stdio by the
 * MCP SDK's own client. The servers are shared by the tests of this class: each process costs
 * seconds.
 */
class McpIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every tool, by its fixed name. */
  /** The tools of a pack-mlos server, in order (HelpTest holds `mlos mcp --help` to them too). */
  static final List<String> TOOLS =
      List.of(
          "ready_work",
          "get_need",
          "search",
          "create_need",
          "update_need",
          "transition_need",
          "graduate_need",
          "claim_task",
          "release_task",
          "start_task",
          "update_task",
          "retry_task",
          "complete_task",
          "register_artifact",
          "move_artifact",
          "relate",
          "unrelate",
          "remove_artifact",
          "context_pack",
          "list_agents");

  /** Agent A's token budget, from its lens. */
  private static final int BUDGET = 300;

  @TempDir static Path dir;
  static Path ws;
  static long agentA;
  static long agentB;
  static McpSyncClient a;
  static McpSyncClient b;
  static final List<String> updated = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startTwoServers() throws Exception {
    ws = dir.resolve("ws");
    assertEquals(0, MlosJar.run(dir, "init", "--workspace", ws.toString()).exitCode());
    agentA =
        JSON.readTree(MlosJar.run(ws, "agent", "register", "architect", "--json").stdout())
            .get("id")
            .asLong();
    agentB =
        JSON.readTree(MlosJar.run(ws, "agent", "register", "builder", "--json").stdout())
            .get("id")
            .asLong();
    assertEquals(
        0,
        MlosJar.run(
                ws,
                "agent",
                "lens",
                "--for",
                Long.toString(agentA),
                "--tag",
                "parser",
                "--token-budget",
                Integer.toString(BUDGET))
            .exitCode());
    a = client(agentA, true);
    b = client(agentB, false);
  }

  @AfterAll
  static void stop() {
    for (McpSyncClient c : new McpSyncClient[] {a, b}) {
      if (c != null) {
        c.closeGracefully();
      }
    }
  }

  private static McpSyncClient client(long agent, boolean watch) {
    List<String> cmd =
        MlosJar.command(
            "mcp",
            "--workspace",
            ws.toString(),
            "--agent",
            Long.toString(agent),
            "--recompile-delay",
            "100",
            "--watch-interval",
            "100");
    ServerParameters params =
        ServerParameters.builder(cmd.get(0)).args(cmd.subList(1, cmd.size())).build();
    StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
    McpClient.SyncSpec spec =
        McpClient.sync(transport)
            .requestTimeout(Duration.ofSeconds(60))
            .initializationTimeout(Duration.ofSeconds(60));
    if (watch) {
      spec =
          spec.resourcesUpdateConsumer(
              contents -> {
                for (McpSchema.ResourceContents c : contents) {
                  updated.add(c.uri());
                }
              });
    }
    McpSyncClient c = spec.build();
    c.initialize();
    return c;
  }

  /**
   * A trial with the TypeScript SDK's client: the workspace's mlos.db deleted while a server ran (a
   * person rebuilding it with rm and mlos init, say). Each create_need after that was answered
   * done, with a new id, and went into the removed file: lost. It is now refused as a tool error
   * that says so, nothing written, and a read of a resource says the database is gone, with a fix.
   * On a workspace of its own, as it deletes the database.
   */
  @Test
  void aServerWhoseDatabaseIsDeletedRefusesWritesInsteadOfLosingThem() throws Exception {
    Path gone = dir.resolve("gone");
    assertEquals(0, MlosJar.run(dir, "init", "--workspace", gone.toString()).exitCode());
    List<String> cmd = MlosJar.command("mcp", "--workspace", gone.toString(), "--no-recompile");
    McpSyncClient c =
        McpClient.sync(
                new StdioClientTransport(
                    ServerParameters.builder(cmd.get(0)).args(cmd.subList(1, cmd.size())).build(),
                    McpJsonDefaults.getMapper()))
            .requestTimeout(Duration.ofSeconds(60))
            .initializationTimeout(Duration.ofSeconds(60))
            .build();
    try {
      c.initialize();
      CallToolResult before =
          c.callTool(new CallToolRequest("create_need", Map.of("title", "Before")));
      assertFalse(before.isError(), String.valueOf(before.content()));
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(gone.resolve("mlos.db" + suffix));
      }
      CallToolResult after =
          c.callTool(new CallToolRequest("create_need", Map.of("title", "After")));
      String said = ((TextContent) after.content().get(0)).text();
      assertTrue(after.isError(), said);
      assertTrue(said.contains("was deleted since this process opened it"), said);
      assertTrue(said.contains("nothing was written. Fix: put the file back, or restart"), said);
      io.modelcontextprotocol.spec.McpError read =
          org.junit.jupiter.api.Assertions.assertThrows(
              io.modelcontextprotocol.spec.McpError.class,
              () -> c.readResource(new ReadResourceRequest("mlos://workspace/PROBLEM.md")));
      assertTrue(read.getMessage().contains("it does not exist. Fix: "), read.getMessage());
    } finally {
      c.closeGracefully();
    }
  }

  @Test
  void theToolListHasTheFixedNamesAndFitsInTwoThousandTokens() throws Exception {
    ListToolsResult list = a.listTools();
    assertEquals(TOOLS, list.tools().stream().map(McpSchema.Tool::name).toList());
    for (McpSchema.Tool t : list.tools()) {
      assertEquals(
          false,
          t.inputSchema().get("additionalProperties"),
          t.name() + " refuses unknown arguments");
    }
    // What each tool does, for clients that run reads without asking.
    Map<String, McpSchema.ToolAnnotations> hints = new LinkedHashMap<>();
    list.tools().forEach(t -> hints.put(t.name(), t.annotations()));
    for (String read : List.of("ready_work", "get_need", "search", "context_pack", "list_agents")) {
      assertEquals(true, hints.get(read).readOnlyHint(), read);
    }
    assertEquals(false, hints.get("create_need").destructiveHint(), "create_need adds only");
    assertEquals(false, hints.get("relate").destructiveHint(), "relate adds only");
    // MCP's default for a tool that says nothing: it writes, and may destroy.
    for (String write : List.of("remove_artifact", "unrelate", "claim_task", "update_need")) {
      assertEquals(null, hints.get(write), write);
    }
    // The whole response as it goes over the wire (the SDK's own serialisation, in its envelope).
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("jsonrpc", "2.0");
    envelope.put("id", 1);
    envelope.put("result", list);
    String wire = McpJsonDefaults.getMapper().writeValueAsString(envelope);
    int tokens =
        Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE).countTokens(wire);
    assertTrue(
        tokens <= 2000, "tools/list costs " + tokens + " tokens (o200k_base); the budget is 2,000");
  }

  /**
   * A second server acting as agent A shares A's claims (two sessions of one agent did one task
   * twice in an exploratory run): its client is told so in the instructions; A's first server and
   * B's were not.
   */
  @Test
  void aSecondServerForTheSameAgentTellsItsClientTheClaimsAreShared() {
    assertFalse(a.getServerInstructions().contains("Another mlos mcp server"));
    assertFalse(b.getServerInstructions().contains("Another mlos mcp server"));
    McpSyncClient again = client(agentA, false);
    try {
      assertTrue(
          again
              .getServerInstructions()
              .contains(
                  "Another mlos mcp server acts as agent "
                      + agentA
                      + " in this workspace right now: the two are one claimer"),
          again.getServerInstructions());
    } finally {
      again.closeGracefully();
    }
  }

  @Test
  void aWholeStoryWithTwoAgentsRacingForOneTask() throws Exception {
    JsonNode need =
        ok(
            a,
            "create_need",
            Map.of(
                "title",
                "Parser handles unicode",
                "priority",
                2,
                "tags",
                List.of("parser", "i18n"),
                "scope",
                "compiler"));
    long needId = need.get("id").asLong();
    assertEquals("identified", need.get("status").asText());
    assertEquals("[\"i18n\",\"parser\"]", need.get("tags").toString());

    ok(a, "transition_need", Map.of("need_id", needId, "status", "active"));
    ok(
        a,
        "transition_need",
        Map.of("need_id", needId, "status", "actionable", "reason", "reproduced"));
    JsonNode ready = ok(b, "ready_work", Map.of());
    assertTrue(ready.get("items").toString().contains("Parser handles unicode"), ready.toString());

    JsonNode graduated =
        ok(
            a,
            "graduate_need",
            Map.of(
                "need_id",
                needId,
                "tasks",
                List.of(
                    Map.of("description", "Decode UTF-8 input"),
                    Map.of("description", "Add a test", "priority", 4))));
    long task = graduated.get("tasks").get(0).get("id").asLong();
    long test = graduated.get("tasks").get(1).get("id").asLong();
    assertEquals(
        2, graduated.get("tasks").get(0).get("priority").asInt(), "takes the need's priority");
    // Graduated already: the refusal names this tool's own switch, not the command line's.
    CallToolResult twice =
        b.callTool(
            new CallToolRequest(
                "graduate_need",
                Map.of("need_id", needId, "tasks", List.of(Map.of("description", "Again")))));
    assertTrue(twice.isError(), text(twice));
    assertTrue(
        text(twice).startsWith("refused (need.graduated): ")
            && text(twice)
                .endsWith(
                    "graduated it already. Fix: to add tasks beside them, run `graduate_need`"
                        + " with `more: true`"),
        text(twice));

    // Both agents claim the same task at the same moment, each through its own server process.
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<CallToolResult>> claims = new ArrayList<>();
      for (McpSyncClient c : new McpSyncClient[] {a, b}) {
        claims.add(
            pool.submit(
                () -> {
                  go.await();
                  return c.callTool(new CallToolRequest("claim_task", Map.of("task_id", task)));
                }));
      }
      go.countDown();
      CallToolResult first = claims.get(0).get(60, TimeUnit.SECONDS);
      CallToolResult second = claims.get(1).get(60, TimeUnit.SECONDS);
      assertTrue(
          Boolean.TRUE.equals(first.isError()) != Boolean.TRUE.equals(second.isError()),
          "exactly one claim wins: " + text(first) + " / " + text(second));
      CallToolResult lost = Boolean.TRUE.equals(first.isError()) ? first : second;
      long winner = Boolean.TRUE.equals(first.isError()) ? agentB : agentA;
      assertTrue(text(lost).contains("already claimed by agent " + winner), text(lost));
      McpSyncClient holder = winner == agentA ? a : b;
      McpSyncClient otherOne = winner == agentA ? b : a;

      ok(
          holder,
          "complete_task",
          Map.of("task_id", task, "status", "completed", "result", "decodes all of UTF-8"));
      // A blocked task is claimed all the same; the result says what it waits for.
      long fonts = ok(a, "create_need", Map.of("title", "Fonts ship first")).get("id").asLong();
      ok(
          a,
          "relate",
          Map.of(
              "source_type",
              "need",
              "source_id",
              fonts,
              "relationship_type",
              "blocks",
              "target_type",
              "need",
              "target_id",
              needId));
      JsonNode blocked = ok(otherOne, "claim_task", Map.of("task_id", test));
      assertEquals("assigned", blocked.get("status").asText(), blocked.toString());
      assertEquals(
          "need:" + fonts + ":Fonts ship first",
          blocked.get("blocked_by").get(0).get("type").asText()
              + ":"
              + blocked.get("blocked_by").get(0).get("id").asLong()
              + ":"
              + blocked.get("blocked_by").get(0).get("title").asText(),
          blocked.toString());
      assertEquals(
          "in_progress",
          ok(otherOne, "start_task", Map.of("task_id", test)).get("status").asText());
      ok(otherOne, "complete_task", Map.of("task_id", test, "status", "failed", "result", "flaky"));
      // A failed task keeps its need unresolved until its holder opens it again (or cancels it).
      CallToolResult early =
          holder.callTool(
              new CallToolRequest(
                  "transition_need", Map.of("need_id", needId, "status", "resolved")));
      assertTrue(text(early).startsWith("refused (need.open_tasks): "), text(early));
      // The tasks in the way were printed as "Allowed: task 5 failed".
      assertFalse(text(early).contains("Allowed"), text(early));
      CallToolResult notYours =
          holder.callTool(new CallToolRequest("retry_task", Map.of("task_id", test)));
      assertTrue(text(notYours).startsWith("refused (task.owner): "), text(notYours));
      // The holder was printed as "Allowed: agent 1.", as if the caller could pass it.
      assertFalse(text(notYours).contains("Allowed"), text(notYours));
      JsonNode retried =
          ok(otherOne, "retry_task", Map.of("task_id", test, "reason", "the flake is fixed"));
      assertEquals("open", retried.get("status").asText(), retried.toString());
      ok(holder, "claim_task", Map.of("task_id", test));
      ok(holder, "complete_task", Map.of("task_id", test, "status", "completed"));
      // Sent again (as after a restart of a server killed during the call): the way on is named.
      CallToolResult again =
          holder.callTool(
              new CallToolRequest("complete_task", Map.of("task_id", test, "status", "completed")));
      assertTrue(
          text(again)
              .endsWith(
                  ". Fix: nothing to do: task "
                      + test
                      + " is completed and stays so; take other work from `ready_work`"),
          text(again));
    } finally {
      pool.shutdownNow();
    }

    JsonNode resolved = ok(b, "get_need", Map.of("need_id", needId));
    assertEquals("resolved", resolved.get("status").asText(), resolved.toString());

    // A refused move: a tool result marked as an error, naming the rule and the allowed statuses.
    CallToolResult back =
        a.callTool(
            new CallToolRequest(
                "transition_need", Map.of("need_id", needId, "status", "identified")));
    assertTrue(back.isError(), text(back));
    assertTrue(text(back).startsWith("refused (need.lifecycle): "), text(back));
    long fresh = ok(b, "create_need", Map.of("title", "Not yet understood")).get("id").asLong();
    CallToolResult skip =
        b.callTool(
            new CallToolRequest("transition_need", Map.of("need_id", fresh, "status", "resolved")));
    assertTrue(skip.isError(), text(skip));
    assertTrue(text(skip).contains("Allowed: ") && text(skip).contains("active"), text(skip));
  }

  @Test
  void malformedArgumentsAreRefusedBeforeAnythingIsWritten() throws Exception {
    int before = ok(a, "search", Map.of("query", "Nameless")).get("total").asInt();
    List<Map<String, Object>> bad =
        List.of(
            Map.of("title", 5), // wrong type
            Map.of("description", "no title"), // required missing
            Map.of("title", "Nameless", "priority", 9), // out of bounds
            Map.of("title", "Nameless", "tags", List.of("Bad Tag")), // pattern
            Map.of("title", "Nameless", "owner", "me")); // unknown argument
    for (Map<String, Object> args : bad) {
      CallToolResult r = a.callTool(new CallToolRequest("create_need", args));
      assertTrue(r.isError(), args + " -> " + text(r));
      assertFalse(text(r).contains("\tat "), text(r));
    }
    CallToolResult status =
        a.callTool(new CallToolRequest("transition_need", Map.of("need_id", 1, "status", "done")));
    assertTrue(status.isError(), text(status));
    assertEquals(
        before,
        ok(a, "search", Map.of("query", "Nameless")).get("total").asInt(),
        "nothing was written");
  }

  /**
   * A run finished while its server ran (mlos agent finish, from another process) stayed in that
   * server's resources/list, made at start, and its read said there is no pack. The list now
   * reflects the database when asked, and the client is told the list changed. A server of its own:
   * finishing a shared server's run would refuse the writes of the other tests.
   */
  @Test
  void aRunFinishedWhileItsServerRunsLeavesItsResourceList() throws Exception {
    long agentC =
        JSON.readTree(MlosJar.run(ws, "agent", "register", "reviewer", "--json").stdout())
            .get("id")
            .asLong();
    List<String> listChanged = new CopyOnWriteArrayList<>();
    List<String> cmd =
        MlosJar.command("mcp", "--workspace", ws.toString(), "--agent", Long.toString(agentC));
    McpSyncClient c =
        McpClient.sync(
                new StdioClientTransport(
                    ServerParameters.builder(cmd.get(0)).args(cmd.subList(1, cmd.size())).build(),
                    McpJsonDefaults.getMapper()))
            .requestTimeout(Duration.ofSeconds(60))
            .initializationTimeout(Duration.ofSeconds(60))
            .resourcesChangeConsumer(resources -> listChanged.add("changed"))
            .build();
    try {
      McpSchema.InitializeResult init = c.initialize();
      assertEquals(true, init.capabilities().resources().listChanged(), init.toString());
      String pack = "mlos://context/" + agentC;
      assertTrue(uris(c).contains(pack), uris(c).toString());

      MlosJar.Run finish = MlosJar.run(ws, "agent", "finish", Long.toString(agentC));
      assertEquals(0, finish.exitCode(), finish.stderr());

      List<String> after = uris(c);
      assertFalse(after.contains(pack), after.toString());
      assertTrue(after.contains("mlos://workspace/READY.md"), after.toString());
      // The notification went out before the list's answer; the client handles it on its own
      // thread, so it may come in a moment after.
      for (int i = 0; i < 100 && listChanged.isEmpty(); i++) {
        Thread.sleep(50);
      }
      assertEquals(List.of("changed"), listChanged);
      assertEquals(after, uris(c), "listed once, told once");
      assertEquals(List.of("changed"), listChanged);
    } finally {
      c.closeGracefully();
    }
  }

  private static List<String> uris(McpSyncClient c) {
    return c.listResources().resources().stream().map(McpSchema.Resource::uri).toList();
  }

  /**
   * resources/list and resources/templates/list came in the SDK's hash map order (READY.md before
   * PROBLEM.md, needs before context): now in URI order, the same for every client and machine.
   */
  @Test
  void theResourceListsAreInUriOrder() {
    assertEquals(
        List.of(
            "mlos://context/" + agentA,
            "mlos://workspace/ARTIFACTS.md",
            "mlos://workspace/GRAPH.md",
            "mlos://workspace/PROBLEM.md",
            "mlos://workspace/READY.md"),
        a.listResources().resources().stream().map(McpSchema.Resource::uri).toList());
    assertEquals(
        List.of("mlos://context/{id}", "mlos://needs/{id}"),
        a.listResourceTemplates().resourceTemplates().stream()
            .map(McpSchema.ResourceTemplate::uriTemplate)
            .toList());
  }

  @Test
  void problemMdIsAResourceWithTheCompiledBytesAndSubscribersHearOfChanges() throws Exception {
    String uri = "mlos://workspace/PROBLEM.md";
    a.subscribeResource(new SubscribeRequest(uri));
    String before =
        ((TextResourceContents) a.readResource(new ReadResourceRequest(uri)).contents().get(0))
            .text();
    assertTrue(before.startsWith("---\n"), before);

    // b's server, another process, writes; a writes nothing: a's server notices the other
    // process's commit (data_version) while a is subscribed, and tells a.
    int seen = updated.size(); // only a notification after the write counts
    long created =
        ok(b, "create_need", Map.of("title", "Resources follow writes", "priority", 1))
            .get("id")
            .asLong();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!updated.subList(seen, updated.size()).contains(uri) && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertTrue(
        updated.subList(seen, updated.size()).contains(uri),
        "resources/updated for PROBLEM.md: " + updated);
    String page =
        ((TextResourceContents)
                a.readResource(new ReadResourceRequest("mlos://needs/" + created))
                    .contents()
                    .get(0))
            .text();
    assertTrue(
        page.startsWith("---\n") && page.contains("Resources follow writes"),
        "a need's page by template: " + page);

    // A need's page, subscribed by its template's URI: b changes the need, a hears of it.
    String needUri = "mlos://needs/" + created;
    a.subscribeResource(new SubscribeRequest(needUri));
    Thread.sleep(300); // the subscription's first rendering is the baseline
    int seenPage = updated.size();
    ok(b, "update_need", Map.of("need_id", created, "description", "Pages follow writes too."));
    long pageUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!updated.subList(seenPage, updated.size()).contains(needUri)
        && System.nanoTime() < pageUntil) {
      Thread.sleep(50);
    }
    assertTrue(
        updated.subList(seenPage, updated.size()).contains(needUri),
        "resources/updated for " + needUri + ": " + updated);
    a.unsubscribeResource(new io.modelcontextprotocol.spec.McpSchema.UnsubscribeRequest(needUri));

    // A URI that names no page or no resource is refused, never followed in silence.
    for (String none : List.of("mlos://needs/abc", "mlos://needs/999999", "mlos://nothing/1")) {
      io.modelcontextprotocol.spec.McpError refused =
          org.junit.jupiter.api.Assertions.assertThrows(
              io.modelcontextprotocol.spec.McpError.class,
              () -> a.subscribeResource(new SubscribeRequest(none)),
              none);
      assertEquals(-32602, refused.getJsonRpcError().code(), refused.getMessage());
      assertTrue(refused.getMessage().contains("'" + none + "' names no "), refused.getMessage());
    }
    // A read: an id no need could have is invalid params, as for a subscription; a need's id
    // with no need is not found.
    for (Map.Entry<String, Integer> read :
        Map.of("mlos://needs/abc", -32602, "mlos://needs/-1", -32602, "mlos://needs/999999", -32002)
            .entrySet()) {
      io.modelcontextprotocol.spec.McpError refused =
          org.junit.jupiter.api.Assertions.assertThrows(
              io.modelcontextprotocol.spec.McpError.class,
              () -> a.readResource(new ReadResourceRequest(read.getKey())),
              read.getKey());
      assertEquals(
          (int) read.getValue(), refused.getJsonRpcError().code(), read.getKey() + ": " + refused);
    }
    // A user trial: a guess at a compiled file's URI was answered a bare "Resource not found".
    for (String guess : List.of("mlos://workspace/needs/1-x.md", "mlos://PROBLEM.md")) {
      io.modelcontextprotocol.spec.McpError refused =
          org.junit.jupiter.api.Assertions.assertThrows(
              io.modelcontextprotocol.spec.McpError.class,
              () -> a.readResource(new ReadResourceRequest(guess)),
              guess);
      assertEquals(-32002, refused.getJsonRpcError().code(), guess + ": " + refused);
      assertTrue(
          refused
              .getMessage()
              .contains(
                  "'"
                      + guess
                      + "' names no resource of this server; read a resource of resources/list"
                      + " or a page of a template of resources/templates/list: "),
          refused.getMessage());
      assertTrue(refused.getMessage().contains("mlos://needs/{id}"), refused.getMessage());
      assertTrue(
          refused.getMessage().contains("mlos://workspace/PROBLEM.md"), refused.getMessage());
    }

    String after =
        ((TextResourceContents) a.readResource(new ReadResourceRequest(uri)).contents().get(0))
            .text();
    assertTrue(after.contains("Resources follow writes"), after);
    // The background recompile writes the same bytes to the workspace: once it has, the resource
    // (rendered in memory, with the compiled_at recorded for the file) equals the file.
    Path file = ws.resolve("PROBLEM.md");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      after =
          ((TextResourceContents) a.readResource(new ReadResourceRequest(uri)).contents().get(0))
              .text();
      if (Files.isRegularFile(file)
          && Files.readString(file).equals(after)
          && after.contains("Resources follow writes")) {
        break;
      }
      Thread.sleep(200);
    }
    assertEquals(after, Files.readString(file));
  }

  @Test
  void anAgentFindsTheTasksItHoldsInReadyWorkAndItsBootPrompt() throws Exception {
    // A restarted session had no call that listed its claimed tasks: ready work leaves them out
    // (no one else may take them), so they stayed assigned to it and were forgotten.
    long need = ok(b, "create_need", Map.of("title", "Held after a restart")).get("id").asLong();
    ok(b, "transition_need", Map.of("need_id", need, "status", "active"));
    ok(b, "transition_need", Map.of("need_id", need, "status", "actionable"));
    long task =
        ok(
                b,
                "graduate_need",
                Map.of("need_id", need, "tasks", List.of(Map.of("description", "Mine now"))))
            .get("tasks")
            .get(0)
            .get("id")
            .asLong();
    CallToolResult unstarted =
        b.callTool(
            new CallToolRequest("complete_task", Map.of("task_id", task, "status", "completed")));
    assertTrue(
        text(unstarted)
            .endsWith(
                "a task is completed from assigned or in_progress. Fix: start it first with"
                    + " `start_task`,"
                    + " then finish it"),
        text(unstarted));
    ok(b, "claim_task", Map.of("task_id", task));
    JsonNode held = ok(b, "ready_work", Map.of()).get("held");
    boolean found = false;
    for (JsonNode t : held) {
      if (t.get("id").asLong() == task) {
        found = true;
        assertEquals("assigned", t.get("status").asText(), held.toString());
        assertEquals("Mine now", t.get("title").asText(), held.toString());
      }
    }
    assertTrue(found, held.toString());
    String boot =
        ((TextContent)
                b.getPrompt(new GetPromptRequest("boot", Map.of())).messages().get(0).content())
            .text();
    assertTrue(
        boot.contains(
            "Tasks you hold (finish, release or retry them):\n- task "
                + task
                + " (assigned, need "
                + need
                + "): Mine now\n"),
        boot);
    ok(b, "complete_task", Map.of("task_id", task, "status", "cancelled"));
  }

  @Test
  void argumentsThatBreakAToolsSchemaAreToldWhatItTakesInEnglish() {
    // The server runs in tr_TR (MlosJar): the SDK's check would answer 'string bulundu'.
    CallToolResult r = a.callTool(new CallToolRequest("get_need", Map.of("need_id", "abc")));
    assertTrue(r.isError(), text(r));
    assertTrue(text(r).contains("[/need_id: string found, integer expected]"), text(r));
    assertTrue(
        text(r)
            .endsWith(
                ". Fix: pass the arguments as the tool's inputSchema (tools/list) gives them, each"
                    + " as its JSON type and no others: need_id (integer, required)"),
        text(r));
  }

  @Test
  void theBootPromptAndTheContextPackFollowTheAgent() throws Exception {
    GetPromptResult boot = a.getPrompt(new GetPromptRequest("boot", Map.of()));
    String text = ((TextContent) boot.messages().get(0).content()).text();
    assertTrue(text.startsWith("# Identity\n\nYou are agent " + agentA + ", type architect"), text);
    assertTrue(text.contains("\n# Awareness\n"), text);
    assertTrue(
        text.contains("scopes [], tags [parser]"),
        "the lens is part of the awareness layer: " + text);
    int tokens =
        Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE).countTokens(text);
    assertTrue(tokens <= BUDGET, tokens + " tokens, budget " + BUDGET + ":\n" + text);

    CallToolResult pack = a.callTool(new CallToolRequest("context_pack", Map.of()));
    assertFalse(Boolean.TRUE.equals(pack.isError()), text(pack));
    assertTrue(text(pack).startsWith("---\n"), text(pack));
    assertTrue(text(pack).contains("# Context pack: architect #" + agentA), text(pack));

    CallToolResult nobody =
        a.callTool(new CallToolRequest("context_pack", Map.of("agent_id", 999)));
    assertTrue(nobody.isError(), text(nobody));
    assertTrue(text(nobody).startsWith("refused (not_found): agent 999"), text(nobody));
  }

  /**
   * An agent over MCP had no way to learn another run's id (what agent_id takes): only `mlos agent
   * list` on the command line gave them.
   */
  @Test
  void anAgentFindsTheIdsOfTheAgentRunsWithListAgents() throws Exception {
    JsonNode list = ok(b, "list_agents", Map.of());
    Map<Long, String> types = new LinkedHashMap<>();
    for (JsonNode run : list.get("agents")) {
      types.put(run.get("id").asLong(), run.get("agent_type").asText());
    }
    assertEquals("architect", types.get(agentA), list.toString());
    assertEquals("builder", types.get(agentB), list.toString());
    assertEquals(list.get("agents").size(), list.get("total").asInt(), list.toString());

    CallToolResult wrong = b.callTool(new CallToolRequest("list_agents", Map.of("limit", 0)));
    assertTrue(wrong.isError(), text(wrong));
    assertTrue(text(wrong).contains("/limit: must have a minimum value of 1"), text(wrong));
  }

  /**
   * A run served by {@code mlos mcp --agent N} stayed {@code provisioning} however long its agent
   * worked, until a person ran {@code mlos agent start N}: its server starts it when the session
   * opens, as the agent, before it answers the session's first request.
   */
  @Test
  void eachServerStartsItsAgentsRunWhenItsSessionOpens() throws Exception {
    JsonNode list = ok(b, "list_agents", Map.of());
    Map<Long, String> status = new LinkedHashMap<>();
    for (JsonNode run : list.get("agents")) {
      status.put(run.get("id").asLong(), run.get("status").asText());
    }
    assertEquals("active", status.get(agentA), list.toString());
    assertEquals("active", status.get(agentB), list.toString());
    String history = MlosJar.run(ws, "history", "agent:" + agentB).stdout();
    assertTrue(
        history.matches(
            "(?s).*update  by agent:"
                + agentB
                + " in mcp-[0-9]+  \\(status provisioning -> active\\)\\R.*"),
        history);
    MlosJar.Run again = MlosJar.run(ws, "agent", "start", Long.toString(agentB));
    assertEquals(0, again.exitCode(), again.toString());
    assertTrue(
        again.stdout().startsWith("Nothing changed: agent " + agentB + " is active already"),
        again.toString());
  }

  @Test
  void stdoutCarriesProtocolMessagesOnlyAndAGarbledLineDoesNotEndTheSession() throws Exception {
    // A client that is not the SDK: raw lines on stdin, every stdout line must be a JSON-RPC
    // message.
    Process p =
        new ProcessBuilder(MlosJar.command("mcp", "--workspace", ws.toString(), "--no-recompile"))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String input =
        String.join(
            "\n",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "this is not JSON {",
            // JSON, but no message the server reads: an id beyond 64 bits, an empty batch (id
            // null), a jsonrpc other than "2.0" (under its id). A batch, which this 2025-06-18
            // session does not take: refused whole, -32600 under 9, in a list.
            "{\"jsonrpc\":\"2.0\",\"id\":18446744073709551621,\"method\":\"ping\"}",
            "[{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}]",
            "[]",
            "{\"jsonrpc\":\"1.0\",\"id\":6,\"method\":\"ping\"}",
            // Two messages on one line: neither is taken, the line is refused whole.
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"}",
            // Messages, with params of the wrong shape: answered -32602 under their own ids.
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"search\",\"arguments\":[1]}}",
            // A tool the server does not have: named, with the tools it has.
            "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\",\"arguments\":{}}}",
            // A key twice (the SDK would take the last): refused, naming it.
            "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\",\"params\":{\"name\":\"get_need\",\"arguments\":{\"need_id\":1,\"need_id\":2}}}",
            // JSON with the id readable, but no JSON-RPC request: answered -32600 under the id (the
            // SDK's mapper took the method 5 as "5", answered -32601, and 2.0 as "2.0").
            "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":5}",
            "{\"jsonrpc\":2.0,\"id\":13,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":14,\"method\":\"ping\",\"params\":5}",
            // Every list comes whole, so no cursor is one the server gave (it ignored them).
            "{\"jsonrpc\":\"2.0\",\"id\":15,\"method\":\"tools/list\",\"params\":{\"cursor\":\"bogus\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":16,\"method\":\"resources/list\",\"params\":{\"cursor\":\"x\"}}",
            // A line that begins with a byte order mark, as Windows tools write: read without it.
            "\uFEFF{\"jsonrpc\":\"2.0\",\"id\":17,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"search\",\"arguments\":{\"query\":\"x\"}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"get_need\",\"arguments\":{\"need_id\":999999}}}",
            "");
    p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close(); // the server answers what it got, then exits
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server exits when stdin ends");
    assertEquals(0, p.exitValue());
    List<String> lines =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    Set<Integer> answered = new TreeSet<>();
    List<Integer> unreadable = new ArrayList<>();
    Map<Integer, Integer> codes = new LinkedHashMap<>();
    for (int id : List.of(4, 5, 10, 11, 15, 16)) {
      codes.put(id, -32602);
    }
    for (int id : List.of(6, 9, 12, 13, 14)) {
      codes.put(id, -32600);
    }
    for (String line : lines) {
      JsonNode m = JSON.readTree(line);
      if (m.isArray()) {
        assertEquals(1, m.size(), line);
        m = m.get(0);
        assertTrue(m.get("error").get("message").asText().contains("2025-06-18"), line);
      }
      assertEquals("2.0", m.get("jsonrpc").asText(), line);
      if (m.get("id").isNull()) {
        // A line the server could not take is answered, not left for the client to wait on.
        unreadable.add(m.get("error").get("code").asInt());
        continue;
      }
      answered.add(m.get("id").asInt());
      if (codes.containsKey(m.get("id").asInt())) {
        assertEquals(codes.get(m.get("id").asInt()), m.get("error").get("code").asInt(), line);
      }
      if (m.get("id").asInt() == 12) {
        assertEquals(
            "Invalid Request: method must be a string, not a number",
            m.get("error").get("message").asText(),
            line);
      }
      if (m.get("id").asInt() == 15) {
        assertEquals(
            "Invalid params: tools/list answers with the whole list on one page (no nextCursor),"
                + " so it takes no cursor; 'bogus' is not one it gave: leave params.cursor out",
            m.get("error").get("message").asText(),
            line);
      }
      if (m.get("id").asInt() == 17) {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":17,\"result\":{}}", line);
      }
      if (m.get("id").asInt() == 10) {
        assertEquals(
            "Invalid params: unknown tool 'nope'; the tools are " + String.join(", ", TOOLS),
            m.get("error").get("message").asText(),
            line);
      }
      if (m.get("id").asInt() == 11) {
        assertEquals(
            "Invalid params: key 'need_id' appears twice in params.arguments; mlos does not guess"
                + " which one you meant: send it once",
            m.get("error").get("message").asText(),
            line);
      }
      if (m.get("id").asInt() == 3) {
        assertTrue(m.get("result").get("isError").asBoolean(), line);
        assertTrue(
            m.get("result")
                .get("content")
                .get(0)
                .get("text")
                .asText()
                .startsWith("refused (not_found): "),
            line);
      }
    }
    assertEquals(
        new TreeSet<>(List.of(1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14, 15, 16, 17)),
        answered,
        String.join("\n", lines));
    assertEquals(List.of(-32700, -32600, -32600, -32700), unreadable, String.join("\n", lines));
  }

  /**
   * A client speaking MCP 2025-03-26 that sent a JSON-RPC batch got the answers one per line;
   * JSON-RPC 2.0 answers a batch with one list, a response for each request (in the batch's order
   * here), none for a notification. Driven against the real server, whose SDK writes the answers.
   */
  @Test
  void aBatchIsAnsweredWithOneListInASessionOf20250326() throws Exception {
    Process p =
        new ProcessBuilder(MlosJar.command("mcp", "--workspace", ws.toString(), "--no-recompile"))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String input =
        String.join(
            "\n",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-03-26\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "[{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"tools/list\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"tools/call\",\"params\":{\"name\":\"nope\",\"arguments\":{}}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"c\",\"method\":\"ping\"}]",
            "[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}]",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}",
            "");
    p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server exits when stdin ends");
    List<String> lines =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertEquals(0, p.exitValue(), String.join("\n", lines));
    assertEquals(3, lines.size(), String.join("\n", lines));
    assertEquals(
        "2025-03-26",
        JSON.readTree(lines.get(0)).get("result").get("protocolVersion").asText(),
        lines.get(0));
    JsonNode batch = JSON.readTree(lines.get(1));
    assertTrue(batch.isArray(), lines.get(1));
    assertEquals(3, batch.size(), lines.get(1));
    assertEquals("a", batch.get(0).get("id").asText(), lines.get(1));
    assertEquals(TOOLS.size(), batch.get(0).get("result").get("tools").size(), lines.get(1));
    assertEquals("b", batch.get(1).get("id").asText(), lines.get(1));
    assertEquals(-32602, batch.get(1).get("error").get("code").asInt(), lines.get(1));
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"c\",\"result\":{}}", batch.get(2).toString());
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}", lines.get(2));
  }

  @Test
  void aMistakenEdgeAndAnArtifactAreTakenBackAndARetryIsNoError() throws Exception {
    long x = ok(b, "create_need", Map.of("title", "Unblock me")).get("id").asLong();
    long y = ok(b, "create_need", Map.of("title", "Not a blocker")).get("id").asLong();
    Map<String, Object> edge =
        Map.of(
            "source_type", "need",
            "source_id", y,
            "relationship_type", "blocks",
            "target_type", "need",
            "target_id", x);
    long id = ok(b, "relate", edge).get("id").asLong();
    Map<String, Object> noted = new LinkedHashMap<>(edge);
    noted.put("reason", "not a blocker after all");
    JsonNode removed = ok(b, "unrelate", noted);
    assertTrue(removed.get("removed").asBoolean(), removed.toString());
    assertEquals(id, removed.get("relationship").get("id").asLong(), removed.toString());
    JsonNode history =
        JSON.readTree(
                MlosJar.run(
                        dir,
                        "history",
                        "relationship:" + id,
                        "--workspace",
                        ws.toString(),
                        "--json")
                    .stdout())
            .get("history");
    assertEquals(
        "not a blocker after all",
        history.get(history.size() - 1).get("reason").asText(),
        "the reason is in the edge's history: " + history);
    JsonNode again = ok(b, "unrelate", edge);
    assertFalse(again.get("removed").asBoolean(), again.toString());
    assertTrue(ok(b, "get_need", Map.of("need_id", x)).get("relationships").isEmpty());

    Files.writeString(ws.resolve("taken-back.md"), "# Taken back\n");
    long art = ok(b, "register_artifact", Map.of("file_path", "taken-back.md")).get("id").asLong();
    ok(
        b,
        "relate",
        Map.of(
            "source_type", "need",
            "source_id", x,
            "relationship_type", "references",
            "target_type", "artifact",
            "target_id", art));
    ok(b, "transition_need", Map.of("need_id", x, "status", "active"));
    ok(b, "transition_need", Map.of("need_id", x, "status", "actionable"));
    long task =
        ok(
                b,
                "graduate_need",
                Map.of("need_id", x, "tasks", List.of(Map.of("description", "Read it"))))
            .get("tasks")
            .get(0)
            .get("id")
            .asLong();
    JsonNode urgent = ok(b, "update_task", Map.of("task_id", task, "priority", 1));
    assertEquals(1, urgent.get("priority").asInt(), urgent.toString());
    JsonNode gone = ok(b, "remove_artifact", Map.of("artifact_id", art));
    assertEquals(1, gone.get("removed_relationships").size(), gone.toString());
    assertTrue(Files.exists(ws.resolve("taken-back.md")), "the file is not touched");
    CallToolResult twice =
        b.callTool(new CallToolRequest("remove_artifact", Map.of("artifact_id", art)));
    assertTrue(twice.isError(), text(twice));
    assertTrue(text(twice).startsWith("refused (not_found): artifact " + art), text(twice));
  }

  /**
   * An agent that reorganised files had no tool to move an artifact: it registered the new path as
   * a new artifact, the old one was left missing (the guard failed) and the edges stayed on the old
   * id. move_artifact keeps the id and the edges, the pages follow, the guard passes; every refusal
   * names the argument, its rule and the fix, and moves nothing.
   */
  @Test
  void anAgentMovesAnArtifactItsIdEdgesAndPagesFollowAndTheGuardPasses() throws Exception {
    Files.createDirectories(ws.resolve("notes"));
    Files.writeString(ws.resolve("notes/plan.md"), "# Plan\n");
    Files.writeString(ws.resolve("notes/other.md"), "# Other\n");
    long art = ok(b, "register_artifact", Map.of("file_path", "notes/plan.md")).get("id").asLong();
    long other =
        ok(b, "register_artifact", Map.of("file_path", "notes/other.md")).get("id").asLong();
    long need = ok(b, "create_need", Map.of("title", "Keep the plan")).get("id").asLong();
    ok(
        b,
        "relate",
        Map.of(
            "source_type", "need",
            "source_id", need,
            "relationship_type", "references",
            "target_type", "artifact",
            "target_id", art));
    Files.createDirectories(ws.resolve("docs/plans"));
    Files.move(ws.resolve("notes/plan.md"), ws.resolve("docs/plans/plan.md"));
    Path outside = dir.resolve("outside.md");
    Files.writeString(outside, "# Outside\n");
    Files.createSymbolicLink(ws.resolve("docs/plans/link.md"), outside);

    // Each refusal: the tool's argument, the rule, the fix; the artifact stays where it was.
    Map<String, String> refusals = new LinkedHashMap<>();
    refusals.put(
        "notes/other.md",
        "refused (artifact.path): argument 'file_path': artifact "
            + art
            + " cannot move to 'notes/other.md': it is artifact ");
    refusals.put(
        outside.toString(),
        "refused (artifact.path): argument 'file_path': Invalid"
            + " workspace path '"
            + outside
            + "': is absolute");
    refusals.put(
        "../outside.md",
        "refused (artifact.path): argument 'file_path': Invalid"
            + " workspace path '../outside.md': contains a '..' segment");
    refusals.put(
        "docs/plans/link.md",
        "refused (artifact.path): argument 'file_path': Invalid"
            + " workspace path 'docs/plans/link.md': leads outside the workspace");
    refusals.put(
        "mlos.db",
        "refused (artifact.path): argument 'file_path': 'mlos.db' is the"
            + " workspace's database");
    refusals.put(
        "docs/plans/nothere.md",
        "refused (artifact.file): argument 'file_path':"
            + " 'docs/plans/nothere.md' is not a file under the workspace");
    for (Map.Entry<String, String> r : refusals.entrySet()) {
      CallToolResult refused =
          b.callTool(
              new CallToolRequest(
                  "move_artifact", Map.of("artifact_id", art, "file_path", r.getKey())));
      assertTrue(Boolean.TRUE.equals(refused.isError()), r.getKey() + ": " + text(refused));
      assertTrue(text(refused).startsWith(r.getValue()), text(refused));
      assertTrue(text(refused).contains(". Fix: "), text(refused));
    }
    assertTrue(
        text(b.callTool(
                new CallToolRequest(
                    "move_artifact", Map.of("artifact_id", art, "file_path", "notes/other.md"))))
            .endsWith(
                "unregister it with `remove_artifact` with `artifact_id` "
                    + other
                    + " (its own edges go with it), then move artifact "
                    + art
                    + " again; else"
                    + " give the path of the file artifact "
                    + art
                    + " stands for"));
    assertTrue(
        text(b.callTool(
                new CallToolRequest(
                    "move_artifact",
                    Map.of("artifact_id", art, "file_path", "docs/plans/nothere.md"))))
            .endsWith(
                "Fix: move the file first (`git mv notes/plan.md docs/plans/nothere.md`), then"
                    + " move the artifact; or give the path the file has now, relative to the"
                    + " workspace root"));
    CallToolResult unknown =
        b.callTool(
            new CallToolRequest(
                "move_artifact",
                Map.of("artifact_id", 999_999, "file_path", "docs/plans/plan.md")));
    assertEquals(
        "refused (not_found): artifact 999999 does not exist. Fix: find the artifact's id with"
            + " search (type artifact)",
        text(unknown));
    CallToolResult zero =
        b.callTool(
            new CallToolRequest(
                "move_artifact", Map.of("artifact_id", 0, "file_path", "docs/plans/plan.md")));
    assertTrue(
        text(zero)
            .startsWith(
                "refused (input): argument 'artifact_id' must be an integer id of 1 or more"),
        text(zero));

    JsonNode moved =
        ok(
            b,
            "move_artifact",
            Map.of("artifact_id", art, "file_path", "docs/plans/plan.md", "reason", "sorted"));
    assertEquals(art, moved.get("id").asLong(), moved.toString());
    assertEquals("docs/plans/plan.md", moved.get("file_path").asText(), moved.toString());
    assertEquals("notes/plan.md", moved.get("moved_from").asText(), "no refusal moved it");
    assertTrue(moved.get("changed").asBoolean(), moved.toString());
    assertFalse(moved.get("content_differs").asBoolean(), moved.toString());
    JsonNode edges = ok(b, "get_need", Map.of("need_id", need)).get("relationships");
    assertTrue(edges.toString().contains("\"target_id\":" + art), edges.toString());
    JsonNode history =
        JSON.readTree(
                MlosJar.run(
                        dir, "history", "artifact:" + art, "--workspace", ws.toString(), "--json")
                    .stdout())
            .get("history");
    JsonNode last = history.get(history.size() - 1);
    assertEquals("agent:" + agentB, last.get("actor").asText(), last.toString());
    assertEquals("sorted", last.get("reason").asText(), last.toString());
    assertEquals("notes/plan.md", last.get("old_values").get("file_path").asText());
    JsonNode again =
        ok(b, "move_artifact", Map.of("artifact_id", art, "file_path", "docs/plans/plan.md"));
    assertFalse(again.get("changed").asBoolean(), "a move to its own path writes nothing");

    // Moved and edited: moved, the recorded hash kept until the agent records the change.
    Files.move(ws.resolve("docs/plans/plan.md"), ws.resolve("docs/plan.md"));
    Files.writeString(ws.resolve("docs/plan.md"), "# Plan, edited\n");
    JsonNode edited =
        ok(b, "move_artifact", Map.of("artifact_id", art, "file_path", "docs/plan.md"));
    assertTrue(edited.get("content_differs").asBoolean(), edited.toString());
    assertEquals(moved.get("content_hash"), edited.get("content_hash"), "the hash is kept");
    assertTrue(
        edited
            .get("note")
            .asText()
            .endsWith(
                "the recorded hash is kept, so the guard reports the change (ARTIFACT_DRIFT);"
                    + " review it, then record it with `register_artifact` with `file_path`"
                    + " 'docs/plan.md'"),
        edited.toString());
    JsonNode recorded = ok(b, "register_artifact", Map.of("file_path", "docs/plan.md"));
    assertEquals(art, recorded.get("id").asLong(), recorded.toString());
    assertEquals("updated", recorded.get("outcome").asText(), recorded.toString());

    // The background recompile shows the new path; the guard finds nothing about the artifact.
    Path page = ws.resolve("ARTIFACTS.md");
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < until
        && !(Files.isRegularFile(page)
            && Files.readString(page).contains("docs/plan.md")
            && !Files.readString(page).contains("notes/plan.md"))) {
      Thread.sleep(200);
    }
    String artifacts = Files.readString(page);
    assertTrue(
        artifacts.contains("docs/plan.md") && !artifacts.contains("notes/plan.md"), artifacts);
    MlosJar.Run guard = MlosJar.run(dir, "guard", "--workspace", ws.toString(), "--json");
    JsonNode violations = JSON.readTree(guard.stdout()).get("violations");
    for (JsonNode v : violations) {
      assertFalse(
          v.get("message").asText().contains("artifact " + art + " ")
              || v.get("path").asText().contains("plan.md"),
          "the guard passes for the moved artifact: " + v);
    }
    // A page the compile wrote (recorded now) is one no artifact may be moved to.
    CallToolResult compiled =
        b.callTool(
            new CallToolRequest(
                "move_artifact", Map.of("artifact_id", art, "file_path", "ARTIFACTS.md")));
    assertTrue(
        text(compiled)
            .startsWith(
                "refused (artifact.path): argument 'file_path': 'ARTIFACTS.md' is a page mlos"
                    + " compiles"),
        text(compiled));
    assertTrue(text(compiled).contains(". Fix: give the path of the regular file"), text(compiled));
  }

  @Test
  void updateNeedClearsTheFieldsTheCommandLineClears() throws Exception {
    long id =
        ok(
                b,
                "create_need",
                Map.of("title", "Clear me", "priority", 3, "scope", "kernel", "description", "d"))
            .get("id")
            .asLong();
    ok(b, "update_need", Map.of("need_id", id, "clear", List.of("scope", "priority")));
    // A description as long as the command line takes (the engine's 100,000 characters): the
    // tool's schema stopped at 20,000, so an agent could not update what a person wrote.
    String longText = "d".repeat(50_000);
    ok(b, "update_need", Map.of("need_id", id, "description", longText));
    assertEquals(
        50_000, ok(b, "get_need", Map.of("need_id", id)).get("description").asText().length());
    ok(b, "update_need", Map.of("need_id", id, "description", "d"));
    JsonNode need = ok(b, "get_need", Map.of("need_id", id));
    assertTrue(need.get("scope").isNull() && need.get("priority").isNull(), need.toString());
    assertEquals("d", need.get("description").asText(), "what is not named stays");
    CallToolResult both =
        b.callTool(
            new CallToolRequest(
                "update_need", Map.of("need_id", id, "scope", "x", "clear", List.of("scope"))));
    assertTrue(both.isError(), text(both));
    assertTrue(
        text(both).startsWith("refused (input): need field 'scope' is both set and cleared"),
        text(both));
    // A need recorded without its transcript or parent could not get them over MCP.
    long parent = ok(b, "create_need", Map.of("title", "Parent")).get("id").asLong();
    ok(
        b,
        "update_need",
        Map.of("need_id", id, "source_transcript", "t/run.md", "parent_need_id", parent));
    JsonNode linked = ok(b, "get_need", Map.of("need_id", id));
    assertEquals("t/run.md", linked.get("source_transcript").asText(), linked.toString());
    assertEquals(parent, linked.get("parent_need_id").asLong(), linked.toString());
    ok(b, "update_need", Map.of("need_id", id, "clear", List.of("source_transcript", "parent")));
    JsonNode unlinked = ok(b, "get_need", Map.of("need_id", id));
    assertTrue(
        unlinked.get("source_transcript").isNull() && unlinked.get("parent_need_id").isNull(),
        unlinked.toString());
    // Only the id: was answered with the need, as if updated, with nothing written.
    CallToolResult nothing = b.callTool(new CallToolRequest("update_need", Map.of("need_id", id)));
    assertTrue(nothing.isError(), text(nothing));
    assertTrue(
        text(nothing).startsWith("refused (input): nothing to change (")
            && text(nothing).contains(". Fix: give title, description,"),
        text(nothing));
  }

  /**
   * A trial with three agents at once lost tags: update_need's {@code tags} replaces them all, so
   * of two agents that read none and wrote their own, one lost its tag. With {@code add_tags} each
   * server's engine adds to the tags it reads in the same transaction.
   */
  @Test
  void twoAgentsAddingTagsToOneNeedAtOnceBothKeepTheirs() throws Exception {
    long id = ok(b, "create_need", Map.of("title", "Tagged by two")).get("id").asLong();
    assertEquals(0, ok(a, "get_need", Map.of("need_id", id)).get("tags").size());
    assertEquals(0, ok(b, "get_need", Map.of("need_id", id)).get("tags").size());
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<Future<Void>> writes = new ArrayList<>();
      for (String who : List.of("a", "b")) {
        McpSyncClient c = who.equals("a") ? a : b;
        writes.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 5; i++) {
                    ok(c, "update_need", Map.of("need_id", id, "add_tags", List.of(who + i)));
                  }
                  return null;
                }));
      }
      for (Future<Void> w : writes) {
        w.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    JsonNode tags = ok(a, "get_need", Map.of("need_id", id)).get("tags");
    assertEquals(
        "[\"a0\",\"a1\",\"a2\",\"a3\",\"a4\",\"b0\",\"b1\",\"b2\",\"b3\",\"b4\"]", tags.toString());
    ok(a, "update_need", Map.of("need_id", id, "remove_tags", List.of("a0", "b0")));
    assertEquals(8, ok(b, "get_need", Map.of("need_id", id)).get("tags").size());
    // A tag the schema lets through as a string is refused by the engine's tag rule, with its form.
    CallToolResult bad =
        b.callTool(
            new CallToolRequest(
                "update_need", Map.of("need_id", id, "add_tags", List.of("Kernel Boot"))));
    assertTrue(bad.isError(), text(bad));
    assertTrue(
        text(bad).startsWith("refused (need.tags): need " + id + ": tag 'Kernel Boot'"), text(bad));
    assertTrue(text(bad).contains("Fix: ") && text(bad).contains("'kernel-boot'"), text(bad));
  }

  @Test
  void writesSentWithoutWaitingLandInTheOrderTheyWereSent() throws Exception {
    // A client (or an agent making parallel tool calls) that does not wait for each reply: the
    // last write sent wins, and the replies come back in the order the requests were sent.
    long id = ok(b, "create_need", Map.of("title", "t0")).get("id").asLong();
    Process p =
        new ProcessBuilder(MlosJar.command("mcp", "--workspace", ws.toString(), "--no-recompile"))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    StringBuilder input =
        new StringBuilder(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
    for (int i = 1; i <= 30; i++) {
      input.append(
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + (i + 1)
              + ",\"method\":\"tools/call\",\"params\":{\"name\":\"update_need\",\"arguments\":{\"need_id\":"
              + id
              + ",\"title\":\"t"
              + i
              + "\"}}}\n");
    }
    // A user trial: requests the server refuses itself (an unknown tool, a URI that names no
    // resource) were answered at once, ahead of the replies to the requests sent before them.
    input.append(
        "{\"jsonrpc\":\"2.0\",\"id\":32,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\"}}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":33,\"method\":\"resources/read\",\"params\":{\"uri\":\"mlos://x\"}}\n");
    p.getOutputStream().write(input.toString().getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server answers and exits");
    List<Integer> order = new ArrayList<>();
    for (String line :
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
      JsonNode m = JSON.readTree(line);
      if (m.get("id").asInt() > 31) {
        assertTrue(m.has("error"), line);
        order.add(m.get("id").asInt());
      } else if (m.get("id").asInt() > 1) {
        assertFalse(m.get("result").get("isError").asBoolean(), line);
        order.add(m.get("id").asInt());
      }
    }
    assertEquals(java.util.stream.IntStream.rangeClosed(2, 33).boxed().toList(), order);
    assertEquals("t30", ok(b, "get_need", Map.of("need_id", id)).get("title").asText());
  }

  @Test
  void aRequestLeftWhenStdinClosesIsToldItWasNotAnswered() throws Exception {
    // A client that never sent initialize: the SDK answers nothing but ping until it does, so the
    // server does not wait for it: each request is answered that it was not, and the exit says so.
    Process p =
        new ProcessBuilder(MlosJar.command("mcp", "--workspace", ws.toString(), "--no-recompile"))
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .start();
    p.getOutputStream()
        .write(
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"tools/call\",\"params\":{\"name\":\"get_need\",\"arguments\":{\"need_id\":1}}}\n")
                .getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server answers and exits");
    List<String> lines =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertEquals(2, lines.size(), String.join("\n", lines));
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", lines.get(0));
    JsonNode left = JSON.readTree(lines.get(1));
    assertEquals("two", left.get("id").asText());
    assertEquals(-32000, left.get("error").get("code").asInt());
    assertTrue(
        left.get("error").get("message").asText().contains("without initializing the session"),
        lines.get(1));
    assertEquals(2, p.exitValue());
    assertTrue(
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
            .contains("1 request(s) not answered before stdin closed"));
  }

  /**
   * A raw client of a server process: writes lines to its stdin and reads each answer while stdin
   * stays open, as a client that waits for its answers does (closing stdin makes the server answer
   * what it holds, which hides a request it would have held for good).
   */
  private static final class RawClient implements AutoCloseable {
    final Process process;
    final Path stderr;
    private final java.util.concurrent.BlockingQueue<String> out =
        new java.util.concurrent.LinkedBlockingQueue<>();

    RawClient(String name) throws java.io.IOException {
      stderr = dir.resolve(name + ".stderr");
      process =
          new ProcessBuilder(MlosJar.command("mcp", "--workspace", ws.toString(), "--no-recompile"))
              .redirectError(stderr.toFile())
              .start();
      Thread reader =
          new Thread(
              () -> {
                try (java.io.BufferedReader r =
                    new java.io.BufferedReader(
                        new java.io.InputStreamReader(
                            process.getInputStream(), StandardCharsets.UTF_8))) {
                  r.lines().forEach(out::add);
                } catch (java.io.IOException e) {
                  out.add("reader failed: " + e);
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    /** Sends one line and returns the next answer, which must come while stdin is open. */
    JsonNode ask(String line) throws Exception {
      send(line);
      return next("to " + line);
    }

    /** The next answer, which must come while stdin is open. */
    JsonNode next(String what) throws Exception {
      String answer = out.poll(60, TimeUnit.SECONDS);
      assertTrue(answer != null, "no answer within 60 s, stdin open, " + what);
      return JSON.readTree(answer);
    }

    void send(String line) throws java.io.IOException {
      process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    }

    /** Closes stdin; the server exits. The lines it wrote after the answers read. */
    List<String> end() throws Exception {
      process.getOutputStream().close();
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server exits when stdin ends");
      Thread.sleep(100); // the reader's last lines
      return List.copyOf(out);
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  /**
   * A client whose initialize was refused (protocolVersion 5; capabilities 5, which the SDK
   * answered -32603 with a Java class's name; clientInfo.name 5, which the SDK took as "5") and
   * that went on with notifications/initialized: the SDK opened the session at the notification,
   * and tools/list was answered. A session opens only after an initialize answered with a result:
   * the notification is ignored (stderr says so). A request after the refusal was then held until
   * the client closed stdin, and a client waiting for its answer waited for good: it is answered at
   * once, with what to send. A message JSON-RPC does not allow (params null, a method beside a
   * result) is refused as such. An initialize as MCP has it then opens the session.
   */
  @Test
  void aRefusedInitializeOpensNoSessionAndARequestAfterItIsAnsweredAtOnce() throws Exception {
    String head = "{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":\"initialize\",\"params\":{%s}}";
    String fine = "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"0\"}";
    try (RawClient c = new RawClient("refused-initialize")) {
      // A request before any initialize waits for the session; found with a raw client: after the
      // initialize was refused, it was held until the client closed stdin (and had the session
      // opened later, it would have run then). It is answered as soon as the refusal is out.
      c.send("{\"jsonrpc\":\"2.0\",\"id\":\"early\",\"method\":\"tools/list\"}");
      JsonNode version = c.ask(String.format(head, "0", "\"protocolVersion\":5," + fine));
      assertEquals(-32602, version.path("error").path("code").asInt(), version.toString());
      JsonNode early = c.next("to the tools/list sent before the refused initialize");
      assertEquals("early", early.get("id").asText(), early.toString());
      assertEquals(-32000, early.path("error").path("code").asInt(), early.toString());
      assertTrue(
          early
              .path("error")
              .path("message")
              .asText()
              .startsWith(
                  "Server not initialized: the last initialize was not accepted (its error says"
                      + " why), and until one is this server answers nothing but ping and"
                      + " initialize. Send initialize again with params"),
          early.toString());
      JsonNode capabilities =
          c.ask(
              String.format(
                  head,
                  "\"i\"",
                  "\"protocolVersion\":\"2025-06-18\",\"capabilities\":5,"
                      + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"0\"}"));
      assertEquals("i", capabilities.get("id").asText());
      assertEquals(
          "Invalid params: initialize's params.capabilities has the wrong type for MCP's"
              + " InitializeRequest (capabilities and clientInfo are objects, clientInfo with a name"
              + " and a version)",
          capabilities.path("error").path("message").asText());
      JsonNode name =
          c.ask(
              String.format(
                  head,
                  "\"c\"",
                  "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                      + "\"clientInfo\":{\"name\":5,\"version\":\"0\"}"));
      assertEquals(-32602, name.path("error").path("code").asInt(), name.toString());
      assertTrue(
          name.path("error")
              .path("message")
              .asText()
              .startsWith(
                  "Invalid params: initialize needs params.clientInfo.name, a string, not a number:"
                      + " send clientInfo as {\"name\": \"your-client\", \"version\": \"1.0.0\"}"),
          name.toString());
      c.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      JsonNode tools = c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
      assertEquals(1, tools.get("id").asInt(), tools.toString());
      assertEquals(
          -32000, tools.path("error").path("code").asInt(), "no session, no tools: " + tools);
      assertTrue(
          tools
              .path("error")
              .path("message")
              .asText()
              .startsWith(
                  "Server not initialized: the last initialize was not accepted (its error says"
                      + " why), and until one is this server answers nothing but ping and"
                      + " initialize. Send initialize again with params"),
          tools.toString());
      JsonNode nullParams =
          c.ask("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":null}");
      assertEquals(2, nullParams.get("id").asInt(), nullParams.toString());
      assertEquals(-32602, nullParams.path("error").path("code").asInt(), nullParams.toString());
      JsonNode both =
          c.ask("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"result\":{}}");
      assertEquals(3, both.get("id").asInt(), both.toString());
      assertEquals(-32600, both.path("error").path("code").asInt(), both.toString());

      JsonNode accepted =
          c.ask(String.format(head, "4", "\"protocolVersion\":\"2025-06-18\"," + fine));
      assertTrue(accepted.has("result"), accepted.toString());
      c.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      JsonNode served = c.ask("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}");
      assertEquals(TOOLS.size(), served.path("result").path("tools").size(), served.toString());

      assertEquals(
          List.of(),
          c.end(),
          "every request was answered before stdin closed, the early one once: it did not run when"
              + " the session opened");
      assertEquals(0, c.process.exitValue());
      String stderr = Files.readString(c.stderr);
      assertTrue(
          stderr.contains(
              "mlos mcp: answered tools/list (sent before initialize) now: the session is not"
                  + " initialized, the last initialize was not accepted"),
          stderr);
      assertTrue(
          stderr.contains(
              "mlos mcp: ignored notifications/initialized: no initialize was accepted"),
          stderr);
      assertTrue(
          stderr.contains(
              "mlos mcp: answered tools/list at once: the session is not initialized, the last"
                  + " initialize was not accepted"),
          stderr);
    }
  }

  /**
   * Found by a hostile review: register_artifact of a dataset (a sparse 20 GB file) hashed for 107
   * s after its client cancelled it, every request behind it waited, and then the artifact was
   * recorded all the same. The hash now stops at the cancellation: the next request is answered at
   * once, the cancelled call gets no answer, and nothing is recorded.
   *
   * <p>Found with the TypeScript SDK's client (trial11): it cancels a call at its request timeout
   * (60 s by default), so a file that takes longer to hash was never registered, and a client that
   * keeps waiting while it is told of progress was told nothing. A call with a progressToken is now
   * told, when the hash starts and once a second after, that it is still at work.
   */
  @Test
  void aRegistrationCancelledWhileItHashesStopsAndRecordsNothing() throws Exception {
    Path big = ws.resolve("datasets/huge.bin");
    Files.createDirectories(big.getParent());
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(64L << 30); // sparse: minutes of hashing, no disk space
    }
    try (RawClient c = new RawClient("cancelled-while-hashing");
        java.sql.Connection db =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + ws.resolve("mlos.db"))) {
      JsonNode init =
          c.ask(
              "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                  + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"0\"}}}");
      assertTrue(init.has("result"), init.toString());
      c.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      c.send(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":"
              + "\"register_artifact\",\"arguments\":{\"file_path\":\"datasets/huge.bin\"},"
              + "\"_meta\":{\"progressToken\":\"hash-1\"}}}");
      String progress = c.out.poll(30, TimeUnit.SECONDS);
      assertTrue(progress != null, "no progress notification within 30 s of hashing");
      JsonNode told = JSON.readTree(progress);
      assertEquals("notifications/progress", told.path("method").asText(), progress);
      assertEquals("hash-1", told.path("params").path("progressToken").asText(), progress);
      assertEquals(0, told.path("params").path("progress").asInt(), progress);
      assertTrue(
          told.path("params").path("message").asText().startsWith("hashing the file (0 s so far)"),
          progress);
      String second = c.out.poll(30, TimeUnit.SECONDS);
      assertTrue(second != null, "no second progress notification within 30 s of hashing");
      assertEquals(1, JSON.readTree(second).path("params").path("progress").asInt(), second);
      long cancelled = System.nanoTime();
      c.send(
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
              + "{\"requestId\":1,\"reason\":\"the user pressed stop\"}}");
      JsonNode next =
          c.ask(
              "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                  + "\"list_agents\",\"arguments\":{}}}");
      for (int i = 0; i < 100 && next.has("method"); i++) { // progress sent before it stopped
        assertEquals("notifications/progress", next.get("method").asText(), next.toString());
        next = c.next("to list_agents");
      }
      long waited = (System.nanoTime() - cancelled) / 1_000_000;
      assertEquals(2, next.get("id").asInt(), "no answer to the cancelled call: " + next);
      assertTrue(waited < 30_000, "the next request waited " + waited + " ms");
      assertEquals(List.of(), c.end(), "nothing more is answered");
      try (java.sql.ResultSet r =
          db.createStatement()
              .executeQuery(
                  "SELECT count(*) FROM artifacts WHERE file_path = 'datasets/huge.bin'")) {
        assertTrue(r.next());
        assertEquals(0, r.getInt(1), "the cancelled registration recorded nothing");
      }
    } finally {
      Files.deleteIfExists(big);
      Files.deleteIfExists(big.getParent());
    }
  }

  /**
   * Found reading the gate: a request the client cancelled (notifications/cancelled) before the
   * server started on it, while it waited behind a slow one, still ran; only its answer was
   * dropped. A create_need the client gave up on made a need all the same. It is not run at all now
   * (MCP: a cancelled request gets no response); the slow one before it finishes as it would, and
   * the one after it is answered.
   */
  @Test
  void aWriteCancelledBeforeTheServerStartsOnItDoesNotRun() throws Exception {
    Path db = ws.resolve("mlos.db");
    assertTrue(Files.isRegularFile(db), db.toString());
    String create =
        "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":"
            + "\"create_need\",\"arguments\":{\"title\":\"%s\"}}}";
    try (RawClient c = new RawClient("cancelled-before-start");
        java.sql.Connection lock = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
      JsonNode init =
          c.ask(
              "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                  + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"0\"}}}");
      assertTrue(init.has("result"), init.toString());
      c.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      // Another process holds the write lock: the first create_need waits for it.
      lock.createStatement().execute("BEGIN IMMEDIATE");
      c.send(String.format(create, 1, "slow write before the cancelled one"));
      c.send(String.format(create, 2, "cancelled before it started"));
      c.send(
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
              + "{\"requestId\":2,\"reason\":\"the user pressed stop\"}}");
      // Blank lines (skipped), more than the pipe holds: once they are written, the server has
      // read the cancellation, while the lock is still held.
      c.send("\n".repeat(256 * 1024));
      lock.createStatement().execute("COMMIT");
      JsonNode slow = c.next("to the slow create_need");
      assertEquals(1, slow.get("id").asInt(), slow.toString());
      assertFalse(slow.path("result").path("isError").asBoolean(), slow.toString());
      JsonNode after = c.ask("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
      assertEquals(3, after.get("id").asInt(), "no answer to the cancelled request: " + after);
      assertEquals(List.of(), c.end(), "nothing more is answered");
      assertEquals(0, c.process.exitValue());
      try (java.sql.ResultSet r =
          lock.createStatement()
              .executeQuery(
                  "SELECT title FROM needs WHERE title IN ('slow write before the cancelled one',"
                      + " 'cancelled before it started') ORDER BY title")) {
        List<String> titles = new ArrayList<>();
        while (r.next()) {
          titles.add(r.getString(1));
        }
        assertEquals(List.of("slow write before the cancelled one"), titles);
      }
      String stderr = Files.readString(c.stderr);
      assertTrue(
          stderr.contains(
              "mlos mcp: did not run tools/call: the client cancelled it (notifications/cancelled)"
                  + " before the server started on it; nothing changed and no answer is sent"),
          stderr);
    }
  }

  /**
   * Found with the TypeScript SDK's client (trial14): a create_need the client cancelled while the
   * server waited for another process's write lock waited on and made its need once the lock was
   * free, its answer never sent, so a client that retried made it twice. The write now stops
   * waiting at the cancellation: nothing is written, no answer is sent, the next request is
   * answered, and the server's log said what it waited for.
   */
  @Test
  void aWriteCancelledWhileItWaitsForTheLockWritesNothing() throws Exception {
    Path db = ws.resolve("mlos.db");
    String title = "cancelled while it waited for the lock";
    try (RawClient c = new RawClient("cancelled-while-waiting");
        java.sql.Connection lock = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
      JsonNode init =
          c.ask(
              "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                  + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"0\"}}}");
      assertTrue(init.has("result"), init.toString());
      c.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      lock.createStatement().execute("BEGIN IMMEDIATE");
      try {
        c.send(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"create_need\",\"arguments\":{\"title\":\""
                + title
                + "\"}}}");
        // The server works on it, waiting for the lock, once its log says so (after 2 s).
        String waits = "mlos mcp: a write waits for the database's write lock";
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.readString(c.stderr).contains(waits) && System.nanoTime() < until) {
          Thread.sleep(50);
        }
        assertTrue(Files.readString(c.stderr).contains(waits), Files.readString(c.stderr));
        c.send(
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
                + "{\"requestId\":1,\"reason\":\"the user pressed stop\"}}");
        JsonNode after = c.ask("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
        assertEquals(2, after.get("id").asInt(), "no answer to the cancelled call: " + after);
        // The call stopped while the lock was still held (its log says so), not after.
        String stopped =
            "mlos mcp: create_need stopped while waiting for the database's write lock, which"
                + " another process held, as asked; nothing was written";
        while (!Files.readString(c.stderr).contains(stopped) && System.nanoTime() < until) {
          Thread.sleep(50);
        }
        assertTrue(Files.readString(c.stderr).contains(stopped), Files.readString(c.stderr));
      } finally {
        lock.createStatement().execute("COMMIT");
      }
      assertEquals(List.of(), c.end(), "nothing more is answered");
      try (java.sql.ResultSet r =
          lock.createStatement()
              .executeQuery("SELECT count(*) FROM needs WHERE title = '" + title + "'")) {
        assertEquals(0, r.getInt(1), "the cancelled create_need wrote nothing");
      }
    }
  }

  /**
   * A client out of step with MCP's handshake: a ping before its initialize (MCP allows one at any
   * time; the SDK alone would hold it until initialize), and no notifications/initialized after it
   * (MCP asks for one; the SDK alone held every later request for good, so the client waited
   * forever). Both are answered; stderr says the session was taken as initialized.
   */
  @Test
  void aClientOutOfStepWithTheHandshakeIsAnswered() throws Exception {
    Process p =
        new ProcessBuilder(MlosJar.command("mcp", "--workspace", ws.toString(), "--no-recompile"))
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .start();
    p.getOutputStream()
        .write(
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"0\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n")
                .getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server answers and exits");
    List<String> lines =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertEquals(3, lines.size(), String.join("\n", lines));
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", lines.get(0));
    assertEquals(0, JSON.readTree(lines.get(1)).get("id").asInt(), lines.get(1));
    assertTrue(JSON.readTree(lines.get(1)).has("result"), lines.get(1));
    JsonNode tools = JSON.readTree(lines.get(2));
    assertEquals(2, tools.get("id").asInt(), lines.get(2));
    assertTrue(tools.path("result").path("tools").size() > 10, lines.get(2));
    assertEquals(0, p.exitValue());
    assertTrue(
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
            .contains(
                "mlos mcp: tools/list came before notifications/initialized, which a client sends"
                    + " once its initialize is answered; the session is taken as initialized"));
  }

  @Test
  void aServerThatCannotStartTellsTheClientWhyNotOnlyStderr() throws Exception {
    // A client starts the server in the background: with the reason only on stderr it showed
    // "Connection closed" (the MCP Inspector, on a workspace whose database was not made yet).
    Path none = Files.createDirectories(dir.resolve("no-database"));
    Files.writeString(none.resolve("mlos.yaml"), "workspace: w\n");
    Process p =
        new ProcessBuilder(MlosJar.command("mcp", "--workspace", none.toString()))
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .start();
    p.getOutputStream()
        .write(
            ("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n")
                .getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().flush();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server answers and exits");
    assertEquals(2, p.exitValue(), "a broken setup");
    List<String> out =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertEquals(1, out.size(), out.toString());
    assertTrue(
        out.get(0).startsWith("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"error\":{\"code\":-32000,"),
        out.get(0));
    assertTrue(
        out.get(0).contains("does not exist") && out.get(0).contains("mlos init"), out.get(0));
    assertTrue(
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).contains("mlos init"),
        "stderr says it too");
  }

  @Test
  void aServerStoppedBySigtermRightAfterAWriteStillRecompiles() throws Exception {
    // The TypeScript SDK's close(): stdin closed, SIGTERM 2 s later. The recompile waited out its
    // countdown (1 s) on a daemon thread, and SIGTERM cut it off: the files stayed stale and
    // mlos:guard failed. The harshest case: SIGTERM at once, stdin still open.
    Path own = dir.resolve("sigterm");
    assertEquals(0, MlosJar.run(dir, "init", "--workspace", own.toString()).exitCode());
    Process p =
        new ProcessBuilder(MlosJar.command("mcp", "--workspace", own.toString()))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    p.getOutputStream()
        .write(
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"create_need\","
                    + "\"arguments\":{\"title\":\"Written before SIGTERM\"}}}\n")
                .getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().flush();
    java.io.BufferedReader out =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    do {
      line = out.readLine();
    } while (line != null && !line.startsWith("{\"jsonrpc\":\"2.0\",\"id\":2,"));
    assertTrue(line != null && line.contains("Written before SIGTERM"), String.valueOf(line));
    p.destroy();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server stops");
    Path page = own.resolve("needs/1-written-before-sigterm.md");
    assertTrue(Files.isRegularFile(page), "the page of the need written before SIGTERM");
    assertEquals(0, MlosJar.run(own, "guard").exitCode(), "the files are current");
  }

  /**
   * The server's stderr quoted a recompile's failure as it was: a cloned workspace's template whose
   * #stop text holds an OSC title and a cursor move sent them to the terminal of whoever ran the
   * server (or read its log with cat). Shown as text now, as the other commands' stderr does.
   */
  /**
   * The SDK logs through slf4j-simple to {@code System.err}, which the server had left raw: a
   * client's notification named "x ESC]0;owned BEL" then a line break and {@code ::error::} was
   * logged as it came ("No handler registered for notification method: ..."), an OSC title for the
   * terminal of whoever ran the server and a workflow command for a CI job's runner. The SDK's
   * lines go through the server's log now, shown as every line of it is; stdout stays protocol
   * only.
   */
  @Test
  void theSdksOwnLogIsShownAsTheServersLogIs() throws Exception {
    Path stderr = dir.resolve("sdk-log.stderr");
    Process p =
        new ProcessBuilder(MlosJar.command("mcp", "--workspace", ws.toString(), "--no-recompile"))
            .redirectError(stderr.toFile())
            .start();
    p.getOutputStream()
        .write(
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\\u001b]0;owned\\u0007\\n::error::forged\"}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}\n")
                .getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server exits when stdin ends");
    List<String> out =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    for (String line : out) {
      assertEquals("2.0", JSON.readTree(line).get("jsonrpc").asText(), line);
    }
    String log = Files.readString(stderr);
    assertTrue(log.contains("notifications/x\\u001B]0;owned\\u0007"), log);
    assertTrue(
        log.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t'), log);
    assertTrue(log.lines().noneMatch(l -> l.strip().startsWith("::")), log);
  }

  @Test
  void aClonesTemplateTextInTheServersLogDrivesNoTerminal() throws Exception {
    Path own = dir.resolve("stop-text");
    assertEquals(0, MlosJar.run(dir, "init", "--workspace", own.toString()).exitCode());
    Files.writeString(
        own.resolve("s.ftl"),
        "<#list n as r><#stop \"\u001b]0;owned\u0007\u001b[2K\u009b2J ${r.title}\"></#list>\n");
    Files.writeString(
        own.resolve("mlos.yaml"),
        Files.readString(own.resolve("mlos.yaml"))
            + "views:\n  stop:\n    template: s.ftl\n    output: S.md\n"
            + "    queries:\n      n: SELECT title FROM needs\n");
    Path stderr = dir.resolve("stop-text.stderr");
    Process p =
        new ProcessBuilder(MlosJar.command("mcp", "--workspace", own.toString()))
            .redirectError(stderr.toFile())
            .start();
    p.getOutputStream()
        .write(
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"create_need\","
                    + "\"arguments\":{\"title\":\"Boots\"}}}\n")
                .getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().flush();
    java.io.BufferedReader out =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    do {
      line = out.readLine();
    } while (line != null && !line.startsWith("{\"jsonrpc\":\"2.0\",\"id\":2,"));
    assertTrue(line != null && line.contains("Boots"), String.valueOf(line));
    p.getOutputStream().close(); // the server recompiles what was written, then exits
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server exits when stdin ends");
    String log = Files.readString(stderr);
    assertTrue(log.contains("\\u001B]0;owned\\u0007\\u001B[2K\\u009B2J Boots"), log);
    assertTrue(
        log.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t'), log);
  }

  @Test
  void aFileNameTheJvmsLocaleCannotEncodeIsABrokenSetupWithItsFixNotAFaultOfMlos()
      throws Exception {
    // The TypeScript SDK (MCP Inspector, most clients) starts a server with HOME, PATH, SHELL,
    // TERM and USER only: no LANG, so the JVM names files in ASCII (a user trial).
    ProcessBuilder pb =
        new ProcessBuilder(MlosJar.command("mcp", "--workspace", ws.toString(), "--no-recompile"))
            .redirectError(ProcessBuilder.Redirect.PIPE);
    pb.environment().keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_"));
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    p.getOutputStream()
        .write(
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"register_artifact\","
                    + "\"arguments\":{\"file_path\":\"docs/caf\\u00e9.md\"}}}\n")
                .getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server answers and exits");
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    JsonNode result = null;
    for (String line :
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
      JsonNode m = JSON.readTree(line);
      if (m.get("id").asInt() == 2) {
        result = m.get("result");
      }
    }
    // macOS names files in UTF-8 whatever the locale: there is nothing to report.
    org.junit.jupiter.api.Assumptions.assumeTrue(
        stderr.contains("give the server LC_ALL=C.UTF-8"),
        "this platform's JVM names files in UTF-8 in the C locale too");
    assertTrue(result != null && result.get("isError").asBoolean(), String.valueOf(result));
    String said = result.get("content").get(0).get("text").asText();
    assertTrue(
        said.startsWith(
            "error: the file name 'docs/caf\u00e9.md' cannot be handed to the file system"),
        said);
    assertTrue(said.contains("characters. Fix: Start mlos with a UTF-8 locale"), said);
    assertFalse(said.contains("fault in mlos"), said);
  }

  /**
   * A cursor was a plain offset: one handed back with another query or type was taken and skipped
   * that many hits of the other search, so the agent lost them without knowing.
   */
  @Test
  void aCursorOfAnotherSearchIsRefusedAndPagingTakesEveryHitOnce() throws Exception {
    for (int i = 0; i < 3; i++) {
      ok(b, "create_need", Map.of("title", "Pageword item " + i));
    }
    JsonNode first = ok(b, "search", Map.of("query", "Pageword", "limit", 2));
    String cursor = first.get("next_cursor").asText();
    JsonNode second = ok(b, "search", Map.of("query", "pageword", "limit", 2, "cursor", cursor));
    assertEquals(3, first.get("hits").size() + second.get("hits").size());
    assertTrue(second.get("next_cursor").isNull(), second.toString());

    for (Map<String, Object> other :
        List.of(
            Map.<String, Object>of("query", "Pageword item", "cursor", cursor),
            Map.<String, Object>of("query", "Pageword", "type", "task", "cursor", cursor),
            Map.<String, Object>of("query", "Pageword", "cursor", "2"))) {
      CallToolResult r = b.callTool(new CallToolRequest("search", other));
      assertTrue(Boolean.TRUE.equals(r.isError()), other + " -> " + text(r));
      assertTrue(text(r).startsWith("refused (input.cursor): cursor '"), text(r));
      assertTrue(
          text(r)
              .endsWith(
                  " Fix: call again without cursor to start from the first page, then pass each"
                      + " page's next_cursor"),
          text(r));
    }
    CallToolResult theirs =
        a.callTool(new CallToolRequest("ready_work", Map.of("agent_id", agentA, "cursor", cursor)));
    assertTrue(text(theirs).startsWith("refused (input.cursor): "), text(theirs));
  }

  /**
   * An agent whose create_need was committed but whose answer was lost (its client killed or timed
   * out, trial14's kill.mjs) retries it, as LLM clients do: two needs were made. With the same
   * request_id the retry answers the first need's id, replayed, and one need is made; the same id
   * with another title is refused naming the argument, the rule and the fix; a bad id too.
   */
  @Test
  void aRetriedCreateNeedWithTheSameRequestIdMakesOneNeed() throws Exception {
    String id = "3b0c6f0e-7d1a-4e8b-9a55-retry-" + System.nanoTime();
    Map<String, Object> args = Map.of("title", "Retried once", "request_id", id);
    JsonNode first = ok(b, "create_need", args);
    JsonNode retry = ok(b, "create_need", args);
    assertEquals(first.get("id").asLong(), retry.get("id").asLong(), retry.toString());
    assertFalse(first.has("replayed"), first.toString());
    assertTrue(retry.get("replayed").asBoolean(), retry.toString());
    JsonNode found = ok(b, "search", Map.of("query", "Retried once", "type", "need"));
    assertEquals(1, found.get("total").asInt(), found.toString());

    CallToolResult other =
        b.callTool(
            new CallToolRequest("create_need", Map.of("title", "Retried twice", "request_id", id)));
    assertTrue(Boolean.TRUE.equals(other.isError()), text(other));
    assertTrue(
        text(other).startsWith("refused (request.reused): argument 'request_id': request id '"),
        text(other));
    assertTrue(text(other).contains("send a new request id for a new write"), text(other));

    CallToolResult bad =
        b.callTool(
            new CallToolRequest("create_need", Map.of("title", "x", "request_id", "two words")));
    assertTrue(
        text(bad)
            .startsWith(
                "refused (request.id): argument 'request_id': request id 'two words' holds"
                    + " U+0020"),
        text(bad));
  }

  private static JsonNode ok(McpSyncClient c, String tool, Map<String, Object> args)
      throws Exception {
    CallToolResult r = c.callTool(new CallToolRequest(tool, args));
    assertFalse(Boolean.TRUE.equals(r.isError()), tool + " " + args + " -> " + text(r));
    return JSON.readTree(text(r));
  }

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }
}
