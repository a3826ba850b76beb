package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Remedy;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.hash.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
  @TempDir Path dir;
  Path db;
  Engine engine;

  @BeforeEach
  void open() {
    db = EngineDatabase.create(dir.resolve("mlos.db"));
    engine = Engine.open(db, Actor.person("alice").withSession("chat-1"));
  }

  @AfterEach
  void close() {
    engine.close();
  }

  static RefusedException refused(String rule, Executable op) {
    RefusedException e = assertThrows(RefusedException.class, op);
    assertEquals(rule, e.rule(), e.getMessage());
    return e;
  }

  Need actionable(String title) {
    Need n = engine.createNeed(NeedSpec.titled(title));
    engine.moveNeed(n.id(), "active", null);
    return engine.moveNeed(n.id(), "actionable", null).row();
  }

  // ------------------------------------------------------------ needs

  @Test
  void createNeedKeepsEveryFieldAndSortsTags() {
    Need parent = engine.createNeed(NeedSpec.titled("Parent"));
    Need n =
        engine.createNeed(
            NeedSpec.titled("  Kernel boots  ")
                .withDescription("line 1\nline 2")
                .withPriority(2)
                .withScope("kernel")
                .withTags(List.of("mcp", "architecture", "mcp"))
                .withParent(parent.id())
                .withSourceTranscript("/abs/transcripts/2026-02-03.md"));
    assertEquals("Kernel boots", n.title());
    assertEquals("line 1\nline 2", n.description());
    assertEquals("identified", n.status());
    assertEquals(2, n.priority());
    assertEquals("kernel", n.scope());
    assertEquals(List.of("architecture", "mcp"), n.tags());
    assertEquals(parent.id(), n.parentId());
    assertEquals("/abs/transcripts/2026-02-03.md", n.sourceTranscript());
    assertEquals(
        List.of("[\"architecture\",\"mcp\"]"),
        EngineDatabase.rows(db, "SELECT tags FROM needs WHERE id = " + n.id()));
  }

  @Test
  void halfASurrogatePairIsRefusedNotStoredAsAQuestionMark() {
    RefusedException e =
        refused("need.title", () -> engine.createNeed(NeedSpec.titled("broken \uD800 title")));
    assertTrue(e.getMessage().contains("half of a surrogate pair (U+D800"), e.getMessage());
    refused(
        "need.text", () -> engine.createNeed(NeedSpec.titled("ok").withDescription("tail \uDC00")));
    assertEquals(List.of("0"), EngineDatabase.rows(db, "SELECT count(*) FROM needs"));
  }

  @Test
  void lengthsAreCountedInCharactersAsTheDatabaseCountsThem() {
    // Characters as the database counts them: 500 emoji (1,000 Java chars) are a valid title.
    String emoji = "\uD83E\uDD8A".repeat(500);
    assertEquals(emoji, engine.createNeed(NeedSpec.titled(emoji)).title());
    RefusedException longer =
        refused("need.title", () -> engine.createNeed(NeedSpec.titled(emoji + "x")));
    assertTrue(
        longer.getMessage().contains("at most 500 characters, was 501"), longer.getMessage());
    assertEquals(
        "\uD83E\uDD8A".repeat(200),
        engine.createNeed(NeedSpec.titled("s").withScope("\uD83E\uDD8A".repeat(200))).scope());
  }

  @Test
  void createNeedRefusesBadInput() {
    refused("need.title", () -> engine.createNeed(NeedSpec.titled("  ")));
    RefusedException lines =
        refused("need.title", () -> engine.createNeed(NeedSpec.titled("two\nlines")));
    assertTrue(lines.getMessage().contains("control character (U+000A"), lines.getMessage());
    // Named for what it is (a user trial read NUL described as "a line break, tab or escape").
    for (String[] c :
        new String[][] {
          {"\u0000", "U+0000, NUL"},
          {"\u0007", "U+0007, a bell (BEL)"},
          {"\n", "U+000A, a line break (LF)"},
          {"\t", "U+0009, a tab"},
          {"\u001B", "U+001B, an escape (ESC)"},
          {"\u2028", "U+2028, a line separator"},
          {"\u0085", "U+0085, a C1 control character"},
          {
            "\u202E",
            "U+202E, a right-to-left override, invisible, which reverses the text after it"
          },
          {"\uFEFF", "U+FEFF, a zero-width no-break space (byte order mark), invisible"},
          {"\u2067", "U+2067, a right-to-left isolate, invisible"}
        }) {
      RefusedException named =
          refused("need.title", () -> engine.createNeed(NeedSpec.titled("a" + c[0] + "b")));
      assertTrue(
          named.getMessage().endsWith("; it contains a control character (" + c[1] + ")"),
          named.getMessage());
    }
    refused("need.title", () -> engine.createNeed(NeedSpec.titled("line\u2028separator")));
    RefusedException p =
        refused("need.priority", () -> engine.createNeed(NeedSpec.titled("x").withPriority(0)));
    assertEquals(List.of("1", "2", "3", "4", "5"), p.allowed());
    refused("need.priority", () -> engine.createNeed(NeedSpec.titled("x").withPriority(6)));
    RefusedException t =
        refused(
            "need.tags", () -> engine.createNeed(NeedSpec.titled("x").withTags(List.of("Kernel"))));
    assertTrue(t.getMessage().contains("'Kernel'"), t.getMessage());
    refused("need.tags", () -> engine.createNeed(NeedSpec.titled("x").withTags(List.of("a b"))));
    refused(
        "need.tags",
        () -> engine.createNeed(NeedSpec.titled("x").withTags(List.of("x".repeat(65)))));
    refused("need.scope", () -> engine.createNeed(NeedSpec.titled("x").withScope(" ")));
    // A user trial: the scope refusal quoted U+2067 back raw where the title's named it.
    RefusedException isolate =
        refused(
            "need.scope", () -> engine.createNeed(NeedSpec.titled("x").withScope("sc\u2067ope")));
    assertEquals(
        "scope must be 1..200 characters on one line; it contains a control character"
            + " (U+2067, a right-to-left isolate, invisible)",
        isolate.getMessage());
    assertEquals("'a\\u202Eb\\uFEFF'", RefusedException.quoted("a\u202Eb\uFEFF"));
    refused(
        "need.text", () -> engine.createNeed(NeedSpec.titled("x").withDescription("bell\u0007")));
    RefusedException nf =
        refused("not_found", () -> engine.createNeed(NeedSpec.titled("x").withParent(99L)));
    assertEquals("need 99 does not exist", nf.getMessage());
    assertEquals(EntityRef.need(99), nf.subject());
    assertEquals(
        List.of("0"), EngineDatabase.rows(db, "SELECT count(*) FROM needs"), "nothing written");
  }

  @Test
  void updateNeedChangesFieldsAndTags() {
    Need n =
        engine.createNeed(
            NeedSpec.titled("Old").withScope("s").withPriority(3).withTags(List.of("a", "b")));
    Need u =
        engine
            .updateNeed(
                n.id(),
                NeedChange.none()
                    .title("New")
                    .priority(1)
                    .addTags(List.of("c"))
                    .removeTags(List.of("a"))
                    .clear("scope"))
            .row();
    assertEquals("New", u.title());
    assertEquals(1, u.priority());
    assertNull(u.scope());
    assertEquals(List.of("b", "c"), u.tags());
    Need replaced = engine.updateNeed(n.id(), NeedChange.none().tags(List.of("z"))).row();
    assertEquals(List.of("z"), replaced.tags());
    long before = historyCount("need", n.id());
    assertEquals(
        new Written<>(replaced, false),
        engine.updateNeed(n.id(), NeedChange.none().tags(List.of("z"))),
        "the answer says nothing changed");
    assertEquals(
        before, historyCount("need", n.id()), "a change that changes nothing writes nothing");
    // A tag both added and removed is a contradiction, not "nothing changed" (a trial).
    RefusedException both =
        refused(
            "input",
            () ->
                engine.updateNeed(
                    n.id(), NeedChange.none().addTags(List.of("q", "z")).removeTags(List.of("z"))));
    assertTrue(both.getMessage().contains("'z' both added and removed"), both.getMessage());
    assertEquals(List.of("z"), engine.getNeed(n.id()).need().tags());
  }

  @Test
  void updateNeedRefusesParentCyclesUnknownNeedsAndBadValues() {
    Need a = engine.createNeed(NeedSpec.titled("a"));
    Need b = engine.createNeed(NeedSpec.titled("b").withParent(a.id()));
    Need c = engine.createNeed(NeedSpec.titled("c").withParent(b.id()));
    refused("need.parent", () -> engine.updateNeed(a.id(), NeedChange.none().parent(c.id())));
    refused("need.parent", () -> engine.updateNeed(a.id(), NeedChange.none().parent(a.id())));
    refused("not_found", () -> engine.updateNeed(42, NeedChange.none().title("x")));
    refused(
        "need.tags", () -> engine.updateNeed(a.id(), NeedChange.none().addTags(List.of("UPPER"))));
    refused("need.priority", () -> engine.updateNeed(a.id(), NeedChange.none().priority(9)));
    refused("input", () -> NeedChange.none().clear("title"));
    refused("input", () -> NeedChange.none().scope("x").clear("scope"));
  }

  @Test
  void moveNeedFollowsTheLifecycleAndNamesTheAllowedStates() {
    Need n = engine.createNeed(NeedSpec.titled("n"));
    RefusedException e = refused("need.lifecycle", () -> engine.moveNeed(n.id(), "resolved", null));
    assertEquals(List.of("active", "deferred"), e.allowed());
    assertEquals(
        "need "
            + n.id()
            + ": identified -> resolved is not allowed; from identified it can move to active, deferred",
        e.getMessage());
    refused("input", () -> engine.moveNeed(n.id(), "done", null));
    refused("not_found", () -> engine.moveNeed(777, "active", null));
    Written<Need> moved = engine.moveNeed(n.id(), "active", "triaged");
    assertEquals(new Written<>(engine.getNeed(n.id()).need(), true), moved);
    long rows = historyCount("need", n.id());
    Written<Need> again = engine.moveNeed(n.id(), "active", null);
    assertEquals("active", again.row().status());
    assertFalse(again.changed(), "moving to the same status is a no-op, and the answer says so");
    assertEquals(rows, historyCount("need", n.id()), "a no-op move writes no history row");
  }

  @Test
  void aMoveThatSkipsAStepNamesTheStepsToTake() {
    Need n = engine.createNeed(NeedSpec.titled("n"));
    RefusedException e =
        refused("need.lifecycle", () -> engine.moveNeed(n.id(), "actionable", null));
    assertEquals(List.of("active", "deferred"), e.allowed());
    assertEquals(
        "move it a step at a time, identified -> active -> actionable, with `moveNeed` of need "
            + n.id(),
        e.fix());
    // Followed as written, the steps get there.
    engine.moveNeed(n.id(), "active", null);
    assertEquals("actionable", engine.moveNeed(n.id(), "actionable", null).row().status());

    Need deferred = engine.createNeed(NeedSpec.titled("d"));
    engine.moveNeed(deferred.id(), "deferred", null);
    RefusedException far =
        refused("need.lifecycle", () -> engine.moveNeed(deferred.id(), "in_progress", null));
    assertTrue(
        far.fix()
            .startsWith(
                "move it a step at a time, deferred -> active -> actionable ->"
                    + " in_progress, with "),
        far.fix());
  }

  @Test
  void aResolvedNeedIsFinal() {
    Need n = actionable("n");
    engine.moveNeed(n.id(), "in_progress", null);
    engine.moveNeed(n.id(), "resolved", null);
    RefusedException e = refused("need.lifecycle", () -> engine.moveNeed(n.id(), "active", null));
    assertEquals(List.of(), e.allowed());
    assertTrue(e.getMessage().contains("resolved is final"), e.getMessage());
  }

  @Test
  void deferAndResumeReturnToTheStatusBefore() {
    Need n = engine.createNeed(NeedSpec.titled("n"));
    engine.moveNeed(n.id(), "active", null);
    assertEquals("deferred", engine.deferNeed(n.id(), "not now").row().status());
    assertEquals("active", engine.resumeNeed(n.id(), "now").status());
    Need m = engine.createNeed(NeedSpec.titled("m"));
    engine.deferNeed(m.id(), null);
    assertEquals("identified", engine.resumeNeed(m.id(), null).status());
    Need k = actionable("k");
    engine.deferNeed(k.id(), null);
    assertEquals(
        "active", engine.resumeNeed(k.id(), null).status(), "actionable must be re-established");
    RefusedException e = refused("need.lifecycle", () -> engine.resumeNeed(k.id(), null));
    assertEquals(List.of("deferred"), e.allowed());
  }

  /**
   * A plain {@code git pull} merges the upstream as "theirs", so its history rows get ids after
   * one's own although they happened before: the order of events is the time they were written.
   */
  @Test
  void historyAndResumeFollowTheTimeOfEachChangeNotItsId() throws Exception {
    Need n = engine.createNeed(NeedSpec.titled("n"));
    engine.moveNeed(n.id(), "active", null);
    engine.deferNeed(n.id(), "not now");
    try (java.sql.Connection c = Database.at(db).open(false);
        Statement st = c.createStatement()) {
      // A teammate's older deferral of the same need, renumbered after ours by the merge.
      st.execute(
          "INSERT INTO history (entity, entity_id, operation, old_values, new_values, changed_at,"
              + " actor) VALUES ('need', "
              + n.id()
              + ", 'update', '{\"status\":\"identified\"}', '{\"status\":\"deferred\"}',"
              + " '2020-01-01T00:00:00.000Z', 'person:bob')");
    }
    List<HistoryEntry> h = engine.history(n.ref());
    assertEquals("person:bob", h.get(0).actor(), h.toString());
    assertEquals("2020-01-01T00:00:00.000Z", h.get(0).changedAt());
    assertTrue(h.get(h.size() - 1).newValues().contains("\"deferred\""), h.toString());
    assertEquals(
        "active",
        engine.resumeNeed(n.id(), null).status(),
        "the status before the latest deferral, not before the highest id");
  }

  @Test
  void getNeedShowsTasksEdgesHistoryAndNextStates() {
    Need n = actionable("n");
    List<Task> tasks = engine.graduate(n.id(), List.of(TaskSpec.of("one"), new TaskSpec("two", 1)));
    NeedDetail d = engine.getNeed(n.id());
    assertEquals(n.id(), d.need().id());
    assertEquals(tasks, d.tasks());
    assertEquals(2, d.edges().size());
    assertTrue(
        d.edges().stream()
            .allMatch(e -> e.type().equals("derived_from") && e.target().equals(n.ref())));
    assertEquals(List.of("in_progress", "deferred"), d.nextStatuses());
    assertEquals("insert", d.history().get(0).operation());
    assertTrue(
        d.history().stream().allMatch(h -> "person:alice".equals(h.actor())),
        d.history().toString());
    refused("not_found", () -> engine.getNeed(404));
  }

  // ------------------------------------------------------------ graduation

  @Test
  void graduateCutsTasksThatInheritTheNeedsPriority() {
    Need n = engine.createNeed(NeedSpec.titled("n").withPriority(2));
    engine.moveNeed(n.id(), "active", null);
    engine.moveNeed(n.id(), "actionable", null);
    List<Task> tasks =
        engine.graduate(n.id(), List.of(TaskSpec.of("inherits"), new TaskSpec("own", 5)));
    assertEquals(2, tasks.size());
    assertEquals("inherits", tasks.get(0).description());
    assertEquals(2, tasks.get(0).priority());
    assertEquals(5, tasks.get(1).priority());
    assertTrue(tasks.stream().allMatch(t -> t.status().equals("open") && t.needId() == n.id()));
    assertEquals(
        List.of(
            "task|" + tasks.get(0).id() + "|need|" + n.id(),
            "task|" + tasks.get(1).id() + "|need|" + n.id()),
        EngineDatabase.rows(
            db,
            "SELECT source_type, source_id, target_type, target_id FROM relationships "
                + "WHERE relationship_type = 'derived_from' ORDER BY id"));
  }

  @Test
  void graduateRefusesANeedThatIsNotActionable() {
    Need n = engine.createNeed(NeedSpec.titled("n"));
    RefusedException e =
        refused("need.graduate", () -> engine.graduate(n.id(), List.of(TaskSpec.of("t"))));
    assertEquals(List.of("actionable", "in_progress"), e.allowed());
    assertTrue(e.getMessage().startsWith("need " + n.id() + " is identified"), e.getMessage());
    refused("not_found", () -> engine.graduate(99, List.of(TaskSpec.of("t"))));
    Need a = actionable("a");
    refused("input", () -> engine.graduate(a.id(), List.of()));
    refused("task.description", () -> engine.graduate(a.id(), List.of(TaskSpec.of(" "))));
    refused("task.priority", () -> engine.graduate(a.id(), List.of(new TaskSpec("t", 7))));
    refused(
        "task.priority",
        () -> engine.graduate(a.id(), List.of(TaskSpec.of("fine"), new TaskSpec("t", 0))));
    assertEquals(
        List.of("0"), EngineDatabase.rows(db, "SELECT count(*) FROM tasks"), "all or nothing");
  }

  // ------------------------------------------------------------ tasks

  long agent() {
    return engine.registerAgent(AgentSpec.of("architect")).id();
  }

  @Test
  void ofAgentsStartingOneOpenTaskTheLaterOnesAreToldWhoHoldsItAndTheHolderAgainIsANoOp() {
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    long a = agent();
    long b = agent();
    assertEquals("in_progress", engine.as(Actor.agent(a)).startTask(t.id()).status());
    RefusedException late =
        refused("task.owner", () -> engine.as(Actor.agent(b)).startTask(t.id()));
    assertTrue(
        late.getMessage().contains("is claimed by agent " + a + " (architect)"), late.getMessage());
    // The loser wants work, not this task: the fix sends it to the ready work.
    assertEquals(List.of(Remedy.takeReadyWork(b)), late.remedies());
    assertEquals(
        "take another task from `readyWork`, which lists only tasks no one holds", late.fix());
    long rows = historyCount("task", t.id());
    assertEquals("in_progress", engine.as(Actor.agent(a)).startTask(t.id()).status());
    assertEquals(rows, historyCount("task", t.id()), "starting it again writes nothing");
  }

  @Test
  void aTaskGoesFromClaimToCompletedAndResolvesItsNeed() {
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    long a = agent();
    Engine asAgent = engine.as(Actor.agent(a));
    Task claimed = asAgent.claimTask(t.id(), a);
    assertEquals("assigned", claimed.status());
    assertEquals(a, claimed.assignedAgentId());
    assertNotNull(claimed.assignedDate());
    assertEquals("in_progress", asAgent.startTask(t.id()).status());
    assertEquals(
        "in_progress",
        engine.getNeed(n.id()).need().status(),
        "the need follows its first started task");
    Task done = asAgent.finishTask(t.id(), "completed", "booted");
    assertEquals("completed", done.status());
    assertEquals("booted", done.result());
    assertEquals(
        "resolved",
        engine.getNeed(n.id()).need().status(),
        "the last completed task resolves the need");
  }

  @Test
  void claimIsRefusedWhenAlreadyClaimedAndNamesTheHolder() {
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    long a = agent();
    long b = agent();
    engine.claimTask(t.id(), a);
    RefusedException e = refused("task.claimed", () -> engine.claimTask(t.id(), b));
    assertEquals(
        "task " + t.id() + " is already claimed by agent " + a + " (architect)", e.getMessage());
    assertEquals(
        a,
        engine.claimTask(t.id(), a).assignedAgentId(),
        "claiming again what one holds is a no-op");
    refused("not_found", () -> engine.claimTask(t.id(), 999));
    refused("not_found", () -> engine.claimTask(999, a));
    refused("task.owner", () -> engine.as(Actor.agent(b)).claimTask(t.id(), a));
  }

  @Test
  void aBlockedTaskCanBeClaimedAndTheClaimSaysWhatBlocksIt() {
    Need n = actionable("n");
    List<Task> ts = engine.graduate(n.id(), List.of(TaskSpec.of("t"), TaskSpec.of("u")));
    Need blocker = engine.createNeed(NeedSpec.titled("the blocker"));
    long a = agent();
    // Into the task's need, and into the other task directly.
    engine.relate(blocker.ref(), n.ref(), "blocks", null);
    engine.relate(ts.get(0).ref(), ts.get(1).ref(), "blocks", null);
    TaskClaim first = engine.claim(ts.get(0).id(), a);
    assertEquals("assigned", first.task().status());
    assertEquals(
        List.of(new BlockedItem.Blocker(blocker.ref(), "the blocker", "identified")),
        first.blockedBy());
    TaskClaim second = engine.claim(ts.get(1).id(), a);
    assertEquals(
        List.of(blocker.ref(), ts.get(0).ref()),
        second.blockedBy().stream().map(BlockedItem.Blocker::ref).toList(),
        "in (type, id) order");
    assertEquals("assigned", second.blockedBy().get(1).status());
    // Claiming again what one holds says the same; a blocker that is done blocks no more.
    engine.finishTask(ts.get(0).id(), "cancelled", "not needed");
    assertEquals(
        List.of(blocker.ref()),
        engine.claim(ts.get(1).id(), a).blockedBy().stream()
            .map(BlockedItem.Blocker::ref)
            .toList());
    Need free = actionable("free");
    Task ready = engine.graduate(free.id(), List.of(TaskSpec.of("v"))).get(0);
    assertEquals(List.of(), engine.claim(ready.id(), a).blockedBy());
  }

  @Test
  void claimingAFinishedTaskNamesItsStatus() {
    Need n = actionable("n");
    List<Task> ts = engine.graduate(n.id(), List.of(TaskSpec.of("t"), TaskSpec.of("u")));
    long a = agent();
    engine.finishTask(ts.get(0).id(), "cancelled", "not needed");
    RefusedException e = refused("task.lifecycle", () -> engine.claimTask(ts.get(0).id(), a));
    assertTrue(
        e.getMessage()
            .startsWith(
                "task "
                    + ts.get(0).id()
                    + " is cancelled; only an open task can be claimed (cancelled is final: it was"
                    + " finished at "),
        e.getMessage());
    engine.finishAgent(a, "failed", "crashed at boot");
    refused("agent.lifecycle", () -> engine.claimTask(ts.get(1).id(), a));
  }

  @Test
  void aWriteContextRowLeftByRawSqlDoesNotBlockTheEngine() throws Exception {
    // A sqlite3 user who set write_context to sign their own changes and did not delete it: every
    // engine write was refused with write_context.exists, and the row signed later raw writes.
    try (java.sql.Connection c = dev.mlos.core.db.Database.at(db).open(false);
        java.sql.Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO write_context (id, actor, reason) VALUES (1, 'person:bob', 'by hand')");
    }

    Need n = engine.createNeed(NeedSpec.titled("after a raw write"));

    assertEquals(
        List.of("person:alice|chat-1"),
        EngineDatabase.rows(
            db,
            "SELECT actor, session FROM history WHERE entity = 'need' AND entity_id = " + n.id()));
    assertEquals(List.of("0"), EngineDatabase.rows(db, "SELECT count(*) FROM write_context"));
  }

  @Test
  void aFinishedRunCannotTakeAnOpenTaskByStartingIt() {
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    long a = agent();
    engine.finishAgent(a, "failed", "crashed at boot");
    // Starting an open task makes the agent its holder, as a claim does; a finished run makes no
    // change at all (schema V14).
    RefusedException e =
        refused("agent.lifecycle", () -> engine.as(Actor.agent(a)).startTask(t.id()));
    assertTrue(
        e.getMessage().endsWith(" UTC); a finished agent run makes no more changes"),
        e.getMessage());
    Task still = engine.getTask(t.id());
    assertEquals("open", still.status());
    assertNull(still.assignedAgentId());
  }

  @Test
  void onlyTheHolderOrAPersonChangesAClaimedTask() {
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    long a = agent();
    long b = agent();
    engine.as(Actor.agent(a)).claimTask(t.id(), a);
    Engine other = engine.as(Actor.agent(b));
    RefusedException e =
        refused("task.owner", () -> other.finishTask(t.id(), "completed", "mine now"));
    assertEquals(List.of(), e.allowed(), "an agent is not a value the caller can pass");
    // Releasing someone else's task is no race for work: its fix says who can (on the fix line,
    // not at the end of the message, where the command line printed no fix line at all).
    assertEquals(
        "leave it to agent " + a + ", or ask a person to release it",
        refused("task.owner", () -> other.releaseTask(t.id())).fix());
    assertEquals(
        List.of(Remedy.takeReadyWork(b)),
        refused("task.owner", () -> other.startTask(t.id())).remedies());
    RefusedException lost = refused("task.claimed", () -> other.claimTask(t.id(), b));
    assertEquals(List.of(Remedy.takeReadyWork(b)), lost.remedies());
    Task released = engine.releaseTask(t.id());
    assertEquals("open", released.status());
    assertNull(released.assignedAgentId());
    assertNull(released.assignedDate());
  }

  @Test
  void anotherAgentsFinishedTaskIsRefusedByItsLifecycleNotWithAFixThatCannotWork() {
    // A trial: agent 1 completing agent 2's completed task was told to "ask a person to release
    // it", which a finished task cannot be.
    Need n = actionable("n");
    List<Task> ts = engine.graduate(n.id(), List.of(TaskSpec.of("t"), TaskSpec.of("u")));
    long a = agent();
    long b = agent();
    Engine holder = engine.as(Actor.agent(a));
    holder.claimTask(ts.get(0).id(), a);
    holder.finishTask(ts.get(0).id(), "completed", null);
    Engine other = engine.as(Actor.agent(b));

    RefusedException done =
        refused("task.lifecycle", () -> other.finishTask(ts.get(0).id(), "completed", null));
    assertTrue(done.getMessage().contains("completed is final"), done.getMessage());

    // A failed task is given back by a retry, not a release: the fix says so.
    holder.claimTask(ts.get(1).id(), a);
    holder.finishTask(ts.get(1).id(), "failed", null);
    RefusedException failed = refused("task.owner", () -> other.retryTask(ts.get(1).id()));
    assertTrue(failed.fix().endsWith("or ask a person to retry it"), failed.fix());
    RefusedException claimed =
        refused("task.owner", () -> other.finishTask(ts.get(1).id(), "cancelled", null));
    assertTrue(claimed.fix().endsWith("or ask a person to retry it"), claimed.fix());
    // The way out is the fix, not the end of the message.
    assertTrue(claimed.getMessage().endsWith("can change it"), claimed.getMessage());
  }

  @Test
  void aTagThatIsNotInTheTagFormSaysHowToWriteIt() {
    // A trial: --tag Kernel was refused with the tag pattern only; the form that works is named.
    RefusedException upper =
        refused(
            "need.tags",
            () -> engine.createNeed(NeedSpec.titled("n").withTags(List.of("Kernel Boot"))));
    // The form is the fix, on its own line, never inside the message (a later trial).
    assertTrue(upper.getMessage().endsWith("at most 64 characters"), upper.getMessage());
    assertEquals("write it as 'kernel-boot'", upper.fix());
    RefusedException accent =
        refused("need.tags", () -> engine.createNeed(NeedSpec.titled("n").withTags(List.of("ü"))));
    assertEquals("write it as 'u'", accent.fix());
    // Nothing in it that a tag keeps: what a tag is made of.
    RefusedException none =
        refused("need.tags", () -> engine.createNeed(NeedSpec.titled("n").withTags(List.of("🚀"))));
    assertTrue(none.getMessage().endsWith("at most 64 characters"), none.getMessage());
    assertEquals(
        "write the tag in lower-case letters a-z, digits and _ . : - (a letter or digit first)",
        none.fix());
    // --tag a,,b: an empty tag had no fix at all.
    RefusedException empty =
        refused(
            "need.tags",
            () -> engine.createNeed(NeedSpec.titled("n").withTags(List.of("a", "", "b"))));
    assertEquals(
        "leave the empty tag out (two commas in a row, or one at the end, make one)", empty.fix());
  }

  @Test
  void taskLifecycleRefusalsListTheAllowedMoves() {
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    Agent a = engine.registerAgent(AgentSpec.of("coder"));
    engine.claimTask(t.id(), a.id());
    refused("task.lifecycle", () -> engine.retryTask(t.id()));
    engine.releaseTask(t.id());
    refused("input", () -> engine.finishTask(t.id(), "done", null));
    engine.finishTask(t.id(), "cancelled", null);
    RefusedException e = refused("task.lifecycle", () -> engine.startTask(t.id()));
    assertEquals(List.of(), e.allowed());
    assertTrue(e.getMessage().contains("cancelled is final"), e.getMessage());
    refused("not_found", () -> engine.startTask(1234));
  }

  @Test
  void anAgentStartingAnOpenTaskTakesIt() {
    Need n = actionable("n");
    List<Task> ts = engine.graduate(n.id(), List.of(TaskSpec.of("t"), TaskSpec.of("u")));
    long a = agent();
    Engine asAgent = engine.as(Actor.agent(a));
    assertEquals(a, asAgent.startTask(ts.get(0).id()).assignedAgentId());
    Task cancelled = asAgent.finishTask(ts.get(1).id(), "cancelled", "duplicate");
    assertNull(
        cancelled.assignedAgentId(), "cancelling an open task does not make the agent its holder");
    assertEquals("agent:" + a, engine.history(cancelled.ref()).get(1).actor());
  }

  @Test
  void anOpenTaskIsStartedByAnAgentOnlySoItAlwaysHasAHolder() {
    // A user trial: start_task on a server without --agent left an in_progress task with no
    // holder, which any agent could then complete.
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    long history = historyCount("task", t.id());

    RefusedException e = refused("task.agent", () -> engine.startTask(t.id()));

    assertTrue(
        e.getMessage().contains(t.ref().words() + " is open: starting it needs an agent"),
        e.getMessage());
    assertEquals(List.of(), e.allowed());
    assertEquals(
        "start it as an agent, or run `claimTask` of task " + t.id() + " for an agent first",
        e.fix());
    assertEquals("open", engine.getTask(t.id()).status());
    assertEquals(history, historyCount("task", t.id()), "nothing written");
    long a = agent();
    engine.claimTask(t.id(), a);
    Task started = engine.startTask(t.id());
    assertEquals("in_progress", started.status(), "a person may start a task an agent holds");
    assertEquals(a, started.assignedAgentId());
  }

  @Test
  void aFailedTaskKeepsItsNeedInProgressUntilRetried() {
    Need n = actionable("n");
    List<Task> ts = engine.graduate(n.id(), List.of(TaskSpec.of("t"), TaskSpec.of("u")));
    Engine asAgent = engine.as(Actor.agent(agent()));
    asAgent.startTask(ts.get(0).id());
    asAgent.startTask(ts.get(1).id());
    engine.finishTask(ts.get(1).id(), "completed", "ok");
    Task failed = engine.finishTask(ts.get(0).id(), "failed", "crashed");
    assertEquals("failed", failed.status());
    assertEquals("in_progress", engine.getNeed(n.id()).need().status());
    Task retried = engine.retryTask(failed.id());
    assertEquals("open", retried.status());
    assertEquals("crashed", retried.result(), "the last result stays for whoever retries");
    asAgent.startTask(retried.id());
    engine.finishTask(retried.id(), "completed", "second time");
    assertEquals("resolved", engine.getNeed(n.id()).need().status());
  }

  @Test
  void ofAgentsGraduatingOneNeedAtOnceExactlyOneDoesAndMoreAddsTasks() throws Exception {
    Need n = actionable("offered to everyone by ready work");
    int racers = 4;
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(racers);
    List<java.util.concurrent.Future<String>> outcomes = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < racers; i++) {
        int agent = i + 1;
        outcomes.add(
            pool.submit(
                () -> {
                  try (Engine own = Engine.open(db, Actor.person("p" + agent))) {
                    go.await();
                    own.graduate(n.id(), List.of(TaskSpec.of("plan " + agent)));
                    return "graduated";
                  } catch (RefusedException e) {
                    return e.rule();
                  }
                }));
      }
      go.countDown();
      List<String> got = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<String> f : outcomes) {
        got.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }
      assertEquals(1, got.stream().filter("graduated"::equals).count(), got.toString());
      assertEquals(
          racers - 1, got.stream().filter("need.graduated"::equals).count(), got.toString());
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, engine.getNeed(n.id()).tasks().size());
    RefusedException again =
        refused("need.graduated", () -> engine.graduate(n.id(), List.of(TaskSpec.of("x"))));
    assertTrue(again.getMessage().contains("already has live tasks (task "), again.getMessage());
    assertEquals(List.of(), again.allowed(), "live tasks are no values to choose from");
    // The way out is a remedy each adapter words with its own switch, not words of one adapter.
    assertEquals(List.of(dev.mlos.core.Remedy.graduateMore(n.id())), again.remedies());
    assertEquals("to add tasks beside them, run `graduateMore`", again.fix());
    assertEquals(1, engine.graduateMore(n.id(), List.of(TaskSpec.of("and this"))).size());
    assertEquals(2, engine.getNeed(n.id()).tasks().size());
  }

  @Test
  void finishingATaskNeverStartedSaysToStartItFirst() {
    // An agent that did the work without claim or start was told the task's next states
    // (assigned, in_progress, cancelled), none of them a way to finish it, and no way out.
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    RefusedException e =
        refused("task.lifecycle", () -> engine.finishTask(t.id(), "completed", "done"));
    assertEquals(
        "task "
            + t.id()
            + ": open -> completed is not allowed; a task is completed from assigned or"
            + " in_progress",
        e.getMessage());
    assertEquals("start it first with `startTask` of task " + t.id() + ", then finish it", e.fix());
    assertEquals(List.of(), e.allowed(), "the next states are not values a finish takes");
    assertEquals("cancelled", engine.finishTask(t.id(), "cancelled", null).status());

    // The message names every status a task is completed from: a claimed task is one of them.
    Task claimed = engine.graduate(n.id(), List.of(TaskSpec.of("u"))).get(0);
    long agent = engine.registerAgent(AgentSpec.of("architect")).id();
    engine.claimTask(claimed.id(), agent);
    assertEquals("completed", engine.finishTask(claimed.id(), "completed", "done").status());
  }

  @Test
  void finishingAFailedTaskSaysToRetryOrCancelIt() {
    // Four agents racing over MCP: an agent finishing a task it holds failed (ready work lists it
    // under held, to finish first) was told "Allowed: open, cancelled"; open is no outcome a
    // finish takes, and nothing named the retry that gets there.
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    Engine asAgent = engine.as(Actor.agent(agent()));
    asAgent.claimTask(t.id(), asAgent.actor().agentId());
    asAgent.finishTask(t.id(), "failed", "broke");
    for (String outcome : List.of("completed", "failed")) {
      RefusedException e =
          refused("task.lifecycle", () -> asAgent.finishTask(t.id(), outcome, "again"));
      assertEquals(
          "task "
              + t.id()
              + ": failed -> "
              + outcome
              + " is not allowed; a failed task is retried (open again, for an agent to claim and"
              + " finish) or cancelled",
          e.getMessage());
      assertEquals(List.of("cancelled"), e.allowed(), "the one outcome a finish may take");
      assertEquals(
          List.of(dev.mlos.core.Remedy.retryTask(t.id()), dev.mlos.core.Remedy.cancelTask(t.id())),
          e.remedies());
      assertEquals(
          "open it again with `retryTask` of task "
              + t.id()
              + ", claim it and finish it; or finish it as cancelled with `finishTask` of task "
              + t.id()
              + " as cancelled",
          e.fix());
    }
    assertEquals("failed", engine.getTask(t.id()).status(), "nothing written");
    assertEquals("open", asAgent.retryTask(t.id()).status());
  }

  @Test
  void graduatingAResolvedNeedSaysItIsFinalAndAllowsNoStatus() {
    // An agent over MCP read "Allowed: actionable, in_progress" for a resolved need, and
    // transition_need to actionable was refused in turn: resolved is final.
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    long agent = agent();
    engine.as(Actor.agent(agent)).claimTask(t.id(), agent);
    engine.as(Actor.agent(agent)).finishTask(t.id(), "completed", "done");
    assertEquals("resolved", engine.getNeed(n.id()).need().status());
    RefusedException e =
        refused("need.graduate", () -> engine.graduateMore(n.id(), List.of(TaskSpec.of("u"))));
    assertEquals(
        "need "
            + n.id()
            + " is resolved; only an actionable or in_progress need graduates into tasks, and"
            + " resolved is final",
        e.getMessage());
    assertEquals("more work is a need of its own: create one", e.fix());
    assertEquals(List.of(), e.allowed());
    Need identified = engine.createNeed(NeedSpec.titled("i"));
    assertEquals(
        List.of("actionable", "in_progress"),
        refused("need.graduate", () -> engine.graduate(identified.id(), List.of(TaskSpec.of("u"))))
            .allowed());
  }

  @Test
  void finishingAFinishedTaskSaysWhenByWhomAndWithWhichResult() {
    // A complete_task answered "not answered" (its write may have landed) and sent again, or a
    // second session of one agent, read only "completed -> completed is not allowed (completed is
    // final)": nothing said the task was done, nor by whom, nor with which result.
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    long agent = agent();
    Engine asAgent = engine.as(Actor.agent(agent));
    asAgent.claimTask(t.id(), agent);
    Task done = asAgent.finishTask(t.id(), "completed", "x".repeat(90));
    RefusedException e =
        refused("task.lifecycle", () -> asAgent.finishTask(t.id(), "completed", "again"));
    assertEquals(
        "task "
            + t.id()
            + ": completed -> completed is not allowed (completed is final: it was finished at "
            + done.updatedAt()
            + ", held by agent "
            + agent
            + ", with the result '"
            + "x".repeat(80)
            + "...')",
        e.getMessage());
    // Cancelled by a person, open: no holder, no result.
    Task u = engine.graduate(actionable("m").id(), List.of(TaskSpec.of("u"))).get(0);
    Task cancelled = engine.finishTask(u.id(), "cancelled", null);
    assertEquals(
        "task "
            + u.id()
            + ": cancelled -> completed is not allowed (cancelled is final: it was finished at "
            + cancelled.updatedAt()
            + ", with no result)",
        refused("task.lifecycle", () -> engine.finishTask(u.id(), "completed", "late"))
            .getMessage());
  }

  @Test
  void aNeedCannotBeResolvedWhileATaskIsNotDone() {
    Need n = actionable("n");
    List<Task> ts = engine.graduate(n.id(), List.of(TaskSpec.of("t"), TaskSpec.of("u")));
    engine.as(Actor.agent(agent())).startTask(ts.get(0).id());
    RefusedException e =
        refused("need.open_tasks", () -> engine.moveNeed(n.id(), "resolved", null));
    assertTrue(
        e.getMessage()
            .contains(
                "(task " + ts.get(0).id() + " in_progress, task " + ts.get(1).id() + " open)"),
        e.getMessage());
    // The tasks in the way are not "allowed": an adapter printed "Allowed: task 3 open".
    assertEquals(List.of(), e.allowed());
  }

  @Test
  void aFailedTaskKeepsItsNeedUnresolvedUntilRetriedOrCancelled() {
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    engine.as(Actor.agent(agent())).startTask(t.id());
    engine.finishTask(t.id(), "failed", "crashed");
    assertFalse(
        engine.getNeed(n.id()).nextStatuses().contains("resolved"),
        "next_statuses offers no move the database refuses");
    RefusedException e =
        refused("need.open_tasks", () -> engine.moveNeed(n.id(), "resolved", null));
    assertTrue(e.getMessage().contains("(task " + t.id() + " failed)"), e.getMessage());
    assertEquals(List.of(), e.allowed());
    assertTrue(e.getMessage().contains("finish, retry or cancel them first"), e.getMessage());
    engine.finishTask(t.id(), "cancelled", null);
    assertEquals("resolved", engine.moveNeed(n.id(), "resolved", null).row().status());
  }

  /**
   * The report this came from: {@code need defer 7}, {@code need resume 7} on a need whose tasks
   * were held left it active, and it stayed active when they started and completed (V16).
   */
  @Test
  void aNeedResumedWithHeldTasksFollowsThemToResolved() {
    Need n = actionable("n");
    List<Task> ts = engine.graduate(n.id(), List.of(TaskSpec.of("one"), TaskSpec.of("two")));
    long a = agent();
    Engine asAgent = engine.as(Actor.agent(a));
    asAgent.claimTask(ts.get(0).id(), a);
    engine.deferNeed(n.id(), "waiting for hardware");
    assertEquals(
        "actionable",
        engine.resumeNeed(n.id(), null).status(),
        "its tasks were cut from it when it was actionable; none has started");
    asAgent.startTask(ts.get(0).id());
    assertEquals("in_progress", engine.getNeed(n.id()).need().status());
    asAgent.finishTask(ts.get(0).id(), "completed", "done");
    asAgent.claimTask(ts.get(1).id(), a);
    asAgent.startTask(ts.get(1).id());
    asAgent.finishTask(ts.get(1).id(), "completed", "done");
    assertEquals("resolved", engine.getNeed(n.id()).need().status());
  }

  @Test
  void aNeedResumedAfterItsTaskStartedIsInProgressAndItsTaskResolvesIt() {
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    engine.as(Actor.agent(agent())).startTask(t.id());
    engine.deferNeed(n.id(), "waiting for hardware");
    assertEquals("in_progress", engine.resumeNeed(n.id(), null).status());
    engine.finishTask(t.id(), "completed", "done anyway");
    assertEquals("resolved", engine.getNeed(n.id()).need().status());
  }

  @Test
  void aNeedWhoseTasksFinishedWhileItWasDeferredIsResolvedWhenResumed() {
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    engine.as(Actor.agent(agent())).startTask(t.id());
    engine.deferNeed(n.id(), "waiting for hardware");
    engine.finishTask(t.id(), "completed", "done anyway");
    assertEquals("deferred", engine.getNeed(n.id()).need().status(), "deferred until resumed");
    assertEquals("resolved", engine.resumeNeed(n.id(), null).status());
    assertTrue(
        engine.readyWork(ReadyQuery.everyone()).items().stream()
            .noneMatch(i -> i.needId() == n.id()),
        "not offered as a need waiting for tasks");
  }

  @Test
  void aNeedResumedWithOnlyCancelledTasksIsActive() {
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    engine.deferNeed(n.id(), null);
    engine.finishTask(t.id(), "cancelled", "not needed");
    assertEquals(
        "active", engine.resumeNeed(n.id(), null).status(), "nothing was done: re-establish it");
  }

  // ------------------------------------------------------------ history and actors

  long historyCount(String entity, long id) {
    return Long.parseLong(
        EngineDatabase.rows(
                db,
                "SELECT count(*) FROM history WHERE entity = '"
                    + entity
                    + "' AND entity_id = "
                    + id)
            .get(0));
  }

  @Test
  void historyRecordsActorSessionAndReason() throws Exception {
    Need n = engine.createNeed(NeedSpec.titled("n"));
    engine
        .as(Actor.person("bob").withReason("default reason"))
        .moveNeed(n.id(), "active", "seen in review");
    long a = agent();
    engine.as(Actor.agent(a).withSession("run-7")).moveNeed(n.id(), "deferred", null);
    assertEquals(
        List.of(
            "insert|person:alice|chat-1|null",
            "update|person:bob|null|seen in review",
            "update|agent:" + a + "|run-7|null"),
        EngineDatabase.rows(
            db,
            "SELECT operation, actor, session, reason FROM history WHERE entity = 'need' AND entity_id = "
                + n.id()
                + " ORDER BY id"));
    List<HistoryEntry> h = engine.history(n.ref());
    assertEquals(3, h.size());
    assertEquals("agent:" + a, h.get(2).actor());
    assertTrue(h.get(2).newValues().contains("\"deferred\""), h.get(2).newValues());
    assertEquals(
        List.of("0"),
        EngineDatabase.rows(db, "SELECT count(*) FROM write_context"),
        "no context left behind");
    refused("input", () -> engine.history(n.ref(), 0));
    // A need that never was has no history to show: not_found, as need show says.
    refused("not_found", () -> engine.history(EntityRef.need(n.id() + 1000)));
    // One that was deleted keeps its history.
    try (java.sql.Connection c = Database.at(db).open(false);
        Statement st = c.createStatement()) {
      st.execute("DELETE FROM needs WHERE id = " + n.id());
    }
    assertEquals("delete", engine.history(n.ref()).get(3).operation());
  }

  @Test
  void anUnregisteredAgentCannotWrite() {
    try (Engine ghost = Engine.open(db, Actor.agent(55))) {
      // A run no one registered is a row the workspace lacks (not_found), as any other id.
      RefusedException e = refused("not_found", () -> ghost.createNeed(NeedSpec.titled("x")));
      assertTrue(e.getMessage().contains("agent 55"), e.getMessage());
    }
  }

  @Test
  void refusedValuesCannotForgeALogLine() {
    RefusedException e =
        refused(
            "need.tags",
            () -> engine.createNeed(NeedSpec.titled("x").withTags(List.of("a\nERROR fake"))));
    assertTrue(e.getMessage().contains("'a\\u000AERROR fake'"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    assertEquals("'" + "x".repeat(200) + "...'", RefusedException.quoted("x".repeat(300)));
    assertEquals("(none)", RefusedException.quoted(null));
  }

  @Test
  void actorsAreValidated() {
    refused("actor", () -> Actor.person(" "));
    refused("actor", () -> Actor.parse("robot:1"));
    refused("actor", () -> Actor.parse("agent:x"));
    refused("actor", () -> Actor.person("eve").withReason("a\u0000b"));
    assertEquals("person:alice", Actor.parse("person:alice").label());
    assertEquals(7L, Actor.parse("agent:7").agentId());
  }

  // ------------------------------------------------------------ relationships

  @Test
  void relateIsTypedIdempotentAndRefusesCyclesOfBlocks() {
    Need a = engine.createNeed(NeedSpec.titled("a"));
    Need b = engine.createNeed(NeedSpec.titled("b"));
    Need c = engine.createNeed(NeedSpec.titled("c"));
    Edge ab = engine.relate(a.ref(), b.ref(), "blocks", null).row();
    assertEquals("need:" + a.id() + " blocks need:" + b.id(), ab.words());
    assertEquals(
        ab,
        engine.relate(a.ref(), b.ref(), "blocks", null).row(),
        "the same edge again is returned");
    assertFalse(engine.relate(a.ref(), b.ref(), "blocks", null).changed(), "nothing written");
    engine.relate(b.ref(), c.ref(), "blocks", null);
    RefusedException cycle =
        refused("relationship.cycle", () -> engine.relate(c.ref(), a.ref(), "blocks", null));
    assertTrue(cycle.getMessage().contains("cycle"), cycle.getMessage());
    refused("relationship.self", () -> engine.relate(a.ref(), a.ref(), "references", null));
    RefusedException exists =
        refused(
            "relationship.exists", () -> engine.relate(a.ref(), b.ref(), "blocks", "{\"x\":1}"));
    // Every adapter prints allowed() as what is allowed: 'Allowed: relationship 3' is no value.
    assertEquals(List.of(), exists.allowed());
    assertTrue(exists.getMessage().startsWith("relationship "), exists.getMessage());
    // Metadata that is not JSON is named as such, whether or not the edge exists.
    for (String bad : List.of("not json", "{\"x\":1} {}", "{\"x\":", "")) {
      RefusedException m =
          refused("relationship.metadata", () -> engine.relate(a.ref(), b.ref(), "blocks", bad));
      assertTrue(m.getMessage().contains("must be one JSON value"), m.getMessage());
      refused("relationship.metadata", () -> engine.relate(b.ref(), a.ref(), "enables", bad));
    }
    refused("not_found", () -> engine.relate(a.ref(), EntityRef.task(9), "blocks", null));
    refused("input", () -> engine.relate(a.ref(), b.ref(), "likes", null));
    // Valid JSON nested too deeply was called 'not one JSON value' (and at 1000 levels refused by
    // the history row's CHECK, one level deeper): the limit is said now, and a value at the limit
    // is stored, history row included.
    String deep = "[".repeat(1000) + "]".repeat(1000);
    RefusedException nested =
        refused("relationship.metadata", () -> engine.relate(b.ref(), c.ref(), "enables", deep));
    assertTrue(
        nested.getMessage().contains("nested more than 999 levels deep")
            && nested.getMessage().contains("the most is 999"),
        nested.getMessage());
    assertFalse(nested.getMessage().contains("one JSON value"), nested.getMessage());
    engine.relate(b.ref(), c.ref(), "enables", "[".repeat(999) + "]".repeat(999));
    long agent = agent();
    assertTrue(
        refused(
                "relationship.kind",
                () -> engine.relate(EntityRef.agent(agent), a.ref(), "blocks", null))
            .getMessage()
            .contains("cannot go from an agent to a need"));
    Artifact art =
        engine
            .registerArtifact(ArtifactPlaces.defaults(dir), ArtifactSpec.of(write("notes.md", "x")))
            .artifact();
    RefusedException kind =
        refused("relationship.kind", () -> engine.relate(art.ref(), a.ref(), "monitors", null));
    assertTrue(kind.allowed().contains("agent->need"), kind.allowed().toString());
    assertEquals(
        "monitors", engine.relate(EntityRef.agent(agent), a.ref(), "monitors", null).row().type());
    assertEquals(
        "{\"why\":\"see\"}",
        engine.relate(a.ref(), art.ref(), "references", "{\"why\":\"see\"}").row().metadata());
  }

  @Test
  void rulesTheDatabaseChecksTooComeBackAsRefusals() {
    Need n = actionable("n");
    Need other = engine.createNeed(NeedSpec.titled("other"));
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    RefusedException e =
        refused(
            "relationship.kind", () -> engine.relate(t.ref(), other.ref(), "derived_from", null));
    // The engine's words since it checks it itself (the database's named no fix).
    assertEquals(
        "task 1 is derived_from need 1, the need it was graduated from, and from no other",
        e.getMessage());
    RefusedException json =
        refused(
            "relationship.metadata",
            () -> engine.relate(n.ref(), other.ref(), "references", "{oops"));
    assertTrue(json.getMessage().contains("metadata"), json.getMessage());
    assertEquals(
        List.of("1"),
        EngineDatabase.rows(db, "SELECT count(*) FROM relationships"),
        "only the task's own edge");
  }

  @Test
  void databaseMessagesMapToRuleIds() {
    assertEquals(
        "need.open_tasks",
        DatabaseRefusals.rule("need", "cannot be resolved while one of its tasks is open"));
    assertEquals(
        "task.lifecycle",
        DatabaseRefusals.rule("task", "open -> completed is not allowed; from open: assigned"));
    assertEquals(
        "lens.budget",
        DatabaseRefusals.rule("lens", "token_budget must be NULL or a whole number"));
    assertEquals(
        "lens.weights",
        DatabaseRefusals.rule(
            "lens", "a scope:<scope> weight key must be (lens.weights): shorten"));
    assertEquals(
        "need.text",
        DatabaseRefusals.rule("need", "source_transcript must not contain control characters"));
    assertEquals("not_found", DatabaseRefusals.rule("relationship", "source need does not exist"));
    assertEquals(
        "relationship.cycle",
        DatabaseRefusals.rule("relationship", "this blocks edge would close a cycle"));
  }

  // ------------------------------------------------------------ artifacts

  String write(String rel, String content) {
    try {
      Path f = dir.resolve(rel);
      Files.createDirectories(f.getParent());
      Files.writeString(f, content);
      return rel;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void registerArtifactHashesTheFileAndRehashesWhenItChanges() throws Exception {
    write("docs/a.md", "one");
    ArtifactRegistration r =
        engine.registerArtifact(
            ArtifactPlaces.defaults(dir), ArtifactSpec.of("docs/a.md").withType("document"));
    assertEquals(ArtifactRegistration.Outcome.ADDED, r.outcome());
    assertEquals("a.md", r.artifact().title());
    assertEquals(Sha256.of("one"), r.artifact().contentHash());
    assertEquals(
        ArtifactRegistration.Outcome.UNCHANGED,
        engine
            .registerArtifact(ArtifactPlaces.defaults(dir), ArtifactSpec.of("docs/a.md"))
            .outcome());
    write("docs/a.md", "two");
    ArtifactRegistration again =
        engine.rehashArtifact(ArtifactPlaces.defaults(dir), r.artifact().id());
    assertEquals(ArtifactRegistration.Outcome.UPDATED, again.outcome());
    assertEquals(Sha256.of("two"), again.artifact().contentHash());
    assertEquals(
        ArtifactRegistration.Outcome.UNCHANGED,
        engine.rehashArtifact(ArtifactPlaces.defaults(dir), r.artifact().id()).outcome());
    assertEquals("document", again.artifact().type());
  }

  @Test
  void rehashArtifactsRecordsEveryChangedHashOrNone() throws Exception {
    write("docs/a.md", "one");
    write("docs/b.md", "one");
    long a =
        engine
            .registerArtifact(ArtifactPlaces.defaults(dir), ArtifactSpec.of("docs/a.md"))
            .artifact()
            .id();
    long b =
        engine
            .registerArtifact(ArtifactPlaces.defaults(dir), ArtifactSpec.of("docs/b.md"))
            .artifact()
            .id();
    write("docs/a.md", "two");
    Files.delete(dir.resolve("docs/b.md"));

    RefusedException refused =
        assertThrows(
            RefusedException.class,
            () -> engine.rehashArtifacts(ArtifactPlaces.defaults(dir), List.of(a, b)));
    assertEquals("artifact.file", refused.rule());
    assertEquals(Sha256.of("one"), engine.getArtifact(a).contentHash(), "nothing was recorded");

    write("docs/b.md", "three");
    List<ArtifactRegistration> done =
        engine.rehashArtifacts(ArtifactPlaces.defaults(dir), List.of(b, a));
    assertEquals(
        List.of(Sha256.of("three"), Sha256.of("two")),
        done.stream().map(r -> r.artifact().contentHash()).toList());
    assertEquals(
        List.of(ArtifactRegistration.Outcome.UNCHANGED, ArtifactRegistration.Outcome.UNCHANGED),
        engine.rehashArtifacts(ArtifactPlaces.defaults(dir), List.of(b, a)).stream()
            .map(ArtifactRegistration::outcome)
            .toList());
  }

  @Test
  void theDatabaseItsJournalsAndItsTextFormAreNoArtifacts() throws Exception {
    // Their bytes change with every write: registered, they would drift at once, and the guard
    // would fail every build after.
    Files.writeString(dir.resolve("mlos.db.sql"), "-- text form\n");
    Files.writeString(dir.resolve("mlos.db-journal"), "");
    Files.createSymbolicLink(dir.resolve("db-link"), dir.resolve("mlos.db"));
    for (String path :
        List.of("mlos.db", "mlos.db-wal", "mlos.db.sql", "mlos.db-journal", "db-link")) {
      if (!Files.exists(dir.resolve(path))) {
        continue; // the WAL file exists only while a connection has it open
      }
      RefusedException e =
          refused(
              "artifact.path",
              () -> engine.registerArtifact(ArtifactPlaces.defaults(dir), ArtifactSpec.of(path)));
      assertTrue(e.getMessage().endsWith("cannot be an artifact"), e.getMessage());
      assertEquals("register the files your work produces instead", e.fix());
    }
    assertEquals(List.of("0"), EngineDatabase.rows(db, "SELECT count(*) FROM artifacts"));
    Files.writeString(dir.resolve("notes.md"), "n");
    assertEquals(
        ArtifactRegistration.Outcome.ADDED,
        engine
            .registerArtifact(ArtifactPlaces.defaults(dir), ArtifactSpec.of("notes.md"))
            .outcome());
  }

  @Test
  void registerArtifactRefusesPathsOutsideTheWorkspace() throws Exception {
    Path outside = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-outside"));
    Files.writeString(outside.resolve("secret.txt"), "s");
    Path ws = Files.createDirectories(dir.resolve("ws"));
    Files.createSymbolicLink(ws.resolve("link"), outside);
    Files.createSymbolicLink(ws.resolve("file-link.txt"), outside.resolve("secret.txt"));
    RefusedException e =
        refused(
            "artifact.path",
            () ->
                engine.registerArtifact(
                    ArtifactPlaces.defaults(ws), ArtifactSpec.of("link/secret.txt")));
    assertTrue(e.getMessage().contains("outside the workspace"), e.getMessage());
    refused(
        "artifact.path",
        () ->
            engine.registerArtifact(ArtifactPlaces.defaults(ws), ArtifactSpec.of("file-link.txt")));
    refused(
        "artifact.path",
        () ->
            engine.registerArtifact(ArtifactPlaces.defaults(ws), ArtifactSpec.of("../secret.txt")));
    refused(
        "artifact.path",
        () -> engine.registerArtifact(ArtifactPlaces.defaults(ws), ArtifactSpec.of("/etc/passwd")));
    refused(
        "artifact.file",
        () -> engine.registerArtifact(ArtifactPlaces.defaults(ws), ArtifactSpec.of("missing.md")));
    Files.createDirectories(ws.resolve("target/mlos"));
    Files.writeString(ws.resolve("target/mlos/mlos-guard.json"), "{}");
    RefusedException state =
        refused(
            "artifact.path",
            () ->
                engine.registerArtifact(
                    ArtifactPlaces.defaults(ws), ArtifactSpec.of("target/mlos/mlos-guard.json")));
    assertTrue(
        state.getMessage().contains("mlos's own state directory (target/mlos)"),
        state.getMessage());
    // Through a link to the state directory (or to target/) it is the same file: it was accepted.
    Files.createSymbolicLink(ws.resolve("st"), ws.resolve("target/mlos"));
    Files.createSymbolicLink(ws.resolve("tg"), ws.resolve("target"));
    for (String linked : List.of("st/mlos-guard.json", "tg/mlos/mlos-guard.json")) {
      RefusedException viaLink =
          refused(
              "artifact.path",
              () -> engine.registerArtifact(ArtifactPlaces.defaults(ws), ArtifactSpec.of(linked)));
      assertTrue(
          viaLink.getMessage().contains("mlos's own state directory (target/mlos)"),
          viaLink.getMessage());
    }
    Files.writeString(ws.resolve("ok.md"), "ok");
    refused(
        "artifact.type",
        () ->
            engine.registerArtifact(
                ArtifactPlaces.defaults(ws), ArtifactSpec.of("ok.md").withType("movie")));
    assertEquals(List.of("0"), EngineDatabase.rows(db, "SELECT count(*) FROM artifacts"));
  }

  // ------------------------------------------------------------ agents and lenses

  @Test
  void agentRunsStartAndFinish() {
    Agent a = engine.registerAgent(new AgentSpec("context_manager", "k-1.2", "transcripts/run.md"));
    assertEquals("provisioning", a.status());
    assertEquals("active", engine.startAgent(a.id()).row().status());
    long rows = historyCount("agent", a.id());
    Written<Agent> again = engine.startAgent(a.id());
    assertEquals("active", again.row().status(), "starting it again is a no-op");
    assertFalse(again.changed(), "and says so");
    assertEquals(rows, historyCount("agent", a.id()), "that writes nothing");
    Agent done = engine.finishAgent(a.id(), "completed", "packed 3 contexts");
    assertEquals("completed", done.status());
    assertNotNull(done.completedAt());
    assertEquals("packed 3 contexts", done.resultSummary());
    RefusedException e = refused("agent.lifecycle", () -> engine.startAgent(a.id()));
    assertEquals(List.of(), e.allowed());
    refused("input", () -> engine.finishAgent(a.id(), "cancelled", null));
    refused("agent.type", () -> engine.registerAgent(AgentSpec.of("Context-Manager")));
    refused("not_found", () -> engine.startAgent(77));
  }

  /**
   * A team's first agent type is often data-wrangler or "Data Wrangler" (tried in the fresh-user
   * round): the refusal gave the pattern only, where a tag's gives the form to write.
   */
  @Test
  void aRefusedAgentTypeNamesTheFormToWrite() {
    // The form is the fix, on its own line, not the end of the message (a later trial).
    RefusedException dash =
        refused("agent.type", () -> engine.registerAgent(AgentSpec.of("data-wrangler")));
    assertTrue(dash.getMessage().endsWith("at most 64 characters"), dash.getMessage());
    assertEquals("write it as 'data_wrangler'", dash.fix());
    assertEquals(
        "write it as 'evaluateur_en_chef'",
        refused("agent.type", () -> engine.registerAgent(AgentSpec.of(" Évaluateur en chef")))
            .fix());
    assertEquals(
        "write the agent type in lower-case letters a-z, digits and _, a letter first",
        refused("agent.type", () -> engine.registerAgent(AgentSpec.of("2nd evaluator"))).fix(),
        "a form that starts with a digit is no agent type either: what one is made of");
    engine.registerAgent(AgentSpec.of("data_wrangler"));
  }

  @Test
  void lensesOfAnAgentOverrideThoseOfItsType() {
    Agent a = engine.registerAgent(AgentSpec.of("architect"));
    Agent b = engine.registerAgent(AgentSpec.of("architect"));
    assertTrue(engine.lensOf(a.id()).isEmpty());
    Lens typeLens =
        engine
            .setLens(
                LensSpec.forAgentType("architect")
                    .withTags(List.of("kernel", "architecture"))
                    .withWeights(Map.of("tag:kernel", 2.0))
                    .withTokenBudget(8000))
            .lens();
    assertEquals(List.of("architecture", "kernel"), typeLens.tags());
    Lens own = engine.setLens(LensSpec.forAgent(b.id()).withScopes(List.of("mcp"))).lens();
    assertEquals(typeLens, engine.lensOf(a.id()).orElseThrow());
    assertEquals(own, engine.lensOf(b.id()).orElseThrow());
    Lens replaced =
        engine
            .setLens(LensSpec.forAgent(b.id()).withScopes(List.of("kernel")).withTokenBudget(100))
            .lens();
    assertEquals(own.id(), replaced.id());
    assertEquals(List.of("kernel"), replaced.scopes());
    // A lens's history is read like an entity's: set, then replaced.
    assertEquals(
        List.of("insert", "update"),
        engine.history(HistoryRef.parse("lens:" + own.id()), 10).stream()
            .map(HistoryEntry::operation)
            .toList());
    refused("not_found", () -> engine.history(new HistoryRef("lens", own.id() + 1000), 10));
    refused("input", () -> HistoryRef.parse("edge:1"));
    refused(
        "lens.owner",
        () -> engine.setLens(new LensSpec(a.id(), "architect", null, null, null, null)));
    refused(
        "lens.weights",
        () -> engine.setLens(LensSpec.forAgent(a.id()).withWeights(Map.of("tag:kernel", 0.0))));
    refused(
        "lens.weights",
        () -> engine.setLens(LensSpec.forAgent(a.id()).withWeights(Map.of("kernel", 2.0))));
    refused(
        "lens.weights",
        () -> engine.setLens(LensSpec.forAgent(a.id()).withWeights(Map.of("tag:k", 101.0))));
    refused("lens.budget", () -> engine.setLens(LensSpec.forAgent(a.id()).withTokenBudget(0)));
    refused("lens.tags", () -> engine.setLens(LensSpec.forAgent(a.id()).withTags(List.of("Bad"))));
    refused("not_found", () -> engine.setLens(LensSpec.forAgent(999)));
    refused("not_found", () -> engine.lensOf(999));
  }

  @Test
  void everyOperationOnAnUnknownIdIsNotFoundAndNamesIt() {
    Map<String, Executable> ops = new LinkedHashMap<>();
    ops.put("need 404", () -> engine.getNeed(404));
    ops.put("need 405", () -> engine.deferNeed(405, null));
    ops.put("need 406", () -> engine.resumeNeed(406, null));
    ops.put("task 407", () -> engine.getTask(407));
    ops.put("task 408", () -> engine.releaseTask(408));
    ops.put("task 409", () -> engine.finishTask(409, "completed", null));
    ops.put("task 410", () -> engine.retryTask(410));
    ops.put("artifact 411", () -> engine.getArtifact(411));
    ops.put("artifact 412", () -> engine.rehashArtifact(ArtifactPlaces.defaults(dir), 412));
    ops.put("agent 413", () -> engine.getAgent(413));
    ops.put("agent 414", () -> engine.finishAgent(414, "failed", null));
    ops.put("agent 415", () -> engine.readyWork(ReadyQuery.forAgent(415)));
    for (Map.Entry<String, Executable> op : ops.entrySet()) {
      RefusedException e = refused("not_found", op.getValue());
      assertEquals(op.getKey() + " does not exist", e.getMessage());
    }
  }

  @Test
  void textFieldsRefuseControlCharactersAndLengths() {
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    refused("task.text", () -> engine.finishTask(t.id(), "cancelled", "nul\u0000"));
    refused(
        "agent.text", () -> engine.registerAgent(new AgentSpec("architect", "v\u001b[31m", null)));
    refused(
        "agent.text",
        () -> engine.registerAgent(new AgentSpec("architect", "x".repeat(201), null)));
    refused(
        "lens.scopes",
        () ->
            engine.setLens(
                LensSpec.forAgentType("architect")
                    .withScopes(IntStream.range(0, 101).mapToObj(i -> "s" + i).toList())));
    refused(
        "lens.scopes",
        () -> engine.setLens(LensSpec.forAgentType("architect").withScopes(List.of("a\nb"))));
    write("ok.md", "ok");
    refused(
        "artifact.text",
        () ->
            engine.registerArtifact(
                ArtifactPlaces.defaults(dir), ArtifactSpec.of("ok.md").withDescription("\u0007")));
    // A user trial: a title with a right-to-left override was refused as "artifact text", which
    // left the caller to guess which of the texts it sent was meant.
    String title =
        refused(
                "artifact.text",
                () ->
                    engine.registerArtifact(
                        ArtifactPlaces.defaults(dir),
                        ArtifactSpec.of("ok.md").withTitle("D1 \u202e x")))
            .getMessage();
    assertTrue(title.startsWith("artifact title must be one line of at most 500"), title);
    refused("input", () -> engine.moveNeed(n.id(), "deferred", "why\u0000"));
    assertEquals("open", engine.getTask(t.id()).status(), "nothing changed");
    refused("need.lifecycle", () -> engine.moveNeed(n.id(), "identified", null));
    assertEquals(
        List.of("0"),
        EngineDatabase.rows(db, "SELECT count(*) FROM write_context"),
        "a refusal leaves no context");
  }

  // ------------------------------------------------------------ setup problems

  @Test
  void aMissingOrForeignDatabaseIsBrokenNotRefused() throws Exception {
    assertThrows(
        DatabaseException.class, () -> Engine.open(dir.resolve("none.db"), Actor.person("a")));
    Path plain = dir.resolve("plain.db");
    Database.at(plain).open(true).close();
    DatabaseException e =
        assertThrows(DatabaseException.class, () -> Engine.open(plain, Actor.person("a")));
    assertTrue(e.getMessage().contains("not an mlos database"), e.getMessage());
    Path text =
        Files.writeString(
            dir.resolve("text.db"), "hello, not sqlite, long enough to have a header............");
    assertThrows(DatabaseException.class, () -> Engine.open(text, Actor.person("a")));
  }

  @Test
  void aSchemaOlderThanThisMlosAsksForInit() throws Exception {
    Path old = EngineDatabase.create(dir.resolve("old.db"));
    try (Connection c = Database.at(old).open(false);
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM schema_migrations WHERE schema_set = 'mlos' AND version >= 2");
    }
    DatabaseException e =
        assertThrows(DatabaseException.class, () -> Engine.open(old, Actor.person("a")));
    assertTrue(e.getMessage().contains("at version 1; this mlos needs version 21"), e.getMessage());
    assertTrue(e.fix().contains("run `init` to upgrade it"), e.fix());
  }

  @Test
  void aWriterHoldingTheLockIsWaitedForNotReported() throws Exception {
    Need n = engine.createNeed(NeedSpec.titled("n"));
    try (Connection other = Database.at(db).open(false);
        Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      s.execute("UPDATE needs SET title = 'held' WHERE id = " + n.id());
      Thread release =
          new Thread(
              () -> {
                try {
                  Thread.sleep(300);
                  s.execute("COMMIT");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      release.start();
      Need moved = engine.moveNeed(n.id(), "active", null).row();
      release.join();
      assertEquals("active", moved.status());
      assertEquals(
          "held",
          moved.title(),
          "the engine's transaction started after the other writer committed");
    }
  }

  /**
   * A write held up by another process's lock said nothing while it waited (up to 45 s: a trial's
   * command sat silent 24 s behind a sqlite3 shell). A listener now hears of it once, after two
   * seconds, and the write still goes through when the lock is released; a quick write tells it
   * nothing.
   */
  @Test
  void aWriteThatWaitsForAnotherProcesssLockTellsItsListenerOnce() throws Exception {
    Need n = engine.createNeed(NeedSpec.titled("n"));
    List<long[]> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    engine.onLockWait((waited, limit) -> heard.add(new long[] {waited, limit}));
    engine.moveNeed(n.id(), "active", null);
    assertEquals(0, heard.size(), "a write that did not wait tells nothing");
    try (Connection other = Database.at(db).open(false);
        Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      s.execute("UPDATE needs SET title = 'held' WHERE id = " + n.id());
      Thread release =
          new Thread(
              () -> {
                try {
                  Thread.sleep(2_600);
                  s.execute("COMMIT");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      release.start();
      Need moved = engine.moveNeed(n.id(), "actionable", null).row();
      release.join();
      assertEquals("actionable", moved.status());
      assertEquals(1, heard.size(), "told once, however many attempts it made");
      assertTrue(heard.get(0)[0] >= 2_000, "after two seconds: " + heard.get(0)[0]);
      assertEquals(45_000, heard.get(0)[1]);
    }
  }

  @Test
  void automaticMovesOfANeedCarryTheActorOfTheTaskChange() {
    Need n = actionable("n");
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("t"))).get(0);
    long a = agent();
    Engine asAgent = engine.as(Actor.agent(a).withSession("run-9"));
    asAgent.claimTask(t.id(), a);
    asAgent.startTask(t.id());
    asAgent.finishTask(t.id(), "completed", "ok");
    assertEquals(
        List.of(
            "actionable|in_progress|agent:" + a + "|run-9",
            "in_progress|resolved|agent:" + a + "|run-9"),
        EngineDatabase.rows(
            db,
            "SELECT json_extract(old_values, '$.status'), json_extract(new_values, '$.status'), actor, session"
                + " FROM history WHERE entity = 'need' AND entity_id = "
                + n.id()
                + " AND json_extract(old_values, '$.status') IN ('actionable', 'in_progress') ORDER BY id"));
  }

  @Test
  void theEngineSwitchesTheDatabaseToWal() {
    assertEquals(List.of("wal"), EngineDatabase.rows(db, "PRAGMA journal_mode"));
  }

  // ------------------------------------------------------------ search

  @Test
  void aOneLineCutKeepsAnEmojiWhole() {
    // Ready work's reasons cut a need title at 77 chars: between an emoji's halves, a '?' showed.
    String title = "a".repeat(76) + "\uD83D\uDE00".repeat(5);
    assertEquals("a".repeat(76) + "...", InputRules.oneLine(title));
    assertEquals("a".repeat(77) + "...", InputRules.oneLine("a".repeat(90)));
  }

  @Test
  void anActorsReasonIsCountedInCharactersAsTheSchemaCountsThem() {
    // A reason of 300 emoji (300 characters, within the MCP tools' maxLength of 500) was refused
    // as 'longer than 500 characters': the actor counted Java chars, two per emoji.
    String reason = "\uD83D\uDE00".repeat(300);
    Need n = engine.as(Actor.person("alice").withReason(reason)).createNeed(NeedSpec.titled("n"));
    assertEquals("n", n.title());
    RefusedException e =
        assertThrows(
            RefusedException.class,
            () -> Actor.person("alice").withReason("\uD83D\uDE00".repeat(501)));
    assertEquals("actor reason is longer than 500 characters (it has 501)", e.getMessage());
  }

  @Test
  void searchTextIsCountedInCharactersAsTheSchemaCountsThem() {
    // 150 emoji are 150 characters (JSON Schema's maxLength, the MCP tool's 1..200) but 300 Java
    // chars: the engine refused them as longer than 200 characters.
    String emoji = "\uD83D\uDE00".repeat(150);
    engine.createNeed(NeedSpec.titled("smile " + emoji));
    assertEquals(List.of("smile " + emoji), titles(engine.search(SearchQuery.of(emoji))));
    assertTrue(
        refused("input", () -> engine.search(SearchQuery.of("\uD83D\uDE00".repeat(201))))
            .getMessage()
            .endsWith("; it has 201 characters"));
    // Three spaces were told "must be 1..200 characters without control characters".
    assertTrue(
        refused("input", () -> engine.search(SearchQuery.of("   ")))
            .getMessage()
            .endsWith("; it is only spaces"));
    // A pasted query with an invisible character was told only "it has a control character".
    assertTrue(
        refused("input", () -> engine.search(SearchQuery.of("boot\uFEFF")))
            .getMessage()
            .endsWith(
                "; it has a control character (U+FEFF, a zero-width no-break space (byte order"
                    + " mark), invisible)"));
    assertTrue(
        refused("input", () -> engine.search(SearchQuery.of("a\tb")))
            .getMessage()
            .endsWith("; it has a control character (U+0009, a tab)"));
    // Half a surrogate pair reached SQLite as '?' and found this need.
    engine.createNeed(NeedSpec.titled("what? café"));
    assertEquals(
        "search text holds half of a surrogate pair (U+D800 at position 1), which is no"
            + " character",
        refused("input", () -> engine.search(SearchQuery.of("t\uD800"))).getMessage());
  }

  @Test
  void searchMatchesPercentAndUnderscoreLiterally() {
    engine.createNeed(NeedSpec.titled("100% done"));
    engine.createNeed(NeedSpec.titled("1000 done"));
    engine.createNeed(NeedSpec.titled("snake_case"));
    engine.createNeed(NeedSpec.titled("snakeXcase"));
    engine.createNeed(NeedSpec.titled("back\\slash"));
    assertEquals(List.of("100% done"), titles(engine.search(SearchQuery.of("0%"))));
    assertEquals(List.of("snake_case"), titles(engine.search(SearchQuery.of("e_c"))));
    assertEquals(List.of("back\\slash"), titles(engine.search(SearchQuery.of("k\\s"))));
    assertEquals(
        List.of("snake_case", "snakeXcase"), titles(engine.search(SearchQuery.of("SNAKE"))));
  }

  @Test
  void searchIgnoresCaseInEveryScriptAndHowAccentsAreWritten() throws Exception {
    Need n = engine.createNeed(NeedSpec.titled("Über den Kernel"));
    engine.createNeed(NeedSpec.titled("ΟΔΟΣ").withDescription("Straße"));
    // é as e and a combining accent (NFD), as macOS writes file names and some editors text.
    engine.createNeed(NeedSpec.titled("Cafe\u0301 menu"));
    engine.createNeed(NeedSpec.titled("plain ascii"));
    engine.graduate(
        engine
            .moveNeed(engine.moveNeed(n.id(), "active", null).row().id(), "actionable", null)
            .row()
            .id(),
        List.of(TaskSpec.of("ÉCRIRE le test")));
    assertEquals(List.of("Über den Kernel"), titles(engine.search(SearchQuery.of("über"))));
    assertEquals(List.of("Über den Kernel"), titles(engine.search(SearchQuery.of("ÜBER"))));
    assertEquals(List.of("ΟΔΟΣ"), titles(engine.search(SearchQuery.of("οδο"))));
    assertEquals(List.of("ΟΔΟΣ"), titles(engine.search(SearchQuery.of("STRAßE"))));
    assertEquals(List.of("Cafe\u0301 menu"), titles(engine.search(SearchQuery.of("CAFÉ"))));
    assertEquals(List.of("ÉCRIRE le test"), titles(engine.search(SearchQuery.of("écrire"))));
    // Literal, as the ASCII path: % and _ are themselves.
    assertEquals(List.of(), titles(engine.search(SearchQuery.of("é%"))));
    assertEquals(List.of(), titles(engine.search(SearchQuery.of("Ü_"))));
    // The ASCII path is unchanged.
    assertEquals(List.of("plain ascii"), titles(engine.search(SearchQuery.of("ASCII"))));
  }

  @Test
  void searchFindsTheTurkishDottedCapitalIAsI() {
    engine.createNeed(NeedSpec.titled("\u0130stanbul office"));
    engine.createNeed(NeedSpec.titled("ISTANBUL"));
    engine.createNeed(NeedSpec.titled("D\u0130YARBAKIR \u0131l\u0131k"));
    // İ lower-cases to i and a combining dot above: 'istanbul' missed 'İstanbul', and 'İSTANBUL'
    // found only it.
    List<String> istanbul = List.of("\u0130stanbul office", "ISTANBUL");
    assertEquals(istanbul, titles(engine.search(SearchQuery.of("istanbul"))));
    assertEquals(istanbul, titles(engine.search(SearchQuery.of("\u0130STANBUL"))));
    assertEquals(istanbul, titles(engine.search(SearchQuery.of("i\u0307stanbul"))));
    assertEquals(
        List.of("D\u0130YARBAKIR \u0131l\u0131k"), titles(engine.search(SearchQuery.of("diyar"))));
    // The dotless ı is a letter of its own, letter by letter as ß is.
    assertEquals(List.of(), titles(engine.search(SearchQuery.of("ILIK"))));
    assertEquals(
        List.of("D\u0130YARBAKIR \u0131l\u0131k"),
        titles(engine.search(SearchQuery.of("\u0131l\u0131k"))));
  }

  @Test
  void searchFindsGreekSigmaWhereverItStandsAndTreatsEveryAccentFormAlike() {
    engine.createNeed(NeedSpec.titled("ΟΔΟΣ"));
    engine.createNeed(NeedSpec.titled("ΟΔΟΣΤΡΩΜΑ"));
    engine.createNeed(NeedSpec.titled("CAFÉ composed"));
    engine.createNeed(NeedSpec.titled("Cafe\u0301 decomposed"));
    engine.createNeed(NeedSpec.titled("5 \u212A kelvin sign"));
    engine.createNeed(NeedSpec.titled("plain k"));
    // A capital sigma lower-cases to ς at the end of a word and to σ elsewhere: 'Σ' found only
    // ΟΔΟΣΤΡΩΜΑ, and 'ΟΔΟΣ' only ΟΔΟΣ.
    assertEquals(List.of("ΟΔΟΣ", "ΟΔΟΣΤΡΩΜΑ"), titles(engine.search(SearchQuery.of("Σ"))));
    assertEquals(List.of("ΟΔΟΣ", "ΟΔΟΣΤΡΩΜΑ"), titles(engine.search(SearchQuery.of("ΟΔΟΣ"))));
    assertEquals(List.of("ΟΔΟΣ", "ΟΔΟΣΤΡΩΜΑ"), titles(engine.search(SearchQuery.of("οδος"))));
    // An ASCII query went to LIKE, which found e in the decomposed é only; then é was not e
    // however it was written, though İ was i. Every accent is set aside now, however written.
    assertEquals(
        List.of("CAFÉ composed", "Cafe\u0301 decomposed"),
        titles(engine.search(SearchQuery.of("cafe"))));
    assertEquals(
        List.of("CAFÉ composed", "Cafe\u0301 decomposed"),
        titles(engine.search(SearchQuery.of("café"))));
    // The Kelvin sign lower-cases to k: typed, it found only texts with a non-ASCII character;
    // in a text, an ASCII query did not find it.
    assertEquals(
        List.of("5 \u212A kelvin sign", "plain k"),
        titles(engine.search(SearchQuery.of("\u212A"))));
    assertEquals(List.of("5 \u212A kelvin sign"), titles(engine.search(SearchQuery.of("5 K"))));
  }

  /**
   * Search set one accent aside (the dot of İ: 'İ' found every i) and kept every other ('cafe' did
   * not find 'Café', 'uber' not 'Über'), while a graph pack's graph_search sets all aside. One rule
   * now: the combining accents of the Latin, Greek and Cyrillic scripts are set aside, the letters
   * that are no accented letter (ı, ß, ø) and the marks of other scripts are not; a cursor pages
   * every spelling of one search.
   */
  @Test
  void searchSetsEveryAccentAsideAndOnlyAccents() {
    engine.createNeed(NeedSpec.titled("Caf\u00e9 cr\u00e8me"));
    engine.createNeed(NeedSpec.titled("\u00dcber den Kernel"));
    engine.createNeed(NeedSpec.titled("\u1F08\u03B8\u03AE\u03BD\u03B1"));
    engine.createNeed(NeedSpec.titled("D\u0130YARBAKIR \u0131l\u0131k"));
    engine.createNeed(NeedSpec.titled("\u304C\u3063\u3053\u3046"));
    engine.createNeed(NeedSpec.titled("s\u00f8rlandet"));
    assertEquals(
        List.of("Caf\u00e9 cr\u00e8me"), titles(engine.search(SearchQuery.of("CAFE CREME"))));
    assertEquals(List.of("\u00dcber den Kernel"), titles(engine.search(SearchQuery.of("uber"))));
    assertEquals(
        List.of("\u1F08\u03B8\u03AE\u03BD\u03B1"),
        titles(engine.search(SearchQuery.of("\u0391\u0398\u0397\u039D\u0391"))));
    // İ is i with a dot above, as é is e with an acute: an accent, set aside like the others.
    assertEquals(
        List.of("D\u0130YARBAKIR \u0131l\u0131k"), titles(engine.search(SearchQuery.of("diyar"))));
    // ı, ø and ß are letters of their own, not a letter with an accent.
    assertEquals(List.of(), titles(engine.search(SearchQuery.of("ilik"))));
    assertEquals(List.of(), titles(engine.search(SearchQuery.of("sorlandet"))));
    // A kana's voicing mark makes another letter (が is not か): it stays.
    assertEquals(List.of(), titles(engine.search(SearchQuery.of("\u304B\u3063\u3053\u3046"))));
    assertEquals(
        List.of("\u304C\u3063\u3053\u3046"), titles(engine.search(SearchQuery.of("\u304C\u3063"))));
    // Accents alone look for no letter: nothing is found, not every text.
    assertEquals(List.of(), titles(engine.search(SearchQuery.of("\u0301"))));
    // One search however it is spelt: a cursor of 'café' pages 'CAFE'.
    engine.createNeed(NeedSpec.titled("cafe noir"));
    SearchResult first = engine.search(SearchQuery.of("caf\u00e9").withLimit(1));
    assertEquals(
        List.of("cafe noir"),
        titles(engine.search(SearchQuery.of("CAFE").withLimit(1).withCursor(first.nextCursor()))));
  }

  @Test
  void searchCoversKindsAndPages() throws Exception {
    Need n = actionable("kernel boot");
    engine.graduate(n.id(), List.of(TaskSpec.of("write kernel test")));
    write("docs/kernel.md", "k");
    engine.registerArtifact(
        ArtifactPlaces.defaults(dir), ArtifactSpec.of("docs/kernel.md").withTitle("Notes"));
    SearchResult all = engine.search(SearchQuery.of("kernel").withLimit(2));
    assertEquals(3, all.total());
    assertEquals(List.of("need", "task"), all.hits().stream().map(SearchHit::kind).toList());
    SearchResult rest =
        engine.search(SearchQuery.of("kernel").withLimit(2).withCursor(all.nextCursor()));
    assertEquals(List.of("artifact"), rest.hits().stream().map(SearchHit::kind).toList());
    assertEquals("docs/kernel.md", rest.hits().get(0).detail());
    assertNull(rest.nextCursor());
    SearchResult one = engine.search(SearchQuery.of("kernel").withLimit(1));
    SearchResult rest2 =
        engine.search(SearchQuery.of("kernel").withLimit(50).withCursor(one.nextCursor()));
    assertEquals(2, rest2.hits().size(), "the page size is not bound to the cursor");
    assertEquals(1, engine.search(SearchQuery.of("kernel").withKinds(Set.of("task"))).total());
    refused("input", () -> engine.search(SearchQuery.of("")));
    refused("input", () -> engine.search(SearchQuery.of("x").withKinds(Set.of("agent"))));
    // A trial typed --kind tasks: the kind meant is named as the fix.
    assertEquals(
        "write it as 'task', one kind, singular",
        refused("input", () -> engine.search(SearchQuery.of("x").withKinds(Set.of("tasks"))))
            .fix());
    refused("input", () -> engine.search(SearchQuery.of("x").withLimit(51)));
    refused("input.cursor", () -> engine.search(SearchQuery.of("x").withCursor("abc")));
  }

  /**
   * A cursor was a plain offset: one handed back with another query or type was taken, and skipped
   * that many hits of this search, so the agent lost them without knowing.
   */
  @Test
  void aSearchCursorOfAnotherQueryOrTypeIsRefused() throws Exception {
    for (int i = 0; i < 5; i++) {
      engine.graduate(actionable("kernel " + i).id(), List.of(TaskSpec.of("kernel task " + i)));
    }
    String kernel = engine.search(SearchQuery.of("kernel").withLimit(2)).nextCursor();
    String tasks =
        engine.search(SearchQuery.of("kernel").withKinds(Set.of("task")).withLimit(2)).nextCursor();

    RefusedException other =
        refused("input.cursor", () -> engine.search(SearchQuery.of("kernel t").withCursor(kernel)));
    refused(
        "input.cursor",
        () -> engine.search(SearchQuery.of("kernel").withKinds(Set.of("task")).withCursor(kernel)));
    refused("input.cursor", () -> engine.search(SearchQuery.of("kernel").withCursor(tasks)));
    assertTrue(
        other.getMessage().contains("not given for this query and type"), other.getMessage());
    RefusedException plain =
        refused("input.cursor", () -> engine.search(SearchQuery.of("kernel").withCursor("2")));
    assertEquals(
        "cursor '2' is not a page cursor (the next_cursor of the page before); a plain number was"
            + " the cursor of an older mlos",
        plain.getMessage());

    // Every hit exactly once, page by page, in the order of one whole page.
    List<String> whole =
        engine.search(SearchQuery.of("kernel").withLimit(50)).hits().stream()
            .map(h -> h.kind() + h.id())
            .toList();
    List<String> paged = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      SearchResult r = engine.search(SearchQuery.of("kernel").withLimit(3).withCursor(cursor));
      r.hits().forEach(h -> paged.add(h.kind() + h.id()));
      cursor = r.nextCursor();
    } while (cursor != null && ++pages < 10);
    assertEquals(10, whole.size());
    assertEquals(whole, paged);
  }

  static List<String> titles(SearchResult r) {
    return r.hits().stream().map(SearchHit::title).toList();
  }
}
