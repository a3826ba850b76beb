package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.cli.Main;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resource read of a view past max_pages_per_view (four needs, a cap of 3): what the agent gets.
 */
class PageCapResourcesTest {
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
  void workspace() throws Exception {
    run("init");
    for (String t : new String[] {"One", "Two", "Three", "Four"}) {
      run("need", "create", t, "--as", "alice");
    }
    Files.writeString(
        dir.resolve("mlos.yaml"),
        Files.readString(dir.resolve("mlos.yaml")) + "max_pages_per_view: 3\n");
    var config =
        new ConfigLoader(PageCapResourcesTest.class.getClassLoader())
            .load(dir, ConfigOverrides.none());
    resources =
        new ViewResources(
            config,
            new CompiledViews(config, PageCapResourcesTest.class.getClassLoader()),
            null,
            id -> java.util.Optional.empty());
  }

  private String readNeed(String uri) {
    var template =
        resources.templates().stream()
            .filter(t -> t.resourceTemplate().uriTemplate().equals("mlos://needs/{id}"))
            .findFirst()
            .orElseThrow();
    try {
      McpSchema.ReadResourceResult r =
          template.readHandler().apply(null, new McpSchema.ReadResourceRequest(uri));
      return "read: " + ((McpSchema.TextResourceContents) r.contents().get(0)).text();
    } catch (McpError e) {
      return e.getJsonRpcError().code() + " " + e.getJsonRpcError().message();
    } catch (RuntimeException e) {
      return "thrown " + e;
    }
  }

  private String readFixed(String uri) {
    var spec =
        resources.fixed(false).stream()
            .filter(s -> s.resource().uri().equals(uri))
            .findFirst()
            .orElseThrow();
    try {
      McpSchema.ReadResourceResult r =
          spec.readHandler().apply(null, new McpSchema.ReadResourceRequest(uri));
      return "read: " + ((McpSchema.TextResourceContents) r.contents().get(0)).text();
    } catch (McpError e) {
      return e.getJsonRpcError().code() + " " + e.getJsonRpcError().message();
    } catch (RuntimeException e) {
      return "thrown " + e;
    }
  }

  /**
   * Found by a read: the view's render stopped at its cap and the exception went out of the read
   * handler (the SDK answers -32603 with its text, no fix, and a stack trace on stderr), for a page
   * of that view and for every resource of a view after it in mlos.yaml (ARTIFACTS.md, a context
   * pack), which no cap stops.
   */
  @Test
  void aReadOfAPageOfAViewPastItsCapIsRefusedNamingTheViewTheSettingAndTheFix() {
    for (String uri : new String[] {"mlos://needs/1", "mlos://needs/4", "mlos://needs/99"}) {
      String said = readNeed(uri);
      assertTrue(
          said.startsWith(
              "-32003 error: View 'needs' (pack mlos), query 'need': returns more than 3 rows,"
                  + " one page each: stopped at row 4 (3 rows so far), past the page cap of 3"
                  + " pages per view (max_pages_per_view); no page past the cap is written; so "
                  + uri
                  + " is not served, as mlos compile stops at that view. Fix: make the query"
                  + " return fewer rows"),
          said);
      assertTrue(
          said.endsWith(
              "raise max_pages_per_view in mlos.yaml (now 3), then restart this server (it reads"
                  + " mlos.yaml when it starts); then read it again"),
          said);
    }
  }

  @Test
  void theResourcesOfOtherViewsAreServedAsBefore() {
    assertTrue(readFixed("mlos://workspace/READY.md").startsWith("read: ---"));
    String artifacts = readFixed("mlos://workspace/ARTIFACTS.md");
    assertTrue(artifacts.startsWith("read: ---"), artifacts);
    // A context pack's view comes after the needs' in the pack's mlos.yaml.
    run("agent", "register", "coder", "--as", "alice");
    var template =
        resources.templates().stream()
            .filter(t -> t.resourceTemplate().uriTemplate().equals("mlos://context/{id}"))
            .findFirst()
            .orElseThrow();
    McpSchema.ReadResourceResult pack =
        template.readHandler().apply(null, new McpSchema.ReadResourceRequest("mlos://context/1"));
    assertTrue(
        ((McpSchema.TextResourceContents) pack.contents().get(0)).text().startsWith("---"),
        pack.toString());
  }

  @Test
  void aSubscriptionToAPageOfTheViewIsTakenUnderTheCapAndRefusedPastIt() {
    // Its changes are then looked at without failing the look at the others.
    assertEquals(null, resources.notAResource("mlos://needs/1"));
    String past = resources.notAResource("mlos://needs/4");
    assertTrue(
        past.startsWith("'mlos://needs/4' names no page now: error: View 'needs' (pack mlos)"),
        past);
    assertTrue(past.contains("raise max_pages_per_view in mlos.yaml (now 3)"), past);
    assertEquals(
        java.util.List.of(),
        resources.changed(java.util.Set.of("mlos://needs/1", "mlos://workspace/ARTIFACTS.md")));
  }
}
