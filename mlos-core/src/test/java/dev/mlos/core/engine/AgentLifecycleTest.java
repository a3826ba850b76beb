package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.RemedyWording;
import dev.mlos.core.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent run lifecycle as the engine words it, with the database's rule (schema mlos V9) behind
 * it; and the refusals of work a run may not take, which offer no value the caller cannot pass.
 */
class AgentLifecycleTest {
  @TempDir Path dir;
  Path db;
  Engine engine;

  @BeforeEach
  void open() {
    db = EngineDatabase.create(dir.resolve("mlos.db"));
    engine = Engine.open(db, Actor.person("alice"));
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private Need actionable() {
    Need n = engine.createNeed(NeedSpec.titled("n"));
    engine.moveNeed(n.id(), "active", null);
    return engine.moveNeed(n.id(), "actionable", null).row();
  }

  @Test
  void theEngineRefusesFirstInItsOwnWordsAndTheDatabaseHoldsTheSameRule() throws Exception {
    long a = engine.registerAgent(AgentSpec.of("janitor")).id();
    engine.startAgent(a);
    engine.finishAgent(a, "completed", "done");
    RefusedException e =
        EngineTest.refused("agent.lifecycle", () -> engine.finishAgent(a, "failed", "again"));
    assertEquals(
        "agent "
            + a
            + ": completed -> failed is not allowed (completed is final: more work is a new agent"
            + " run)",
        e.getMessage());
    assertEquals(List.of(), e.allowed());
    EngineTest.refused("agent.lifecycle", () -> engine.startAgent(a));

    // Past the engine, the database refuses the same move, and the engine reads its message as
    // the same rule.
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      SQLException raw =
          assertThrows(
              SQLException.class,
              () -> s.execute("UPDATE agents SET status = 'active' WHERE id = " + a));
      assertTrue(
          raw.getMessage().contains("agent: completed -> active is not allowed"), raw.getMessage());
      assertEquals("agent.lifecycle", DatabaseRefusals.translate(raw).rule());
    }
    assertEquals("completed", engine.getAgent(a).status());
  }

  @Test
  void finishingARunNeverStartedOffersOnlyWhatAFinishTakes() {
    long a = engine.registerAgent(AgentSpec.of("janitor")).id();
    RefusedException e =
        EngineTest.refused("agent.lifecycle", () -> engine.finishAgent(a, "completed", "done"));
    assertEquals(
        "agent " + a + ": provisioning -> completed is not allowed; a run is completed from active",
        e.getMessage());
    // The fix names the operation that starts it (it said "start it first", naming none).
    assertEquals(
        "start it first with `startAgent` of agent run " + a + ", then finish it",
        e.fix(RemedyWording.OPERATIONS));
    assertEquals(List.of("failed"), e.allowed(), "active is not a way to finish a run");
    assertEquals("failed", engine.finishAgent(a, "failed", "never started").status());
  }

  @Test
  void aFinishedRunIsToldToRegisterANewRunNotOfferedStatuses() {
    Task t = engine.graduate(actionable().id(), List.of(TaskSpec.of("t"))).get(0);
    long a = engine.registerAgent(AgentSpec.of("janitor")).id();
    engine.finishAgent(a, "failed", "crashed at boot");
    RefusedException e = EngineTest.refused("agent.lifecycle", () -> engine.claimTask(t.id(), a));
    assertEquals(List.of(), e.allowed(), "provisioning and active are not values a claim takes");
    assertEquals(
        "register a new agent run with `registerAgent` of type janitor, then `claimTask` of task "
            + t.id()
            + " for an agent",
        e.fix(RemedyWording.OPERATIONS));
    e = EngineTest.refused("agent.lifecycle", () -> engine.as(Actor.agent(a)).startTask(t.id()));
    assertEquals(List.of(), e.allowed());
  }

  @Test
  void aTaskOwnerRefusalNamesTheFixNotAnAgentAsAValue() {
    Task t = engine.graduate(actionable().id(), List.of(TaskSpec.of("t"))).get(0);
    long a = engine.registerAgent(AgentSpec.of("janitor")).id();
    long b = engine.registerAgent(AgentSpec.of("architect")).id();
    RefusedException e =
        EngineTest.refused("task.owner", () -> engine.as(Actor.agent(a)).claimTask(t.id(), b));
    assertEquals(List.of(), e.allowed());
    assertEquals(
        "agent "
            + a
            + " cannot claim task "
            + t.id()
            + " for agent "
            + b
            + "; an agent claims only for itself: claim it for agent "
            + a
            + ", or let a person claim it for agent "
            + b,
        e.getMessage());
    engine.claimTask(t.id(), a);
    e = EngineTest.refused("task.owner", () -> engine.as(Actor.agent(b)).startTask(t.id()));
    assertEquals(List.of(), e.allowed());
    assertEquals(
        "task "
            + t.id()
            + " is held by agent "
            + a
            + ", not by agent "
            + b
            + "; only its holder (or a person) can change it: leave it to agent "
            + a
            + ", or ask a person to release it",
        e.getMessage());
  }

  /**
   * Ready work for a finished run listed work every claim of it then refused (agent.lifecycle, fix:
   * register a new run): said up front now, with the same rule and fix, and the tasks the run still
   * holds named.
   */
  @Test
  void readyWorkForAFinishedRunSaysItCanClaimNoneWithTheClaimsRuleAndFix() {
    Need n = actionable();
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("a"), TaskSpec.of("b"))).get(0);
    long a = engine.registerAgent(AgentSpec.of("builder")).id();
    engine.startAgent(a);
    engine.claim(t.id(), a);
    engine.finishAgent(a, "failed", "crashed");

    RefusedException ready =
        EngineTest.refused("agent.lifecycle", () -> engine.readyWork(ReadyQuery.forAgent(a)));
    RefusedException claim =
        EngineTest.refused("agent.lifecycle", () -> engine.claim(t.id() + 1, a));

    assertEquals(
        "agent "
            + a
            + " is failed; a finished agent run cannot claim tasks, so it has no ready work (it"
            + " still holds task "
            + t.id()
            + " assigned, which a release gives back)",
        ready.getMessage());
    assertEquals(claim.remedies().get(0), ready.remedies().get(0), "the same fix: a new run");
    assertEquals(List.of(), ready.allowed());
    assertEquals(1, engine.readyWork(ReadyQuery.everyone()).total(), "without the agent: listed");
  }
}
