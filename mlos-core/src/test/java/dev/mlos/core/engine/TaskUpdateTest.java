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

/** Changing a task's description or priority after its need was graduated. */
class TaskUpdateTest {
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

  private List<Task> twoTasks() {
    Need n = engine.createNeed(NeedSpec.titled("Release").withPriority(3));
    engine.moveNeed(n.id(), "active", null);
    engine.moveNeed(n.id(), "actionable", null);
    return engine.graduate(n.id(), List.of(TaskSpec.of("Write notes"), TaskSpec.of("Tag it")));
  }

  @Test
  void aRaisedPriorityPutsTheTaskFirstInReadyWorkAndHistorySaysWho() {
    List<Task> tasks = twoTasks();
    Task tag = tasks.get(1);

    Task updated =
        engine
            .as(Actor.person("bob").withReason("the release waits"))
            .updateTask(tag.id(), null, 1)
            .row();

    assertEquals(1, updated.priority());
    assertEquals("Tag it", updated.description(), "what is not given stays");
    assertEquals(updated.status(), tag.status());
    ReadyWork w = engine.readyWork(ReadyQuery.everyone());
    assertEquals(tag.id(), w.items().get(0).id(), w.items().toString());
    HistoryEntry h = engine.history(tag.ref()).get(engine.history(tag.ref()).size() - 1);
    assertEquals("update", h.operation());
    assertEquals("person:bob", h.actor());
    assertEquals("the release waits", h.reason());

    Task renamed = engine.updateTask(tag.id(), "  Tag v1.2  ", null).row();
    assertEquals("Tag v1.2", renamed.description());
    assertEquals(1, renamed.priority());
  }

  /**
   * An update to what the task holds already (a script that sets priority 1 again, a description
   * sent twice) moved the task's updated_at with no history row saying who or why: tasks_touch
   * stamps every UPDATE, and the history trigger records only changed fields. It writes nothing.
   */
  @Test
  void anUpdateToWhatTheTaskHoldsWritesNothing() throws InterruptedException {
    Task t = twoTasks().get(0);
    int rows = engine.history(t.ref()).size();
    Thread.sleep(5); // a write now would stamp another millisecond

    Written<Task> same = engine.updateTask(t.id(), " Write notes ", t.priority());

    assertEquals(new Written<>(t, false), same, "the answer says nothing changed");
    assertEquals(t.updatedAt(), engine.getTask(t.id()).updatedAt());
    assertEquals(rows, engine.history(t.ref()).size());
  }

  @Test
  void badValuesAreRefusedNamingTheRuleAndNothingChanges() {
    Task t = twoTasks().get(0);
    refused("input", () -> engine.updateTask(t.id(), null, null));
    refused("task.priority", () -> engine.updateTask(t.id(), null, 9));
    refused("task.description", () -> engine.updateTask(t.id(), "two\nlines", null));
    refused("task.description", () -> engine.updateTask(t.id(), "x".repeat(501), null));
    refused("not_found", () -> engine.updateTask(t.id() + 99, "x", null));
    Task now = engine.getTask(t.id());
    assertEquals("Write notes", now.description());
    assertEquals(t.priority(), now.priority());
    assertTrue(engine.history(t.ref()).stream().noneMatch(h -> h.operation().equals("update")));
  }

  /**
   * Any agent changed any task: an agent racing others over MCP set the priority of a task another
   * agent held, and the description of one it had completed, and was told {@code changed: true}. An
   * agent now changes an open task or its own; the holder and a person still change it.
   */
  @Test
  void anAgentChangesOnlyAnOpenTaskOrItsOwn() {
    List<Task> tasks = twoTasks();
    long a = engine.registerAgent(AgentSpec.of("builder")).id();
    long b = engine.registerAgent(AgentSpec.of("builder")).id();
    Engine agentA = engine.as(Actor.agent(a));
    Engine agentB = engine.as(Actor.agent(b));
    Task notes = tasks.get(0);
    Task tag = tasks.get(1);

    assertEquals(2, agentB.updateTask(notes.id(), null, 2).row().priority(), "open: anyone's");
    agentA.claimTask(notes.id(), a);
    RefusedException held = refused("task.owner", () -> agentB.updateTask(notes.id(), null, 1));
    assertEquals(
        "task "
            + notes.id()
            + " is held by agent "
            + a
            + " (builder), not by agent "
            + b
            + "; only its holder (or a person) can change its description or priority",
        held.getMessage());
    assertEquals("leave it to agent " + a + ", or ask a person to change it", held.fix());
    assertEquals(List.of(), held.allowed());
    assertEquals(2, engine.getTask(notes.id()).priority(), "nothing written");
    assertEquals(1, agentA.updateTask(notes.id(), null, 1).row().priority(), "its holder");
    assertEquals(
        "Write the notes",
        engine.updateTask(notes.id(), "Write the notes", null).row().description(),
        "a person");

    agentA.startTask(tag.id());
    agentA.finishTask(tag.id(), "completed", "tagged");
    RefusedException finished =
        refused("task.owner", () -> agentB.updateTask(tag.id(), "Tag it again", null));
    assertTrue(
        finished
            .getMessage()
            .startsWith("task " + tag.id() + " is finished, as held by agent " + a),
        finished.getMessage());
    assertEquals("Tag it", engine.getTask(tag.id()).description());
  }
}
