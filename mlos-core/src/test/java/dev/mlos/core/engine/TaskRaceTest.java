package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two agents racing for one task, each through its own connection to one SQLite file, as two MCP
 * servers or two mlos commands do: the loser is told which agent holds the task, by id and type
 * ("task 7 is claimed by agent 3 (planner)"), whichever of the two wins. The loser of a start race
 * was told only the holder's id, where a person reading the log knows runs by their type.
 */
class TaskRaceTest {
  private static final int TASKS = 12;

  @TempDir Path dir;
  Path db;
  Engine person;
  long planner;
  long coder;
  List<Task> tasks;

  @BeforeEach
  void open() {
    db = EngineDatabase.create(dir.resolve("mlos.db"));
    person = Engine.open(db, Actor.person("alice"));
    Need n = person.createNeed(NeedSpec.titled("n"));
    person.moveNeed(n.id(), "active", null);
    person.moveNeed(n.id(), "actionable", null);
    List<TaskSpec> specs = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      specs.add(TaskSpec.of("t" + i));
    }
    tasks = person.graduate(n.id(), specs);
    planner = person.registerAgent(AgentSpec.of("planner")).id();
    coder = person.registerAgent(AgentSpec.of("coder")).id();
  }

  @AfterEach
  void close() {
    person.close();
  }

  @Test
  void theLoserOfAStartRaceIsToldWhichAgentHoldsTheTask() throws Exception {
    race(
        "task.owner",
        (engine, task) -> engine.startTask(task.id()),
        (task, winner, loser) ->
            task.words()
                + " is claimed by "
                + winner
                + ", not by agent "
                + loser
                + "; only its holder (or a person) can change it");
  }

  @Test
  void theLoserOfAClaimRaceIsToldWhichAgentHoldsTheTask() throws Exception {
    race(
        "task.claimed",
        (engine, task) -> engine.claimTask(task.id(), engine.actor().agentId()),
        (task, winner, loser) -> task.words() + " is already claimed by " + winner);
  }

  interface Message {
    String of(EntityRef task, String winner, long loser);
  }

  /**
   * For each task, the two agents call {@code op} at once, each on its own connection: one wins,
   * the other is refused under {@code rule} with {@code message}, naming the winner by id and type.
   */
  private void race(String rule, BiFunction<Engine, Task, Object> op, Message message)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Engine asPlanner = Engine.open(db, Actor.agent(planner));
        Engine asCoder = Engine.open(db, Actor.agent(coder))) {
      for (Task task : tasks) {
        CyclicBarrier start = new CyclicBarrier(2);
        Future<RefusedException> p = pool.submit(() -> attempt(start, asPlanner, task, op));
        Future<RefusedException> c = pool.submit(() -> attempt(start, asCoder, task, op));
        RefusedException byPlanner = p.get(60, TimeUnit.SECONDS);
        RefusedException byCoder = c.get(60, TimeUnit.SECONDS);
        // Exactly one of the two is refused.
        assertEquals(
            1, (byPlanner == null ? 0 : 1) + (byCoder == null ? 0 : 1), task.ref().words());
        long holder = person.getTask(task.id()).assignedAgentId();
        RefusedException lost = holder == planner ? byCoder : byPlanner;
        assertNull(holder == planner ? byPlanner : byCoder, "the holder's own call succeeded");
        assertNotNull(lost);
        assertEquals(rule, lost.rule(), lost.getMessage());
        assertEquals(
            message.of(
                task.ref(),
                holder == planner
                    ? "agent " + planner + " (planner)"
                    : "agent " + coder + " (coder)",
                holder == planner ? coder : planner),
            lost.getMessage());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static RefusedException attempt(
      CyclicBarrier start, Engine engine, Task task, BiFunction<Engine, Task, Object> op)
      throws Exception {
    start.await(30, TimeUnit.SECONDS);
    try {
      op.apply(engine, task);
      return null;
    } catch (RefusedException e) {
      return e;
    }
  }
}
