package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadyWorkTest {
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

  Need actionable(NeedSpec spec) {
    Need n = engine.createNeed(spec);
    engine.moveNeed(n.id(), "active", null);
    return engine.moveNeed(n.id(), "actionable", null).row();
  }

  static List<String> refs(ReadyWork w) {
    return w.items().stream().map(i -> i.ref().toString()).toList();
  }

  @Test
  void anAgentsReadyWorkListsTheTasksItHoldsWhichNoOneElseMayTake() {
    // An agent whose session restarted called ready_work and found nothing of what it had claimed:
    // its tasks are not ready work for anyone, and no other read listed them by holder.
    long me = engine.registerAgent(AgentSpec.of("builder")).id();
    long other = engine.registerAgent(AgentSpec.of("builder")).id();
    Need n = actionable(NeedSpec.titled("n"));
    List<Task> ts =
        engine.graduate(
            n.id(),
            List.of(
                TaskSpec.of("claimed"),
                TaskSpec.of("started"),
                TaskSpec.of("failed"),
                TaskSpec.of("theirs"),
                TaskSpec.of("open"),
                TaskSpec.of("done")));
    Engine asMe = engine.as(Actor.agent(me));
    asMe.claimTask(ts.get(0).id(), me);
    asMe.startTask(ts.get(1).id());
    asMe.startTask(ts.get(2).id());
    asMe.finishTask(ts.get(2).id(), "failed", "flaky");
    engine.as(Actor.agent(other)).claimTask(ts.get(3).id(), other);
    asMe.startTask(ts.get(5).id());
    asMe.finishTask(ts.get(5).id(), "completed", "ok");

    ReadyWork w = engine.readyWork(ReadyQuery.forAgent(me));
    assertEquals(
        List.of(ts.get(0).id(), ts.get(1).id(), ts.get(2).id()),
        w.held().stream().map(Task::id).toList());
    assertEquals(
        List.of("assigned", "in_progress", "failed"), w.held().stream().map(Task::status).toList());
    assertEquals(List.of(ts.get(4).ref().toString()), refs(w), "only the open task is ready");
    assertEquals(
        List.of(ts.get(3).id()),
        engine.readyWork(ReadyQuery.forAgent(other)).held().stream().map(Task::id).toList());
    assertEquals(List.of(), engine.readyWork(ReadyQuery.everyone()).held());
    assertEquals(1, engine.readyWork(ReadyQuery.forAgent(me).withLimit(1)).held().size());
    // The page of held tasks says how many there are in all: an agent asking for one item was
    // shown one of its three tasks and no sign of the others.
    assertEquals(3, engine.readyWork(ReadyQuery.forAgent(me).withLimit(1)).heldTotal());
    assertEquals(3, w.heldTotal());
    assertEquals(1, engine.readyWork(ReadyQuery.forAgent(other)).heldTotal());
    assertEquals(0, engine.readyWork(ReadyQuery.everyone()).heldTotal());
  }

  @Test
  void rankedByPriorityThenAgeTasksBeforeNeeds() {
    Need p1 = actionable(NeedSpec.titled("Critical, no tasks yet").withPriority(1));
    Need p3 =
        actionable(
            NeedSpec.titled("Kernel boots")
                .withPriority(3)
                .withScope("kernel")
                .withTags(List.of("b", "a")));
    List<Task> ts =
        engine.graduate(
            p3.id(), List.of(new TaskSpec("urgent part", 2), TaskSpec.of("inherits P3")));
    Need none = actionable(NeedSpec.titled("No priority"));

    ReadyWork w = engine.readyWork(ReadyQuery.everyone());
    assertEquals(
        List.of(
            p1.ref().toString(),
            ts.get(0).ref().toString(),
            ts.get(1).ref().toString(),
            none.ref().toString()),
        refs(w),
        "P1 need, P2 task, P3 task (older), P3 need (default priority)");
    assertEquals(4, w.total());
    assertNull(w.nextCursor());
    ReadyItem task = w.items().get(1);
    assertEquals(4.0, task.score());
    assertEquals(p3.id(), task.needId());
    assertEquals(
        "P2 task of need "
            + p3.id()
            + " 'Kernel boots' (scope kernel; tags a, b), open since "
            + ts.get(0).createdAt().substring(0, 10),
        task.reason());
    assertEquals(
        "P1 actionable need with no live task, waiting since " + p1.createdAt().substring(0, 10),
        w.items().get(0).reason());
    assertNull(w.items().get(3).priority(), "ranked as P3, but it has no priority");
  }

  /**
   * An item whose task and need have no priority ranks as P3 (docs/engine.md), but it was shown as
   * {@code P3} in {@code mlos ready}, ready_work and READY.md while {@code mlos need show} said
   * {@code P-}: the list claimed a priority nobody gave. It shows {@code P-} and no priority now; a
   * task without one of its own still shows its need's.
   */
  @Test
  void anItemWithoutAPriorityRanksAsThreeButClaimsNone() {
    Need four = actionable(NeedSpec.titled("Four").withPriority(4));
    Need none = actionable(NeedSpec.titled("None"));
    Task task = engine.graduate(none.id(), List.of(TaskSpec.of("no priority anywhere"))).get(0);
    Need later = actionable(NeedSpec.titled("Given one later"));
    Task inherits = engine.graduate(later.id(), List.of(TaskSpec.of("takes its need's"))).get(0);
    engine.updateNeed(later.id(), NeedChange.none().priority(2));

    ReadyWork w = engine.readyWork(ReadyQuery.everyone());
    assertEquals(
        List.of(inherits.ref().toString(), task.ref().toString(), four.ref().toString()),
        refs(w),
        "P2 (the need's), then unset ranked as P3, then P4");
    assertEquals(2, w.items().get(0).priority());
    assertTrue(w.items().get(0).reason().startsWith("P2 task of need "), w.items().get(0).reason());
    ReadyItem unset = w.items().get(1);
    assertNull(unset.priority());
    assertEquals(3.0, unset.score());
    assertTrue(unset.reason().startsWith("P- task of need " + none.id()), unset.reason());
    assertEquals(4, w.items().get(2).priority());
  }

  @Test
  void onlyOpenTasksOfLiveNeedsAndActionableNeedsWithoutLiveTasksAreReady() {
    Need n = actionable(NeedSpec.titled("n"));
    List<Task> ts =
        engine.graduate(n.id(), List.of(TaskSpec.of("a"), TaskSpec.of("b"), TaskSpec.of("c")));
    long agent = engine.registerAgent(AgentSpec.of("architect")).id();
    engine.claimTask(ts.get(0).id(), agent);
    engine.finishTask(ts.get(1).id(), "cancelled", null);
    assertEquals(
        List.of(ts.get(2).ref().toString()), refs(engine.readyWork(ReadyQuery.everyone())));

    Need parked = actionable(NeedSpec.titled("parked"));
    engine.graduate(parked.id(), List.of(TaskSpec.of("p")));
    engine.deferNeed(parked.id(), null);
    Need again = actionable(NeedSpec.titled("all tasks cancelled"));
    Task only = engine.graduate(again.id(), List.of(TaskSpec.of("x"))).get(0);
    engine.finishTask(only.id(), "cancelled", "wrong idea");
    assertEquals(
        List.of(ts.get(2).ref().toString(), again.ref().toString()),
        refs(engine.readyWork(ReadyQuery.everyone())));
  }

  @Test
  void blockedItemsAreListedApartWithTheirBlockers() {
    Need blocker = actionable(NeedSpec.titled("Schema first"));
    Need n = actionable(NeedSpec.titled("Engine"));
    List<Task> ts =
        engine.graduate(n.id(), List.of(TaskSpec.of("write engine"), TaskSpec.of("write docs")));
    Need other = actionable(NeedSpec.titled("Other"));
    Task first = engine.graduate(other.id(), List.of(TaskSpec.of("first"))).get(0);
    engine.relate(blocker.ref(), n.ref(), "blocks", null);
    Need later = actionable(NeedSpec.titled("Later"));
    engine.relate(first.ref(), later.ref(), "blocks", null);

    ReadyWork w = engine.readyWork(ReadyQuery.everyone());
    assertEquals(List.of(blocker.ref().toString(), first.ref().toString()), refs(w));
    assertEquals(3, w.blockedTotal());
    List<String> blocked = new ArrayList<>();
    for (BlockedItem b : w.blocked()) {
      blocked.add(
          b.kind()
              + ":"
              + b.id()
              + "<"
              + b.blockers().stream().map(x -> x.ref() + " " + x.status()).toList());
    }
    assertEquals(
        List.of(
            ts.get(0).ref() + "<[" + blocker.ref() + " actionable]",
            ts.get(1).ref() + "<[" + blocker.ref() + " actionable]",
            later.ref() + "<[" + first.ref() + " open]"),
        blocked);

    engine.as(Actor.agent(engine.registerAgent(AgentSpec.of("worker")).id())).startTask(first.id());
    engine.finishTask(first.id(), "completed", "done");
    assertTrue(
        refs(engine.readyWork(ReadyQuery.everyone())).contains(later.ref().toString()),
        "a completed blocker blocks no more");
  }

  @Test
  void anAgentsLensFiltersAndWeights() {
    Need kernel =
        actionable(NeedSpec.titled("kernel thing").withPriority(5).withTags(List.of("kernel")));
    Need ctx = actionable(NeedSpec.titled("context thing").withPriority(4).withScope("context"));
    Need arch =
        actionable(
            NeedSpec.titled("architecture thing")
                .withPriority(3)
                .withTags(List.of("architecture")));
    Need cleanup =
        actionable(NeedSpec.titled("cleanup thing").withPriority(1).withTags(List.of("cleanup")));
    long architect = engine.registerAgent(AgentSpec.of("architect")).id();
    long janitor = engine.registerAgent(AgentSpec.of("janitor")).id();
    engine.setLens(
        LensSpec.forAgentType("architect")
            .withTags(List.of("kernel", "architecture"))
            .withScopes(List.of("context"))
            .withWeights(Map.of("tag:kernel", 4.0, "scope:context", 1.5)));

    ReadyWork w = engine.readyWork(ReadyQuery.forAgent(architect));
    assertEquals(
        List.of(kernel.ref().toString(), ctx.ref().toString(), arch.ref().toString()),
        refs(w),
        "kernel (6-5)*4=4, then context (6-4)*1.5=3 and architecture (6-3)*1=3 by age; cleanup is not in the lens");
    assertTrue(w.items().get(0).reason().contains("lens weight 4"), w.items().get(0).reason());
    assertEquals("architect", w.lens().agentType());
    ReadyWork everyone = engine.readyWork(ReadyQuery.forAgent(janitor));
    assertNull(everyone.lens(), "no lens: sees everything");
    assertEquals(cleanup.ref().toString(), refs(everyone).get(0));
    assertEquals(4, everyone.total());
    EngineTest.refused("not_found", () -> engine.readyWork(ReadyQuery.forAgent(999)));
  }

  @Test
  void pagesWithACursor() {
    Need n = actionable(NeedSpec.titled("n"));
    List<TaskSpec> specs = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      specs.add(TaskSpec.of("t" + i));
    }
    List<Task> ts = engine.graduate(n.id(), specs);
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      ReadyWork w = engine.readyWork(ReadyQuery.everyone().withLimit(3).withCursor(cursor));
      assertEquals(7, w.total());
      seen.addAll(refs(w));
      cursor = w.nextCursor();
      pages++;
    } while (cursor != null && pages < 10);
    assertEquals(3, pages);
    assertEquals(ts.stream().map(t -> t.ref().toString()).toList(), seen);
    // Work taken between two pages: the cursor past the end gives an empty page, every item
    // counted.
    String last = engine.readyWork(ReadyQuery.everyone().withLimit(6)).nextCursor();
    for (Task t : ts.subList(0, 3)) {
      long w = engine.registerAgent(AgentSpec.of("w")).id();
      engine.as(Actor.agent(w)).claimTask(t.id(), w);
    }
    ReadyWork past = engine.readyWork(ReadyQuery.everyone().withLimit(6).withCursor(last));
    assertEquals(List.of(), past.items());
    assertEquals(4, past.total());
    EngineTest.refused("input", () -> engine.readyWork(ReadyQuery.everyone().withLimit(0)));
    EngineTest.refused("input", () -> engine.readyWork(ReadyQuery.everyone().withLimit(51)));
    EngineTest.refused(
        "input.cursor", () -> engine.readyWork(ReadyQuery.everyone().withCursor("-1")));
  }

  /**
   * A cursor was a plain offset: one of another agent's list, or from before the lens changed, was
   * taken and skipped that many items of this list, and the agent never knew what it missed.
   */
  @Test
  void aCursorOfAnotherAgentOrLensIsRefusedNotUsedToSkipItems() {
    Need n = actionable(NeedSpec.titled("n").withTags(List.of("kernel")));
    List<TaskSpec> specs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      specs.add(TaskSpec.of("t" + i));
    }
    engine.graduate(n.id(), specs);
    long me = engine.registerAgent(AgentSpec.of("builder")).id();
    long other = engine.registerAgent(AgentSpec.of("janitor")).id();
    String mine = engine.readyWork(ReadyQuery.forAgent(me).withLimit(2)).nextCursor();
    String everyone = engine.readyWork(ReadyQuery.everyone().withLimit(1)).nextCursor();

    RefusedException theirs =
        EngineTest.refused(
            "input.cursor", () -> engine.readyWork(ReadyQuery.forAgent(other).withCursor(mine)));
    EngineTest.refused(
        "input.cursor", () -> engine.readyWork(ReadyQuery.everyone().withCursor(mine)));
    EngineTest.refused(
        "input.cursor", () -> engine.readyWork(ReadyQuery.forAgent(me).withCursor(everyone)));
    assertEquals(
        "cursor '"
            + mine
            + "' pages another list: it was not given for this agent and lens (a"
            + " next_cursor is good only with the arguments of the call that gave it)",
        theirs.getMessage());
    assertEquals(
        "call again without cursor to start from the first page, then pass each page's"
            + " next_cursor",
        theirs.fix());
    assertEquals(
        2, engine.readyWork(ReadyQuery.forAgent(me).withLimit(2).withCursor(mine)).items().size());

    engine.setLens(LensSpec.forAgentType("builder").withTags(List.of("kernel")));
    EngineTest.refused(
        "input.cursor", () -> engine.readyWork(ReadyQuery.forAgent(me).withCursor(mine)));
    // The page size is not bound: a next page may be asked for with another limit.
    assertEquals(
        3,
        engine.readyWork(ReadyQuery.everyone().withLimit(5).withCursor(everyone)).items().size());
  }
}
