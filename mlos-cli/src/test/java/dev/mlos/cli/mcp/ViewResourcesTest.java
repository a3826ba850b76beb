package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.cli.Main;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which URIs a client can subscribe to, on a real workspace with one need. */
class ViewResourcesTest {
  @TempDir Path dir;
  ViewResources resources;

  private void run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--workspace";
    all[args.length + 1] = dir.toString();
    assertEquals(Main.OK, Main.run(all), String.join(" ", args));
  }

  @BeforeEach
  void workspace() {
    run("init");
    run("need", "create", "Boots everywhere", "--as", "alice");
    var config =
        new ConfigLoader(ViewResourcesTest.class.getClassLoader())
            .load(dir, ConfigOverrides.none());
    resources =
        new ViewResources(
            config,
            new CompiledViews(config, ViewResourcesTest.class.getClassLoader()),
            null,
            id -> java.util.Optional.empty());
  }

  /**
   * A trial with the TypeScript SDK's client: with the workspace's mlos.db deleted while the server
   * ran, a read of PROBLEM.md was answered -32603 "Database ...: it does not exist" with no fix,
   * and the SDK's stack trace went to stderr (a boot prompt, which renders the context pack, too).
   * The handler of each resource and prompt is wrapped in ToolFault.answered, which now answers it
   * -32603 with the fix, as a tool is.
   */
  @Test
  void aReadOfADeletedDatabaseIsAnsweredWithTheFix() throws Exception {
    var config =
        new ConfigLoader(ViewResourcesTest.class.getClassLoader())
            .load(dir, ConfigOverrides.none());
    CompiledViews views = new CompiledViews(config, ViewResourcesTest.class.getClassLoader());
    java.nio.file.Files.delete(dir.resolve("mlos.db"));
    McpError e =
        org.junit.jupiter.api.Assertions.assertThrows(
            McpError.class,
            () ->
                ToolFault.answered(
                        (Object exchange, Object request) ->
                            ViewResources.page(
                                "mlos://workspace/PROBLEM.md", () -> views.render("PROBLEM.md")))
                    .apply(null, null));
    assertEquals(-32603, e.getJsonRpcError().code());
    assertTrue(e.getMessage().startsWith("error: Database "), e.getMessage());
    assertTrue(e.getMessage().contains("it does not exist. Fix: "), e.getMessage());
  }

  /**
   * A workspace's own template with an error (here a field its query does not give) made a read of
   * its page answer -32603 with FreeMarker's words alone, no fix, and the SDK's stack trace on
   * stderr, as a deleted database did before: a broken setup of the workspace, which `mlos compile`
   * reports with the template, line and fix. Now the read says the fix too.
   */
  @Test
  void aReadOfAPageWhoseTemplateFailsIsAnsweredWithTheFix() throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("templates"));
    java.nio.file.Files.writeString(
        dir.resolve("templates/weekly.ftl"),
        "# Weekly\n<#list rows as r>\n- ${r.nosuch}\n</#list>\n");
    java.nio.file.Files.writeString(
        dir.resolve("mlos.yaml"),
        java.nio.file.Files.readString(dir.resolve("mlos.yaml"))
            + "views:\n  weekly:\n    template: templates/weekly.ftl\n    output: WEEKLY.md\n"
            + "    queries:\n      rows: SELECT id FROM needs ORDER BY id\n");
    var config =
        new ConfigLoader(ViewResourcesTest.class.getClassLoader())
            .load(dir, ConfigOverrides.none());
    CompiledViews views = new CompiledViews(config, ViewResourcesTest.class.getClassLoader());
    McpError e =
        org.junit.jupiter.api.Assertions.assertThrows(
            McpError.class,
            () ->
                ToolFault.answered(
                        (Object exchange, Object request) ->
                            ViewResources.page(
                                "mlos://workspace/WEEKLY.md", () -> views.render("WEEKLY.md")))
                    .apply(null, null));
    assertEquals(-32603, e.getJsonRpcError().code());
    assertTrue(
        e.getMessage().startsWith("error: View 'weekly', template templates/weekly.ftl:3:"),
        e.getMessage());
    assertTrue(e.getMessage().contains(". Fix: fix the template at that line"), e.getMessage());
    assertTrue(
        e.getMessage().contains("then run `mlos compile` in the workspace on the command line"),
        e.getMessage());
  }

  @Test
  void aListedResourceAndAPageOfAnExistingRowCanBeSubscribedTo() {
    assertNull(resources.notAResource("mlos://workspace/PROBLEM.md"));
    assertNull(resources.notAResource("mlos://needs/1"));
  }

  @Test
  void aUriOfNoRowOrNoResourceIsRefusedWithWhatAValidOneLooksLike() {
    assertEquals(
        "'mlos://needs/abc' names no page: a page of needs is mlos://needs/{id} with the key of a"
            + " row the workspace compiles, e.g. mlos://needs/1",
        resources.notAResource("mlos://needs/abc"));
    assertEquals(
        "'mlos://needs/99' names no page: a page of needs is mlos://needs/{id} with the key of a"
            + " row the workspace compiles, e.g. mlos://needs/1",
        resources.notAResource("mlos://needs/99"));
    // An id no row key could be still gets an example, not "(needs has no pages now)".
    for (String odd : new String[] {"mlos://needs/-1", "mlos://needs/ 1", "mlos://needs/1?x"}) {
      assertTrue(resources.notAResource(odd).endsWith("e.g. mlos://needs/1"), odd);
    }
    String none = resources.notAResource("mlos://nothing/1");
    assertEquals(
        "'mlos://nothing/1' names no resource of this server; subscribe to a resource of"
            + " resources/list or a page of a template of resources/templates/list: ",
        none.substring(0, none.indexOf(": ") + 2),
        none);
    assertEquals(true, none.contains("mlos://workspace/PROBLEM.md"), none);
    assertEquals(true, none.contains("mlos://needs/{id}"), none);
  }

  @Test
  void aReadOfAPathBelowAPageSaysWhatAPageIsNotABareResourceNotFound() {
    // No template matches it, and the SDK's own answer was a bare "Resource not found".
    assertEquals(
        "'mlos://needs/1/../../../etc/passwd' names no page: a page of needs is mlos://needs/{id},"
            + " one row key, not empty and with no '/' in it (a '/' of a key is written %2F)",
        resources.unknownToRead("mlos://needs/1/../../../etc/passwd"));
    assertTrue(
        resources.unknownToRead("mlos://needs/").startsWith("'mlos://needs/' names no page"));
    assertNull(resources.unknownToRead("mlos://needs/1"), "the template answers it");
  }

  /** The JSON-RPC error code a read of {@code uri} through its template is answered with, or 0. */
  private int readCode(String uri, StringBuilder message) {
    var template =
        resources.templates().stream()
            .filter(t -> t.resourceTemplate().uriTemplate().equals("mlos://needs/{id}"))
            .findFirst()
            .orElseThrow();
    try {
      template.readHandler().apply(null, new McpSchema.ReadResourceRequest(uri));
      return 0;
    } catch (McpError e) {
      message.append(e.getJsonRpcError().message());
      return e.getJsonRpcError().code();
    }
  }

  @Test
  void aReadOfAMalformedIdIsInvalidParamsAndOfAMissingRowNotFound() {
    assertEquals(0, readCode("mlos://needs/1", new StringBuilder()));
    StringBuilder abc = new StringBuilder();
    assertEquals(-32602, readCode("mlos://needs/abc", abc));
    assertEquals(
        "'abc' is not a row id in mlos://needs/abc: the pages of needs are keyed by a number,"
            + " e.g. mlos://needs/1",
        abc.toString());
    // An id no row key could be is named with what a valid URI looks like, as docs/mcp.md says.
    StringBuilder negative = new StringBuilder();
    assertEquals(-32602, readCode("mlos://needs/-1", negative));
    assertEquals(
        "'-1' is not a row id in mlos://needs/-1: the pages of needs are keyed by a number,"
            + " e.g. mlos://needs/1",
        negative.toString());
    StringBuilder escape = new StringBuilder();
    assertEquals(-32602, readCode("mlos://needs/%zz", escape));
    assertEquals(
        "'%zz' is not a row id in mlos://needs/%zz: a page of needs is mlos://needs/{id} with the"
            + " key of a row, e.g. mlos://needs/1; write the row's key percent-encoded as UTF-8"
            + " (RFC 3986, as the template's {id} expands it)",
        escape.toString());
    StringBuilder missing = new StringBuilder();
    assertEquals(-32002, readCode("mlos://needs/99", missing));
    assertTrue(
        missing.toString().startsWith("Resource not found: mlos://needs/99"), missing.toString());
  }

  /**
   * A trial's read of mlos://needs/01 was answered "the workspace compiles no page there now",
   * though need 1's page is there under mlos://needs/1.
   */
  @Test
  void aNumberWithLeadingZerosIsToldTheUriOfItsKey() {
    StringBuilder zero = new StringBuilder();
    assertEquals(-32602, readCode("mlos://needs/01", zero));
    assertEquals(
        "'01' is not a row id in mlos://needs/01: a number is written without leading zeros, as its"
            + " key is: mlos://needs/1",
        zero.toString());
    StringBuilder zeros = new StringBuilder();
    assertEquals(-32602, readCode("mlos://needs/0007", zeros));
    assertTrue(zeros.toString().endsWith(": mlos://needs/7"), zeros.toString());
    assertEquals(
        "'mlos://needs/001' names no page: a page of needs is mlos://needs/{id} with the key of a"
            + " row the workspace compiles, a number written without leading zeros: mlos://needs/1",
        resources.notAResource("mlos://needs/001"));
    assertEquals("1", ViewResources.canonicalNumber("01"));
    assertEquals("0", ViewResources.canonicalNumber("00"));
    assertEquals("-12", ViewResources.canonicalNumber("-012"));
    for (String keyAsWritten : new String[] {"0", "1", "10", "-1", "0x1", "01a", "", "-"}) {
      assertNull(ViewResources.canonicalNumber(keyAsWritten), keyAsWritten);
    }
  }

  /**
   * A subscribed page that now renders past max_page_bytes (a need's huge description) threw out of
   * the whole look for changes: the pages subscribed after it (here need 2, retitled) were never
   * told updated while that row stayed too large, and stderr said only 'cannot check the views for
   * changes'. The page too large counts as changed when it becomes too large (a read then says
   * why), and the other pages are looked at as before.
   */
  @Test
  void aSubscribedPageTooLargeDoesNotHideTheChangesOfTheOthers() throws Exception {
    run("need", "create", "Second", "--as", "alice");
    java.nio.file.Files.writeString(
        dir.resolve("mlos.yaml"),
        java.nio.file.Files.readString(dir.resolve("mlos.yaml")) + "max_page_bytes: 4 KiB\n");
    var config =
        new ConfigLoader(ViewResourcesTest.class.getClassLoader())
            .load(dir, ConfigOverrides.none());
    resources =
        new ViewResources(
            config,
            new CompiledViews(config, ViewResourcesTest.class.getClassLoader()),
            null,
            id -> java.util.Optional.empty());
    java.util.Set<String> uris = java.util.Set.of("mlos://needs/1", "mlos://needs/2");
    assertEquals(java.util.List.of(), resources.changed(uris), "the first look notes the pages");

    run("need", "update", "1", "--description", "x".repeat(6000), "--as", "alice");
    run("need", "update", "2", "--title", "Second, retitled", "--as", "alice");

    assertEquals(java.util.List.of("mlos://needs/1", "mlos://needs/2"), resources.changed(uris));
    assertEquals(java.util.List.of(), resources.changed(uris), "still too large: no change");
  }

  /**
   * Found with a raw client: a read of a page whose row renders past max_page_bytes was answered
   * -32603 with the template exception's text ("View 'needs', template (built-in) ...") and no fix,
   * and the SDK put its stack trace on stderr. It is answered as mlos compile refuses the page
   * (compile.page_size): the page, its size, the limit and the fix. Under -32003, a code for the
   * server to define: -32603 (internal error) said mlos failed, when the user's row is too large.
   */
  @Test
  void aReadOfAPagePastMaxPageBytesNamesThePageItsSizeTheLimitAndTheFix() throws Exception {
    java.nio.file.Files.writeString(
        dir.resolve("mlos.yaml"),
        java.nio.file.Files.readString(dir.resolve("mlos.yaml")) + "max_page_bytes: 4 KiB\n");
    var config =
        new ConfigLoader(ViewResourcesTest.class.getClassLoader())
            .load(dir, ConfigOverrides.none());
    resources =
        new ViewResources(
            config,
            new CompiledViews(config, ViewResourcesTest.class.getClassLoader()),
            null,
            id -> java.util.Optional.empty());
    run("need", "update", "1", "--description", "x".repeat(6000), "--as", "alice");

    StringBuilder said = new StringBuilder();
    assertEquals(-32003, readCode("mlos://needs/1", said));
    String m = said.toString();
    assertTrue(
        m.matches(
            "refused \\(compile\\.page_size\\): page needs/1-boots-everywhere\\.md"
                + " \\(mlos://needs/1\\) is [0-9,]+ bytes, over the page size limit of 4 KiB"
                + " \\(max_page_bytes\\), so it is not served, .*"),
        m);
    assertTrue(m.contains("Fix: shorten the row's text that fills the page"), m);
    assertTrue(m.contains("raise max_page_bytes in mlos.yaml"), m);
  }

  /**
   * The resources a refused read or subscribe names came in the order of mlos.yaml's views (the
   * pack's, then the workspace's), while resources/list and resources/templates/list are in URI
   * order ({@link ListOrder}): the files in URI order, then the templates in URI order, as the
   * message names the two lists.
   */
  @Test
  void theResourcesARefusalNamesAreInTheListsUriOrder() {
    String why = resources.unknownToRead("mlos://PROBLEM.md");
    java.util.List<String> named =
        java.util.Arrays.asList(
            why.substring(why.indexOf("list: ") + "list: ".length()).split(", "));
    java.util.List<String> files =
        named.stream().filter(u -> u.startsWith("mlos://workspace/")).toList();
    java.util.List<String> templates = named.stream().filter(u -> u.endsWith("/{id}")).toList();
    assertEquals(named.size(), files.size() + templates.size(), why);
    assertTrue(files.size() > 1 && !templates.isEmpty(), why);
    java.util.List<String> expected = new java.util.ArrayList<>(files.stream().sorted().toList());
    expected.addAll(templates.stream().sorted().toList());
    assertEquals(expected, named);
    assertEquals(
        why.substring(why.indexOf("list: ")),
        resources
            .notAResource("mlos://PROBLEM.md")
            .substring(resources.notAResource("mlos://PROBLEM.md").indexOf("list: ")));
  }

  /**
   * A read or subscribe of a URI holding half of a surrogate pair (a client's JSON
   * "mlos://needs/\\ud800") was answered with the URI raw, which stdout's UTF-8 wrote as '?'.
   */
  @Test
  void aUriHoldingHalfOfASurrogatePairIsQuotedAsSent() {
    assertTrue(
        resources
            .unknownToRead("mlos://nothing/\uD800")
            .startsWith("'mlos://nothing/\\uD800' names no resource of this server; "));
    assertTrue(
        resources
            .notAResource("mlos://nothing/\uDC00x")
            .startsWith("'mlos://nothing/\\uDC00x' names no resource of this server; "));
  }

  /**
   * Found with the TypeScript SDK's client (trial11): an agent's run finished (mlos agent finish)
   * while its server ran; resources/list still listed mlos://context/4, "Your context pack", and
   * its read said only "Resource not found ... (the workspace compiles no page there now)", where
   * context_pack says why and what to do, and a subscription to it was refused as a page that does
   * not exist, 'e.g. mlos://context/2'. Both now say what the tool says; an agent that does not
   * exist is named so.
   */
  @Test
  void theReadOfAFinishedRunsContextPackSaysWhyThereIsNone() throws Exception {
    run("agent", "register", "reviewer");
    run("agent", "start", "1");
    var config =
        new ConfigLoader(ViewResourcesTest.class.getClassLoader())
            .load(dir, ConfigOverrides.none());
    try (dev.mlos.core.engine.Engine engine =
        dev.mlos.core.engine.Engine.open(
            dir.resolve("mlos.db"), dev.mlos.core.engine.Actor.tool("mlos-mcp"))) {
      resources =
          new ViewResources(
              config,
              new CompiledViews(config, ViewResourcesTest.class.getClassLoader()),
              1L,
              id -> ContextPacks.whyNone(engine, id, McpSuggestions.FOR_AGENT_SERVER));
      var own =
          resources.fixed(true).stream()
              .filter(r -> r.resource().uri().equals("mlos://context/1"))
              .findFirst()
              .orElseThrow();
      var template =
          resources.templates().stream()
              .filter(t -> t.resourceTemplate().uriTemplate().equals("mlos://context/{id}"))
              .findFirst()
              .orElseThrow();
      assertTrue(
          own.readHandler()
                  .apply(null, new McpSchema.ReadResourceRequest("mlos://context/1"))
                  .contents()
                  .size()
              == 1,
          "an active run's pack is read");
      run("agent", "finish", "1");
      for (var read :
          java.util.List.<java.util.function.Supplier<Object>>of(
              () ->
                  own.readHandler()
                      .apply(null, new McpSchema.ReadResourceRequest("mlos://context/1")),
              () ->
                  template
                      .readHandler()
                      .apply(null, new McpSchema.ReadResourceRequest("mlos://context/1")))) {
        McpError e = org.junit.jupiter.api.Assertions.assertThrows(McpError.class, read::get);
        String m = e.getJsonRpcError().message();
        assertEquals(-32002, e.getJsonRpcError().code(), m);
        assertTrue(
            m.startsWith(
                "Resource not found: mlos://context/1: refused (agent.lifecycle): agent 1 is"
                    + " completed; the workspace compiles no context pack for a finished agent"
                    + " run"),
            m);
        assertTrue(m.contains("Fix: more work is a new agent run: register one with"), m);
      }
      String subscribe = resources.notAResource("mlos://context/1");
      assertTrue(
          subscribe.startsWith(
              "'mlos://context/1' names no page: refused (agent.lifecycle): agent 1 is completed"),
          subscribe);
      McpError none =
          org.junit.jupiter.api.Assertions.assertThrows(
              McpError.class,
              () ->
                  template
                      .readHandler()
                      .apply(null, new McpSchema.ReadResourceRequest("mlos://context/99")));
      String m = none.getJsonRpcError().message();
      assertEquals(-32002, none.getJsonRpcError().code(), m);
      assertTrue(
          m.startsWith("Resource not found: mlos://context/99: refused (not_found): agent 99"), m);
    }
  }
}
