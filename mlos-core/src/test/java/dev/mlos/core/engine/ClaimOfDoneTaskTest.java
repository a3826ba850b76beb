package dev.mlos.core.engine;

import static dev.mlos.core.engine.EngineTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a run of several agents, a task listed as ready is often finished by another agent before this
 * one's claim lands (a four-agent MCP run met it ten times a minute). The claim was refused with
 * "only an open task can be claimed" and no way on; it now names the way on, as a lost claim race
 * does.
 */
class ClaimOfDoneTaskTest {
  @TempDir Path dir;
  Engine engine;
  long a;
  long b;

  @BeforeEach
  void open() {
    engine = Engine.open(EngineDatabase.create(dir.resolve("mlos.db")), Actor.person("alice"));
    a = engine.registerAgent(AgentSpec.of("coder")).id();
    b = engine.registerAgent(AgentSpec.of("coder")).id();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private Task finishedBy(long agent, String outcome) {
    Need n = engine.createNeed(NeedSpec.titled("Release"));
    engine.moveNeed(n.id(), "active", null);
    engine.moveNeed(n.id(), "actionable", null);
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("Write notes"))).get(0);
    Engine as = engine.as(Actor.agent(agent));
    as.claimTask(t.id(), agent);
    as.startTask(t.id());
    as.finishTask(t.id(), outcome, "notes written");
    return t;
  }

  @Test
  void aTaskAnotherAgentCompletedSaysWhenAndToTakeAnother() {
    Task t = finishedBy(a, "completed");
    RefusedException e =
        refused("task.lifecycle", () -> engine.as(Actor.agent(b)).claimTask(t.id(), b));
    assertTrue(
        e.getMessage()
            .startsWith(
                "task "
                    + t.id()
                    + " is completed; only an open task can be claimed (completed is final: it"
                    + " was finished at "),
        e.getMessage());
    assertTrue(
        e.getMessage().endsWith(", held by agent " + a + ", with the result 'notes written')"),
        e.getMessage());
    assertEquals(List.of("open"), e.allowed());
    assertTrue(e.fix().startsWith("take another task from "), e.fix());
    assertTrue(e.fix().endsWith(", which lists only tasks no one holds"), e.fix());
  }

  @Test
  void aTaskAnotherAgentFailedSaysToTakeAnother() {
    Task t = finishedBy(a, "failed");
    RefusedException e =
        refused("task.lifecycle", () -> engine.as(Actor.agent(b)).claimTask(t.id(), b));
    assertEquals("task " + t.id() + " is failed; only an open task can be claimed", e.getMessage());
    assertTrue(e.fix().startsWith("take another task from "), e.fix());
    assertTrue(
        e.fix()
            .endsWith(
                "; a failed task is opened again by the agent that failed it (retry) or by a person"),
        e.fix());
  }

  @Test
  void aTaskTheAgentFailedItselfSaysToRetryIt() {
    Task t = finishedBy(a, "failed");
    RefusedException e =
        refused("task.lifecycle", () -> engine.as(Actor.agent(a)).claimTask(t.id(), a));
    assertTrue(e.fix().startsWith("agent " + a + " failed it: open it again with "), e.fix());
    // The fix works: retried, the same agent claims it.
    engine.as(Actor.agent(a)).retry(t.id());
    assertEquals(a, engine.as(Actor.agent(a)).claimTask(t.id(), a).assignedAgentId());
  }
}
