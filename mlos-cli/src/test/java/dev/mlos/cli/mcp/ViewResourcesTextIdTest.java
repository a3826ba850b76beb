package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.cli.Main;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pages keyed by text ids that are more than letters and digits: a runtime-memory session id is any
 * text (the seed's {@code id TEXT PRIMARY KEY}), a graph node id may hold {@code @} and {@code +}.
 * Their pages were refused as "not a row id" however the id was written in the URI.
 */
class ViewResourcesTextIdTest {
  /** The longest id the schema takes: 500 characters, 1,000 UTF-16 units. */
  static final String LONGEST = "🎉".repeat(500);

  @TempDir Path dir;
  ViewResources resources;

  @BeforeEach
  void workspace() throws Exception {
    assertEquals(
        Main.OK,
        Main.run("init", "--pack", "runtime-memory", "--workspace", dir.toString()),
        "init");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlos.db"));
        Statement s = c.createStatement()) {
      for (String id :
          new String[] {"Séance 1 🎉", "marcus@rome+1", "a/b", "sess-1", LONGEST, "\u00a0nbsp"}) {
        s.execute(
            "INSERT INTO sessions (id, actor, started_at) VALUES ('"
                + id
                + "', 'tom', '2026-03-01T10:00:00Z')");
      }
    }
    var config =
        new ConfigLoader(ViewResourcesTextIdTest.class.getClassLoader())
            .load(dir, ConfigOverrides.none());
    resources =
        new ViewResources(
            config,
            new CompiledViews(config, ViewResourcesTextIdTest.class.getClassLoader()),
            null,
            id -> java.util.Optional.empty());
  }

  /** The page read through its template, or the error's code and message. */
  private String read(String uri) {
    var template =
        resources.templates().stream()
            .filter(t -> t.resourceTemplate().uriTemplate().equals("mlos://sessions/{id}"))
            .findFirst()
            .orElseThrow();
    try {
      var r = template.readHandler().apply(null, new McpSchema.ReadResourceRequest(uri));
      return ((TextResourceContents) r.contents().get(0)).text();
    } catch (McpError e) {
      return e.getJsonRpcError().code() + " " + e.getJsonRpcError().message();
    }
  }

  @Test
  void aTextIdIsReadPercentEncodedAsAUriTemplateExpandsIt() {
    assertTrue(
        read("mlos://sessions/S%C3%A9ance%201%20%F0%9F%8E%89").contains("# Session Séance 1 🎉"),
        read("mlos://sessions/S%C3%A9ance%201%20%F0%9F%8E%89"));
    assertTrue(
        read("mlos://sessions/marcus%40rome%2B1").contains("title: Session marcus@rome+1"),
        read("mlos://sessions/marcus%40rome%2B1"));
    assertTrue(read("mlos://sessions/marcus@rome+1").contains("title: Session marcus@rome+1"));
    assertTrue(read("mlos://sessions/a%2Fb").contains("title: Session a/b"));
    assertTrue(read("mlos://sessions/sess-1").contains("# Session sess-1"));
    assertNull(resources.notAResource("mlos://sessions/S%C3%A9ance%201%20%F0%9F%8E%89"));
    assertNull(resources.notAResource("mlos://sessions/marcus@rome+1"));
    assertTrue(resources.watched("mlos://sessions/a%2Fb"));
  }

  /**
   * A session id with a space at an end or a control character could be written and never read back
   * as a resource; the schema refuses it now, so every id it holds can be read, up to the longest.
   */
  @Test
  void everyIdTheDatabaseTakesCanBeReadAndNoOtherCanBeWritten() throws Exception {
    String encoded = java.net.URLEncoder.encode(LONGEST, StandardCharsets.UTF_8);
    assertTrue(read("mlos://sessions/" + encoded).contains("# Session 🎉🎉"), "the longest id");
    assertTrue(read("mlos://sessions/%C2%A0nbsp").contains("title: Session"), "a no-break space");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlos.db"));
        Statement s = c.createStatement()) {
      for (String id : new String[] {"sess-2 ", " sess-2", "sess\n2", "sess\t2"}) {
        java.sql.SQLException e =
            org.junit.jupiter.api.Assertions.assertThrows(
                java.sql.SQLException.class,
                () ->
                    s.execute(
                        "INSERT INTO sessions (id, actor, started_at) VALUES ('"
                            + id
                            + "', 'tom', '2026-03-01T10:00:00Z')"));
        assertTrue(
            e.getMessage()
                .contains(
                    "sessions: an id is 1 to 500 characters with no whitespace at either end and"
                        + " no control character (tab, line break), since it names the page"
                        + " mlos://sessions/{id}: trim the id and write it on one line"),
            e.getMessage());
      }
    }
  }

  @Test
  void aMalformedEscapeIsInvalidParamsAndAnIdOfNoRowNotFound() {
    assertTrue(read("mlos://sessions/a%2").startsWith("-32602 "), read("mlos://sessions/a%2"));
    assertTrue(read("mlos://sessions/%FF").startsWith("-32602 "), read("mlos://sessions/%FF"));
    assertTrue(
        read("mlos://sessions/nobody%40x").startsWith("-32002 Resource not found"),
        read("mlos://sessions/nobody%40x"));
  }
}
