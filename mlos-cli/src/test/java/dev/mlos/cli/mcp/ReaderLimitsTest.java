package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A trial with the TypeScript SDK's client: a create_need whose description was 10 MB was answered
 * "send less (each tool's inputSchema gives its arguments' longest)", but a description's schema
 * has no maxLength (InputSchema.longText), so the client learnt no bound to send within. The answer
 * now says the engine's bound for free texts and where a longer text goes.
 */
class ReaderLimitsTest {
  @Test
  void aMessageTooLongToReadSaysHowLongAFreeTextMayBe() {
    String said = ReaderLimits.tooLong(10_485_883, StdinGate.MAX_MESSAGE_BYTES);
    assertTrue(
        said.startsWith(
            "Invalid Request: the message is 10485883 bytes, longer than the 4194304 bytes (4 MiB)"
                + " the server reads"),
        said);
    assertTrue(
        said.contains("a description, result or transcript is at most 100000 characters"), said);
    assertTrue(said.contains("register_artifact"), said);
    assertTrue(said.contains("Fix: send less"), said);
  }
}
