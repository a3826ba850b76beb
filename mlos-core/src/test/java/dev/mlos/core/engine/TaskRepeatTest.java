package dev.mlos.core.engine;

import static dev.mlos.core.engine.EngineTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task move asked for again (docs/engine.md, "A no-op writes nothing"): the task has the status
 * already, so the call succeeds with {@code changed} false and writes no history row, as a need
 * moved to its status, an agent started twice and an edge unrelated twice do.
 */
class TaskRepeatTest {
  @TempDir Path dir;
  Engine engine;

  @BeforeEach
  void open() {
    engine = Engine.open(EngineDatabase.create(dir.resolve("mlos.db")), Actor.person("alice"));
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private Task task() {
    Need n = engine.createNeed(NeedSpec.titled("Release"));
    engine.moveNeed(n.id(), "active", null);
    engine.moveNeed(n.id(), "actionable", null);
    return engine.graduate(n.id(), List.of(TaskSpec.of("Write notes"))).get(0);
  }

  private int historyRows(Task t) {
    return engine.history(t.ref()).size();
  }

  @Test
  void aSecondReleaseSucceedsAndWritesNothing() {
    Task t = task();
    long agent = engine.registerAgent(AgentSpec.of("coder")).id();
    Engine asAgent = engine.as(Actor.agent(agent));
    asAgent.claimTask(t.id(), agent);

    Written<Task> first = asAgent.release(t.id());
    assertTrue(first.changed());
    assertEquals("open", first.row().status());
    int rows = historyRows(t);

    Written<Task> again = asAgent.release(t.id());
    assertFalse(again.changed(), "open already: the retried release is no error");
    assertEquals("open", again.row().status());
    assertNull(again.row().assignedAgentId());
    assertEquals(rows, historyRows(t), "nothing written, no history row");
    assertEquals(first.row().updatedAt(), again.row().updatedAt());
  }

  @Test
  void releasingOrRetryingATaskNeverClaimedIsANoOp() {
    Task t = task();
    int rows = historyRows(t);
    assertFalse(engine.release(t.id()).changed());
    assertFalse(engine.retry(t.id()).changed());
    assertEquals("open", engine.getTask(t.id()).status());
    assertEquals(rows, historyRows(t));
  }

  @Test
  void aSecondRetrySucceedsAndWritesNothing() {
    Task t = task();
    long agent = engine.registerAgent(AgentSpec.of("coder")).id();
    Engine asAgent = engine.as(Actor.agent(agent));
    asAgent.startTask(t.id());
    asAgent.finishTask(t.id(), "failed", "broke");
    assertTrue(engine.retry(t.id()).changed());
    int rows = historyRows(t);
    assertFalse(engine.retry(t.id()).changed());
    assertEquals(rows, historyRows(t));
  }

  @Test
  void startingATaskInProgressAgainSaysNothingChanged() {
    Task t = task();
    long agent = engine.registerAgent(AgentSpec.of("coder")).id();
    Engine asAgent = engine.as(Actor.agent(agent));
    assertTrue(asAgent.start(t.id()).changed());
    int rows = historyRows(t);
    Written<Task> again = asAgent.start(t.id());
    assertFalse(again.changed());
    assertEquals("in_progress", again.row().status());
    assertEquals(rows, historyRows(t));
  }

  @Test
  void movesThatAskForAnotherStatusThanTheTaskHasAreStillRefused() {
    Task t = task();
    long agent = engine.registerAgent(AgentSpec.of("coder")).id();
    engine.claimTask(t.id(), agent);
    // assigned: a retry asks for failed -> open, which this task is not.
    refused("task.lifecycle", () -> engine.retry(t.id()));
    long other = engine.registerAgent(AgentSpec.of("coder")).id();
    // Another agent's release is refused by the holder's claim, not taken as a no-op.
    refused("task.owner", () -> engine.as(Actor.agent(other)).release(t.id()));
    engine.finishTask(t.id(), "cancelled", null);
    // A finish writes a result: finishing a finished task again stays refused (final).
    refused("task.lifecycle", () -> engine.finishTask(t.id(), "cancelled", null));
    refused("task.lifecycle", () -> engine.release(t.id()));
  }
}
