package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The soak run's finding: with four agents' servers on two busy cores, a resource notification sent
 * by the after-writes thread while a response went out was lost with the SDK's {@code Failed to
 * enqueue message}, and a response could be lost the same way (its client then waits until it times
 * out). The SDK's own stdio transport, on its real sink and writer thread, gets many threads
 * sending at once, more than there are cores, so a sender is held in the sink longer than another
 * spins for it. Without the turns, this run (12 threads of 3,000 messages, on the SDK's transport
 * itself) lost 54 of its 36,000 messages on the soak's machine.
 */
class OneSenderAtATimeTest {
  private static final int THREADS = 12;
  private static final int EACH = 3_000;

  /** Sends from {@code THREADS} threads at once; returns how many sends failed, and the lines. */
  private static long[] sendAtOnce() throws Exception {
    AtomicLong lines = new AtomicLong();
    OutputStream out =
        new OutputStream() {
          @Override
          public void write(int b) {
            if (b == '\n') {
              lines.incrementAndGet();
            }
          }
        };
    PipedOutputStream stdin = new PipedOutputStream();
    McpServerTransportProvider sdk =
        new StdioServerTransportProvider(
            McpJsonDefaults.getMapper(), new PipedInputStream(stdin), out);
    McpServerTransportProvider provider = new OneSenderAtATime(sdk);
    AtomicReference<McpServerTransport> session = new AtomicReference<>();
    provider.setSessionFactory(
        t -> {
          session.set(t);
          return null; // no request arrives: stdin stays open and silent
        });
    AtomicInteger failed = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> senders = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int n = 0; n < EACH; n++) {
                  try {
                    session
                        .get()
                        .sendMessage(
                            new McpSchema.JSONRPCNotification(
                                "2.0",
                                "notifications/resources/updated",
                                Map.of("uri", "mlos://workspace/READY.md")))
                        .block();
                  } catch (RuntimeException e) {
                    failed.incrementAndGet();
                  }
                }
              });
      t.start();
      senders.add(t);
    }
    start.countDown();
    for (Thread t : senders) {
      t.join();
    }
    long expected = (long) THREADS * EACH - failed.get();
    for (int i = 0; i < 400 && lines.get() < expected; i++) {
      Thread.sleep(25);
    }
    stdin.close();
    return new long[] {failed.get(), lines.get()};
  }

  @Test
  void messagesSentFromManyThreadsAtOnceAllReachStdout() throws Exception {
    long[] r = sendAtOnce();

    assertEquals(0, r[0], "no send was refused");
    assertEquals((long) THREADS * EACH, r[1], "every message is one line on stdout");
  }
}
