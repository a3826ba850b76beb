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
    // The way on (a new run) is the fix, on its own line.
    assertEquals(
        "agent " + a + ": completed -> failed is not allowed (completed is final)", e.getMessage());
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

  /**
   * An agent claiming for an agent id no one registered (an MCP trial: claim_task with agent_id 99)
   * was told to let a person claim it for agent 99, which would be refused in turn: the id is
   * refused first, as naming no agent, with where agent ids are listed; nothing is written.
   */
  @Test
  void aClaimForAnAgentNoOneRegisteredSaysTheAgentDoesNotExist() {
    Task t = engine.graduate(actionable().id(), List.of(TaskSpec.of("t"))).get(0);
    long a = engine.registerAgent(AgentSpec.of("janitor")).id();

    RefusedException e =
        EngineTest.refused("not_found", () -> engine.as(Actor.agent(a)).claimTask(t.id(), 99));

    assertEquals("agent 99 does not exist", e.getMessage());
    assertEquals("open", engine.getTask(t.id()).status(), "nothing written");
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
            + "; an agent claims only for itself",
        e.getMessage());
    assertTrue(e.fixGiven(), "the way out is a fix of its own, not words inside the message");
    assertEquals(
        "claim it for agent " + a + " (yourself), or let a person claim it for agent " + b,
        e.fix(RemedyWording.OPERATIONS));
    engine.claimTask(t.id(), a);
    e = EngineTest.refused("task.owner", () -> engine.as(Actor.agent(b)).startTask(t.id()));
    assertEquals(List.of(), e.allowed());
    assertEquals(
        "task "
            + t.id()
            + " is claimed by agent "
            + a
            + " (janitor), not by agent "
            + b
            + "; only its holder (or a person) can change it",
        e.getMessage());
    // A start of another's task is the lost race for work: its fix is other work.
    assertEquals(List.of(dev.mlos.core.Remedy.takeReadyWork(b)), e.remedies());
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

  /**
   * A run finished while it held tasks went on writing as itself: it completed, failed, started and
   * released the tasks it held, and created needs, after `agent finish`. A finished run now makes
   * no more changes, through the engine (its words, the run's type in the fix) and through the
   * database for a writer that names it (write_context.actor, schema V14); the tasks stay held
   * until someone else gives them back or finishes them.
   */
  @Test
  void aFinishedRunMakesNoMoreChangesAndItsHeldTasksWaitForSomeoneElse() throws Exception {
    Need n = actionable();
    List<Task> ts =
        engine.graduate(n.id(), List.of(TaskSpec.of("a"), TaskSpec.of("b"), TaskSpec.of("c")));
    long a = engine.registerAgent(AgentSpec.of("builder")).id();
    engine.startAgent(a);
    Engine run = engine.as(Actor.agent(a));
    for (Task t : ts) {
      run.claimTask(t.id(), a);
    }
    run.startTask(ts.get(1).id());
    run.finishTask(ts.get(2).id(), "failed", "flaky");
    engine.finishAgent(a, "completed", "done");

    long first = ts.get(0).id();
    long second = ts.get(1).id();
    List<org.junit.jupiter.api.function.Executable> writes =
        List.of(
            () -> run.finishTask(first, "completed", "late"),
            () -> run.finishTask(second, "completed", "late"),
            () -> run.finishTask(second, "failed", "late"),
            () -> run.startTask(first),
            () -> run.releaseTask(first),
            () -> run.retryTask(ts.get(2).id()),
            () -> run.createNeed(NeedSpec.titled("more")));
    for (org.junit.jupiter.api.function.Executable w : writes) {
      RefusedException e = EngineTest.refused("agent.lifecycle", w);
      assertTrue(
          e.getMessage().startsWith("agent " + a + " is completed (finished on "), e.getMessage());
      assertTrue(
          e.getMessage().endsWith(" UTC); a finished agent run makes no more changes"),
          e.getMessage());
      assertEquals(List.of(), e.allowed());
      assertEquals(
          "more work is a new agent run: register one with `registerAgent` of type builder and"
              + " act as it, as an agent; a task this run still holds goes back to the work when a"
              + " person releases it (or retries it, if failed): `getAgent` of agent run "
              + a
              + " lists them, each with its command",
          e.fix(RemedyWording.OPERATIONS));
    }
    assertEquals(
        List.of("assigned", "in_progress", "failed"),
        ts.stream().map(t -> engine.getTask(t.id()).status()).toList(),
        "nothing written");

    // The database refuses a writer that names the finished run, in the rule's words.
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      SQLException e =
          assertThrows(
              SQLException.class,
              () ->
                  s.execute("INSERT INTO write_context (id, actor) VALUES (1, 'agent:" + a + "')"));
      assertTrue(
          e.getMessage()
              .contains(
                  "agent: a finished agent run (completed or failed) makes no more changes"
                      + " (agent.lifecycle)"),
          e.getMessage());
    }

    // Someone else gives them back or finishes them; a new run takes the released one.
    engine.finishTask(second, "completed", "done by hand");
    engine.releaseTask(first);
    engine.retryTask(ts.get(2).id());
    long b = engine.registerAgent(AgentSpec.of("builder")).id();
    engine.startAgent(b);
    assertEquals("assigned", engine.as(Actor.agent(b)).claimTask(first, b).status());
  }

  /**
   * Another agent that met a task a finished run still holds (claimed, or started, then the run was
   * finished) was told "already claimed by agent 3 (reviewer)" and to take another task, or to
   * "leave it to agent 3", which will never act again: nothing said the task waits for a person (a
   * trial of three agents at once).
   */
  @Test
  void anotherAgentIsToldATaskIsHeldByAFinishedRunAndWaitsForAPerson() {
    Need n = actionable();
    List<Task> ts = engine.graduate(n.id(), List.of(TaskSpec.of("a"), TaskSpec.of("b")));
    long gone = engine.registerAgent(AgentSpec.of("reviewer")).id();
    engine.startAgent(gone);
    Engine run = engine.as(Actor.agent(gone));
    long claimed = ts.get(0).id();
    long started = ts.get(1).id();
    run.claimTask(claimed, gone);
    run.startTask(started);
    engine.finishAgent(gone, "completed", "done");
    long other = engine.registerAgent(AgentSpec.of("coder")).id();
    engine.startAgent(other);
    Engine next = engine.as(Actor.agent(other));

    RefusedException claim =
        EngineTest.refused("task.claimed", () -> next.claimTask(started, other));
    assertEquals(
        "task "
            + started
            + " is already claimed by agent "
            + gone
            + " (reviewer, a finished run),"
            + " in progress",
        claim.getMessage());
    assertEquals(
        "take another task from `readyWork`, which lists only tasks no one holds; agent "
            + gone
            + "'s run is finished, so this task stays held until a person releases it",
        claim.fix(RemedyWording.OPERATIONS));

    RefusedException start = EngineTest.refused("task.owner", () -> next.startTask(claimed));
    assertTrue(
        start
            .getMessage()
            .startsWith(
                "task "
                    + claimed
                    + " is claimed by agent "
                    + gone
                    + " (reviewer, a finished run), not by agent "
                    + other),
        start.getMessage());
    assertTrue(
        start.fix(RemedyWording.OPERATIONS).endsWith("stays held until a person releases it"),
        start.fix(RemedyWording.OPERATIONS));

    RefusedException finish =
        EngineTest.refused("task.owner", () -> next.finishTask(started, "completed", "mine"));
    assertEquals(
        "agent " + gone + "'s run is finished and changes nothing more: ask a person to release it",
        finish.fix(RemedyWording.OPERATIONS));
    RefusedException update =
        EngineTest.refused("task.owner", () -> next.updateTask(started, "new words", null));
    assertEquals(
        "agent " + gone + "'s run is finished and changes nothing more: ask a person to change it",
        update.fix(RemedyWording.OPERATIONS));
  }
}
