package dev.mlos.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.schema.Migrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  static final String HASH = "ab".repeat(32);

  @TempDir Path dir;
  Connection c;
  Store store;

  @BeforeEach
  void open() {
    c = Database.at(dir.resolve("store.db")).open(true);
    Migrator.forSet("mlos").migrate(c);
    store = Store.on(c);
  }

  @AfterEach
  void close() throws SQLException {
    store.close();
    c.close();
  }

  static String refused(Executable write) {
    return assertThrows(StoreException.class, write).getMessage();
  }

  long actionableNeed() {
    return store.insertNeed(NewNeed.identified("n").withStatus("actionable"));
  }

  @Test
  void recordsRoundTrip() {
    long parent = store.insertNeed(NewNeed.identified("parent"));
    long n =
        store.insertNeed(new NewNeed("child", "why", "actionable", 2, "sprint-1", "t.md", parent));
    Need need = store.need(n).orElseThrow();
    assertEquals(
        new Need(
            n,
            "child",
            "why",
            "actionable",
            2,
            "sprint-1",
            need.createdAt(),
            need.updatedAt(),
            "t.md",
            parent),
        need);
    assertTrue(need.createdAt().endsWith("Z"));

    long agent = store.insertAgent(NewAgent.provisioning("architect"));
    long t =
        store.insertTask(new NewTask(n, "do it", "assigned", 1, agent, null, "2026-02-08", "t.md"));
    Task task = store.task(t).orElseThrow();
    assertEquals(n, task.needId());
    assertEquals(agent, task.assignedAgentId());
    assertEquals("assigned", task.status());
    assertEquals(1, task.priority());

    long a =
        store.insertArtifact(
            new NewArtifact("Notes", null, "docs/notes.md", "document", null, null));
    store.updateContentHash(a, HASH);
    assertEquals(HASH, store.artifact(a).orElseThrow().contentHash());
    store.updateContentHash(a, null);
    assertEquals(null, store.artifact(a).orElseThrow().contentHash());

    long e =
        store.insertRelationship(
            new NewRelationship("agent", agent, "artifact", a, "produced", "{\"step\": 1}"));
    Relationship edge = store.relationship(e).orElseThrow();
    assertEquals(
        List.of("agent", "produced", "artifact"),
        List.of(edge.sourceType(), edge.relationshipType(), edge.targetType()));

    Agent ag = store.agent(agent).orElseThrow();
    assertEquals("[]", ag.assignedTasks());
    assertNotNull(ag.startedAt());

    assertEquals(Optional.empty(), store.need(999));
    assertEquals(Optional.empty(), store.task(999));
    assertEquals(Optional.empty(), store.relationship(999));
  }

  @Test
  void explicitTimestampsReplaceTheClockAndReachTheHistory() throws SQLException {
    String at = "2026-01-02T03:04:05.678Z";
    long n = store.insertNeed(NewNeed.identified("replayed").withStatus("actionable"), at);
    long agent = store.insertAgent(NewAgent.provisioning("architect"), at);
    long t = store.insertTask(NewTask.open(n, "t"), at);
    long a =
        store.insertArtifact(
            new NewArtifact("Notes", null, "docs/notes.md", "document", null, null), at);
    long e =
        store.insertRelationship(
            new NewRelationship("need", n, "artifact", a, "references", null), at);

    Need need = store.need(n).orElseThrow();
    assertEquals(List.of(at, at), List.of(need.createdAt(), need.updatedAt()));
    Task task = store.task(t).orElseThrow();
    assertEquals(List.of(at, at), List.of(task.createdAt(), task.updatedAt()));
    Artifact artifact = store.artifact(a).orElseThrow();
    assertEquals(List.of(at, at), List.of(artifact.createdAt(), artifact.updatedAt()));
    assertEquals(at, store.relationship(e).orElseThrow().createdAt());
    assertEquals(at, store.agent(agent).orElseThrow().startedAt());
    // The task's derived_from edge and the insert history of the stamped rows take the same time.
    try (var s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT count(*) FROM history WHERE operation = 'insert' AND entity <> 'agent' AND changed_at <> '"
                    + at
                    + "'")) {
      rs.next();
      assertEquals(0, rs.getInt(1));
    }
    assertTrue(store.relationshipsOf("task", t).stream().allMatch(r -> r.createdAt().equals(at)));
  }

  @Test
  void edgesOfAnEntity() {
    long n = actionableNeed();
    long t = store.insertTask(NewTask.open(n, "t"));
    long agent = store.insertAgent(NewAgent.provisioning("janitor"));
    store.insertRelationship(new NewRelationship("agent", agent, "need", n, "monitors", null));
    assertEquals(
        List.of("task " + t + " derived_from", "agent " + agent + " monitors"),
        store.relationshipsOf("need", n).stream()
            .map(r -> r.sourceType() + " " + r.sourceId() + " " + r.relationshipType())
            .toList());
  }

  @Test
  void needLifecycleMovesAndTheirMessages() {
    long n = store.insertNeed(NewNeed.identified("n"));
    store.moveNeed(n, "active");
    store.moveNeed(n, "actionable");
    store.moveNeed(n, "in_progress");
    store.moveNeed(n, "resolved");
    assertEquals("resolved", store.need(n).orElseThrow().status());
    assertEquals(
        "need " + n + ": resolved -> active is not allowed",
        refused(() -> store.moveNeed(n, "active")));
    assertEquals(
        "needs.status must be one of identified, active, actionable, in_progress, resolved, deferred, was 'done'",
        refused(() -> store.moveNeed(n, "done")));
    assertEquals("need 999 does not exist", refused(() -> store.moveNeed(999, "active")));

    StoreException e = assertThrows(StoreException.class, () -> store.moveNeed(n, "deferred"));
    assertEquals("need", e.entity());
    assertEquals(n, e.id());
    assertEquals("need: resolved -> deferred is not allowed", e.sqliteMessage());
  }

  @Test
  void valueRulesAreExplained() {
    assertEquals(
        "needs.priority must be 1..5, was 9",
        refused(() -> store.insertNeed(new NewNeed("n", null, "identified", 9, null, null, null))));
    assertEquals(
        "needs.title is required", refused(() -> store.insertNeed(NewNeed.identified(null))));
    assertEquals(
        "need: parent need 42 does not exist",
        refused(
            () -> store.insertNeed(new NewNeed("n", null, "identified", null, null, null, 42L))));
    assertEquals(
        "artifacts.content_hash must be NULL or 64 lower-case hex digits (a SHA-256), was 'ABC'",
        refused(() -> store.insertArtifact(new NewArtifact("a", null, null, null, "ABC", null))));
    assertEquals(
        "artifact: file_path must not contain a .. segment, was '../x.md'",
        refused(
            () -> store.insertArtifact(new NewArtifact("a", null, "../x.md", null, null, null))));
    assertEquals(
        "artifacts.artifact_type must be one of document, code, config, context_pack, transcript, image, "
            + "schema, was 'pdf'",
        refused(() -> store.insertArtifact(new NewArtifact("a", null, null, "pdf", null, null))));
    long a = store.insertArtifact(new NewArtifact("a", null, null, null, null, null));
    assertEquals(
        "artifacts.content_hash must be NULL or 64 lower-case hex digits (a SHA-256), was 'xyz'",
        refused(() -> store.updateContentHash(a, "xyz")));
    assertEquals("artifact 77 does not exist", refused(() -> store.updateContentHash(77, HASH)));
    assertEquals(
        "agents.assigned_tasks must be a JSON array, was '{}'",
        refused(
            () ->
                store.insertAgent(
                    new NewAgent("janitor", "active", null, null, "{}", null, null, null))));
    assertEquals(
        "agents.agent_type must be lower-case snake_case (e.g. context_manager), was 'Context Manager'",
        refused(() -> store.insertAgent(NewAgent.provisioning("Context Manager"))));
    assertEquals(
        "tasks.status must be one of open, assigned, in_progress, completed, failed, cancelled, was 'done'",
        refused(
            () ->
                store.insertTask(
                    new NewTask(actionableNeed(), "t", "done", null, null, null, null, null))));
  }

  @Test
  void taskGraduationIsExplained() {
    long n = store.insertNeed(NewNeed.identified("n"));
    assertEquals(
        "task: need "
            + n
            + " is identified; tasks can only be created for actionable or in_progress needs",
        refused(() -> store.insertTask(NewTask.open(n, "t"))));
    assertEquals(
        "task: need 42 does not exist", refused(() -> store.insertTask(NewTask.open(42, "t"))));
    long ok = actionableNeed();
    assertEquals(
        "task: agent 5 does not exist",
        refused(() -> store.insertTask(new NewTask(ok, "t", "open", null, 5L, null, null, null))));
    long t = store.insertTask(NewTask.open(ok, "t"));
    // V2: the lifecycle is data; a task is started (or claimed) before it completes.
    assertEquals(
        "task "
            + t
            + ": open -> completed is not allowed; from open: assigned, in_progress, cancelled",
        refused(() -> store.setTaskStatus(t, "completed")));
    store.setTaskStatus(t, "in_progress");
    assertEquals(
        "in_progress",
        store.need(ok).orElseThrow().status(),
        "the first task that starts moves its need");
    store.setTaskStatus(t, "completed");
    assertEquals("completed", store.task(t).orElseThrow().status());
    assertEquals(
        "resolved",
        store.need(ok).orElseThrow().status(),
        "its only task completed resolves the need");
    long other = actionableNeed();
    long t1 = store.insertTask(NewTask.open(other, "first"));
    long t2 = store.insertTask(NewTask.open(other, "second"));
    store.setTaskStatus(t1, "in_progress");
    assertEquals(
        "need "
            + other
            + ": cannot be resolved while 2 of its tasks are open, assigned, in_progress or failed (task "
            + t1
            + " in_progress, task "
            + t2
            + " open); complete, retry or cancel them first",
        refused(() -> store.moveNeed(other, "resolved")));
    assertEquals(
        "artifact: file_path must not contain control characters, was 'a\\n::error::x'",
        refused(
            () ->
                store.insertArtifact(
                    new NewArtifact("a", null, "a\n::error::x", null, null, null))));
    assertEquals("task 99 does not exist", refused(() -> store.setTaskStatus(99, "completed")));
  }

  @Test
  void relationshipsAreExplained() {
    long n = store.insertNeed(NewNeed.identified("n"));
    long m = store.insertNeed(NewNeed.identified("m"));
    assertEquals(
        "relationship: target artifact 99 does not exist",
        refused(
            () ->
                store.insertRelationship(
                    new NewRelationship("need", n, "artifact", 99, "references", null))));
    assertEquals(
        "relationship: source agent 7 does not exist",
        refused(
            () ->
                store.insertRelationship(
                    new NewRelationship("agent", 7, "need", n, "monitors", null))));
    store.insertRelationship(new NewRelationship("need", n, "need", m, "blocks", null));
    assertEquals(
        "relationship: need " + n + " blocks need " + m + " already exists",
        refused(
            () ->
                store.insertRelationship(
                    new NewRelationship("need", n, "need", m, "blocks", null))));
    assertEquals(
        "relationships.metadata must be valid JSON, was '{nope'",
        refused(
            () ->
                store.insertRelationship(
                    new NewRelationship("need", n, "need", m, "enables", "{nope"))));
    assertEquals(
        "relationships.relationship_type must be one of derived_from, references, blocks, enables, monitors, "
            + "produced, consumed, was 'likes'",
        refused(
            () ->
                store.insertRelationship(
                    new NewRelationship("need", n, "need", m, "likes", null))));
  }

  @Test
  void aBatchIsOneTransaction() {
    long count =
        store.inTransaction(
            s -> {
              long n = s.insertNeed(NewNeed.identified("root").withStatus("actionable"));
              for (int i = 0; i < 2000; i++) {
                s.insertTask(NewTask.open(n, "task " + i));
              }
              return 2000L;
            });
    List<Task> tasks = new ArrayList<>();
    store.forEachTask(tasks::add);
    assertEquals(count, tasks.size());
    assertEquals("task 1999", tasks.get(1999).description());
    assertTrue(tasks.get(0).id() < tasks.get(1).id());

    StoreException e =
        assertThrows(
            StoreException.class,
            () ->
                store.inTransaction(
                    s -> {
                      s.insertNeed(NewNeed.identified("will vanish"));
                      s.insertNeed(new NewNeed("bad", null, "identified", 0, null, null, null));
                    }));
    assertEquals("needs.priority must be 1..5, was 0", e.getMessage());
    List<String> titles = new ArrayList<>();
    store.forEachNeed(need -> titles.add(need.title()));
    assertEquals(List.of("root"), titles);
  }

  @Test
  void streamsEveryTable() {
    long n = actionableNeed();
    store.insertTask(NewTask.open(n, "t"));
    store.insertArtifact(new NewArtifact("a", null, null, null, null, null));
    store.insertAgent(NewAgent.provisioning("researcher"));
    List<String> seen = new ArrayList<>();
    store.forEachNeed(x -> seen.add("need"));
    store.forEachTask(x -> seen.add("task"));
    store.forEachArtifact(x -> seen.add("artifact"));
    store.forEachRelationship(x -> seen.add(x.relationshipType()));
    store.forEachAgent(x -> seen.add(x.agentType()));
    assertEquals(List.of("need", "task", "artifact", "derived_from", "researcher"), seen);
  }
}
