package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server that cannot start read each line whole before it checked its length (a line of gigabytes
 * was held in memory) and then skipped a long one unanswered. It keeps at most {@link
 * StartupFailure#MAX_LINE} bytes of a line, as the serving path does, and answers a long request
 * under the id its tail shows.
 */
class StartupFailureTest {
  @Test
  void aLineLongerThanTheLimitIsAnsweredUnderItsIdWithoutBeingHeldWhole() {
    String padding = "a".repeat(StartupFailure.MAX_LINE * 2);
    String input =
        "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"x\":\""
            + padding
            + "\"},\"id\":7}\n"
            + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"initialize\",\"params\":{}}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    StartupFailure.tellClient(
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        "mlos mcp cannot start: why");

    assertEquals(
        List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32000,\"message\":\"mlos mcp cannot"
                + " start: why\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"error\":{\"code\":-32000,\"message\":\"mlos mcp"
                + " cannot start: why\"}}"),
        out.toString(StandardCharsets.UTF_8).lines().toList(),
        "the long request answered under its id, then initialize, and nothing after it");
  }
}
