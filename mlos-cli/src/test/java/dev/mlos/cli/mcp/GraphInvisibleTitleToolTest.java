package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlos.cli.Main;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.graph.GraphAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graph record titled with a zero-width space alone: its page is headed and linked by its node id
 * ({@code mlos.linkText(title, id)}), and the mlos tools answer such a need's title as {@code need
 * 4} ({@code ShownText}), but graph_search and graph_get answered the title raw, a string that
 * shows nothing. They answer the node id, as the pages do.
 */
class GraphInvisibleTitleToolTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aTitleThatShowsNothingIsAnsweredAsTheRecordsId() throws Exception {
    Path ws = dir.resolve("library");
    assertEquals(
        Main.OK, Main.run("init", "--pack", "agentos-graph", "--workspace", ws.toString()));
    Files.createDirectories(ws.resolve("shapes"));
    Files.createDirectories(ws.resolve("data"));
    Files.writeString(
        ws.resolve("shapes/person.yaml"),
        "name: person\nfields: { name: string }\nidentity: [name]\n");
    Files.writeString(
        ws.resolve("shapes/book.yaml"),
        "name: book\nfields: { isbn13: string, title: string, blurb: text }\n"
            + "relations: { author: person }\nidentity: [isbn13]\n");
    Files.writeString(
        ws.resolve("data/books.yaml"),
        "- _shape: book\n  isbn13: \"978\"\n  title: \"\\u200b\"\n  blurb: stoic notes\n"
            + "  author: \"\\u2060\"\n");
    assertEquals(Main.OK, Main.run("import", "data", "--workspace", ws.toString()));
    var config =
        new ConfigLoader(GraphInvisibleTitleToolTest.class.getClassLoader())
            .load(ws, ConfigOverrides.none());
    McpTools tools = new McpTools(null, null, null, () -> {}, null, System.err);
    new GraphTools(GraphAccess.forWorkspace(config)).register(tools);

    JsonNode hit =
        JSON.readTree(ToolCalls.call(tools, "graph_search", Map.of("query", "stoic"), false))
            .get("hits")
            .get(0);
    String book = hit.get("id").asText();
    assertEquals(book, hit.get("title").asText(), hit.toString());

    JsonNode node = JSON.readTree(ToolCalls.call(tools, "graph_get", Map.of("id", book), false));
    assertEquals(book, node.get("title").asText(), node.toString());
    // The value itself is data, answered as it is.
    assertEquals("\u200b", node.get("values").get("title").asText(), node.toString());
    JsonNode author = node.get("out").get(0);
    assertEquals(author.get("id").asText(), author.get("title").asText(), author.toString());
    JsonNode back =
        JSON.readTree(
                ToolCalls.call(tools, "graph_get", Map.of("id", author.get("id").asText()), false))
            .get("in")
            .get(0);
    assertEquals(book, back.get("title").asText(), back.toString());
  }
}
