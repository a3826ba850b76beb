package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqliteShell;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write retried with the client's request id is not written twice: an agent whose create_need was
 * committed but whose answer was lost retries it (trial14's kill.mjs), and before request ids the
 * retry made a second need.
 */
class RequestIdTest {
  private static final String ID = "6f1c2a9e-0d5b-4c61-9f0e-2b7d3a1e8c44";

  @TempDir Path dir;
  Path db;
  Engine alice;

  @BeforeEach
  void open() {
    db = EngineDatabase.create(dir.resolve("mlos.db"));
    alice = Engine.open(db, Actor.person("alice"));
  }

  @AfterEach
  void close() {
    alice.close();
  }

  private long count(String table) {
    return Long.parseLong(EngineDatabase.rows(db, "SELECT count(*) FROM " + table).get(0));
  }

  private void sql(String... statements) throws Exception {
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      for (String st : statements) {
        s.execute(st);
      }
    }
  }

  private long actionableNeed() {
    Need n = alice.createNeed(NeedSpec.titled("Kernel boots"));
    alice.moveNeed(n.id(), "active", null);
    alice.moveNeed(n.id(), "actionable", null);
    return n.id();
  }

  @Test
  void aRetriedCreateWithTheSameRequestIdAnswersTheFirstNeedAndWritesNothing() {
    NeedSpec spec = NeedSpec.titled("Kernel boots").withTags(List.of("kernel"));
    KeyedWrite<Need> first = alice.once(ID).createNeed(spec);
    long history = count("history");
    KeyedWrite<Need> retry = alice.once(ID).createNeed(spec);

    assertFalse(first.replayed());
    assertTrue(retry.replayed());
    assertEquals(first.row().id(), retry.row().id());
    assertEquals(first.row(), retry.row());
    assertEquals(1, count("needs"), "one need, not two");
    assertEquals(history, count("history"), "the replay wrote no history row");
    assertEquals(1, count("mlos_requests"));
  }

  @Test
  void withoutARequestIdOrWithAnotherOneTheCreateWritesAgain() {
    NeedSpec spec = NeedSpec.titled("Kernel boots");
    alice.once(ID).createNeed(spec);
    KeyedWrite<Need> other = alice.once(ID + "-2").createNeed(spec);
    KeyedWrite<Need> none = alice.once(null).createNeed(spec);
    assertFalse(other.replayed());
    assertFalse(none.replayed());
    assertEquals(3, count("needs"));
    assertEquals(2, count("mlos_requests"), "a write without an id records nothing");
  }

  @Test
  void aRetriedGraduationAnswersTheSameTasksInOrder() {
    long need = actionableNeed();
    List<TaskSpec> tasks = List.of(TaskSpec.of("Write the boot test"), new TaskSpec("Fix it", 2));
    KeyedWrite<List<Task>> first = alice.once(ID).graduate(need, tasks, false);
    // Without the id, the retry is refused (need.graduated); with graduate more, it made 4 tasks.
    KeyedWrite<List<Task>> retry = alice.once(ID).graduate(need, tasks, false);
    assertTrue(retry.replayed());
    assertEquals(
        first.row().stream().map(Task::id).toList(), retry.row().stream().map(Task::id).toList());
    assertEquals(2, count("tasks"));

    KeyedWrite<List<Task>> more = alice.once("more-1").graduate(need, tasks, true);
    KeyedWrite<List<Task>> moreAgain = alice.once("more-1").graduate(need, tasks, true);
    assertTrue(moreAgain.replayed());
    assertEquals(
        more.row().stream().map(Task::id).toList(),
        moreAgain.row().stream().map(Task::id).toList());
    assertEquals(4, count("tasks"), "graduate more, retried, added its two tasks once");
  }

  @Test
  void theReplayShowsTheRowsAsTheyAreNow() {
    KeyedWrite<Need> first = alice.once(ID).createNeed(NeedSpec.titled("Kernel boots"));
    alice.moveNeed(first.row().id(), "active", null);
    KeyedWrite<Need> retry = alice.once(ID).createNeed(NeedSpec.titled("Kernel boots"));
    assertTrue(retry.replayed());
    assertEquals("active", retry.row().status());
  }

  @Test
  void theSameIdWithOtherArgumentsIsRefusedNamingTheRuleAndTheFix() {
    alice.once(ID).createNeed(NeedSpec.titled("Kernel boots"));
    RefusedException e =
        assertThrows(
            RefusedException.class,
            () -> alice.once(ID).createNeed(NeedSpec.titled("Kernel boots").withPriority(1)));
    assertEquals("request.reused", e.rule());
    assertTrue(e.getMessage().startsWith("request id '" + ID + "' was sent on "), e.getMessage());
    assertTrue(
        e.getMessage().contains(" with other arguments; a request id names one write"),
        e.getMessage());
    assertTrue(e.fix().startsWith("send a new request id for a new write"), e.fix());
    assertEquals(1, count("needs"));

    long need = actionableNeed();
    RefusedException op =
        assertThrows(
            RefusedException.class,
            () -> alice.once(ID).graduate(need, List.of(TaskSpec.of("t")), false));
    assertEquals("request.reused", op.rule());
    assertTrue(op.getMessage().contains("with another write (create_need)"), op.getMessage());
    assertEquals(0, count("tasks"));
  }

  @Test
  void anIdIsTheActorsOwnAnotherActorWithTheSameIdWrites() {
    alice.once(ID).createNeed(NeedSpec.titled("Kernel boots"));
    try (Engine bob = Engine.open(db, Actor.person("bob"))) {
      KeyedWrite<Need> theirs = bob.once(ID).createNeed(NeedSpec.titled("Kernel boots"));
      assertFalse(theirs.replayed());
    }
    // The same person in another session is the same actor: a retry after a restart replays.
    try (Engine again = Engine.open(db, Actor.person("alice").withSession("after-restart"))) {
      assertTrue(again.once(ID).createNeed(NeedSpec.titled("Kernel boots")).replayed());
    }
    assertEquals(2, count("needs"));
  }

  @Test
  void aRefusedWriteRecordsNothingAndItsRetryIsJudgedAgain() {
    RefusedException e =
        assertThrows(
            RefusedException.class,
            () -> alice.once(ID).createNeed(NeedSpec.titled("child").withParent(99L)));
    assertEquals("not_found", e.rule());
    assertEquals(0, count("mlos_requests"));
    Need parent = alice.createNeed(NeedSpec.titled("parent"));
    assertEquals(parent.id(), 1);
    assertThrows(
        RefusedException.class,
        () -> alice.once(ID).createNeed(NeedSpec.titled("child").withParent(99L)));
    assertFalse(alice.once(ID).createNeed(NeedSpec.titled("child").withParent(1L)).replayed());
  }

  @Test
  void aRequestIdThatIsNotOneLineOfPrintableAsciiIsRefusedBeforeAnythingIsWritten() {
    for (String bad :
        List.of("", "a b", "line\nbreak", "caf\u00e9", "\u200bzero", "x".repeat(129))) {
      RefusedException e =
          assertThrows(
              RefusedException.class,
              () -> alice.once(bad).createNeed(NeedSpec.titled("Kernel boots")),
              bad);
      assertEquals("request.id", e.rule(), bad);
      assertTrue(e.fix().contains("such as a UUID"), e.fix());
    }
    RefusedException e =
        assertThrows(
            RefusedException.class,
            () -> alice.once("caf\u00e9").graduate(1, List.of(TaskSpec.of("t")), false));
    assertEquals(
        "request id 'caf\u00e9' holds U+00E9 at character 4; only printable ASCII, no space, is"
            + " taken",
        e.getMessage());
    assertEquals(0, count("needs"));
    assertEquals(0, count("mlos_requests"));
    assertFalse(
        alice.once("x".repeat(128)).createNeed(NeedSpec.titled("longest")).replayed(),
        "128 characters are taken");
  }

  @Test
  void twoProcessesRacingWithOneIdWriteOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Engine one = Engine.open(db, Actor.person("alice"));
        Engine two = Engine.open(db, Actor.person("alice"))) {
      for (int round = 0; round < 10; round++) {
        String id = "race-" + round;
        CyclicBarrier start = new CyclicBarrier(2);
        Future<KeyedWrite<Need>> a =
            pool.submit(
                () -> {
                  start.await();
                  return one.once(id).createNeed(NeedSpec.titled("Raced " + id));
                });
        Future<KeyedWrite<Need>> b =
            pool.submit(
                () -> {
                  start.await();
                  return two.once(id).createNeed(NeedSpec.titled("Raced " + id));
                });
        KeyedWrite<Need> ra = a.get(60, TimeUnit.SECONDS);
        KeyedWrite<Need> rb = b.get(60, TimeUnit.SECONDS);
        assertEquals(ra.row().id(), rb.row().id(), id);
        assertNotEquals(ra.replayed(), rb.replayed(), id + ": exactly one wrote");
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(10, count("needs"));
  }

  @Test
  void aRecordOlderThanADayIsForgottenAndTheIdWritesAgain() throws Exception {
    Need first = alice.once(ID).createNeed(NeedSpec.titled("Kernel boots")).row();
    sql("UPDATE mlos_requests SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-25 hours')");
    KeyedWrite<Need> later = alice.once(ID).createNeed(NeedSpec.titled("Kernel boots"));
    assertFalse(later.replayed(), "after 24 hours the id is free again");
    assertNotEquals(first.id(), later.row().id());
    assertEquals(
        List.of("person:alice|" + ID + "|[" + later.row().id() + "]"),
        EngineDatabase.rows(db, "SELECT actor, request_id, result_ids FROM mlos_requests"));
    // Within the day it is still remembered.
    sql("UPDATE mlos_requests SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-23 hours')");
    assertTrue(alice.once(ID).createNeed(NeedSpec.titled("Kernel boots")).replayed());
  }

  @Test
  void eachKeyedWriteDeletesAtMostAHundredExpiredRecordsOldestFirst() throws Exception {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 250; i++) {
      values
          .append(i == 0 ? "" : ",")
          .append("('person:old','old-")
          .append(i)
          .append("','create_need','")
          .append("a".repeat(64))
          .append("','[1]','2020-01-01T00:")
          .append(String.format("%02d:%02d", i / 60, i % 60))
          .append(".000Z')");
    }
    sql(
        "INSERT INTO mlos_requests (actor, request_id, operation, fingerprint, result_ids,"
            + " created_at) VALUES "
            + values);
    alice.createNeed(NeedSpec.titled("no id"));
    assertEquals(250, count("mlos_requests"), "a write without an id prunes nothing");
    alice.once("k1").createNeed(NeedSpec.titled("one"));
    assertEquals(151, count("mlos_requests"), "100 deleted, 1 recorded");
    assertEquals(
        List.of("100"),
        EngineDatabase.rows(
            db,
            "SELECT min(CAST(substr(request_id, 5) AS INTEGER)) FROM mlos_requests"
                + " WHERE actor = 'person:old'"),
        "the oldest went first");
    alice.once("k2").createNeed(NeedSpec.titled("two"));
    alice.once("k3").createNeed(NeedSpec.titled("three"));
    assertEquals(
        List.of("person:alice|k1", "person:alice|k2", "person:alice|k3"),
        EngineDatabase.rows(db, "SELECT actor, request_id FROM mlos_requests ORDER BY request_id"));
  }

  @Test
  void theTableRefusesMalformedRecordsFromTheSqliteShell() {
    String good = "'agent:1', 'r-1', 'create_need', '" + "a".repeat(64) + "', '[3,4]'";
    String insert =
        "INSERT INTO mlos_requests (actor, request_id, operation, fingerprint, result_ids) VALUES (";
    assertTrue(SqliteShell.run(db, insert + good + ");").ok());
    for (String bad :
        List.of(
            "'agent:1', 'a b', 'create_need', '" + "a".repeat(64) + "', '[1]'",
            "'agent:1', 'caf\u00e9', 'create_need', '" + "a".repeat(64) + "', '[1]'",
            "'agent:1', '" + "x".repeat(129) + "', 'create_need', '" + "a".repeat(64) + "', '[1]'",
            "'agent:1', 'r-2', 'delete_all', '" + "a".repeat(64) + "', '[1]'",
            "'agent:1', 'r-2', 'create_need', '" + "A".repeat(64) + "', '[1]'",
            "'agent:1', 'r-2', 'create_need', '" + "a".repeat(63) + "', '[1]'",
            "'agent:1', 'r-2', 'create_need', '" + "a".repeat(64) + "', '[]'",
            "'agent:1', 'r-2', 'create_need', '" + "a".repeat(64) + "', '[1.5]'",
            "'agent:1', 'r-2', 'create_need', '" + "a".repeat(64) + "', '[\"1\"]'",
            "'agent:1', 'r-2', 'create_need', '" + "a".repeat(64) + "', '{}'")) {
      SqliteShell.Result r = SqliteShell.run(db, insert + bad + ");");
      assertFalse(r.ok(), bad);
      assertTrue(r.err().contains("CHECK constraint failed"), r.err());
    }
    SqliteShell.Result twice = SqliteShell.run(db, insert + good + ");");
    assertTrue(twice.err().contains("UNIQUE constraint failed"), twice.err());
  }

  @Test
  void theFingerprintTellsArgumentListsApart() {
    List<String> prints = new ArrayList<>();
    prints.add(RequestIds.fingerprint("create_need", java.util.Arrays.asList("ab", "c")));
    prints.add(RequestIds.fingerprint("create_need", java.util.Arrays.asList("a", "bc")));
    prints.add(RequestIds.fingerprint("create_need", java.util.Arrays.asList("a", null)));
    prints.add(RequestIds.fingerprint("create_need", java.util.Arrays.asList("a", "null")));
    prints.add(RequestIds.fingerprint("create_need", java.util.Arrays.asList("a", 1)));
    prints.add(RequestIds.fingerprint("create_need", java.util.Arrays.asList("a", "1")));
    prints.add(RequestIds.fingerprint("graduate", java.util.Arrays.asList("a", "1")));
    assertEquals(prints.size(), prints.stream().distinct().count(), prints.toString());
    assertEquals(
        RequestIds.fingerprint("x", List.of("a", 1L)),
        RequestIds.fingerprint("x", List.of("a", 1)));
  }
}
