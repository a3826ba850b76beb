package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.json.McpJsonDefaults;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The SDK's stdio transport stops reading at the first line it cannot parse; the gate in front of
 * it must drop such lines (and oversized ones) and pass every well-formed message on, in order.
 */
class StdinGateTest {
  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
  private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

  @Test
  void malformedAndOversizedLinesAreDroppedAndTheRestPassesInOrder() throws Exception {
    String huge =
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\",\"params\":{\"x\":\""
            + "a".repeat(StdinGate.MAX_MESSAGE_BYTES)
            + "\"}}";
    String input =
        PING
            + "\n"
            + "not json at all\n"
            + "{\"half\": \n"
            + "\n"
            + huge
            + "\n"
            + LIST
            + "\r\n"
            + "[1,2]\n";
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Answers answers = new Answers(McpJsonDefaults.getMapper());
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    answers.counting(stdout);
    StdinGate gate =
        new StdinGate(
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            McpJsonDefaults.getMapper(),
            answers,
            r -> {},
            new PrintStream(log, true, StandardCharsets.UTF_8));
    gate.start();
    gate.awaitEnd();
    gate.release();
    String passed = new String(gate.input().readAllBytes(), StandardCharsets.UTF_8);

    assertEquals(PING + "\n" + LIST + "\n", passed);
    String said = log.toString(StandardCharsets.UTF_8);
    assertEquals(3, said.split("dropped a line", -1).length - 1, said);
    assertTrue(said.contains("longer than " + StdinGate.MAX_MESSAGE_BYTES + " bytes"), said);
    // Each dropped line is answered, in the order read, so no client waits for it.
    java.util.List<String> codes =
        stdout
            .toString(StandardCharsets.UTF_8)
            .lines()
            .map(l -> l.replaceAll(".*\"id\":null,\"error\":\\{\"code\":(-\\d+).*", "$1"))
            .toList();
    assertEquals(
        java.util.List.of("-32700", "-32700", "-32600", "-32600"), codes, stdout.toString());
  }

  @Test
  void aLastMessageWithoutNewlinePassesAndTheEndIsSignalled() throws Exception {
    StdinGate gate =
        new StdinGate(
            new ByteArrayInputStream(PING.getBytes(StandardCharsets.UTF_8)),
            McpJsonDefaults.getMapper(),
            new Answers(McpJsonDefaults.getMapper()),
            r -> {},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    gate.start();
    gate.awaitEnd();
    gate.release();
    assertEquals(PING + "\n", new String(gate.input().readAllBytes(), StandardCharsets.UTF_8));
  }
}
