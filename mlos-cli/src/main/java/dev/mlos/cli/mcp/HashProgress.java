package dev.mlos.cli.mcp;

import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.io.PrintStream;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Tells a client that asked for progress ({@code _meta.progressToken} on its {@code tools/call})
 * that a call hashing a file is at work, when it starts and once a second: a client stops waiting
 * after its request timeout (the TypeScript SDK's is 60 s) and cancels the call, which stops the
 * hash with nothing recorded, so register_artifact of a file that takes longer to hash than that
 * (10 GB and more) could never land through such a client, even one that keeps waiting while it is
 * told of progress ({@code resetTimeoutOnProgress}), as it was told nothing.
 *
 * <p>It rides on the hash's stop signal, which the hash asks before each read: it answers what the
 * signal answers and, while the call goes on, sends a notification at the first read and then when
 * a second has passed since the last one (progress 0, 1, 2 ...: the seconds spent hashing, no
 * total). The first goes at once, as a client's timeout runs from its request, not from the hash:
 * one sent a second into the hash came too late for a client that waits a second. A call that reads
 * no file never asks, so it is told nothing.
 *
 * <p>A notification that cannot be sent is said on the server's log ({@code log}, its stderr shown
 * as every line of it is), not on the raw {@code System.err}: the transport's words may quote what
 * the client sent.
 */
final class HashProgress implements BooleanSupplier {
  static final long EVERY_NANOS = 1_000_000_000L;

  private final BooleanSupplier stopAsked;
  private final Consumer<ProgressNotification> send;
  private final Object token;
  private final LongSupplier clock;
  private final PrintStream log;
  private long last;
  private int sent = -1;

  /**
   * @param send sends one notification to the client (the call's exchange)
   * @param log the server's log
   */
  HashProgress(
      BooleanSupplier stopAsked,
      Consumer<ProgressNotification> send,
      Object token,
      LongSupplier clock,
      PrintStream log) {
    this.stopAsked = stopAsked;
    this.send = send;
    this.token = token;
    this.clock = clock;
    this.log = log;
  }

  @Override
  public boolean getAsBoolean() {
    if (stopAsked.getAsBoolean()) {
      return true;
    }
    long now = clock.getAsLong();
    if (sent < 0 || now - last >= EVERY_NANOS) {
      last = now;
      sent++;
      // A notification the transport cannot send (the client gone) must not fail the call.
      try {
        send.accept(
            new ProgressNotification(
                token,
                sent,
                null,
                "hashing the file ("
                    + sent
                    + " s so far); nothing is recorded until it is hashed"));
      } catch (RuntimeException e) {
        log.println("mlos mcp: a progress notification was not sent: " + e.getMessage());
      }
    }
    return false;
  }
}
