package dev.mlos.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.CompileResult;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardRequest;
import dev.mlos.core.guard.ViolationClass;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One benchmark step per JVM, so bench/run.sh can measure each process from outside (wall, CPU,
 * peak RSS) while this prints what only the inside knows: the time of the operation itself, its CPU
 * time, the peak heap and what was written. The last line of stdout is {@code RESULT key=value
 * ...}.
 *
 * <pre>
 * generate &lt;workspace&gt; &lt;n&gt; [seed]   write a fresh seed-000 workspace (mlos.db + artifacts/)
 * compile &lt;workspace&gt;                compile it through the core API (the mlos pack, no mlos.yaml)
 * change &lt;workspace&gt;                 move one identified need (id &gt;= n/2) to active, with a fixed time
 * guard &lt;workspace&gt; [fast|full|fresh|rendered] the guard: fast = hand-edit and artifact checks, full = also
 *                                     stale (default), fresh = full without the workspace's target/mlos/compile-state
 *                                     (as on a fresh clone; moved aside and back), fresh-changed = the same after rows
 *                                     changed without a compile (it must find STALE pages only), rendered = full rendering every
 *                                     page even when nothing changed
 * digest &lt;workspace&gt;                 print the database content digest
 * ops-prepare &lt;workspace&gt;            tag 15% of the needs, register the bench agent and its lens (untimed)
 * ops-engine &lt;workspace&gt; &lt;ops&gt; [warmup]  time create/move need, claim/complete task, ready work in this JVM
 * ops-cli &lt;workspace&gt; &lt;mlos.jar&gt; &lt;ops&gt;    the same, each operation one java -jar mlos.jar process
 * ops-mcp &lt;workspace&gt; &lt;mlos.jar&gt; &lt;ops&gt; [warmup] [starts]  start-up, create_need, claim_task, ready_work over stdio
 * jvm                                do nothing: the JVM start-up baseline
 * </pre>
 */
public final class BenchMain {
  /** compiled_at of every benchmark compile: the output does not depend on the clock. */
  static final String OUTPUT_TIMESTAMP = "2026-11-21T00:00:00Z";

  /** The updated_at the change step gives the need it moves. */
  static final String CHANGE_TIME = "2026-12-01T00:00:00.000Z";

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
    }
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("op", args[0]);
    int exit = 0;
    switch (args[0]) {
      case "generate" -> {
        if (args.length < 3) {
          usage();
        }
        Path ws = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : DataGenerator.DEFAULT_SEED;
        DataGenerator.Summary s = new DataGenerator().generate(ws, n, seed);
        result.put("n", n);
        result.put("seed", seed);
        result.put("scopes", s.scopes());
        result.put("needs", s.needs());
        result.put("tasks", s.tasks());
        result.put("artifacts", s.artifacts());
        result.put("relationships", s.relationships());
        result.put("agents", s.agents());
        result.put("artifact_bytes", s.artifactBytes());
        try (Connection c = Database.at(ws.resolve("mlos.db")).open(false)) {
          result.put("digest", DatabaseDigest.of(c));
        }
      }
      case "compile" -> {
        CompileResult r = compile(Path.of(arg(args, 1)), result);
        result.put("pages", r.pages());
        result.put("written", r.written());
        result.put("unchanged", r.unchanged());
        result.put("deleted", r.deleted().size());
      }
      case "change" -> result.put("need", change(Path.of(arg(args, 1))));
      case "change-rows" ->
          result.put("changed", changeRows(Path.of(arg(args, 1)), Integer.parseInt(arg(args, 2))));
      case "guard" -> {
        String mode = args.length < 3 ? "full" : args[2];
        GuardReport g =
            mode.equals("fresh") || mode.equals("fresh-changed")
                ? guardAsFreshClone(Path.of(arg(args, 1)))
                : guard(Path.of(arg(args, 1)), !mode.equals("fast"), mode.equals("rendered"));
        result.put("stale_checked", g.staleChecked());
        result.put("rendered", g.rendered());
        result.put("not_rendered", g.notRendered());
        result.put("checked", g.checkedCount());
        result.put("violations", GuardReport.total(g.violations()));
        // fresh-changed runs after rows changed without a compile: it must find STALE pages, and
        // nothing else.
        boolean expected =
            mode.equals("fresh-changed")
                ? !g.violations().isEmpty()
                    && g.violations().stream()
                        .allMatch(v -> v.violationClass() == ViolationClass.STALE)
                : g.isClean();
        if (!expected) {
          System.err.println("guard: " + GuardReport.countLine(g.violations()));
          exit = 1;
        }
      }
      case "digest" -> {
        try (Connection c = Database.at(Path.of(arg(args, 1)).resolve("mlos.db")).open(false)) {
          result.put("digest", DatabaseDigest.of(c));
        }
      }
      case "jvm" -> {}
      case "ops-prepare" -> result.put("agent", OpsBench.prepare(Path.of(arg(args, 1))));
      case "ops-engine" ->
          result.put(
              "kinds",
              OpsBench.engine(
                      Path.of(arg(args, 1)),
                      Integer.parseInt(arg(args, 2)),
                      args.length > 3 ? Integer.parseInt(args[3]) : 100)
                  .size());
      case "ops-cli" ->
          result.put(
              "kinds",
              OpsBench.cli(
                      Path.of(arg(args, 1)), Path.of(arg(args, 2)), Integer.parseInt(arg(args, 3)))
                  .size());
      case "ops-mcp" ->
          result.put(
              "kinds",
              OpsBench.mcp(
                      Path.of(arg(args, 1)),
                      Path.of(arg(args, 2)),
                      Integer.parseInt(arg(args, 3)),
                      args.length > 4 ? Integer.parseInt(args[4]) : 50,
                      args.length > 5 ? Integer.parseInt(args[5]) : 3)
                  .size());
      default -> usage();
    }
    result.put("op_wall_ms", (System.nanoTime() - t0) / 1_000_000);
    result.put("op_cpu_ms", (processCpuNanos() - cpu0) / 1_000_000);
    result.put("heap_peak_mb", String.format(Locale.ROOT, "%.1f", heapPeakBytes() / 1048576.0));
    result.put("heap_max_mb", Runtime.getRuntime().maxMemory() / 1048576);
    long gcCount = 0;
    long gcMs = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMs += Math.max(0, gc.getCollectionTime());
    }
    result.put("gc_count", gcCount);
    result.put("gc_ms", gcMs);
    StringBuilder line = new StringBuilder("RESULT");
    result.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    System.out.println(line);
    System.exit(exit);
  }

  static CompileResult compile(Path workspace, Map<String, Object> result) {
    AtomicInteger warnings = new AtomicInteger();
    Reporter reporter =
        new Reporter() {
          private final long started = System.nanoTime();

          @Override
          public void info(String message) {
            // -Dmlos.bench.log=true: the compile's progress lines with the wall and CPU time so
            // far, to see where an incremental compile spends its time (issue 20).
            if (Boolean.getBoolean("mlos.bench.log")) {
              System.err.printf(
                  java.util.Locale.ROOT,
                  "[%6d ms wall, %6d ms cpu] %s%n",
                  (System.nanoTime() - started) / 1_000_000,
                  processCpuNanos() / 1_000_000,
                  message);
            }
          }

          @Override
          public void warn(String message) {
            if (warnings.incrementAndGet() <= 5) {
              System.err.println("warning: " + message);
            }
          }
        };
    WorkspaceConfig config = new ConfigLoader().load(workspace, ConfigOverrides.none());
    CompileResult r =
        new Compiler()
            .compile(
                new CompileRequest(
                    config,
                    OUTPUT_TIMESTAMP,
                    false,
                    false,
                    Integer.getInteger("mlos.compile.threads", 0)),
                reporter);
    result.put("warnings", warnings.get());
    return r;
  }

  static GuardReport guard(Path workspace, boolean full, boolean renderAlways) {
    WorkspaceConfig config = new ConfigLoader().load(workspace, ConfigOverrides.none());
    return new Guard().check(new GuardRequest(config, full, 0, renderAlways));
  }

  /** The full guard without the workspace's local compile state, as on a fresh clone of it. */
  static GuardReport guardAsFreshClone(Path workspace) throws IOException {
    Path state = workspace.resolve("target/mlos/compile-state");
    Path aside = workspace.resolve("target/mlos/compile-state.bench-aside");
    Files.move(state, aside);
    try {
      return guard(workspace, true, false);
    } finally {
      Files.move(aside, state);
    }
  }

  /** Moves the first identified need with id >= n/2 to active; returns its id. */
  static long change(Path workspace) throws SQLException {
    try (Connection c = Database.at(workspace.resolve("mlos.db")).open(false);
        PreparedStatement find =
            c.prepareStatement(
                "SELECT id FROM needs WHERE status = 'identified' AND id >= (SELECT max(id) FROM needs) / 2 ORDER BY id LIMIT 1");
        PreparedStatement move =
            c.prepareStatement("UPDATE needs SET status = 'active', updated_at = ? WHERE id = ?")) {
      long id;
      try (ResultSet rs = find.executeQuery()) {
        if (!rs.next()) {
          throw new MlosException(
              "no identified need left to change", "generate a fresh workspace");
        }
        id = rs.getLong(1);
      }
      move.setString(1, CHANGE_TIME);
      move.setLong(2, id);
      move.executeUpdate();
      return id;
    }
  }

  /**
   * Changes the titles of {@code k} needs spread evenly over the ids (each run appends a mark, so
   * every run changes them again; the title is in the page's path, so each page moves), in one
   * transaction, as raw SQL: the change log records it like any write. Returns how many changed.
   */
  static int changeRows(Path workspace, int k) throws SQLException {
    try (Connection c = Database.at(workspace.resolve("mlos.db")).open(false);
        PreparedStatement change =
            c.prepareStatement(
                "UPDATE needs SET title = title || '+' WHERE id IN"
                    + " (SELECT id FROM needs WHERE id % max(1, (SELECT count(*) FROM needs) / ?) = 0 ORDER BY id LIMIT ?)")) {
      c.setAutoCommit(false);
      change.setInt(1, k);
      change.setInt(2, k);
      int n = change.executeUpdate();
      c.commit();
      return n;
    }
  }

  private static long heapPeakBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static String arg(String[] args, int i) {
    if (args.length <= i) {
      usage();
    }
    return args[i];
  }

  private static void usage() {
    System.err.println(
        "usage: BenchMain generate <workspace> <n> [seed] | compile <workspace> | change <workspace>"
            + " | guard <workspace> [fast|full|fresh|fresh-changed|rendered] | digest <workspace> | jvm | ops-prepare <workspace>"
            + " | ops-engine <workspace> <ops> [warmup] | ops-cli <workspace> <mlos.jar> <ops>"
            + " | ops-mcp <workspace> <mlos.jar> <ops> [warmup] [starts]");
    System.exit(2);
  }
}
