package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.core.view.OutputPattern;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ML OS need page's front matter: key order and omissions for every mix of optional columns.
 */
class NeedPageMetaTest {
  @Test
  void keysInOrderWithOmissions() {
    Map<String, OutputPattern> views =
        Map.of("needs", new OutputPattern("needs", "needs/{id}-{title}.md"));
    TemplateEngine engine =
        new TemplateEngine(getClass().getClassLoader(), Path.of("/ws"), Path.of("/ws"), views);
    for (int mask = 0; mask < 64; mask++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", 7L);
      row.put("title", "A need");
      row.put("status", "active");
      row.put("priority", null);
      row.put("scope", (mask & 1) != 0 ? "kernel" : null);
      row.put("created_at", (mask & 2) != 0 ? "2026-01-01T00:00:00.000Z" : null);
      row.put("updated_at", (mask & 4) != 0 ? "2026-01-02T00:00:00.000Z" : null);
      row.put("description", (mask & 8) != 0 ? "  Some\n\ttext  " : (mask & 32) != 0 ? "" : null);
      row.put("source_transcript", (mask & 16) != 0 ? "transcripts/t.md" : null);
      row.put("parent_need_id", null);
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("params", Map.of());
      model.put("row", row);
      for (String q : List.of("children", "tasks", "edges", "history")) {
        model.put(q, List.of());
      }
      Map<String, Object> meta =
          engine.render("needs", "pack/mlos/need.ftl", model, "needs/7-a-need.md", null).meta();
      Map<String, Object> expected = new LinkedHashMap<>();
      expected.put("id", "need-7");
      expected.put("title", "A need");
      if ((mask & 2) != 0) {
        expected.put("created", "2026-01-01T00:00:00.000Z");
      }
      if ((mask & 4) != 0) {
        expected.put("updated", "2026-01-02T00:00:00.000Z");
      }
      if ((mask & 8) != 0) {
        expected.put("desc", "Some text");
      }
      List<Object> tags = new ArrayList<>();
      if ((mask & 1) != 0) {
        tags.add("kernel");
      }
      tags.add("active");
      expected.put("tags", tags);
      if ((mask & 16) != 0) {
        expected.put("source_transcript", "transcripts/t.md");
      }
      assertEquals(
          new ArrayList<>(expected.entrySet()), new ArrayList<>(meta.entrySet()), "mask " + mask);
    }
  }
}
