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
import java.util.function.Function;

/**
 * Stands between stdin and the SDK's stdio transport. The transport stops reading for good at the
 * first line it cannot parse or that is too long, which would leave the agent's session dead; the
 * gate drops such a line (saying so on stderr), answers it as JSON-RPC asks (-32700 parse error for
 * a line that is not JSON, with id null; -32600 invalid request for JSON that is not a message,
 * under its id when it can be read, see {@link MessageShape} and {@link ReaderLimits}), so a client
 * does not wait for an answer that never comes, refuses params the SDK would misread ({@link
 * ParamsShape}), and passes every well-formed message on. A {@code ping} before the session is
 * initialized is answered here: the SDK would hold it until then, and MCP lets a client ping at any
 * time; the rest of the handshake is {@link Handshake}'s. It also tells the server when stdin ends,
 * so the process exits instead of lingering on the SDK's threads, and holds the transport's input
 * open until the server {@link #release}s it.
 *
 * <p>One thread reads stdin, another handles what it read, in order: the handler passes a request
 * on once the answers to those before it are out (the SDK handles one at a time), and the reader
 * goes on, so a {@code notifications/cancelled} sent behind it is taken at once ({@link ReadAhead},
 * {@link Answers#cancelledAhead}): a request still waiting its turn is not run at all, and the
 * answer of one under way does not go out; and a {@code ping} read while the server is busy is
 * answered at once.
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
  private final Function<McpSchema.JSONRPCRequest, String> refusals;
  private final Consumer<McpSchema.JSONRPCRequest> requests;

  /** What is taken of a line as soon as it is read (a cancellation, a ping while busy). */
  private final ReadAhead ahead;

  /** The handshake as it passed: whether the SDK answers yet. */
  private final Handshake handshake;

  /**
   * Whether the transport stopped reading what the gate passes it: its reader ended after an error
   * inside the server, so the client did not go away, and nothing passed is handled any more.
   */
  private volatile boolean transportStopped;

  /**
   * @param refusals what the server refuses of a well-shaped request (an unknown tool): the reason,
   *     answered -32602 under the request's id (-32002 when it begins {@link
   *     KnownRequests#NOT_FOUND}), or null to pass it on
   * @param requests sees every request passed on, before the transport does (the server follows
   *     {@code resources/subscribe} and {@code resources/unsubscribe} through it)
   */
  StdinGate(
      InputStream source,
      McpJsonMapper mapper,
      Answers answers,
      Function<McpSchema.JSONRPCRequest, String> refusals,
      Consumer<McpSchema.JSONRPCRequest> requests,
      PrintStream log) {
    this.source = source;
    this.answers = answers;
    this.refusals = refusals;
    this.requests = requests;
    this.mapper = mapper;
    this.log = log;
    this.handshake = new Handshake(answers, log);
    this.ahead = new ReadAhead(mapper, answers);
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

  /** Starts reading stdin, and handling what it read, on two daemon threads. */
  void start() {
    Thread reader = new Thread(this::read, "mlos-mcp-stdin");
    reader.setDaemon(true);
    Thread handler = new Thread(this::handle, "mlos-mcp-gate");
    handler.setDaemon(true);
    handler.start();
    reader.start();
  }

  /** Blocks until stdin has ended (the client went away). */
  void awaitEnd() throws InterruptedException {
    ended.await();
  }

  /** Ends the transport's input (after stdin ended and what came before it is answered). */
  void release() {
    released.countDown();
  }

  /**
   * One line read from stdin: its bytes (at most {@link #MAX_MESSAGE_BYTES}), its whole size, and
   * for a longer one its id and method as far as they show; or the end of stdin ({@code end}, with
   * why it failed, or null).
   */
  private record Read(
      byte[] line, long size, Object id, String method, boolean end, String failed) {
    static Read end(String failed) {
      return new Read(null, 0, null, null, true, failed);
    }
  }

  /**
   * Lines read and not handled yet. The handler waits at times (a request for the answers to the
   * requests before it, a notifications/initialized for the initialize's answer); the reader goes
   * on meanwhile, so a cancellation behind it is taken at once.
   */
  private final java.util.concurrent.BlockingQueue<Read> lines =
      new java.util.concurrent.LinkedBlockingQueue<>(1024);

  /**
   * The bytes {@link #lines} may hold (16 MiB, four of the longest lines): past it the reader waits
   * for the handler, as it did for the transport's pipe, rather than fill the heap.
   */
  private final java.util.concurrent.Semaphore room =
      new java.util.concurrent.Semaphore(4 * MAX_MESSAGE_BYTES);

  /** Whether the handler stopped (the transport stopped reading): the reader stops too. */
  private volatile boolean handlerStopped;

  /** Reads stdin line by line into {@link #lines}, then its end. */
  private void read() {
    String failed = null;
    try {
      // A line too long to read stops growing at the limit; its head stays, for its id.
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      LongLine whole = new LongLine();
      int b;
      while (!handlerStopped && (b = source.read()) != -1) {
        if (b == '\n') {
          queue(line, whole);
          line.reset();
          whole.reset();
        } else {
          whole.add(b);
          if (line.size() < MAX_MESSAGE_BYTES) {
            line.write(b);
          }
        }
      }
      queue(line, whole);
    } catch (IOException e) {
      failed = e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        lines.put(Read.end(failed));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void queue(ByteArrayOutputStream line, LongLine whole) throws InterruptedException {
    if (whole.size() == 0) {
      return;
    }
    byte[] head = line.toByteArray();
    if (whole.size() <= MAX_MESSAGE_BYTES
        && ahead.ping(
            head, handshake.initialized() && (unhandled.get() > 0 || answers.working()))) {
      return;
    }
    room.acquire(head.length);
    unhandled.incrementAndGet();
    if (whole.size() > MAX_MESSAGE_BYTES) {
      lines.put(
          new Read(
              head,
              whole.size(),
              whole.id(head, head.length),
              LongLine.method(head, head.length),
              false,
              null));
    } else {
      ahead.cancellation(head);
      lines.put(new Read(head, whole.size(), null, null, false, null));
    }
  }

  /** The lines put in {@link #lines} and not handled yet (the handler is busy while above 0). */
  private final java.util.concurrent.atomic.AtomicInteger unhandled =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Handles the lines read, in order: each is passed on to the transport or answered here. */
  private void handle() {
    try {
      Read r;
      while (!(r = next()).end()) {
        room.release(r.line().length);
        try {
          if (r.size() > MAX_MESSAGE_BYTES) {
            tooLong(r.id(), r.size(), r.method());
          } else {
            pass(r.line());
          }
        } finally {
          unhandled.decrementAndGet();
        }
      }
      if (handshake.opensForHeld()) {
        openForHeld(); // stdin closed after an accepted initialize: the held requests are answered
      }
      if (r.failed() != null) {
        log.println("mlos mcp: stdin failed: " + r.failed());
      }
    } catch (IOException e) {
      log.println(
          transportStopped
              ? "mlos mcp: the server stopped reading requests after an error of its own (above),"
                  + " not the client's ("
                  + e.getMessage()
                  + "); the session ends: restart the server"
              : "mlos mcp: stdin failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      handlerStopped = true;
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

  /**
   * The next line read. While requests held since before the initialize wait for the session it
   * opened, the client has {@link Handshake#HELD_WAIT_MILLIS} to send its next message; when none
   * comes, the session is taken as initialized and they pass on (else they waited until stdin
   * closed).
   */
  private Read next() throws InterruptedException, IOException {
    while (handshake.awaitsSession()) {
      Read r = lines.poll(Handshake.HELD_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
      if (r != null) {
        return r;
      }
      if (handshake.opensForHeld()) {
        openForHeld();
      }
    }
    return lines.take();
  }

  private void openForHeld() throws IOException {
    forward(Handshake.INITIALIZED);
    passHeld();
  }

  /**
   * Answers a line longer than the server reads: under its id when its head or its tail shows one
   * (a client then hears why its request failed instead of waiting it out), else with id null.
   */
  private void tooLong(Object id, long size, String method) throws IOException {
    log.println(
        "mlos mcp: dropped a message of "
            + size
            + " bytes, longer than "
            + MAX_MESSAGE_BYTES
            + " bytes");
    if (id != null && "tools/call".equals(method)) {
      // A tool call with a huge text, as an agent sends one: answered as the tool's error, which
      // the model reads and can act on; a JSON-RPC error reached the person only, in many clients.
      answers.toolError(id, ReaderLimits.tooLongCall(size, MAX_MESSAGE_BYTES));
    } else {
      answers.error(id, -32600, ReaderLimits.tooLong(size, MAX_MESSAGE_BYTES));
    }
    refused(method);
  }

  private void pass(byte[] bytes) throws IOException {
    String text = Utf8Line.text(bytes);
    if (text == null) {
      refused(Utf8Line.refuse(bytes, answers, log));
      return;
    }
    if (text.startsWith("\uFEFF")) {
      // A byte order mark, which Windows tools write at the start of what they send: skipped, as
      // most servers do, rather than answered -32700 with id null (no JSON value begins with it).
      text = text.substring(1);
    }
    text = text.strip();
    if (text.isEmpty()) {
      return;
    }
    if (!dev.mlos.core.view.Json.isOneValue(text)) {
      ReaderLimits.Past deep = ReaderLimits.of(text);
      if (deep != null) {
        // JSON, but past the reader's limits (nested too deep, a number of too many digits, a key
        // too long): the request's id is often readable (it comes before params), and a client
        // waiting on it would otherwise never be answered.
        log.println("mlos mcp: refused a message: " + deep.words());
        answers.error(
            deep.id(),
            deep.inParams() ? -32602 : -32600,
            (deep.inParams() ? "Invalid params: " : "Invalid Request: ") + deep.words());
        byte[] head = text.getBytes(StandardCharsets.UTF_8);
        refused(LongLine.method(head, head.length));
        return;
      }
      // Not JSON, or more than one value on the line: the SDK would read the first and drop
      // the rest without a word.
      log.println("mlos mcp: dropped a line that is not one JSON value");
      answers.error(null, -32700, "Parse error: a line must hold one JSON value, one message");
      return;
    }
    java.util.List<String> batch = Batch.items(text);
    if (batch != null) {
      // MCP 2025-03-26 has a server take batches: each message as if on a line of its own, the
      // answers in one list. Whether the session takes them is known once its initialize is
      // answered: in turn.
      inTurn();
      Batch.handle(batch, answers, m -> pass(m.getBytes(StandardCharsets.UTF_8)), log);
      return;
    }
    MessageShape.Fault shape = MessageShape.of(text);
    if (shape != null) {
      // JSON, but not a message: answered under its id when it has one, as JSON-RPC asks (the
      // SDK's mapper would take "method": 5 as the method "5", and "jsonrpc": 2.0 as "2.0").
      log.println("mlos mcp: refused a line that is not a JSON-RPC message: " + shape.words());
      MessageShape.Duplicate twice = MessageShape.duplicateKey(text);
      Object id = twice != null && twice.idTwice() ? null : shape.id();
      answers.error(id, shape.code(), shape.message());
      refused(shape.method());
      return;
    }
    McpSchema.JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(mapper, text);
      if (!"2.0".equals(MessageShape.version(message))) {
        throw new IllegalArgumentException("jsonrpc is not \"2.0\"");
      }
    } catch (Exception e) {
      log.println(
          "mlos mcp: dropped a line that is not a JSON-RPC message ("
              + e.getClass().getSimpleName()
              + ")");
      if (dev.mlos.core.view.Json.isOneValue(text)) {
        answers.error(
            null,
            -32600,
            "Invalid Request: not a JSON-RPC 2.0 message this server reads (one object with"
                + " jsonrpc \"2.0\", a method, and an id that is a string or an integer"
                + " within 64 bits; or a list of such messages, a batch)");
      } else {
        answers.error(null, -32700, "Parse error: the line is not JSON");
      }
      return;
    }
    MessageShape.Duplicate twice = MessageShape.duplicateKey(text);
    if (twice != null) {
      // The SDK's mapper keeps the last of two equal keys without a word; mlos refuses a key that
      // appears twice everywhere else (record files, YAML), so it does here too.
      log.println("mlos mcp: refused a message with " + twice.words());
      if (message instanceof McpSchema.JSONRPCRequest request) {
        boolean inParams = twice.where().startsWith("params");
        String said =
            (inParams ? "Invalid params: " : "Invalid Request: ") + twice.words() + DUPLICATE_FIX;
        // The id is the request's when it is there once; with two, which one is unknown.
        if (twice.idTwice()) {
          answers.error(null, -32600, said);
        } else {
          answers.error(request.id(), inParams ? -32602 : -32600, said);
        }
        refused(request.method());
      }
      return;
    }
    if (message instanceof McpSchema.JSONRPCNotification n && !handshake.passes(n)) {
      return;
    }
    if (message instanceof McpSchema.JSONRPCRequest request && !startsNow(request)) {
      return;
    }
    if (message instanceof McpSchema.JSONRPCNotification n && CANCELLED.equals(n.method())) {
      // The SDK has no handler for it (it warned): a request it works on runs on, and its answer
      // is not sent (one still waiting its turn was taken back when the cancellation was read).
      answers.cancelled(n.params());
      return;
    }
    if (message instanceof McpSchema.JSONRPCRequest request && !pass(request)) {
      return;
    }
    if (message instanceof McpSchema.JSONRPCRequest request && handshake.holds(request)) {
      if (!handshake.hold(request, text)) {
        answers.error(request.id(), -32000, Handshake.TOO_MANY_HELD);
        answers.settled(request.id());
      }
      return;
    }
    answers.received(message);
    if (message instanceof McpSchema.JSONRPCRequest request) {
      requests.accept(request);
    }
    forward(text);
    if (message instanceof McpSchema.JSONRPCNotification n
        && McpSchema.METHOD_NOTIFICATION_INITIALIZED.equals(n.method())) {
      passHeld();
    } else if (message instanceof McpSchema.JSONRPCRequest request
        && McpSchema.METHOD_INITIALIZE.equals(request.method())
        && handshake.holding()
        && handshake.lastRefused()) {
      refuseHeld();
    }
  }

  /**
   * Whether the server starts on {@code request} now: it waits until the requests passed on before
   * it are answered (the SDK handles one at a time, so it would not start on it sooner), and one
   * the client cancelled meanwhile ({@code notifications/cancelled}, read at once) is not run at
   * all, as MCP has it: nothing changes, and no answer goes out. Before, it went on to the SDK at
   * once, and a write cancelled while it waited still landed (only its answer was dropped).
   */
  private boolean startsNow(McpSchema.JSONRPCRequest request) {
    inTurn();
    if (!answers.cancelledBeforeStart(request.id())) {
      return true;
    }
    log.println(
        "mlos mcp: did not run "
            + request.method()
            + ": the client cancelled it (notifications/cancelled) before the server started on"
            + " it; nothing changed and no answer is sent");
    return false;
  }

  /** The session opened: the requests held since before the initialize pass on, in order. */
  private void passHeld() throws IOException {
    for (Handshake.Held h : handshake.takeHeld()) {
      if (!startsNow(h.request())) {
        continue;
      }
      answers.received(h.request());
      requests.accept(h.request());
      forward(h.text());
    }
  }

  /**
   * The initialize was not accepted: each request held since before it is answered at once, as one
   * sent after it is ({@link Handshake#notInitialized}); one the client cancelled is not.
   */
  private void refuseHeld() throws IOException {
    for (Handshake.Held h : handshake.takeHeld()) {
      if (answers.cancelledBeforeStart(h.request().id())) {
        continue;
      }
      log.println(
          "mlos mcp: answered "
              + h.request().method()
              + " (sent before initialize) now: the session is not initialized, the last initialize"
              + " was not accepted");
      answers.errorEarlier(h.request().id(), -32000, Handshake.NOT_ACCEPTED);
      answers.settled(h.request().id());
    }
  }

  /**
   * The gate answered a message with {@code method} with an error of its own, not passing it on.
   */
  private void refused(String method) throws IOException {
    handshake.refused(method);
    if (McpSchema.METHOD_INITIALIZE.equals(method) && handshake.holding()) {
      refuseHeld();
    }
  }

  /** Whether {@code request} passes on to the SDK: false when the gate answered it itself. */
  private boolean pass(McpSchema.JSONRPCRequest request) throws IOException {
    if (!handshake.initialized() && McpSchema.METHOD_PING.equals(request.method())) {
      // MCP allows a ping at any time; the SDK would hold it until the session is initialized.
      answers.reply(
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + JSON.writeValueAsString(request.id())
              + ",\"result\":{}}");
      return false;
    }
    // Asked after the requests before it are answered (startsNow): what it refuses may be there
    // once they are done (a subscription to the page of a need created by the request before), and
    // the refusal does not overtake their replies.
    String bad = refusal(request);
    if (bad != null) {
      // The SDK would answer -32603 with a Java exception's text; the params are the caller's.
      log.println("mlos mcp: refused " + request.method() + ": " + bad);
      boolean notFound = bad.startsWith(KnownRequests.NOT_FOUND);
      answers.error(
          request.id(), notFound ? -32002 : -32602, notFound ? bad : "Invalid params: " + bad);
      refused(request.method());
      return false;
    }
    // After the params: what is wrong with them holds whatever the session, and is said first.
    String early = handshake.notInitialized(request);
    if (early != null) {
      log.println(
          "mlos mcp: answered "
              + request.method()
              + " at once: the session is not initialized, the last initialize was not accepted");
      answers.error(request.id(), -32000, early);
      return false;
    }
    if (handshake.opensUnasked(request)) {
      forward(Handshake.INITIALIZED);
      passHeld();
    }
    handshake.passed(request);
    return true;
  }

  /** Passes one message on to the SDK's transport. */
  private void forward(String text) throws IOException {
    OutputStream out = pipe;
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      transportStopped = true;
      throw e;
    }
  }

  /** What the gate refuses of {@code request} (bad params, or {@code refusals}'), or null. */
  private String refusal(McpSchema.JSONRPCRequest request) {
    String bad = ParamsShape.fault(request);
    return bad != null ? bad : refusals.apply(request);
  }

  /**
   * Waits until the requests passed on before are answered (at most as long as the server waits for
   * them when stdin ends), so an answer of the gate's own comes back in its request's turn.
   */
  private void inTurn() {
    try {
      answers.awaitTurn(90_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the transport stopped reading requests (an error inside the server ended it). */
  boolean transportStopped() {
    return transportStopped;
  }

  /** Whether the client sent {@code initialize}: until it does, only a ping is answered. */
  boolean initializeReceived() {
    return handshake.initializeReceived();
  }

  /**
   * Whether the SDK answers the client's requests: the session is initialized ({@code
   * notifications/initialized} after an accepted initialize). Before, it answers an {@code
   * initialize} only, and holds every other request.
   */
  boolean sdkAnswers() {
    return handshake.initialized();
  }

  private static final String CANCELLED = ReadAhead.CANCELLED;

  private static final String DUPLICATE_FIX =
      "; mlos does not guess which one you meant: send it once";

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
}
