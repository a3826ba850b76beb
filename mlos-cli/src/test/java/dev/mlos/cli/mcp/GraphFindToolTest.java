package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Trying the README's agentos-graph example as a new agent: its shapes have no {@code text} field,
 * so {@code graph_search "Meditations"} found nothing (it searches long text only, not titles) and
 * said nothing more, and {@code graph_get} of a wrong id sent the agent back to graph_search. Both
 * now say where a record's id is found: the resource that lists a shape's records.
 */
class GraphFindToolTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private McpTools readmeLibrary() throws Exception {
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
        "name: book\nfields: { isbn13: string, title: string, pages: integer }\n"
            + "relations: { author: person }\nidentity: [isbn13]\n");
    Files.writeString(
        ws.resolve("data/books.yaml"),
        "- _shape: book\n  isbn13: \"9780140449136\"\n  title: Meditations\n  pages: \"254\"\n"
            + "  author: Marcus Aurelius\n");
    assertEquals(Main.OK, Main.run("import", "data", "--workspace", ws.toString()));
    var config =
        new ConfigLoader(GraphFindToolTest.class.getClassLoader()).load(ws, ConfigOverrides.none());
    McpTools tools = new McpTools(null, null, null, () -> {}, null, System.err);
    new GraphTools(GraphAccess.forWorkspace(config)).register(tools);
    return tools;
  }

  @Test
  void aSearchThatFindsNothingSaysWhatItSearchesAndWhereTheRecordsAreListed() throws Exception {
    McpTools tools = readmeLibrary();
    JsonNode r =
        JSON.readTree(ToolCalls.call(tools, "graph_search", Map.of("query", "Meditations"), false));
    assertEquals(0, r.get("total").asInt(), r.toString());
    assertEquals(
        "nothing found: graph_search searches the long text of records (fields of type text),"
            + " not their titles or other values; the resource mlos://shapes/{shape} lists every"
            + " record of a shape with its page, records/{shape}/{id}-{title}.md, whose first part"
            + " is the id graph_get takes (mlos://workspace/SHAPES.md lists the shapes)",
        r.get("hint").asText(),
        r.toString());
  }

  @Test
  void anIdNoNodeHasSaysWhereIdsAreFound() throws Exception {
    String text = ToolCalls.call(readmeLibrary(), "graph_get", Map.of("id", "meditations"), true);
    assertTrue(text.startsWith("refused (graph.node): no node has the id 'meditations'"), text);
    assertTrue(
        text.endsWith(
            "Fix: take the id from a hit of graph_search, from the page of the record that"
                + " mlos://shapes/{shape} lists (records/{shape}/{id}-{title}.md), or one"
                + " graph_upsert returned"),
        text);
    assertFalse(text.contains("; use graph_search"), text);
  }
}
