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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's smoke test, run by every build at N = 1000: the generator writes what it promises
 * and the compile steps bench/run.sh times do what they should. No timing is asserted.
 */
class BenchSmokeTest {
  static final int N = 1000;

  @TempDir Path dir;

  @Test
  void generatesCompilesRecompilesAndChangesOneNeedAtN1000() throws Exception {
    Path ws = dir.resolve("ws");
    DataGenerator.Summary s = new DataGenerator().generate(ws, N, DataGenerator.DEFAULT_SEED);
    assertEquals(
        new DataGenerator.Summary(
            1, N, 3 * N, N, s.relationships(), DataGenerator.AGENTS, s.artifactBytes()),
        s);
    assertTrue(
        s.relationships() >= 4.5 * N && s.relationships() <= 5.5 * N,
        "about 5N relationships: " + s.relationships());

    int contextPacks;
    try (Connection c = Database.at(ws.resolve("mlos.db")).open(false);
        Statement st = c.createStatement()) {
      assertEquals(N, count(st, "SELECT count(*) FROM needs"));
      assertEquals(3 * N, count(st, "SELECT count(*) FROM tasks"));
      assertEquals(s.relationships(), count(st, "SELECT count(*) FROM relationships"));
      assertEquals(
          3 * N,
          count(
              st,
              "SELECT count(*) FROM relationships WHERE relationship_type = 'derived_from' AND source_type = 'task'"));
      assertEquals(
          0,
          count(
              st,
              "SELECT count(*) FROM tasks t JOIN needs n ON n.id = t.need_id"
                  + " WHERE n.status NOT IN ('actionable', 'in_progress')"));
      assertTrue(
          count(st, "SELECT count(*) FROM needs WHERE parent_need_id IS NOT NULL") > N / 3,
          "a parent tree");
      assertEquals(
          DataGenerator.AGENTS,
          count(st, "SELECT count(*) FROM agents WHERE json_array_length(monitored_needs) > 0"));
      assertEquals(
          count(st, "SELECT count(*) FROM tasks WHERE assigned_agent_id IS NOT NULL"),
          count(st, "SELECT sum(json_array_length(assigned_tasks)) FROM agents"));
      contextPacks =
          count(st, "SELECT count(*) FROM agents WHERE status IN ('provisioning', 'active')");
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

    int pages =
        N + 4 + contextPacks; // needs/, PROBLEM.md, ARTIFACTS.md, GRAPH.md, READY.md, context/
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
    assertTrue(
        changed.written() >= 2 && changed.written() < 20,
        "the need's page, PROBLEM.md and a few linked pages: " + changed.written());
    assertTrue(
        changed.reused() > N - 20, "the other pages are not even rendered: " + changed.reused());

    GuardReport fast = BenchMain.guard(ws, false, false);
    assertTrue(fast.isClean(), () -> GuardReport.countLine(fast.violations()));
    GuardReport full = BenchMain.guard(ws, true, false);
    assertTrue(full.isClean(), () -> GuardReport.countLine(full.violations()));
    assertTrue(full.staleChecked());
    assertFalse(full.rendered(), "just compiled: the compile record answers the stale check");
    GuardReport fresh = BenchMain.guardAsFreshClone(ws);
    assertTrue(fresh.isClean(), () -> GuardReport.countLine(fresh.violations()));
    assertTrue(fresh.rendered());
    assertEquals(
        pages,
        fresh.notRendered(),
        "a fresh clone of a compiled workspace: no page needs rendering");
    assertTrue(
        Files.exists(ws.resolve("target/mlos/compile-state")), "the compile state is put back");
    GuardReport rendered = BenchMain.guard(ws, true, true);
    assertTrue(rendered.isClean(), () -> GuardReport.countLine(rendered.violations()));
    assertTrue(rendered.rendered());
  }

  /**
   * The ops steps at a tiny N, with a handful of operations each: in one JVM, as CLI processes and
   * over MCP (the last two need the packaged mlos.jar, which the reactor builds before this module
   * in {@code mvn verify}). Checks what each step did to the database, not how fast.
   */
  @Test
  void opsStepsCreateMoveClaimCompleteAndReadReadyWork() throws Exception {
    Path ws = dir.resolve("ops");
    new DataGenerator().generate(ws, 400, DataGenerator.DEFAULT_SEED);
    long agent = OpsBench.prepare(ws);
    assertTrue(Files.exists(ws.resolve("mlos.yaml")));
    int needs0;
    try (Connection c = Database.at(ws.resolve("mlos.db")).open(false);
        Statement st = c.createStatement()) {
      needs0 = count(st, "SELECT count(*) FROM needs");
      assertEquals(
          count(st, "SELECT count(*) FROM needs WHERE id % 20 IN (0, 1, 2)"),
          count(st, "SELECT count(DISTINCT need_id) FROM need_tags"),
          "15% of the needs are tagged");
      assertEquals("active", string(st, "SELECT status FROM agents WHERE id = " + agent));
      assertEquals(
          "[\"kernel\",\"parser\"]",
          string(st, "SELECT tags FROM lenses WHERE agent_id = " + agent));
    }

    List<OpsBench.Latencies> engine = OpsBench.engine(ws, 4, 1);
    assertEquals(
        List.of(
            "create need",
            "move need",
            "claim task",
            "complete task",
            "ready work (lens)",
            "ready work (everyone)"),
        engine.stream().map(OpsBench.Latencies::op).toList());
    engine.forEach(l -> assertEquals(4, l.nanos().length, l.op()));
    int completed = 5;
    try (Connection c = Database.at(ws.resolve("mlos.db")).open(false);
        Statement st = c.createStatement()) {
      assertEquals(needs0 + 5, count(st, "SELECT count(*) FROM needs"));
      assertEquals(
          completed,
          count(
              st,
              "SELECT count(*) FROM tasks WHERE assigned_agent_id = "
                  + agent
                  + " AND status = 'completed'"));
      assertEquals(
          5,
          count(
              st,
              "SELECT count(*) FROM history WHERE entity = 'need' AND actor = 'person:bench'"
                  + " AND reason = 'bench'"),
          "five needs moved, by the bench, with its reason");
    }

    Path jar = Path.of("..", "mlos-cli", "target", "mlos.jar");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isRegularFile(jar),
        jar.toAbsolutePath()
            + " is not built: run mvn verify (or package mlos-cli) for the CLI and MCP steps");
    List<OpsBench.Latencies> cli = OpsBench.cli(ws, jar, 1);
    assertEquals(5, cli.size());
    List<OpsBench.Latencies> mcp = OpsBench.mcp(ws, jar, 3, 1, 1);
    assertEquals(
        List.of(
            "start to initialize answered",
            "start to first tool call answered",
            "create_need",
            "claim_task",
            "ready_work"),
        mcp.stream().map(OpsBench.Latencies::op).toList());
    try (Connection c = Database.at(ws.resolve("mlos.db")).open(false);
        Statement st = c.createStatement()) {
      assertEquals(
          needs0 + 5 + 1 + 4,
          count(st, "SELECT count(*) FROM needs"),
          "engine 5, CLI 1, MCP 1 + 3");
      assertEquals(
          completed + 1,
          count(
              st,
              "SELECT count(*) FROM tasks WHERE assigned_agent_id = "
                  + agent
                  + " AND status = 'completed'"));
      assertEquals(
          4,
          count(
              st,
              "SELECT count(*) FROM tasks WHERE assigned_agent_id = "
                  + agent
                  + " AND status = 'assigned'"),
          "MCP claimed 4 tasks for the server's agent");
    }
  }

  @Test
  void sameSeedAndScaleGiveTheSameDatabaseAndFiles() throws Exception {
    DataGenerator g = new DataGenerator();
    g.generate(dir.resolve("a"), 200, 7);
    g.generate(dir.resolve("b"), 200, 7);
    g.generate(dir.resolve("c"), 200, 8);
    assertEquals(digest(dir.resolve("a")), digest(dir.resolve("b")));
    assertTrue(
        !digest(dir.resolve("a")).equals(digest(dir.resolve("c"))), "another seed, other data");
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

  private static String string(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static int count(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
