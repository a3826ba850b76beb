package dev.mlos.bench;

import dev.mlos.core.db.Database;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.init.InitRequest;
import dev.mlos.core.init.Initializer;
import dev.mlos.core.store.NewAgent;
import dev.mlos.core.store.NewArtifact;
import dev.mlos.core.store.NewNeed;
import dev.mlos.core.store.NewRelationship;
import dev.mlos.core.store.NewTask;
import dev.mlos.core.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Writes a seed-000 workspace of scale {@code n} through the core {@link Store}: {@code n} needs in
 * {@code max(1, round(n / 1000))} scopes with a parent tree, {@code 3n} tasks (only on actionable
 * or in-progress needs, as the schema demands), {@code n} artifacts backed by real ~4 KB files
 * under {@code artifacts/} with their SHA-256, about {@code 5n} relationships (the {@code 3n}
 * derived_from edges the database writes for tasks, plus about {@code 2n} others, never twice the
 * same) and 50 agents with monitored needs and assigned tasks.
 *
 * <p>Deterministic: every value, timestamps included, comes from one {@link SplittableRandom}
 * seeded with {@code seed}, so the same seed and {@code n} give the same rows and files on every
 * machine. Rows are inserted in batches of {@value #BATCH}, one transaction each.
 */
public final class DataGenerator {
  /** The seed the benchmark uses unless told otherwise. */
  public static final long DEFAULT_SEED = 20261121L;

  public static final int AGENTS = 50;
  static final int BATCH = 5_000;

  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final String[] AREAS = {
    "kernel",
    "compiler",
    "coordination",
    "mobile",
    "data",
    "infra",
    "search",
    "billing",
    "auth",
    "ui"
  };
  private static final String[] WORDS = {
    "agent",
    "context",
    "budget",
    "token",
    "graph",
    "need",
    "task",
    "artifact",
    "schema",
    "kernel",
    "compile",
    "guard",
    "drift",
    "hash",
    "view",
    "template",
    "query",
    "index",
    "cache",
    "scope",
    "pack",
    "window",
    "plan",
    "review",
    "merge",
    "branch",
    "release",
    "deploy",
    "metric",
    "latency",
    "memory",
    "disk",
    "file",
    "path",
    "record",
    "history",
    "status",
    "priority",
    "owner",
    "deadline",
    "risk",
    "retry",
    "timeout",
    "batch",
    "stream",
    "parser",
    "writer",
    "reader",
    "report",
    "summary",
    "transcript",
    "session",
    "workspace",
    "database",
    "table",
    "column",
    "row",
    "trigger",
    "migration",
    "backup",
    "restore",
    "lint",
    "test",
    "fixture",
    "benchmark",
    "profile",
    "thread",
    "lock",
    "queue",
    "event",
    "signal",
    "handoff",
    "protocol",
    "contract",
    "boundary",
    "module",
    "layer",
    "policy",
    "rule",
    "check",
    "audit",
    "trace",
    "log",
    "error",
    "warning",
    "fix",
    "hint",
    "link",
    "page",
    "section"
  };
  private static final String[] ODD_TITLES = {
    "Titles with | pipes survive", "Keep `ticks` in headings", "\"Quoted\" names: still valid YAML",
    "Stars *and* _underscores_", "../../etc/passwd is just a title",
        "Brackets [like] this (and that)"
  };
  private static final String[] NEED_STATUSES = {
    "identified", "active", "actionable", "in_progress", "resolved", "deferred"
  };
  private static final int[] NEED_STATUS_WEIGHTS = {25, 20, 25, 15, 10, 5};
  private static final String[] TASK_STATUSES = {"open", "completed", "failed", "cancelled"};
  private static final int[] TASK_STATUS_WEIGHTS = {45, 35, 8, 12};
  private static final String[] AGENT_TYPES = {
    "architect",
    "context_manager",
    "janitor",
    "researcher",
    "reviewer",
    "tester",
    "planner",
    "scribe"
  };
  private static final String[] AGENT_STATUSES = {"provisioning", "active", "completed", "failed"};
  private static final int[] AGENT_STATUS_WEIGHTS = {10, 20, 15, 5};
  private static final String[] ARTIFACT_TYPES = {
    "document", "code", "config", "context_pack", "transcript", "schema"
  };
  private static final String[] ARTIFACT_EXTENSIONS = {"md", "py", "yaml", "md", "md", "sql"};
  private static final int[] ARTIFACT_TYPE_WEIGHTS = {40, 25, 10, 5, 10, 10};

  /** What was written. */
  public record Summary(
      int scopes,
      int needs,
      int tasks,
      int artifacts,
      int relationships,
      int agents,
      long artifactBytes) {}

  /**
   * Creates {@code workspace} (which must not hold a database yet) with {@code mlos.db} and the
   * artifact files.
   */
  public Summary generate(Path workspace, int n, long seed) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, was " + n);
    }
    Path db = workspace.resolve("mlos.db");
    if (Files.exists(db)) {
      throw new IllegalStateException(db + " exists already: generate into a fresh directory");
    }
    try {
      Files.createDirectories(workspace);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null));
    Plan plan = new Plan(n, new SplittableRandom(seed));
    try (Connection c = Database.at(db).open(false);
        Store store = Store.on(c)) {
      insertNeeds(store, plan);
      insertAgents(store, plan);
      insertTasks(store, plan);
      long bytes = insertArtifacts(store, plan, workspace);
      fillAgentLists(c, plan);
      int extraEdges = insertRelationships(store, plan);
      return new Summary(plan.scopes, n, plan.tasks, n, plan.tasks + extraEdges, AGENTS, bytes);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot close " + db + ": " + e.getMessage(), e);
    }
  }

  /** The number of scopes for {@code n} needs: one per thousand, at least one. */
  public static int scopesFor(int n) {
    return Math.max(1, (n + 500) / 1000);
  }

  /** Everything decided before inserting, so JSON columns can name rows inserted later. */
  private static final class Plan {
    final int n;
    final int scopes;
    final int tasks;
    final SplittableRandom needs;
    final SplittableRandom agents;
    final SplittableRandom taskRandom;
    final SplittableRandom artifacts;
    final SplittableRandom edges;
    final String[] needStatus;

    /** Need ids (1-based) a task may hang from: actionable or in_progress. */
    final int[] eligible;

    /** Per task (0-based): its need id, and its agent id or 0. */
    final int[] taskNeed;

    final int[] taskAgent;
    final List<List<Integer>> agentTasks = new ArrayList<>();

    /**
     * Per agent: provisioned_artifacts, assigned_tasks, monitored_needs as JSON, set once their
     * rows exist.
     */
    final List<String[]> agentLists = new ArrayList<>();

    Plan(int n, SplittableRandom root) {
      this.n = n;
      this.scopes = scopesFor(n);
      this.tasks = 3 * n;
      this.needs = root.split();
      this.agents = root.split();
      this.taskRandom = root.split();
      this.artifacts = root.split();
      this.edges = root.split();
      SplittableRandom statuses = root.split();
      needStatus = new String[n + 1];
      List<Integer> ok = new ArrayList<>();
      for (int id = 1; id <= n; id++) {
        // The first need of each scope is actionable, so even a tiny workspace has tasks.
        String s =
            id == blockStart(id)
                ? "actionable"
                : pick(statuses, NEED_STATUSES, NEED_STATUS_WEIGHTS);
        needStatus[id] = s;
        if (s.equals("actionable") || s.equals("in_progress")) {
          ok.add(id);
        }
      }
      eligible = ok.stream().mapToInt(Integer::intValue).toArray();
      taskNeed = new int[tasks];
      taskAgent = new int[tasks];
      SplittableRandom assign = root.split();
      for (int t = 0; t < tasks; t++) {
        taskNeed[t] = eligible[assign.nextInt(eligible.length)];
      }
      // Each agent works on 2..10 tasks: those are assigned / in_progress, the rest are not.
      BitSet taken = new BitSet(tasks);
      for (int a = 1; a <= AGENTS; a++) {
        List<Integer> mine = new ArrayList<>();
        int want = Math.min(2 + assign.nextInt(9), tasks - taken.cardinality());
        while (mine.size() < want) {
          int t = assign.nextInt(tasks);
          if (!taken.get(t)) {
            taken.set(t);
            taskAgent[t] = a;
            mine.add(t + 1);
          }
        }
        mine.sort(null);
        agentTasks.add(mine);
      }
    }

    int scopeOf(int id) {
      return (int) ((long) (id - 1) * scopes / n);
    }

    int blockStart(int id) {
      int s = scopeOf(id);
      return (int) (((long) s * n + scopes - 1) / scopes) + 1;
    }

    int blockEnd(int id) {
      int s = scopeOf(id);
      return (int) (((long) (s + 1) * n + scopes - 1) / scopes);
    }

    /** A random id in the same scope block as {@code id}. */
    int sameBlock(SplittableRandom r, int id) {
      int start = blockStart(id);
      return start + r.nextInt(blockEnd(id) - start + 1);
    }

    /**
     * Artifacts are laid out in the same blocks as needs (artifact j belongs to need j's scope).
     */
    String scopeName(int id) {
      int s = scopeOf(id);
      return AREAS[s % AREAS.length] + (s >= AREAS.length ? "-" + (s / AREAS.length) : "");
    }
  }

  private void insertNeeds(Store store, Plan p) {
    for (int from = 1; from <= p.n; from += BATCH) {
      int start = from;
      int end = Math.min(p.n, from + BATCH - 1);
      store.inTransaction(
          s -> {
            for (int id = start; id <= end; id++) {
              SplittableRandom r = p.needs;
              Long parent = null;
              int blockStart = p.blockStart(id);
              if (id > blockStart && r.nextInt(100) < 60) {
                parent = (long) (blockStart + r.nextInt(id - blockStart));
              }
              String title =
                  r.nextInt(100) < 3
                      ? ODD_TITLES[r.nextInt(ODD_TITLES.length)] + " " + id
                      : sentence(r, 4, 9, false);
              String description = r.nextInt(100) < 5 ? null : paragraph(r, 2, 6);
              String transcript =
                  r.nextInt(100) < 30
                      ? "transcripts/session-" + (1 + r.nextInt(400)) + ".md"
                      : null;
              String at = time(id * 37L + r.nextInt(30));
              long got =
                  s.insertNeed(
                      new NewNeed(
                          title,
                          description,
                          p.needStatus[id],
                          priority(r),
                          p.scopeName(id),
                          transcript,
                          parent),
                      at);
              expect("need", id, got);
            }
          });
    }
  }

  private void insertAgents(Store store, Plan p) {
    SplittableRandom r = p.agents;
    store.inTransaction(
        s -> {
          for (int a = 1; a <= AGENTS; a++) {
            Set<Integer> monitored = new TreeSet<>();
            int want = Math.min(p.n, 3 + r.nextInt(8));
            while (monitored.size() < want) {
              monitored.add(1 + r.nextInt(p.n));
            }
            Set<Integer> provisioned = new TreeSet<>();
            int prov = Math.min(p.n, r.nextInt(6));
            while (provisioned.size() < prov) {
              provisioned.add(1 + r.nextInt(p.n));
            }
            String status = pick(r, AGENT_STATUSES, AGENT_STATUS_WEIGHTS);
            String summary =
                status.equals("completed") || status.equals("failed")
                    ? sentence(r, 6, 14, true)
                    : null;
            // The id lists name tasks and artifacts inserted later, and the database refuses ids of
            // rows
            // that do not exist yet: the agent starts with empty lists, fillAgentLists sets them.
            p.agentLists.add(
                new String[] {json(provisioned), json(p.agentTasks.get(a - 1)), json(monitored)});
            NewAgent agent =
                new NewAgent(
                    AGENT_TYPES[r.nextInt(AGENT_TYPES.length)],
                    status,
                    "0." + r.nextInt(5) + "." + r.nextInt(20),
                    "[]",
                    "[]",
                    "[]",
                    "transcripts/agents/agent-" + a + ".md",
                    summary);
            expect("agent", a, s.insertAgent(agent, time(p.n * 37L + a * 600L)));
          }
        });
  }

  private void insertTasks(Store store, Plan p) {
    SplittableRandom r = p.taskRandom;
    long base = p.n * 37L + AGENTS * 600L;
    for (int from = 0; from < p.tasks; from += BATCH) {
      int start = from;
      int end = Math.min(p.tasks, from + BATCH);
      store.inTransaction(
          s -> {
            for (int t = start; t < end; t++) {
              int agent = p.taskAgent[t];
              String status =
                  agent != 0
                      ? (r.nextBoolean() ? "assigned" : "in_progress")
                      : pick(r, TASK_STATUSES, TASK_STATUS_WEIGHTS);
              String result =
                  status.equals("completed") || status.equals("failed")
                      ? sentence(r, 3, 10, true)
                      : null;
              String at = time(base + t * 11L + r.nextInt(10));
              NewTask task =
                  new NewTask(
                      p.taskNeed[t],
                      sentence(r, 5, 12, false),
                      status,
                      priority(r),
                      agent == 0 ? null : (long) agent,
                      result,
                      agent == 0 ? null : at.substring(0, 10),
                      r.nextInt(100) < 20
                          ? "transcripts/session-" + (1 + r.nextInt(400)) + ".md"
                          : null);
              expect("task", t + 1, s.insertTask(task, at));
            }
          });
    }
  }

  private long insertArtifacts(Store store, Plan p, Path workspace) {
    SplittableRandom r = p.artifacts;
    long base = p.n * 37L + AGENTS * 600L + p.tasks * 11L;
    long[] bytes = {0};
    for (int from = 1; from <= p.n; from += BATCH) {
      int start = from;
      int end = Math.min(p.n, from + BATCH - 1);
      store.inTransaction(
          s -> {
            for (int id = start; id <= end; id++) {
              int type = pickIndex(r, ARTIFACT_TYPE_WEIGHTS);
              String title = sentence(r, 2, 6, false);
              String path =
                  "artifacts/"
                      + p.scopeName(id)
                      + "/"
                      + ARTIFACT_TYPES[type]
                      + "/"
                      + id
                      + "-"
                      + title.toLowerCase(Locale.ROOT).replace(' ', '-')
                      + "."
                      + ARTIFACT_EXTENSIONS[type];
              byte[] content = fileContent(r, title, id);
              write(workspace.resolve(path), content);
              bytes[0] += content.length;
              NewArtifact artifact =
                  new NewArtifact(
                      title,
                      r.nextInt(100) < 10 ? null : sentence(r, 6, 16, true),
                      path,
                      ARTIFACT_TYPES[type],
                      Sha256.of(content),
                      r.nextInt(100) < 15
                          ? "transcripts/session-" + (1 + r.nextInt(400)) + ".md"
                          : null);
              expect("artifact", id, s.insertArtifact(artifact, time(base + id * 7L)));
            }
          });
    }
    return bytes[0];
  }

  /**
   * Sets the agents' id lists, now that the tasks and artifacts they name exist (one transaction).
   */
  private static void fillAgentLists(Connection c, Plan p) {
    try {
      c.setAutoCommit(false);
      try (java.sql.PreparedStatement ps =
          c.prepareStatement(
              "UPDATE agents SET provisioned_artifacts = ?, assigned_tasks = ?, monitored_needs = ? WHERE id = ?")) {
        for (int a = 1; a <= AGENTS; a++) {
          String[] lists = p.agentLists.get(a - 1);
          ps.setString(1, lists[0]);
          ps.setString(2, lists[1]);
          ps.setString(3, lists[2]);
          ps.setLong(4, a);
          ps.executeUpdate();
        }
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot set the agents' id lists: " + e.getMessage(), e);
    } finally {
      try {
        c.setAutoCommit(true);
      } catch (SQLException e) {
        // The connection is closed by the caller either way.
      }
    }
  }

  /** About 2n edges besides the tasks' derived_from ones, mostly inside one scope block. */
  private int insertRelationships(Store store, Plan p) {
    SplittableRandom r = p.edges;
    List<NewRelationship> planned = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int n = p.n;
    addEdges(
        planned,
        seen,
        Math.round(n * 0.8f),
        () -> {
          int need = 1 + r.nextInt(n);
          return edge(r, "need", need, "artifact", p.sameBlock(r, need), "references");
        });
    addEdges(
        planned,
        seen,
        Math.round(n * 0.15f),
        () -> {
          int need = 1 + r.nextInt(n);
          return edge(r, "need", need, "need", p.sameBlock(r, need), "blocks");
        });
    addEdges(
        planned,
        seen,
        Math.round(n * 0.15f),
        () -> {
          int need = 1 + r.nextInt(n);
          return edge(r, "need", need, "need", p.sameBlock(r, need), "enables");
        });
    addEdges(
        planned,
        seen,
        Math.round(n * 0.4f),
        () -> {
          int task = 1 + r.nextInt(p.tasks);
          return edge(
              r, "task", task, "artifact", p.sameBlock(r, p.taskNeed[task - 1]), "produced");
        });
    addEdges(
        planned,
        seen,
        Math.round(n * 0.2f),
        () -> {
          int task = 1 + r.nextInt(p.tasks);
          return edge(
              r, "task", task, "artifact", p.sameBlock(r, p.taskNeed[task - 1]), "consumed");
        });
    addEdges(
        planned,
        seen,
        Math.round(n * 0.2f),
        () -> {
          int artifact = 1 + r.nextInt(n);
          return edge(
              r, "artifact", artifact, "artifact", p.sameBlock(r, artifact), "derived_from");
        });
    addEdges(
        planned,
        seen,
        Math.round(n * 0.1f),
        () -> {
          int artifact = 1 + r.nextInt(n);
          return edge(r, "artifact", artifact, "need", p.sameBlock(r, artifact), "references");
        });
    addEdges(
        planned,
        seen,
        3 * AGENTS,
        () -> edge(r, "agent", 1 + r.nextInt(AGENTS), "need", 1 + r.nextInt(n), "monitors"));
    addEdges(
        planned,
        seen,
        2 * AGENTS,
        () -> edge(r, "agent", 1 + r.nextInt(AGENTS), "artifact", 1 + r.nextInt(n), "produced"));

    long base = p.n * 37L + AGENTS * 600L + p.tasks * 11L + p.n * 7L;
    for (int from = 0; from < planned.size(); from += BATCH) {
      int start = from;
      int end = Math.min(planned.size(), from + BATCH);
      store.inTransaction(
          s -> {
            for (int i = start; i < end; i++) {
              s.insertRelationship(planned.get(i), time(base + i * 3L));
            }
          });
    }
    return planned.size();
  }

  private static void addEdges(
      List<NewRelationship> out, Set<String> seen, int count, Supplier<NewRelationship> next) {
    int added = 0;
    // A small block can run out of distinct pairs: give up after a bounded number of tries.
    for (int tries = 0; added < count && tries < count * 20 + 100; tries++) {
      NewRelationship e = next.get();
      if (e.sourceType().equals(e.targetType()) && e.sourceId() == e.targetId()) {
        continue;
      }
      String key =
          e.sourceType()
              + ":"
              + e.sourceId()
              + ">"
              + e.targetType()
              + ":"
              + e.targetId()
              + ":"
              + e.relationshipType();
      if (seen.add(key)) {
        out.add(e);
        added++;
      }
    }
  }

  private static NewRelationship edge(
      SplittableRandom r, String st, long s, String tt, long t, String type) {
    String metadata = r.nextInt(100) < 20 ? "{\"weight\":" + (1 + r.nextInt(9)) / 10.0 + "}" : null;
    return new NewRelationship(st, s, tt, t, type, metadata);
  }

  private static byte[] fileContent(SplittableRandom r, String title, int id) {
    int target = 3_900 + r.nextInt(400);
    StringBuilder b = new StringBuilder(target + 200);
    b.append("# ").append(title).append(" (artifact ").append(id).append(")\n\n");
    while (b.length() < target) {
      b.append(paragraph(r, 3, 7)).append("\n\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void write(Path file, byte[] content) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sentence(SplittableRandom r, int min, int max, boolean period) {
    int words = min + r.nextInt(max - min + 1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < words; i++) {
      String w = WORDS[r.nextInt(WORDS.length)];
      if (i == 0) {
        b.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
      } else {
        b.append(' ').append(w);
      }
    }
    return period ? b.append('.').toString() : b.toString();
  }

  private static String paragraph(SplittableRandom r, int min, int max) {
    int sentences = min + r.nextInt(max - min + 1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(sentence(r, 8, 16, true));
    }
    return b.toString();
  }

  private static Integer priority(SplittableRandom r) {
    int x = r.nextInt(100);
    if (x < 10) {
      return null;
    }
    return 1 + Math.min(4, (x - 10) / 18);
  }

  private static String pick(SplittableRandom r, String[] values, int[] weights) {
    return values[pickIndex(r, weights)];
  }

  private static int pickIndex(SplittableRandom r, int[] weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int x = r.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    throw new AssertionError();
  }

  private static String json(Iterable<Integer> ids) {
    StringBuilder b = new StringBuilder("[");
    for (Integer id : ids) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append(id);
    }
    return b.append(']').toString();
  }

  /** Seconds after 2026-01-01T00:00:00Z, as the schema writes timestamps. */
  static String time(long seconds) {
    return ISO_MILLIS.format(EPOCH.plusSeconds(seconds));
  }

  private static void expect(String what, long planned, long got) {
    if (planned != got) {
      throw new IllegalStateException(
          what + " got id " + got + ", planned " + planned + ": generate into a fresh database");
    }
  }
}
