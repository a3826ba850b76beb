package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A context pack inlines artifacts up to its agent's token budget, which a lens may set as high as
 * 10,000,000 tokens: far more text than a page may hold (max_page_bytes, 16 MiB). An agent whose
 * reachable artifacts passed the page size failed the whole compile, and the guard with it, for
 * every page of the workspace, whoever set the lens. The pack now inlines artifacts only while they
 * fit in half the page size, and lists the rest on demand with the reason.
 */
class ContextPackPageSizeTest {
  @TempDir Path dir;

  @Test
  void aBudgetLargerThanAPageHoldsInlinesWhatFitsAndListsTheRest() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("mlos.yaml", "max_page_bytes: 64 KiB\n");
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO artifacts (id, title, file_path, artifact_type, created_at, updated_at)"
                + " VALUES ");
    StringBuilder edges =
        new StringBuilder(
            "INSERT INTO relationships (source_type, source_id, target_type, target_id,"
                + " relationship_type, created_at) VALUES ");
    for (int i = 10; i < 18; i++) {
      StringBuilder text = new StringBuilder();
      while (text.length() < 12_000) {
        text.append("word").append(text.length() % 997).append(' ');
      }
      w.write("big/f" + i + ".md", text.toString());
      sql.append(i > 10 ? ", " : "")
          .append("(")
          .append(i)
          .append(", 'Big ")
          .append(i)
          .append("', 'big/f")
          .append(i)
          .append(".md', 'document', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
      edges
          .append(i > 10 ? ", " : "")
          .append("('need', 1, 'artifact', ")
          .append(i)
          .append(", 'references', '2026-01-01T00:00:00Z')");
    }
    w.sql(sql.toString(), edges.toString());

    w.compileWith(Map.of("token_budget", 10_000_000));

    String pack = w.read("context/1-architect.md");
    assertTrue(pack.getBytes(StandardCharsets.UTF_8).length <= 64 * 1024, pack.length() + "");
    assertTrue(pack.contains("### Artifact 10: Big 10"), pack);
    assertTrue(
        pack.contains("Big 17 · ")
            && pack.contains(" · over the page size limit (max\\_page\\_bytes)"),
        pack);
    assertEquals(
        8,
        pack.split("### Artifact 1[0-7]|: Big 1[0-7] · ", -1).length - 1,
        "each big artifact is inlined or listed: " + pack);
  }
}
