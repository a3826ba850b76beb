package dev.mlos.cli.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Stands between stdin and the SDK's stdio transport. The transport stops reading for good at the
 * first line it cannot parse or that is too long, which would leave the agent's session dead; the
 * gate drops such a line (saying so on stderr) and passes every well-formed message on. It also
 * tells the server when stdin ends, so the process exits instead of lingering on the SDK's threads,
 * and holds the transport's input open until the server {@link #release}s it.
 */
final class StdinGate {
  /** Longest message accepted, in bytes; a longer line is dropped, not buffered. */
  static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  private final InputStream source;
  private final McpJsonMapper mapper;
  private final PrintStream log;
  private final PipedInputStream toTransport;
  private final PipedOutputStream pipe;
  private final CountDownLatch ended = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final Answers answers;
  private final Consumer<McpSchema.JSONRPCRequest> requests;

  /**
   * @param requests sees every request before the transport does (the server follows {@code
   *     resources/subscribe} and {@code resources/unsubscribe} through it)
   */
  StdinGate(
      InputStream source,
      McpJsonMapper mapper,
      Answers answers,
      Consumer<McpSchema.JSONRPCRequest> requests,
      PrintStream log) {
    this.source = source;
    this.answers = answers;
    this.requests = requests;
    this.mapper = mapper;
    this.log = log;
    try {
      this.toTransport = new PipedInputStream(1 << 16);
      this.pipe = new PipedOutputStream(toTransport);
    } catch (IOException e) {
      throw new IllegalStateException("cannot connect the stdin pipe", e);
    }
  }

  /** What the transport reads: only well-formed JSON-RPC messages, one per line. */
  InputStream input() {
    return toTransport;
  }

  /** Starts copying on a daemon thread. */
  void start() {
    Thread t = new Thread(this::copy, "mlos-mcp-stdin");
    t.setDaemon(true);
    t.start();
  }

  /** Blocks until stdin has ended (the client went away). */
  void awaitEnd() throws InterruptedException {
    ended.await();
  }

  /** Ends the transport's input (after stdin ended and what came before it is answered). */
  void release() {
    released.countDown();
  }

  private void copy() {
    try {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      boolean tooLong = false;
      int b;
      while ((b = source.read()) != -1) {
        if (b == '\n') {
          if (tooLong) {
            log.println("mlos mcp: dropped a message longer than " + MAX_MESSAGE_BYTES + " bytes");
          } else {
            pass(line.toByteArray());
          }
          line.reset();
          tooLong = false;
        } else if (!tooLong) {
          if (line.size() >= MAX_MESSAGE_BYTES) {
            tooLong = true;
            line.reset();
          } else {
            line.write(b);
          }
        }
      }
      if (!tooLong && line.size() > 0) {
        pass(line.toByteArray());
      }
    } catch (IOException e) {
      log.println("mlos mcp: stdin failed: " + e.getMessage());
    } finally {
      ended.countDown();
      // The transport closes the session as soon as its input ends, dropping answers not yet sent:
      // the pipe stays open (and this thread alive, or the pipe counts as broken) until released.
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        pipe.close();
      } catch (IOException ignored) {
        // the transport is gone already
      }
    }
  }

  private void pass(byte[] bytes) throws IOException {
    String text = new String(bytes, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return;
    }
    McpSchema.JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(mapper, text);
    } catch (Exception e) {
      log.println(
          "mlos mcp: dropped a line that is not a JSON-RPC message ("
              + e.getClass().getSimpleName()
              + ")");
      return;
    }
    answers.received(message);
    if (message instanceof McpSchema.JSONRPCRequest request) {
      requests.accept(request);
    }
    OutputStream out = pipe;
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.write('\n');
    out.flush();
  }
}
