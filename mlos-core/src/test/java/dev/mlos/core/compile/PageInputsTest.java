package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageInputsTest {
  @TempDir Path dir;

  private static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static String hash(Map<String, Object> row, Map<String, List<Map<String, Object>>> queries) {
    return PageInputs.of("seed", "needs/1.md", row, queries);
  }

  @Test
  void differentModelsNeverHashAlike() {
    List<String> hashes = new ArrayList<>();
    hashes.add(hash(row("id", 1L), Map.of()));
    hashes.add(hash(row("id", "1"), Map.of()));
    hashes.add(hash(row("id", 1.0), Map.of()));
    hashes.add(hash(row("id", null), Map.of()));
    hashes.add(hash(row(), Map.of()));
    hashes.add(hash(null, Map.of()));
    hashes.add(hash(row("id", true), Map.of()));
    hashes.add(hash(row("ab", "c"), Map.of()));
    hashes.add(hash(row("a", "bc"), Map.of()));
    hashes.add(hash(row(), Map.of("tasks", List.of(row("t", "a,b")))));
    hashes.add(hash(row(), Map.of("tasks", List.of(row("t", "a"), row("t", "b")))));
    hashes.add(hash(row(), Map.of("tasks", List.of())));
    hashes.add(hash(row(), Map.of("other", List.of())));
    hashes.add(PageInputs.of("seed", "needs/2.md", row(), Map.of()));
    hashes.add(PageInputs.of("other seed", "needs/1.md", row(), Map.of()));
    Set<String> distinct = new HashSet<>(hashes);
    assertEquals(hashes.size(), distinct.size(), hashes.toString());
    assertEquals(hash(row("id", 1L, "t", "x"), Map.of("q", List.of(row("a", 2L)))),
        hash(row("id", 1L, "t", "x"), Map.of("q", List.of(row("a", 2L)))), "equal models hash alike");
    assertEquals(hash(row("id", 1L), Map.of()), hash(row("id", 1), Map.of()), "an Integer is the Long SQLite returned");
  }

  private WorkspaceConfig config(Path root, Map<String, Object> params) {
    return new WorkspaceConfig("ws", root, root.resolve("mlos.yaml"), root.resolve("mlos.db"), root, null, params, List.of());
  }

  @Test
  void theSeedNamesEverythingButAbsolutePaths() {
    ViewDefinition v = new ViewDefinition("needs", "One page per need", "pack/mlos/need.ftl", "needs/{id}.md", "needs",
        Map.of("needs", "SELECT id FROM needs ORDER BY id"), "pack mlos");
    Map<String, Object> params = Map.of("scopes", Arrays.asList("kernel"));
    String seed = PageInputs.seed(config(dir.resolve("a"), params), v, "code", "template");

    assertEquals(seed, PageInputs.seed(config(dir.resolve("b/c"), params), v, "code", "template"),
        "a clone elsewhere on disk renders the same pages");
    assertNotEquals(seed, PageInputs.seed(config(dir.resolve("a"), params), v, "other code", "template"));
    assertNotEquals(seed, PageInputs.seed(config(dir.resolve("a"), params), v, "code", "other template"));
    assertNotEquals(seed, PageInputs.seed(config(dir.resolve("a"), Map.of("scopes", List.of("mobile"))), v, "code", "template"));
    ViewDefinition described = new ViewDefinition("needs", "Needs", v.template(), v.output(), v.each(), v.queries(), v.origin());
    assertNotEquals(seed, PageInputs.seed(config(dir.resolve("a"), params), described, "code", "template"));
    ViewDefinition queried = new ViewDefinition("needs", v.description(), v.template(), v.output(), v.each(),
        Map.of("needs", "SELECT id FROM needs ORDER BY id DESC"), v.origin());
    assertNotEquals(seed, PageInputs.seed(config(dir.resolve("a"), params), queried, "code", "template"));
  }
}
