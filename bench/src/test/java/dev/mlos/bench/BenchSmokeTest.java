package dev.mlos.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.compile.CompileResult;
import dev.mlos.core.db.Database;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.hash.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's smoke test, run by every build at N = 1000: the generator writes what it
 * promises and the compile steps bench/run.sh times do what they should. No timing is asserted.
 */
class BenchSmokeTest {
  static final int N = 1000;

  @TempDir Path dir;

  @Test
  void generatesCompilesRecompilesAndChangesOneNeedAtN1000() throws Exception {
    Path ws = dir.resolve("ws");
    DataGenerator.Summary s = new DataGenerator().generate(ws, N, DataGenerator.DEFAULT_SEED);
    assertEquals(new DataGenerator.Summary(1, N, 3 * N, N, s.relationships(), DataGenerator.AGENTS, s.artifactBytes()), s);
    assertTrue(s.relationships() >= 4.5 * N && s.relationships() <= 5.5 * N, "about 5N relationships: " + s.relationships());

    int contextPacks;
    try (Connection c = Database.at(ws.resolve("mlos.db")).open(false); Statement st = c.createStatement()) {
      assertEquals(N, count(st, "SELECT count(*) FROM needs"));
      assertEquals(3 * N, count(st, "SELECT count(*) FROM tasks"));
      assertEquals(s.relationships(), count(st, "SELECT count(*) FROM relationships"));
      assertEquals(3 * N, count(st, "SELECT count(*) FROM relationships WHERE relationship_type = 'derived_from' AND source_type = 'task'"));
      assertEquals(0, count(st, "SELECT count(*) FROM tasks t JOIN needs n ON n.id = t.need_id"
          + " WHERE n.status NOT IN ('actionable', 'in_progress')"));
      assertTrue(count(st, "SELECT count(*) FROM needs WHERE parent_need_id IS NOT NULL") > N / 3, "a parent tree");
      assertEquals(DataGenerator.AGENTS, count(st, "SELECT count(*) FROM agents WHERE json_array_length(monitored_needs) > 0"));
      assertEquals(count(st, "SELECT count(*) FROM tasks WHERE assigned_agent_id IS NOT NULL"),
          count(st, "SELECT sum(json_array_length(assigned_tasks)) FROM agents"));
      contextPacks = count(st, "SELECT count(*) FROM agents WHERE status IN ('provisioning', 'active')");
      // Every artifact is a real ~4 KB file with its hash recorded.
      Map<String, String> hashes = new HashMap<>();
      try (ResultSet rs = st.executeQuery("SELECT file_path, content_hash FROM artifacts")) {
        while (rs.next()) {
          hashes.put(rs.getString(1), rs.getString(2));
        }
      }
      assertEquals(N, hashes.size());
      for (Map.Entry<String, String> h : hashes.entrySet()) {
        Path f = ws.resolve(h.getKey());
        long size = Files.size(f);
        assertTrue(size > 3_500 && size < 5_000, f + " is " + size + " bytes");
        assertEquals(h.getValue(), Sha256.ofFile(f), f.toString());
      }
    }

    int pages = N + 3 + contextPacks; // needs/, PROBLEM.md, ARTIFACTS.md, GRAPH.md, context/
    CompileResult cold = BenchMain.compile(ws, new HashMap<>());
    assertEquals(pages, cold.pages());
    assertEquals(pages, cold.written());
    try (var files = Files.list(ws.resolve("needs"))) {
      assertEquals(N, files.count());
    }

    CompileResult noop = BenchMain.compile(ws, new HashMap<>());
    assertEquals(0, noop.written());
    assertEquals(pages, noop.unchanged());

    BenchMain.change(ws);
    CompileResult changed = BenchMain.compile(ws, new HashMap<>());
    assertTrue(changed.written() >= 2 && changed.written() < 20, "the need's page, PROBLEM.md and a few linked pages: " + changed.written());
    assertTrue(changed.reused() > N - 20, "the other pages are not even rendered: " + changed.reused());

    GuardReport fast = BenchMain.guard(ws, false, false);
    assertTrue(fast.isClean(), () -> GuardReport.countLine(fast.violations()));
    GuardReport full = BenchMain.guard(ws, true, false);
    assertTrue(full.isClean(), () -> GuardReport.countLine(full.violations()));
    assertTrue(full.staleChecked());
    assertFalse(full.rendered(), "just compiled: the compile record answers the stale check");
    GuardReport fresh = BenchMain.guardAsFreshClone(ws);
    assertTrue(fresh.isClean(), () -> GuardReport.countLine(fresh.violations()));
    assertTrue(fresh.rendered());
    assertEquals(pages, fresh.notRendered(), "a fresh clone of a compiled workspace: no page needs rendering");
    assertTrue(Files.exists(ws.resolve("target/mlos/compile-state")), "the compile state is put back");
    GuardReport rendered = BenchMain.guard(ws, true, true);
    assertTrue(rendered.isClean(), () -> GuardReport.countLine(rendered.violations()));
    assertTrue(rendered.rendered());
  }

  @Test
  void sameSeedAndScaleGiveTheSameDatabaseAndFiles() throws Exception {
    DataGenerator g = new DataGenerator();
    g.generate(dir.resolve("a"), 200, 7);
    g.generate(dir.resolve("b"), 200, 7);
    g.generate(dir.resolve("c"), 200, 8);
    assertEquals(digest(dir.resolve("a")), digest(dir.resolve("b")));
    assertTrue(!digest(dir.resolve("a")).equals(digest(dir.resolve("c"))), "another seed, other data");
    try (var walk = Files.walk(dir.resolve("a").resolve("artifacts"))) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        Path other = dir.resolve("b").resolve(dir.resolve("a").relativize(f));
        assertEquals(Sha256.ofFile(f), Sha256.ofFile(other), f.toString());
      }
    }
  }

  private static String digest(Path ws) throws Exception {
    try (Connection c = Database.at(ws.resolve("mlos.db")).open(false)) {
      return DatabaseDigest.of(c);
    }
  }

  private static int count(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
