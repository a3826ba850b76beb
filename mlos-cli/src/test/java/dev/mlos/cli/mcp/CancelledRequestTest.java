package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.modelcontextprotocol.json.McpJsonDefaults;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Found with the MCP TypeScript SDK's client (.ci/mcp-client): a request it cancelled (an aborted
 * call, or one past its timeout, sends {@code notifications/cancelled}) was still answered, and the
 * client reported every such answer as an error ("Received a response for an unknown message ID").
 * MCP asks a server not to answer a cancelled request: one the server works on already runs on (a
 * write may land) and its answer is dropped, as the one to a request already answered is not; one
 * still waiting its turn is not run at all.
 */
class CancelledRequestTest {
  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  private static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  /**
   * A gate on a client's pipe, in front of a stand-in for the SDK that answers each request it gets
   * at once, but {@code slow}, which the test answers itself.
   */
  private static final class Piped {
    final Answers answers = new Answers(McpJsonDefaults.getMapper());
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final OutputStream out = answers.counting(stdout);
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final java.io.PipedOutputStream client = new java.io.PipedOutputStream();
    final StringBuilder passed = new StringBuilder();
    final StdinGate gate;
    final Thread sdk;

    Piped(String slow) throws Exception {
      gate =
          new StdinGate(
              new java.io.PipedInputStream(client, 1024),
              McpJsonDefaults.getMapper(),
              answers,
              r -> null,
              r -> {},
              new PrintStream(log, true, StandardCharsets.UTF_8));
      sdk =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(gate.input(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = in.readLine()) != null) {
                    synchronized (passed) {
                      passed.append(line).append('\n');
                    }
                    var m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                    if (m.has("id") && !m.get("id").toString().equals(slow)) {
                      out.write(
                          ("{\"jsonrpc\":\"2.0\",\"id\":" + m.get("id") + ",\"result\":{}}\n")
                              .getBytes(StandardCharsets.UTF_8));
                    }
                  }
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      sdk.start();
      gate.start();
    }

    /**
     * Sends {@code lines}, then blank lines, more than the pipe holds: once they are written, the
     * gate has read the lines (it reads on while the one it handles waits its turn). Written on the
     * test's thread, which outlives the pipe (a pipe whose writer thread ended is broken).
     */
    void send(String... lines) throws Exception {
      client.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
      client.write("\n".repeat(4096).getBytes(StandardCharsets.UTF_8));
      client.flush();
    }

    /** Waits until {@code line} passed on to the stand-in. */
    void passedOn(String line) throws Exception {
      long until = System.nanoTime() + 10_000_000_000L;
      while (!passed().contains(line) && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      assertEquals(true, passed().contains(line), passed());
    }

    String passed() {
      synchronized (passed) {
        return passed.toString();
      }
    }

    /** The client closes stdin; what the gate and the stand-in wrote to stdout. */
    List<String> end() throws Exception {
      client.close();
      gate.awaitEnd();
      gate.release();
      sdk.join();
      return stdout.toString(StandardCharsets.UTF_8).lines().toList();
    }
  }

  private static final String LIST_7 = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}";

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void theAnswerToACancelledRequestIsNotSentAndTheRequestCountsAsAnswered() throws Exception {
    Piped p = new Piped("7");
    p.send(
        INIT,
        INITIALIZED,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
        LIST_7,
        "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/list\"}");
    // The server works on 7 (the stand-in holds its answer); 8 waits its turn.
    p.passedOn(LIST_7);
    p.send(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
            + "\"params\":{\"requestId\":7,\"reason\":\"the user pressed stop\"}}",
        // An id never received, and a string id that is not the number 8.
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
            + "\"params\":{\"requestId\":99}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
            + "\"params\":{\"requestId\":\"8\"}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{}}");
    // 7 is answered now: the client cancelled it while it ran, so the answer does not go out.
    p.out.write(
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":[]}}\n"
            .getBytes(StandardCharsets.UTF_8));

    assertEquals(
        List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":8,\"result\":{}}"),
        p.end(),
        "the cancelled request 7 gets no answer; 8 (cancelled as the string \"8\") does");
    assertEquals(List.of(), p.answers.awaitAllAnswered(0), "nothing is left to answer at exit");
    assertEquals(5, p.passed().lines().count(), "the cancellations stay at the gate");
  }

  /**
   * Found reading the gate: a request cancelled while it waited behind a slow one was passed on to
   * the SDK all the same, which ran it (a write landed; only its answer was dropped). The gate
   * passes a request on once those before it are answered, so one cancelled before then is never
   * run: nothing changes, no answer goes out (MCP: a cancelled request gets no response), and the
   * requests after it are handled as before.
   */
  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aRequestCancelledBeforeTheServerStartsOnItIsNotRun() throws Exception {
    Piped p = new Piped("7");
    String claim =
        "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":"
            + "\"claim_task\",\"arguments\":{\"task_id\":1}}}";
    String after = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\"}";
    p.send(INIT, INITIALIZED, LIST_7, claim);
    p.passedOn(LIST_7);
    p.send(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
            + "\"params\":{\"requestId\":8,\"reason\":\"the user pressed stop\"}}",
        after);
    p.out.write(
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":[]}}\n"
            .getBytes(StandardCharsets.UTF_8));
    p.passedOn(after);

    assertEquals(
        List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":[]}}",
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}"),
        p.end(),
        "no answer to the cancelled claim; the request after it is answered");
    assertEquals(
        INIT + "\n" + INITIALIZED + "\n" + LIST_7 + "\n" + after + "\n",
        p.passed(),
        "the cancelled claim never reached the SDK");
    assertEquals(List.of(), p.answers.awaitAllAnswered(0), "nothing is left to answer at exit");
    assertEquals(
        "mlos mcp: did not run tools/call: the client cancelled it (notifications/cancelled) before"
            + " the server started on it; nothing changed and no answer is sent\n",
        p.log.toString(StandardCharsets.UTF_8));
  }

  /**
   * A ping sent while the server works on a slow request (a tool call held behind another process's
   * write lock) waited for that request's reply, up to 90 s: MCP asks that a ping be answered
   * promptly, and a client checking the server's liveness with it took the busy server for a dead
   * one. It is answered at once now, ahead of the replies it would have waited for; the request
   * behind it still waits its turn, and a ping while the server is idle passes on.
   */
  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aPingWhileTheServerWorksOnASlowRequestIsAnsweredAtOnce() throws Exception {
    Piped p = new Piped("7");
    String list8 = "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/list\"}";
    p.send(INIT, INITIALIZED, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
    p.passedOn("\"id\":1,");
    p.send(LIST_7);
    p.passedOn(LIST_7);
    p.send("{\"jsonrpc\":\"2.0\",\"id\":\"live\",\"method\":\"ping\"}", list8);
    long until = System.nanoTime() + 10_000_000_000L;
    while (!p.stdout.toString(StandardCharsets.UTF_8).contains("\"live\"")
        && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertEquals(
        List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"live\",\"result\":{}}"),
        p.stdout.toString(StandardCharsets.UTF_8).lines().toList(),
        "the ping is answered while 7 is under way");
    // 7 is answered now; 8, which waited its turn, goes on after it.
    p.out.write(
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":[]}}\n"
            .getBytes(StandardCharsets.UTF_8));
    p.passedOn(list8);
    assertEquals(
        List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"live\",\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":[]}}",
            "{\"jsonrpc\":\"2.0\",\"id\":8,\"result\":{}}"),
        p.end());
    assertEquals(
        INIT
            + "\n"
            + INITIALIZED
            + "\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n"
            + LIST_7
            + "\n"
            + list8
            + "\n",
        p.passed(),
        "the idle server's ping passed on; the busy one's stayed at the gate");
    assertEquals(List.of(), p.answers.awaitAllAnswered(0), "nothing is left to answer at exit");
  }

  /** A cancellation of a request already answered changes nothing for a later one of its id. */
  @Test
  void aCancellationThatCameTooLateDropsNothing() throws Exception {
    Answers answers = new Answers(McpJsonDefaults.getMapper());
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    OutputStream out = answers.counting(stdout);
    answers.received(
        new io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest("2.0", "ping", 3, null));
    out.write("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}\n".getBytes(StandardCharsets.UTF_8));
    answers.cancelled(java.util.Map.of("requestId", 3));
    answers.received(
        new io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest("2.0", "ping", 3, null));
    out.write("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(2, stdout.toString(StandardCharsets.UTF_8).lines().count(), stdout.toString());
  }

  /**
   * A cancellation that arrives while the answer is being written (the client's timeout and the
   * answer cross) comes too late as well: it must not drop the answer to a later request that
   * reuses the id (JSON-RPC lets a client reuse an id once it was answered). It did: the id stayed
   * marked cancelled for good, and that request was never answered.
   */
  @Test
  void aCancellationThatCrossesTheAnswerDropsNothingLater() throws Exception {
    Answers answers = new Answers(McpJsonDefaults.getMapper());
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    boolean[] crossed = {false};
    OutputStream out =
        answers.counting(
            new OutputStream() {
              @Override
              public void write(int b) {
                stdout.write(b);
              }

              @Override
              public void write(byte[] b, int off, int len) {
                stdout.write(b, off, len);
                if (!crossed[0]) {
                  // The stdin thread reads the cancellation while the answer goes out.
                  crossed[0] = true;
                  answers.cancelled(java.util.Map.of("requestId", 3));
                }
              }
            });
    answers.received(
        new io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest("2.0", "ping", 3, null));
    out.write("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}\n".getBytes(StandardCharsets.UTF_8));
    answers.received(
        new io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest("2.0", "ping", 3, null));
    out.write("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(
        2,
        stdout.toString(StandardCharsets.UTF_8).lines().count(),
        "the second request of id 3 is answered: " + stdout);
    assertEquals(List.of(), answers.awaitAllAnswered(0), "nothing is left to answer at exit");
  }

  /**
   * A request the server works on ran on after its client cancelled it: register_artifact of a 20
   * GB file hashed for 107 s, and every request behind it waited. The signal a tool call's hash
   * asks ({@link Answers#workingCancelled}) now says stop once the client cancels the request the
   * server works on, and not for a cancellation of another request.
   */
  @Test
  @org.junit.jupiter.api.Timeout(60)
  void theRequestTheServerWorksOnIsToldItWasCancelled() throws Exception {
    Piped p = new Piped("7");
    p.send(INIT, INITIALIZED, LIST_7);
    p.passedOn(LIST_7);
    assertEquals(false, p.answers.workingCancelled(), "7 runs, no one cancelled it");
    p.send(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
            + "\"params\":{\"requestId\":99}}");
    Thread.sleep(200);
    assertEquals(false, p.answers.workingCancelled(), "a cancellation of another id is not 7's");
    p.send(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
            + "\"params\":{\"requestId\":7}}");
    long until = System.nanoTime() + 10_000_000_000L;
    while (!p.answers.workingCancelled() && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertEquals(true, p.answers.workingCancelled(), "7 is told to stop");
    p.out.write("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(
        List.of("{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}"),
        p.end(),
        "the stopped request's answer is not sent");
    assertEquals(false, p.answers.workingCancelled(), "nothing runs any more");
  }
}
