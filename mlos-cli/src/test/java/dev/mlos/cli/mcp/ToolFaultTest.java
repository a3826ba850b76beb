package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.Engine;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tool whose work runs the thread's stack out (a graph_upsert of a record nested a thousand
 * levels deep did) threw the StackOverflowError past the tool's handler: the SDK never answered
 * that call, and the server, which answers requests in the order they came, answered none after it
 * until the client gave up. The handler answers it as it answers any fault of mlos's own: an error
 * result, the engine's transaction rolled back, the session going on.
 */
class ToolFaultTest {
  @TempDir Path dir;

  @Test
  void aStackOverflowInAToolIsAnsweredAsAnErrorNotLeftUnanswered() throws Exception {
    Path db = ToolCalls.migrated(dir);
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools = ToolCalls.tools(engine, null, dir);
      SyncToolSpecification deep =
          tools.write(
              "deep",
              "recurses without end",
              Map.of("type", "object"),
              call -> {
                throw new StackOverflowError();
              });

      CallToolResult r = deep.callHandler().apply(null, new CallToolRequest("deep", Map.of()));

      assertTrue(Boolean.TRUE.equals(r.isError()));
      String text = ((TextContent) r.content().get(0)).text();
      assertTrue(text.startsWith("error: mlos failed (StackOverflowError)"), text);
    }
  }

  private static String answered(McpTools tools, Supplier<Error> thrown) {
    SyncToolSpecification failing =
        tools.write(
            "failing",
            "fails",
            Map.of("type", "object"),
            call -> {
              throw thrown.get();
            });
    CallToolResult r = failing.callHandler().apply(null, new CallToolRequest("failing", Map.of()));
    assertTrue(Boolean.TRUE.equals(r.isError()));
    return ((TextContent) r.content().get(0)).text();
  }

  /**
   * A server left running while its jar is rebuilt or replaced (an upgrade, {@code mvn install} in
   * the mlos repository) fails to load a class it had not needed yet: a NoClassDefFoundError, which
   * the handler let through like the stack overflow above. It is answered, with the way out.
   */
  @Test
  void aClassThatCannotLoadAnymoreIsAnsweredWithTheRestartItNeeds() throws Exception {
    Path db = ToolCalls.migrated(dir);
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools = ToolCalls.tools(engine, null, dir);
      String text = answered(tools, () -> new NoClassDefFoundError("dev/mlos/core/Gone"));
      assertTrue(text.startsWith("error: mlos failed (NoClassDefFoundError)"), text);
      assertTrue(text.contains("Fix: restart the MCP server"), text);
      String oom = answered(tools, () -> new OutOfMemoryError("Java heap space"));
      assertTrue(oom.startsWith("error: mlos failed (OutOfMemoryError)"), oom);
      assertTrue(oom.contains("nothing was half-written"), oom);
      // The heap, set in the client's configuration: no fault of mlos to report.
      assertTrue(oom.contains("ran out of heap (it may use "), oom);
      assertTrue(oom.contains("m\" in this server's args in the client's MCP configuration"), oom);
      assertTrue(!oom.contains("fault in mlos"), oom);
      // The session goes on: the next call is answered as usual.
      ToolCalls.call(tools, "create_need", Map.of("title", "Still answered"), false);
    }
  }

  /**
   * The follow-up of a saved write (the background recompile, the notifications) failing with an
   * Error turned the write's answer into "mlos failed ... nothing was half-written": an agent that
   * believed it would write again. The write is answered as done, the follow-up's failure logged.
   */
  @Test
  void aWriteWhoseFollowUpFailsWithAnErrorIsStillAnsweredAsDone() throws Exception {
    Path db = ToolCalls.migrated(dir);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools =
          new McpTools(
              engine,
              null,
              dev.mlos.core.engine.ArtifactPlaces.defaults(dir),
              () -> {
                throw new NoClassDefFoundError("freemarker/template/Gone");
              },
              null,
              new PrintStream(log, true, StandardCharsets.UTF_8));
      String text = ToolCalls.call(tools, "create_need", Map.of("title", "Saved"), false);
      assertFalse(text.startsWith("error"), text);
      assertEquals("Saved", engine.getNeed(1).need().title());
      assertTrue(
          log.toString(StandardCharsets.UTF_8).contains("after create_need"), log.toString());
    }
  }

  /**
   * The SDK answers an exception a resource or prompt handler throws, but lets an Error through,
   * leaving that request and every later one unanswered: the resources and the boot prompt answer
   * it as a JSON-RPC internal error with the same words as a tool.
   */
  @Test
  void anErrorInAResourceOrPromptHandlerBecomesAnAnsweredInternalError() {
    McpError e =
        assertThrows(
            McpError.class,
            () ->
                ToolFault.answered(
                        (Object exchange, Object request) -> {
                          throw new NoClassDefFoundError("dev/mlos/core/Gone");
                        })
                    .apply(null, null));
    assertEquals(-32603, e.getJsonRpcError().code());
    assertTrue(e.getMessage().contains("Fix: restart the MCP server"), e.getMessage());
    assertEquals(
        "page", ToolFault.answered((Object exchange, Object request) -> "page").apply(null, null));
  }

  /**
   * An engine write that meets a rule of the database mlos keeps itself (a CHECK, UNIQUE, FOREIGN
   * KEY or NOT NULL constraint) is an IllegalStateException of the engine's, which the server
   * answered saying whose fault it is but not who can do anything about it, where the command line
   * asks for a report. (No tool reaches one but through a bug: the engine refuses a database whose
   * schema is not its migrations', so the test throws the engine's exception itself.)
   */
  @Test
  void mlosOwnFailureSaysWhoReportsIt() throws Exception {
    Path db = ToolCalls.migrated(dir);
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      McpTools tools = ToolCalls.tools(engine, null, dir);
      SyncToolSpecification bug =
          tools.write(
              "bug",
              "meets a rule mlos keeps",
              Map.of("type", "object"),
              call -> {
                throw new IllegalStateException(
                    "mlos wrote a row that a rule of the database refuses, one mlos keeps itself"
                        + " (it gives that value itself, or checks it before it writes: CHECK"
                        + " constraint failed: needs_priority); nothing was written");
              });
      CallToolResult r = bug.callHandler().apply(null, new CallToolRequest("bug", Map.of()));
      assertTrue(Boolean.TRUE.equals(r.isError()));
      assertEquals(
          "error: mlos failed (IllegalStateException); this is a fault in mlos, not in your"
              + " arguments, and nothing was half-written. Fix: tell the person who runs this"
              + " server, who reports it with what the server wrote on stderr.",
          ((TextContent) r.content().get(0)).text());
    }
  }
}
