package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.AgentSpec;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.EntityRef;
import dev.mlos.core.engine.HistoryEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent run served by {@code mlos mcp --agent N} stayed {@code provisioning} however long its
 * agent worked, until a person ran {@code mlos agent start N} (and {@code mlos agent finish N} was
 * refused before that). The server now starts it when its session opens, through the engine's
 * startAgent: once, as the agent, never a finished run, and it says so when it cannot.
 */
class SessionStartTest {
  @TempDir Path dir;

  @Test
  void aProvisioningRunIsStartedOnceAsTheAgentInItsSession() throws Exception {
    Path db = ToolCalls.migrated(dir);
    Actor agentActor;
    long id;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      id = person.registerAgent(AgentSpec.of("builder")).id();
      agentActor = Actor.agent(id).withSession("mcp-42");
      String said = SessionStart.startRun(() -> Engine.open(db, agentActor), id);
      assertEquals(
          "mlos mcp: agent "
              + id
              + "'s run is active now (it was provisioning): its"
              + " session opened",
          said);
      assertEquals("active", person.getAgent(id).status());
      List<HistoryEntry> rows = person.history(EntityRef.agent(id));
      assertEquals(2, rows.size(), rows.toString());
      HistoryEntry start = rows.get(1);
      assertEquals("update", start.operation());
      assertEquals("agent:" + id, start.actor());
      assertEquals("mcp-42", start.session());
      assertTrue(start.newValues().contains("\"active\""), start.newValues());

      // A second session of the same run (a restarted client): nothing to do, nothing written.
      assertNull(SessionStart.startRun(() -> Engine.open(db, agentActor), id));
      assertEquals(2, person.history(EntityRef.agent(id)).size());
    }
  }

  @Test
  void aFinishedRunIsNeverStartedAgain() throws Exception {
    Path db = ToolCalls.migrated(dir);
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      long id = person.registerAgent(AgentSpec.of("builder")).id();
      person.startAgent(id);
      person.finishAgent(id, "completed", "done");
      int before = person.history(EntityRef.agent(id)).size();

      assertNull(SessionStart.startRun(() -> Engine.open(db, Actor.agent(id)), id));
      assertEquals("completed", person.getAgent(id).status());
      assertEquals(before, person.history(EntityRef.agent(id)).size());
    }
  }

  @Test
  void aDatabaseThatCannotBeWrittenIsSaidWithTheCommandThatStartsTheRunLater() throws Exception {
    Path db = ToolCalls.migrated(dir);
    long id;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      id = person.registerAgent(AgentSpec.of("builder")).id();
    }
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
    boolean immutable = immutableForRoot(db);
    try {
      assumeFalse(Files.isWritable(db), "running as root, and chattr +i could not stop writes");
      String said = SessionStart.startRun(() -> Engine.open(db, Actor.agent(id)), id);
      assertTrue(
          said.startsWith(
              "mlos mcp: warning: agent "
                  + id
                  + "'s run stays provisioning: its session opened, but starting the run failed:"
                  + " error: Database "),
          said);
      assertTrue(said.contains("readonly database"), said);
      assertTrue(
          said.endsWith(
              " The server still serves: the read tools answer, and a write may fail the same"
                  + " way. Once the database can be written, start the run with `mlos agent"
                  + " start "
                  + id
                  + "`."),
          said);
    } finally {
      if (immutable) {
        undoImmutable(db);
      }
      Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
    }
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      assertEquals("provisioning", person.getAgent(id).status());
    }
  }

  @Test
  void aDatabaseGoneSinceTheServerStartedIsSaidAndNothingThrows() throws Exception {
    Path db = ToolCalls.migrated(dir);
    long id;
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      id = person.registerAgent(AgentSpec.of("builder")).id();
    }
    Path moved = dir.resolve("elsewhere.db");
    Files.move(db, moved);

    String said = SessionStart.startRun(() -> Engine.open(db, Actor.agent(id)), id);

    assertTrue(
        said.startsWith(
            "mlos mcp: warning: agent "
                + id
                + "'s run stays provisioning: its session opened, but starting the run failed:"
                + " error: "),
        said);
    assertTrue(said.contains(db.toString()), said);
    assertTrue(said.endsWith("start the run with `mlos agent start " + id + "`."), said);
  }

  /**
   * A start held up (another process holds the database's lock, and the engine retries for a
   * minute) made every request of the session wait its 2 s, one after the other on the thread that
   * reads stdin: twenty requests sent at once were answered 40 s late. Only the first waits.
   */
  @Test
  void onlyTheSessionsFirstRequestWaitsForAStartHeldUp() throws Exception {
    Answers answers = new Answers(io.modelcontextprotocol.json.McpJsonDefaults.getMapper());
    java.io.OutputStream out = answers.counting(new java.io.ByteArrayOutputStream());
    java.util.concurrent.CountDownLatch lockGone = new java.util.concurrent.CountDownLatch(1);
    SessionStart start =
        new SessionStart(
            answers,
            new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
            () -> {
              try {
                lockGone.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    try {
      answers.received(
          new io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest("2.0", "initialize", 0, null));
      out.write(
          "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}\n"
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest list =
          new io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest("2.0", "tools/list", 1, null);

      long t0 = System.nanoTime();
      start.beforeRequest(list);
      long first = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(first >= SessionStart.MAX_WAIT_MILLIS - 100, "the first waited: " + first);

      long t1 = System.nanoTime();
      start.beforeRequest(list);
      start.beforeRequest(list);
      long later = (System.nanoTime() - t1) / 1_000_000;
      assertTrue(later < 1_000, "two later requests waited " + later + " ms");
    } finally {
      lockGone.countDown();
      start.stop();
    }
  }

  /**
   * Makes {@code path} immutable with {@code chattr +i} when its permissions do not stop this user
   * (root, as in CI containers): true when it did, and {@link #undoImmutable} must follow.
   */
  private static boolean immutableForRoot(Path path) throws IOException {
    if (!Files.isWritable(path)) {
      return false;
    }
    try {
      Process p =
          new ProcessBuilder("chattr", "+i", path.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false; // no chattr
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void undoImmutable(Path path) throws IOException {
    try {
      new ProcessBuilder("chattr", "-i", path.toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
