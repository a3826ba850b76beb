package dev.mlos.core.graph;

import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.testing.MarkdownTools;
import dev.mlos.core.testing.NastyStrings;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AgentOS graph pack's pages pass prettier and markdownlint (see docs/configuration.md,
 * "Formatters and linters"), for the realistic graph plus records with hostile titles and values.
 */
class GraphFormatterTest {
  @TempDir Path dir;

  private final Reporter quiet =
      new Reporter() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}
      };

  @Test
  void pagesOfARealisticAndAHostileGraphPassPrettierAndMarkdownlint() throws Exception {
    MarkdownTools tools = MarkdownTools.installedOrSkip();
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();
    w.write("mlos.yaml", "workspace: library\npack: agentos-graph\ndatabase: graph.db\n");
    SplittableRandom random = new SplittableRandom(31);
    StringBuilder json = new StringBuilder("[\n");
    for (int i = 0; i < 20; i++) {
      json.append(i == 0 ? "" : ",\n")
          .append("{\"_shape\": \"product\", \"sku\": \"NASTY-")
          .append(i)
          .append("\", \"title\": ")
          .append(json(NastyStrings.next(random, 12)))
          .append(", \"homepage\": ")
          .append(json("https://example.org/p" + i))
          .append(", \"colour\": ")
          .append(json(NastyStrings.next(random, 6)))
          .append("}");
    }
    // Text fields named like the record page's sections: their headings are numbered (MD024).
    w.write(
        "shapes/note.yaml",
        "name: note\nfields:\n  key: string\n  title: string\n  Fields: text\n  Relations: text\n"
            + "identity: [key]\n");
    json.append(
        ",\n{\"_shape\": \"note\", \"key\": \"n1\", \"title\": \"Note\", \"Fields\": \"first\", \"Relations\": \"second\"}");
    w.write("data/nasty.json", json.append("\n]\n").toString());
    WorkspaceConfig config = new ConfigLoader().load(w.root, ConfigOverrides.none());
    new GraphImporter()
        .importRecords(
            GraphImportRequest.forWorkspace(config, List.of(Path.of("data")), GraphWorkspace.T1));

    new Compiler().compile(new CompileRequest(config, "2026-04-01T00:00:00Z"), quiet);

    List<Path> notes = MarkdownTools.markdownFiles(w.root.resolve("records/note"));
    String note = java.nio.file.Files.readString(notes.get(0));
    org.junit.jupiter.api.Assertions.assertTrue(
        note.contains("## Fields (2)\n\nfirst\n") && note.contains("## Relations (2)\n\nsecond\n"),
        note);
    tools.assertClean(
        "agentos-graph pack", w.root, MarkdownTools.markdownFiles(w.root, "data", "shapes"));
  }

  /** {@code s} as a JSON string: quotes, backslashes, controls and lone surrogates escaped. */
  private static String json(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean lone =
          Character.isSurrogate(c)
              && !(Character.isHighSurrogate(c)
                  && i + 1 < s.length()
                  && Character.isLowSurrogate(s.charAt(i + 1)))
              && !(Character.isLowSurrogate(c)
                  && i > 0
                  && Character.isHighSurrogate(s.charAt(i - 1)));
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7F || lone) {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
