package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.modelcontextprotocol.json.McpJsonDefaults;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
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
 * MCP asks a server not to answer a cancelled request; the request still runs (a write may land),
 * and its answer is dropped, as the one to a request already answered is not.
 */
class CancelledRequestTest {
  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  private static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  @Test
  void theAnswerToACancelledRequestIsNotSentAndTheRequestCountsAsAnswered() throws Exception {
    Answers answers = new Answers(McpJsonDefaults.getMapper());
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    OutputStream out = answers.counting(stdout);
    String lines =
        String.join(
                "\n",
                INIT,
                INITIALIZED,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                    + "\"params\":{\"requestId\":7,\"reason\":\"the user pressed stop\"}}",
                // An id never received, and a string id that is not the number 8.
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                    + "\"params\":{\"requestId\":99}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                    + "\"params\":{\"requestId\":\"8\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{}}")
            + "\n";
    StdinGate gate =
        new StdinGate(
            new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)),
            McpJsonDefaults.getMapper(),
            answers,
            r -> null,
            r -> {},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    // A stand-in for the SDK: it answers the initialize and the ping at once, the lists later.
    StringBuilder passed = new StringBuilder();
    Thread sdk =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(gate.input(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  passed.append(line).append('\n');
                  if (line.contains("\"id\":0,")) {
                    out.write(
                        "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}\n"
                            .getBytes(StandardCharsets.UTF_8));
                  } else if (line.contains("\"id\":1,")) {
                    out.write(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n"
                            .getBytes(StandardCharsets.UTF_8));
                  }
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    sdk.start();
    gate.start();
    gate.awaitEnd();
    // The stand-in answers the ping on its own thread: waited for, so the lists below are not
    // written at the same time (the SDK's transport sends one message at a time, OneSenderAtATime).
    long until = System.nanoTime() + 10_000_000_000L;
    while (!stdout.toString(StandardCharsets.UTF_8).contains("\"id\":1,")
        && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    // Every line is read, the cancellations too: the transport now answers the two lists.
    out.write(
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":[]}}\n{\"jsonrpc\":\"2.0\",\"id\":8,\"result\":{\"tools\":[]}}\n"
            .getBytes(StandardCharsets.UTF_8));
    gate.release();
    sdk.join();

    assertEquals(
        List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":8,\"result\":{\"tools\":[]}}"),
        stdout.toString(StandardCharsets.UTF_8).lines().toList(),
        "the cancelled request 7 gets no answer; 8 (cancelled as the string \"8\") does");
    assertEquals(List.of(), answers.awaitAllAnswered(0), "nothing is left to answer at exit");
    assertEquals(5, passed.toString().lines().count(), "the cancellations stay at the gate");
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
}
