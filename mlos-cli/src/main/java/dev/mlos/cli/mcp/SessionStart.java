package dev.mlos.cli.mcp;

import dev.mlos.core.MlosException;
import dev.mlos.core.engine.Agent;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.RefusedException;
import dev.mlos.core.engine.Written;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a server does once its session opens (the client's {@code initialize} answered with a
 * result), on a thread of its own so that no answer waits for it: it starts the server's agent run
 * ({@code provisioning -> active}).
 *
 * <p>Why at the session's opening and not at the run's first write: an agent's work begins with
 * reads ({@code ready_work}, {@code boot}), and a run that only reads (a reviewer) never wrote, so
 * it stayed {@code provisioning} and {@code mlos agent finish} refused it until a person started
 * it. A client that connects has started the agent: from then on the run is at work.
 */
final class SessionStart {
  /**
   * How long a request of the open session waits for the run's start: a write takes milliseconds;
   * one behind another process's lock is not waited for to the end (the engine retries for a
   * minute), so a client's first requests are never held that long.
   */
  static final long MAX_WAIT_MILLIS = 2_000;

  private final Answers answers;
  private final CountDownLatch runStarted = new CountDownLatch(1);
  private final Thread thread;

  /** Whether the server is stopping; whether the thread went past the session's opening. */
  private boolean stopping;

  private boolean started;

  /**
   * Whether a request of the open session waited already: a start held up (another process's lock,
   * which the engine retries for a minute) holds the first request only, not each one in turn.
   */
  private volatile boolean waited;

  /**
   * Starts, on a daemon thread, {@code startRun} once {@code answers} saw the session open. It does
   * not throw: it says on {@code log} what it could not do.
   */
  SessionStart(Answers answers, PrintStream log, Runnable startRun) {
    this.answers = answers;
    this.thread =
        new Thread(
            () -> {
              try {
                answers.awaitSessionOpened();
              } catch (InterruptedException stopped) {
                return; // the server stopped before a session opened
              }
              synchronized (this) {
                if (stopping) {
                  return;
                }
                started = true;
              }
              try {
                step(startRun, log);
              } finally {
                runStarted.countDown();
              }
            },
            "mlos-mcp-session-start");
    thread.setDaemon(true);
    // As the background recompile: the answers to the client's requests go first.
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  private static void step(Runnable step, PrintStream log) {
    try {
      step.run();
    } catch (RuntimeException | Error e) {
      // Each step words what it foresaw itself; this is for what it did not.
      log.println("mlos mcp: at the session's start: " + e);
    }
  }

  /**
   * Called with each request before the SDK sees it: a request of the open session waits for the
   * run's start (at most {@link #MAX_WAIT_MILLIS}), so the agent's first call ({@code list_agents},
   * {@code boot}) already sees its run {@code active}, and its history row comes first. Only the
   * first waits: the requests after it go on while a start held up finishes.
   */
  void beforeRequest(McpSchema.JSONRPCRequest request) throws InterruptedException {
    if (waited
        || runStarted.getCount() == 0
        || McpSchema.METHOD_INITIALIZE.equals(request.method())
        || McpSchema.METHOD_PING.equals(request.method())
        || !answers.initializeAccepted(0)) {
      return;
    }
    waited = true;
    runStarted.await(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * The server stops: a session not opened yet starts nothing; a run's start under way is waited
   * for (at most {@link #MAX_WAIT_MILLIS}), so the process does not end in the middle of it.
   */
  void stop() {
    synchronized (this) {
      stopping = true;
      if (!started) {
        thread.interrupt();
        return;
      }
    }
    try {
      runStarted.await(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Moves run {@code agentId} from {@code provisioning} to {@code active} with the engine's {@link
   * Engine#startAgent} (one write, its history row attributed to the server's agent and session),
   * through an engine of its own ({@code open}; an engine is not thread-safe), closed after. An
   * active run is left alone (nothing written); a finished one is never started again (the server
   * said so at its start, and the engine refuses it).
   *
   * @return the line for stderr: that the run was started, or why it could not be (a read-only
   *     database, a lock held too long, a refusal), with the fix; null when there was nothing to do
   */
  static String startRun(Supplier<Engine> open, long agentId) {
    try (Engine engine = open.get()) {
      Agent agent = engine.getAgent(agentId);
      if (!agent.status().equals("provisioning")) {
        return null;
      }
      Written<Agent> started = engine.startAgent(agentId);
      return started.changed()
          ? "mlos mcp: agent "
              + agentId
              + "'s run is active now (it was provisioning): its session opened"
          : null;
    } catch (RefusedException e) {
      // The run changed under the server (finished or removed by another process): its words.
      return notStarted(agentId, McpSuggestions.INSTANCE.refusal(e), "");
    } catch (MlosException e) {
      // A read-only database, a lock held past the engine's retries, a disk full.
      return notStarted(
          agentId,
          "error: "
              + e.getMessage()
              + (e.fix() == null ? "" : " (fix: " + e.fix(McpSuggestions.INSTANCE) + ")"),
          " Once the database can be written, start the run with `mlos agent start "
              + agentId
              + "`.");
    } catch (RuntimeException e) {
      return notStarted(
          agentId, "error: " + e, " Start the run with `mlos agent start " + agentId + "`.");
    }
  }

  private static String notStarted(long agentId, String why, String then) {
    String said = why.strip();
    return "mlos mcp: warning: agent "
        + agentId
        + "'s run stays provisioning: its session opened, but starting the run failed: "
        + said
        + (said.endsWith(".") ? "" : ".")
        + " The server still serves: the read tools answer, and a write may fail the same way."
        + then;
  }
}
