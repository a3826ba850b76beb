package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four OS processes (not threads: separate JVMs, separate SQLite connections and file locks) claim
 * from the same 1,000 tasks as fast as they can. Every task is claimed exactly once and no process
 * sees an error; the database agrees with what each process says it won.
 */
class ConcurrentClaimsTest {
  static final int PROCESSES = 4;
  static final int TASKS = 1000;

  @TempDir Path dir;

  @Test
  void fourProcessesClaimEachTaskExactlyOnce() throws Exception {
    Path db = EngineDatabase.create(dir.resolve("mlos.db"));
    List<Long> agents = new ArrayList<>();
    try (Engine engine = Engine.open(db, Actor.person("setup"))) {
      Need n = engine.createNeed(NeedSpec.titled("a lot of work"));
      engine.moveNeed(n.id(), "active", null);
      engine.moveNeed(n.id(), "actionable", null);
      for (int batch = 0; batch < TASKS / Engine.MAX_TASKS_PER_GRADUATION; batch++) {
        List<TaskSpec> specs = new ArrayList<>();
        for (int i = 0; i < Engine.MAX_TASKS_PER_GRADUATION; i++) {
          specs.add(TaskSpec.of("task " + (batch * Engine.MAX_TASKS_PER_GRADUATION + i + 1)));
        }
        engine.graduateMore(n.id(), specs);
      }
      for (int i = 0; i < PROCESSES; i++) {
        agents.add(engine.registerAgent(AgentSpec.of("worker")).id());
      }
    }
    Path go = dir.resolve("go");
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<Process> processes = new ArrayList<>();
    List<BufferedReader> outputs = new ArrayList<>();
    try {
      for (long agent : agents) {
        ProcessBuilder pb =
            new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "-Xshare:auto",
                ClaimRace.class.getName(),
                db.toString(),
                Long.toString(agent),
                Integer.toString(TASKS),
                go.toString());
        pb.redirectError(dir.resolve("stderr-" + agent + ".txt").toFile());
        Process p = pb.start();
        processes.add(p);
        outputs.add(
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
      }
      for (BufferedReader out : outputs) {
        assertEquals("ready", out.readLine(), "each process opened the engine");
      }
      Files.writeString(go, "go");
      Map<Long, Long> winner = new HashMap<>();
      int duplicates = 0;
      for (int i = 0; i < PROCESSES; i++) {
        Process p = processes.get(i);
        long agent = agents.get(i);
        List<String> won = new ArrayList<>();
        for (String line; (line = outputs.get(i).readLine()) != null; ) {
          won.add(line);
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "process " + i + " finished");
        String stderr = Files.readString(dir.resolve("stderr-" + agent + ".txt"));
        assertEquals(0, p.exitValue(), "process " + i + " saw an error: " + stderr);
        assertTrue(!stderr.contains("Exception") && !stderr.contains("locked"), stderr);
        for (String id : won) {
          if (winner.put(Long.parseLong(id), agent) != null) {
            duplicates++;
          }
        }
      }
      assertEquals(0, duplicates, "no task claimed twice");
      assertEquals(TASKS, winner.size(), "every task claimed");
      assertEquals(TASKS, new TreeSet<>(winner.keySet()).last());
      List<String> rows =
          EngineDatabase.rows(db, "SELECT id, status, assigned_agent_id FROM tasks ORDER BY id");
      assertEquals(TASKS, rows.size());
      for (String row : rows) {
        String[] f = row.split("\\|");
        assertEquals("assigned", f[1], row);
        assertEquals(
            winner.get(Long.parseLong(f[0])).toString(),
            f[2],
            "the database agrees with the winner of " + row);
      }
    } finally {
      for (Process p : processes) {
        p.destroyForcibly();
      }
    }
  }
}
