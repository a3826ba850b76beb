package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.cli.Main;
import dev.mlos.core.graph.GraphAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graph tools' refusals carry their fix apart from the message, as every other tool's do
 * (STYLE.md: a refused operation names its rule and the fix): graph_get of an id no node has wrote
 * its way on into the message, and graph_upsert's record error had its fix glued on with ". Fix:".
 */
class GraphToolRefusalTest {
  @TempDir Path dir;

  @Test
  void aNodeNotFoundAndABadRecordSayTheFixOnItsOwn() throws Exception {
    assertEquals(
        Main.OK, Main.run("init", "--workspace", dir.toString(), "--pack", "agentos-graph"));
    Files.createDirectories(dir.resolve("shapes"));
    Files.writeString(
        dir.resolve("shapes/book.yaml"),
        "name: book\nfields:\n  isbn13: string\n  pages: integer\nidentity: [isbn13]\n");
    McpTools tools = new McpTools(null, null, null, () -> {}, null, System.err);
    new GraphTools(new GraphAccess(dir.resolve("mlos.db"), dir.resolve("shapes"))).register(tools);

    assertEquals(
        "refused (graph.node): no node has the id 'nope'. Fix: take the id from a hit of"
            + " graph_search, from the page of the record that mlos://shapes/{shape} lists"
            + " (records/{shape}/{id}-{title}.md), or one graph_upsert returned",
        ToolCalls.call(tools, "graph_get", Map.of("id", "nope"), true));
    assertEquals(
        "refused (graph.value): record 1 (book), field 'pages': 'many' is not a whole number, and"
            + " the field is integer. Fix: correct the value, or change the field's type in shape"
            + " 'book'",
        ToolCalls.call(
            tools,
            "graph_upsert",
            Map.of("record", Map.of("_shape", "book", "isbn13", "1", "pages", "many")),
            true));
  }
}
