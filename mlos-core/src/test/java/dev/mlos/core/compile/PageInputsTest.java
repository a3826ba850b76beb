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

  private static String hash(
      Map<String, Object> row, Map<String, List<Map<String, Object>>> queries) {
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
    assertEquals(
        hash(row("id", 1L, "t", "x"), Map.of("q", List.of(row("a", 2L)))),
        hash(row("id", 1L, "t", "x"), Map.of("q", List.of(row("a", 2L)))),
        "equal models hash alike");
    assertEquals(
        hash(row("id", 1L), Map.of()),
        hash(row("id", 1), Map.of()),
        "an Integer is the Long SQLite returned");
  }

  private static final ViewDefinition NEEDS =
      new ViewDefinition(
          "needs",
          "One page per need",
          "pack/mlos/need.ftl",
          "needs/{id}.md",
          "needs",
          Map.of("needs", "SELECT id FROM needs ORDER BY id"),
          "pack mlos");
  private static final ViewDefinition PROBLEM =
      new ViewDefinition(
          "problem",
          "Open needs",
          "pack/mlos/problem.ftl",
          "PROBLEM.md",
          null,
          Map.of("needs", "SELECT id FROM needs ORDER BY id"),
          "pack mlos");
  private static final Map<String, Object> PARAMS = Map.of("scopes", Arrays.asList("kernel"));

  private WorkspaceConfig config(
      Path root, Path out, Map<String, Object> params, ViewDefinition... views) {
    return new WorkspaceConfig(
        "ws",
        root,
        root.resolve("mlos.yaml"),
        root.resolve("mlos.db"),
        out,
        null,
        params,
        List.of(views));
  }

  private static Map<String, Object> ordered(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private String seed(WorkspaceConfig config) {
    return PageInputs.seed(config, PROBLEM, "template");
  }

  @Test
  void theSeedNamesEverythingAPageDependsOnButAbsolutePathsAndMlosItself() {
    Path a = dir.resolve("a");
    String seed = seed(config(a, a, PARAMS, PROBLEM, NEEDS));

    assertEquals(
        seed,
        seed(config(dir.resolve("b/c"), dir.resolve("b/c"), PARAMS, PROBLEM, NEEDS)),
        "a clone elsewhere on disk renders the same pages");
    List<String> others =
        List.of(
            PageInputs.seed(config(a, a, PARAMS, PROBLEM, NEEDS), PROBLEM, "other template"),
            PageInputs.seed(config(a, a, PARAMS, PROBLEM, NEEDS), NEEDS, "template"),
            seed(config(a, a, Map.of("scopes", List.of("mobile")), PROBLEM, NEEDS)),
            // Templates see params in the order mlos.yaml declares them.
            seed(config(a, a, ordered("scopes", List.of("kernel"), "hops", 2L), PROBLEM, NEEDS)),
            seed(config(a, a, ordered("hops", 2L, "scopes", List.of("kernel")), PROBLEM, NEEDS)),
            PageInputs.seed(
                new WorkspaceConfig(
                    "other",
                    a,
                    a.resolve("mlos.yaml"),
                    a.resolve("mlos.db"),
                    a,
                    null,
                    PARAMS,
                    List.of(PROBLEM, NEEDS)),
                PROBLEM,
                "template"),
            seed(config(a, a.resolve("docs"), PARAMS, PROBLEM, NEEDS)),
            seed(
                config(
                    a,
                    a,
                    PARAMS,
                    new ViewDefinition(
                        "problem",
                        "Needs",
                        PROBLEM.template(),
                        PROBLEM.output(),
                        null,
                        PROBLEM.queries(),
                        PROBLEM.origin()),
                    NEEDS)),
            seed(
                config(
                    a,
                    a,
                    PARAMS,
                    new ViewDefinition(
                        "problem",
                        PROBLEM.description(),
                        PROBLEM.template(),
                        PROBLEM.output(),
                        null,
                        Map.of("needs", "SELECT id FROM needs ORDER BY id DESC"),
                        PROBLEM.origin()),
                    NEEDS)),
            // PROBLEM.md links to the need pages: their output pattern is part of what it renders
            // from.
            seed(
                config(
                    a,
                    a,
                    PARAMS,
                    PROBLEM,
                    new ViewDefinition(
                        "needs",
                        NEEDS.description(),
                        NEEDS.template(),
                        "pages/{id}.md",
                        "needs",
                        NEEDS.queries(),
                        NEEDS.origin()))));
    for (int i = 0; i < others.size(); i++) {
      assertNotEquals(seed, others.get(i), "variation " + i);
    }
    assertEquals(others.size(), new HashSet<>(others).size());
  }
}
