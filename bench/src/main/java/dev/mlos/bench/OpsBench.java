package dev.mlos.bench;

import dev.mlos.core.db.Database;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.AgentSpec;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.LensSpec;
import dev.mlos.core.engine.NeedSpec;
import dev.mlos.core.engine.ReadyQuery;
import dev.mlos.core.engine.ReadyWork;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The state-changing operations of issues 17 and 18, timed one by one on a generated workspace: in
 * one JVM through the {@link Engine}, as {@code java -jar mlos.jar} processes (the CLI), and over
 * stdio against {@code mlos mcp} driven by the MCP SDK's own client. Each timed operation prints
 * nothing; each mode prints one {@code LATENCY} line per operation: {@code LATENCY <mode> <op>
 * <count> <p50 ms> <p99 ms> <mean ms> <max ms>}.
 *
 * <p>Operations pick their targets by status before the timing starts (identified needs to move,
 * open tasks of live needs to claim), so the modes can run one after the other on one database
 * without touching the same rows twice.
 */
final class OpsBench {
  /** The file {@link #prepare} leaves in the workspace: the bench agent's id. */
  static final String AGENT_FILE = "bench-agent.txt";

  /** Tags {@link #prepare} puts on needs (the generator writes none) and the lens looks for. */
  static final List<String> LENS_TAGS = List.of("kernel", "parser");

  private OpsBench() {}

  /** One operation's latencies, in nanoseconds, in the order they were taken. */
  record Latencies(String mode, String op, long[] nanos) {
    long percentile(double p) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(p * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double mean() {
      return Arrays.stream(nanos).average().orElse(0);
    }

    long max() {
      return Arrays.stream(nanos).max().orElse(0);
    }

    String line() {
      return String.format(
          Locale.ROOT,
          "LATENCY %s %s %d %.3f %.3f %.3f %.3f",
          mode,
          op,
          nanos.length,
          percentile(0.50) / 1e6,
          percentile(0.99) / 1e6,
          mean() / 1e6,
          max() / 1e6);
    }
  }

  /**
   * Makes a generated workspace ready for the operations (untimed): an {@code mlos.yaml} when there
   * is none, tags on 15% of the needs (raw SQL, in one transaction: the database keeps {@code
   * need_tags}), and an active bench agent whose lens sees ten scopes and the tags {@link
   * #LENS_TAGS}, with weights. Returns the agent's id, also written to {@link #AGENT_FILE}.
   */
  static long prepare(Path workspace) throws SQLException, IOException {
    Path yaml = workspace.resolve("mlos.yaml");
    if (!Files.exists(yaml)) {
      Files.writeString(
          yaml,
          "# mlos workspace (written by the bench). See docs/configuration.md.\ndatabase: mlos.db\npack: mlos\n",
          StandardCharsets.UTF_8);
    }
    Path db = workspace.resolve("mlos.db");
    List<String> scopes = new ArrayList<>();
    try (Connection c = Database.at(db).open(false);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.executeUpdate(
          "UPDATE needs SET tags = CASE id % 20 WHEN 0 THEN '[\"kernel\"]' WHEN 1 THEN '[\"parser\"]'"
              + " ELSE '[\"docs\",\"kernel\"]' END WHERE id % 20 IN (0, 1, 2) AND tags = '[]'");
      c.commit();
      c.setAutoCommit(true);
      // Every tenth scope, so the lens sees about a tenth of the needs by scope plus the tagged
      // ones.
      try (ResultSet rs =
          st.executeQuery(
              "SELECT DISTINCT scope FROM needs WHERE scope IS NOT NULL ORDER BY scope")) {
        int i = 0;
        while (rs.next()) {
          if (i++ % 10 == 0) {
            scopes.add(rs.getString(1));
          }
        }
      }
    }
    try (Engine engine = Engine.open(db, Actor.person("bench"))) {
      long agent = engine.registerAgent(AgentSpec.of("architect")).id();
      engine.startAgent(agent);
      Map<String, Double> weights = new LinkedHashMap<>();
      weights.put("tag:kernel", 3.0);
      if (!scopes.isEmpty()) {
        weights.put("scope:" + scopes.get(0), 2.0);
      }
      engine.setLens(
          LensSpec.forAgent(agent)
              .withScopes(scopes)
              .withTags(LENS_TAGS)
              .withWeights(weights)
              .withTokenBudget(8000));
      Files.writeString(
          workspace.resolve(AGENT_FILE), Long.toString(agent), StandardCharsets.UTF_8);
      return agent;
    }
  }

  static long agentOf(Path workspace) throws IOException {
    return Long.parseLong(
        Files.readString(workspace.resolve(AGENT_FILE), StandardCharsets.UTF_8).trim());
  }

  /** The scopes new needs go to: the lens's first scope and others, so some are in the lens. */
  private static String scopeFor(int i, List<String> scopes) {
    return scopes.isEmpty() ? null : scopes.get(i % scopes.size());
  }

  /**
   * In one JVM through the engine: {@code warmup} untimed operations of each kind first (the JIT),
   * then {@code ops} timed ones of each kind, in the order create need, move need (identified ->
   * active), claim task, complete task (the tasks just claimed), ready work for the bench agent,
   * ready work for everyone.
   */
  static List<Latencies> engine(Path workspace, int ops, int warmup) throws Exception {
    long agent = agentOf(workspace);
    Path db = workspace.resolve("mlos.db");
    int total = ops + warmup;
    Targets t = targets(db, total);
    List<Latencies> out = new ArrayList<>();
    try (Engine engine = Engine.open(db, Actor.person("bench"))) {
      Engine asAgent = engine.as(Actor.agent(agent));
      out.add(
          time(
              "engine", "create need", warmup, ops, i -> engine.createNeed(needSpec(i, t.scopes))));
      out.add(
          time(
              "engine",
              "move need",
              warmup,
              ops,
              i -> engine.moveNeed(t.needs.get(i), "active", "bench")));
      out.add(
          time("engine", "claim task", warmup, ops, i -> asAgent.claimTask(t.tasks.get(i), agent)));
      out.add(
          time(
              "engine",
              "complete task",
              warmup,
              ops,
              i -> asAgent.finishTask(t.tasks.get(i), "completed", "done by the bench")));
      ReadyQuery q = ReadyQuery.forAgent(agent);
      out.add(
          time(
              "engine",
              "ready work (lens)",
              warmup,
              ops,
              i -> {
                ReadyWork w = asAgent.readyWork(q);
                if (w.items().isEmpty()) {
                  throw new IllegalStateException("no ready work for agent " + agent);
                }
              }));
      // Issue 17 asks for ready work "for an agent (or for everyone)": everyone sees every item,
      // so it is timed too.
      ReadyQuery all = ReadyQuery.everyone();
      out.add(
          time(
              "engine",
              "ready work (everyone)",
              warmup,
              ops,
              i -> {
                if (engine.readyWork(all).items().isEmpty()) {
                  throw new IllegalStateException("no ready work for everyone");
                }
              }));
    }
    return out;
  }

  /**
   * As processes: every operation is one run of the documented CLI launch line ({@link
   * #cliCommand}), timed from its start to its exit (which must be 0), with the bench agent as
   * actor. Each kind has its own time budget ({@code bench.cli.seconds}, default 1800): a JVM start
   * per operation makes 1,000 of a kind take minutes, not seconds.
   */
  static List<Latencies> cli(Path workspace, Path jar, int ops) throws Exception {
    long budget = Long.getLong("bench.cli.seconds", 1800);
    long agent = agentOf(workspace);
    Path db = workspace.resolve("mlos.db");
    Targets t = targets(db, ops);
    String ws = workspace.toString();
    String a = Long.toString(agent);
    List<Latencies> out = new ArrayList<>();
    out.add(
        time(
            "cli",
            "create need",
            0,
            ops,
            budget,
            i -> {
              NeedSpec s = needSpec(i, t.scopes);
              List<String> cmd =
                  new ArrayList<>(
                      List.of(
                          "need",
                          "create",
                          s.title(),
                          "--priority",
                          s.priority().toString(),
                          "--tag",
                          String.join(",", s.tags())));
              if (s.scope() != null) {
                cmd.addAll(List.of("--scope", s.scope()));
              }
              cmd.addAll(List.of("--workspace", ws, "--as", "bench"));
              run(jar, cmd);
            }));
    out.add(
        time(
            "cli",
            "move need",
            0,
            ops,
            budget,
            i ->
                run(
                    jar,
                    List.of(
                        "need",
                        "move",
                        t.needs.get(i).toString(),
                        "active",
                        "--workspace",
                        ws,
                        "--as",
                        "bench"))));
    out.add(
        time(
            "cli",
            "claim task",
            0,
            ops,
            budget,
            i ->
                run(
                    jar,
                    List.of(
                        "task",
                        "claim",
                        t.tasks.get(i).toString(),
                        "--agent",
                        a,
                        "--workspace",
                        ws))));
    out.add(
        time(
            "cli",
            "complete task",
            0,
            ops,
            budget,
            i ->
                run(
                    jar,
                    List.of(
                        "task",
                        "complete",
                        t.tasks.get(i).toString(),
                        "--agent",
                        a,
                        "--result",
                        "done by the bench",
                        "--workspace",
                        ws))));
    out.add(
        time(
            "cli",
            "ready work (lens)",
            0,
            ops,
            budget,
            i -> run(jar, List.of("ready", "--agent", a, "--workspace", ws))));
    return out;
  }

  /**
   * The server's launch line from docs/mcp.md, with this JVM's java: the start-up archive the build
   * writes next to the jar ({@code mlos.jsa}; a missing or stale one is ignored), JVM warnings on
   * stderr.
   */
  static List<String> javaJar(Path jar, List<String> args) {
    return launch(jar, List.of(), args);
  }

  /**
   * The CLI's launch line from docs/cli.md: the server's, with only the quick JIT tier (short
   * runs).
   */
  static List<String> cliCommand(Path jar, List<String> args) {
    return launch(jar, List.of("-XX:TieredStopAtLevel=1"), args);
  }

  private static List<String> launch(Path jar, List<String> options, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:SharedArchiveFile=" + jar.toAbsolutePath().resolveSibling("mlos.jsa"));
    cmd.addAll(options);
    cmd.add("-Xlog:disable");
    cmd.add("-Xlog:all=warning:stderr");
    cmd.add("-jar");
    cmd.add(jar.toAbsolutePath().toString());
    cmd.addAll(args);
    return cmd;
  }

  private static void run(Path jar, List<String> args) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(cliCommand(jar, args))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.PIPE);
    Process p = pb.start();
    byte[] err = p.getErrorStream().readAllBytes();
    int exit = p.waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          "mlos "
              + String.join(" ", args)
              + " exited "
              + exit
              + ": "
              + new String(err, StandardCharsets.UTF_8).strip());
    }
  }

  /**
   * Over stdio against {@code mlos mcp --workspace WS --agent A --no-recompile}: first {@code
   * starts} fresh servers, each timed from before the client is built (the SDK starts the process
   * while it initializes) to the answered {@code initialize} (the first request) and to the first
   * answered tool call (a cheap one, {@code get_need} of need 1, so the figure is the server's
   * start and not the cost of a tool); then, on one server, {@code warmup} untimed calls of each
   * tool and {@code ops} timed calls of {@code create_need}, {@code claim_task} and {@code
   * ready_work}.
   */
  static List<Latencies> mcp(Path workspace, Path jar, int ops, int warmup, int starts)
      throws Exception {
    long agent = agentOf(workspace);
    Path db = workspace.resolve("mlos.db");
    int total = ops + warmup;
    Targets t = targets(db, total);
    List<String> cmd =
        javaJar(
            jar,
            List.of(
                "mcp",
                "--workspace",
                workspace.toString(),
                "--agent",
                Long.toString(agent),
                "--no-recompile"));
    long[] toInit = new long[starts];
    long[] toFirst = new long[starts];
    McpSyncClient client = null;
    try {
      for (int s = 0; s < starts; s++) {
        if (client != null) {
          client.closeGracefully();
        }
        long t0 = System.nanoTime();
        ServerParameters params =
            ServerParameters.builder(cmd.get(0)).args(cmd.subList(1, cmd.size())).build();
        client =
            McpClient.sync(new StdioClientTransport(params, McpJsonDefaults.getMapper()))
                .requestTimeout(Duration.ofSeconds(120))
                .initializationTimeout(Duration.ofSeconds(120))
                .build();
        client.initialize();
        toInit[s] = System.nanoTime() - t0;
        ok(client, "get_need", Map.of("need_id", 1));
        toFirst[s] = System.nanoTime() - t0;
      }
      McpSyncClient c = client;
      List<Latencies> out = new ArrayList<>();
      out.add(new Latencies("mcp", "start to initialize answered", toInit));
      out.add(new Latencies("mcp", "start to first tool call answered", toFirst));
      System.out.println(out.get(0).line());
      System.out.println(out.get(1).line());
      System.out.flush();
      out.add(
          time(
              "mcp",
              "create_need",
              warmup,
              ops,
              i -> {
                NeedSpec n = needSpec(i, t.scopes);
                Map<String, Object> args = new LinkedHashMap<>();
                args.put("title", n.title());
                args.put("priority", n.priority());
                if (n.scope() != null) {
                  args.put("scope", n.scope());
                }
                args.put("tags", n.tags());
                ok(c, "create_need", args);
              }));
      out.add(
          time(
              "mcp",
              "claim_task",
              warmup,
              ops,
              i -> ok(c, "claim_task", Map.of("task_id", t.tasks.get(i)))));
      out.add(time("mcp", "ready_work", warmup, ops, i -> ok(c, "ready_work", Map.of())));
      return out;
    } finally {
      if (client != null) {
        client.closeGracefully();
      }
    }
  }

  private static String ok(McpSyncClient c, String tool, Map<String, Object> args) {
    CallToolResult r = c.callTool(new CallToolRequest(tool, args));
    String text =
        r.content().isEmpty() || !(r.content().get(0) instanceof TextContent tc) ? "" : tc.text();
    if (Boolean.TRUE.equals(r.isError())) {
      throw new IllegalStateException(tool + " " + args + " -> " + text);
    }
    return text;
  }

  private static NeedSpec needSpec(int i, List<String> scopes) {
    return NeedSpec.titled("Bench need " + i + ": the parser keeps its budget")
        .withPriority(1 + i % 5)
        .withScope(scopeFor(i, scopes))
        .withTags(i % 2 == 0 ? List.of("kernel") : List.of("docs", "parser"))
        .withDescription("Created by the bench to time create need.");
  }

  interface Op {
    void run(int i) throws Exception;
  }

  /**
   * Runs up to {@code warmup} untimed then up to {@code ops} timed calls of {@code op} with indexes
   * 0.. on. A time budget per operation kind (system property {@code bench.op.seconds}, default
   * 120) bounds a slow operation: the warm-up stops after a quarter of it, the timed calls after
   * all of it (at least one is timed), and the count reported is the count timed.
   */
  static Latencies time(String mode, String name, int warmup, int ops, Op op) throws Exception {
    return time(mode, name, warmup, ops, Long.getLong("bench.op.seconds", 120), op);
  }

  /** {@link #time(String, String, int, int, Op)} with a budget of {@code budgetSeconds}. */
  static Latencies time(String mode, String name, int warmup, int ops, long budgetSeconds, Op op)
      throws Exception {
    long budget = budgetSeconds * 1_000_000_000L;
    long start = System.nanoTime();
    int done = 0;
    while (done < warmup && System.nanoTime() - start < budget / 4) {
      op.run(done++);
    }
    long[] nanos = new long[ops];
    int timed = 0;
    start = System.nanoTime();
    while (timed < ops && (timed == 0 || System.nanoTime() - start < budget)) {
      long t0 = System.nanoTime();
      op.run(done + timed);
      nanos[timed++] = System.nanoTime() - t0;
    }
    Latencies l = new Latencies(mode, name, Arrays.copyOf(nanos, timed));
    System.out.println(l.line());
    System.out.flush();
    return l;
  }

  /**
   * What a mode works on: identified needs to move, open tasks of live needs to claim, the lens's
   * scopes.
   */
  record Targets(List<Long> needs, List<Long> tasks, List<String> scopes) {}

  static Targets targets(Path db, int count) throws SQLException {
    try (Connection c = Database.at(db).open(false)) {
      List<Long> needs =
          ids(c, "SELECT id FROM needs WHERE status = 'identified' ORDER BY id LIMIT ?", count);
      // Spread over the table (every 7th open task), so claims do not all hit one need.
      List<Long> tasks =
          ids(
              c,
              "SELECT id FROM (SELECT t.id, row_number() OVER (ORDER BY t.id) AS r FROM tasks t"
                  + " JOIN needs n ON n.id = t.need_id WHERE t.status = 'open' AND n.status IN ('actionable', 'in_progress'))"
                  + " WHERE r % 7 = 0 ORDER BY id LIMIT ?",
              count);
      List<String> scopes = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT value FROM lenses l, json_each(l.scopes) WHERE l.agent_id = (SELECT max(agent_id) FROM lenses) ORDER BY value")) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            scopes.add(rs.getString(1));
          }
        }
      } catch (SQLException e) {
        // The lens table's shape is the engine's business: without it, new needs get no scope.
      }
      if (needs.size() < count || tasks.size() < count) {
        throw new IllegalStateException(
            "the workspace has "
                + needs.size()
                + " identified needs and "
                + tasks.size()
                + " spread open tasks, "
                + count
                + " of each are needed: generate a larger N or run fewer operations");
      }
      return new Targets(needs, tasks, scopes);
    }
  }

  private static List<Long> ids(Connection c, String sql, int limit) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out;
  }
}
