package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A progress notification the transport could not send (the client gone) was said on the raw {@code
 * System.err}, past the server's log, whose every line is shown as text: the transport's words may
 * quote what the client sent. It goes to the server's log now, and the hash goes on.
 */
class HashProgressTest {
  @Test
  void aNotificationNotSentIsSaidOnTheServersLog() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ByteArrayOutputStream rawErr = new ByteArrayOutputStream();
    PrintStream err = System.err;
    System.setErr(new PrintStream(rawErr, true, StandardCharsets.UTF_8));
    boolean stop;
    try {
      stop =
          new HashProgress(
                  () -> false,
                  n -> {
                    throw new IllegalStateException("transport closed");
                  },
                  "t1",
                  () -> 0L,
                  new PrintStream(log, true, StandardCharsets.UTF_8))
              .getAsBoolean();
    } finally {
      System.setErr(err);
    }
    assertFalse(stop, "the hash goes on");
    assertEquals(
        "mlos mcp: a progress notification was not sent: transport closed" + System.lineSeparator(),
        log.toString(StandardCharsets.UTF_8));
    assertEquals("", rawErr.toString(StandardCharsets.UTF_8));
  }
}
