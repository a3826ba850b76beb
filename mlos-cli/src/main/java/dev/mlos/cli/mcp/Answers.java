package dev.mlos.cli.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Counts the requests read from stdin and the responses written to stdout, so that a server whose
 * client closed stdin right after sending (as one-shot clients do) answers every request it
 * received before it stops, however slowly it started. Every line reaches stdout whole, so the
 * gate's own error replies ({@link #reply}) never cut into a message of the transport's.
 */
final class Answers {
  private final McpJsonMapper mapper;

  /** The ids of the requests passed to the transport and not answered yet, in arrival order. */
  private final java.util.Map<String, Object> pending = new java.util.LinkedHashMap<>();

  /**
   * The pending requests the client cancelled ({@code notifications/cancelled}): one the server
   * works on runs on (a write may land), but MCP asks that no answer be sent, and a client that
   * gets one anyway reports it as an error (the TypeScript SDK's: "Received a response for an
   * unknown message ID").
   */
  private final java.util.Set<String> cancelled = new java.util.HashSet<>();

  /**
   * The requests a cancellation read from stdin names before the gate handled the lines ahead of it
   * ({@link #cancelledAhead}): a request among those lines, or waiting its turn, is not run ({@link
   * #cancelledBeforeStart}). The cancellation's own turn ends the mark, so a later request under
   * the same id is not.
   */
  private final java.util.Set<String> ahead = new java.util.HashSet<>();

  /**
   * The pending requests the gate holds, not passed to the transport yet (sent before any {@code
   * initialize}, see {@link Handshake#holds}): they wait for their answer, but no one works on
   * them, so a request behind them does not wait for them ({@link #awaitTurn}).
   */
  private final java.util.Set<String> held = new java.util.HashSet<>();

  /** Held while a whole line goes to stdout. */
  private final Object stdout = new Object();

  /** Stdout, once {@link #counting} wrapped it. */
  private OutputStream out;

  /** Sorts the resource lists the SDK answers in its hash map's order. */
  private final ListOrder lists = new ListOrder();

  Answers(McpJsonMapper mapper) {
    this.mapper = mapper;
  }

  /** The last {@code initialize} passed to the transport (its id's key), or null. */
  private String initialize;

  /** Whether the SDK answered that initialize with a result; null until it answered. */
  private Boolean initializeAccepted;

  /** The protocol version of the last initialize answered with a result, or null. */
  private String negotiated;

  /** The responses of JSON-RPC batches, held until each batch goes out as one list. */
  private final BatchReplies batches = new BatchReplies();

  /** The batch whose messages the gate handles now, or null (set and read by the gate's thread). */
  private volatile BatchReplies.Open batch;

  /** A message passed to the transport; counted when it is a request (it will be answered). */
  synchronized void received(McpSchema.JSONRPCMessage message) {
    if (message instanceof McpSchema.JSONRPCRequest r && r.id() != null) {
      pending.put(key(r.id()), r.id());
      BatchReplies.Open b = batch;
      // A request held since before the session keeps the batch it came in (if any).
      if (b != null && !held.contains(key(r.id()))) {
        batches.expect(b, key(r.id()));
      }
      held.remove(key(r.id()));
      if (ahead.remove(key(r.id()))) {
        cancelled.add(key(r.id()));
      }
      lists.received(r, key(r.id()));
      if (McpSchema.METHOD_INITIALIZE.equals(r.method())) {
        initialize = key(r.id());
        initializeAccepted = null;
      }
    }
  }

  /** A request the gate holds for now: it is answered in time, by the transport or the gate. */
  synchronized void held(McpSchema.JSONRPCRequest r) {
    pending.put(key(r.id()), r.id());
    held.add(key(r.id()));
    BatchReplies.Open b = batch;
    if (b != null) {
      batches.expect(b, key(r.id()));
    }
  }

  /**
   * Whether the client cancelled the request of {@code id} before the server started on it: the
   * cancellation was read while the request waited its turn at the gate, or while the gate held it.
   * It is then forgotten: not run, not answered (MCP: a cancelled request gets no response).
   */
  synchronized boolean cancelledBeforeStart(Object id) {
    String k = key(id);
    if (!ahead.remove(k) && !(held.contains(k) && cancelled.contains(k))) {
      return false;
    }
    settled(id);
    return true;
  }

  /** The gate answered (or dropped) a request it held: nothing more is to go out for it. */
  synchronized void settled(Object id) {
    String k = key(id);
    pending.remove(k);
    held.remove(k);
    cancelled.remove(k);
    // Not answered (cancelled before it ran): its batch goes out without it.
    emit(batches.drop(k));
    notifyAll();
  }

  /**
   * Waits until every request passed to the transport is answered, at most {@code maxMillis}: the
   * transport then starts on the next one at once, and a request still at the gate can be taken
   * back when the client cancels it. Requests the gate holds are not waited for.
   */
  synchronized void awaitTurn(long maxMillis) throws InterruptedException {
    long deadline = System.nanoTime() + maxMillis * 1_000_000;
    while (!held.containsAll(pending.keySet())) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        break;
      }
      wait(left);
    }
  }

  /**
   * Whether the client cancelled the request the server works on now: the first passed to the
   * transport and not answered, as the transport handles them one at a time in their order. A tool
   * call asks it as it hashes a file ({@link StoppableCalls}), and stops.
   */
  synchronized boolean workingCancelled() {
    for (String k : pending.keySet()) {
      if (!held.contains(k)) {
        return cancelled.contains(k);
      }
    }
    return false;
  }

  /** Whether a request passed to the transport is not answered yet (the server works on it). */
  synchronized boolean working() {
    return !held.containsAll(pending.keySet());
  }

  /**
   * The client cancelled a request ({@code params} of {@code notifications/cancelled}): its answer,
   * when the server has it, is not sent. A request already answered, or never received, is left
   * alone (MCP lets a cancellation arrive too late).
   */
  synchronized void cancelled(Object params) {
    Object id = params instanceof java.util.Map<?, ?> p ? p.get("requestId") : null;
    if (id != null) {
      ahead.remove(key(id));
      if (pending.containsKey(key(id))) {
        cancelled.add(key(id));
      }
    }
  }

  /**
   * A cancellation as soon as it is read, while lines ahead of it still wait to be handled (the
   * gate holds them behind an answer of its own): the request it names, pending or among those
   * lines, has its answer not sent. {@link #cancelled} follows in its turn.
   */
  synchronized void cancelledAhead(Object params) {
    Object id = params instanceof java.util.Map<?, ?> p ? p.get("requestId") : null;
    if (id == null) {
      return;
    }
    if (pending.containsKey(key(id))) {
      cancelled.add(key(id));
    } else {
      ahead.add(key(id));
    }
  }

  /** Whether {@code r} answers a request the client cancelled: it is not sent. */
  private synchronized boolean unsent(McpSchema.JSONRPCResponse r) {
    return cancelled.remove(key(r.id()));
  }

  private synchronized void answered(McpSchema.JSONRPCResponse r) {
    pending.remove(key(r.id()));
    // A cancellation read while this answer went out came too late: left marked, it would drop
    // the answer to a later request that reuses the id (JSON-RPC allows it once answered).
    cancelled.remove(key(r.id()));
    if (key(r.id()).equals(initialize)) {
      initializeAccepted = r.error() == null;
      if (r.result() instanceof java.util.Map<?, ?> result
          && result.get("protocolVersion") instanceof String version) {
        negotiated = version;
      }
    }
    notifyAll();
  }

  /**
   * Whether the last {@code initialize} passed to the transport was answered with a result (the SDK
   * answers one whose params it cannot read with an error), waiting at most {@code maxMillis} for
   * its answer; false when none was passed.
   */
  synchronized boolean initializeAccepted(long maxMillis) throws InterruptedException {
    long deadline = System.nanoTime() + maxMillis * 1_000_000;
    while (initialize != null && initializeAccepted == null) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        break;
      }
      wait(left);
    }
    return Boolean.TRUE.equals(initializeAccepted);
  }

  /**
   * Waits until an {@code initialize} is answered with a result: the session is open, and the
   * client goes on with its requests.
   *
   * @throws InterruptedException when the server stops first
   */
  synchronized void awaitSessionOpened() throws InterruptedException {
    while (!Boolean.TRUE.equals(initializeAccepted)) {
      wait();
    }
  }

  /** A request id as JSON tells it apart: the number 1 is not the string "1". */
  private static String key(Object id) {
    return id instanceof Number n ? "n:" + n.longValue() : "s:" + id;
  }

  /**
   * Waits until every request received has been answered, at most {@code maxMillis}; returns the
   * ids of those still unanswered, in arrival order.
   */
  synchronized java.util.List<Object> awaitAllAnswered(long maxMillis) throws InterruptedException {
    long deadline = System.nanoTime() + maxMillis * 1_000_000;
    while (!pending.isEmpty()) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        break;
      }
      wait(left);
    }
    return java.util.List.copyOf(pending.values());
  }

  /** {@code out}, counting each JSON-RPC response line that goes through it. */
  OutputStream counting(OutputStream out) {
    this.out = out;
    return new OutputStream() {
      private final ByteArrayOutputStream line = new ByteArrayOutputStream();

      @Override
      public void write(int b) throws IOException {
        see(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
          see(b[i]);
        }
      }

      /** Holds a line until it is whole, then writes it at once. */
      private void see(int b) throws IOException {
        if (b != '\n') {
          line.write(b);
          return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        McpSchema.JSONRPCResponse response = null;
        try {
          if (McpSchema.deserializeJsonRpcMessage(mapper, text)
              instanceof McpSchema.JSONRPCResponse r) {
            response = r;
          }
        } catch (IOException | RuntimeException e) {
          // not a message of ours to count
        }
        String sorted = lists.idle() ? text : lists.ordered(text);
        boolean unsent = response != null && unsent(response);
        String batched =
            response == null
                ? null
                : unsent
                    ? batches.drop(key(response.id()))
                    : batches.take(key(response.id()), response.id(), sorted);
        if (batched != null) {
          emit(batched);
        } else if (!unsent) {
          synchronized (stdout) {
            if (sorted.equals(text)) {
              line.write('\n');
              line.writeTo(out);
            } else {
              out.write((sorted + "\n").getBytes(StandardCharsets.UTF_8));
            }
          }
        }
        line.reset();
        // Counted once written (or dropped): a server waiting for its last answers exits after.
        if (response != null) {
          answered(response);
        }
      }

      @Override
      public void flush() throws IOException {
        synchronized (stdout) {
          out.flush();
        }
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }

  /**
   * Writes a JSON-RPC error response of the server's own under {@code id} (null: id null) to the
   * message the gate handles now: into the batch it belongs to, if any.
   */
  void error(Object id, int code, String message) throws IOException {
    reply(id, errorJson(id, code, message), false);
  }

  /**
   * {@link #error}, to a request received before (held since before the session, or passed on and
   * not answered): into the batch that request came in, when it came in one.
   */
  void errorEarlier(Object id, int code, String message) throws IOException {
    reply(id, errorJson(id, code, message), true);
  }

  /**
   * Writes a tool call's error result of the server's own under {@code id}: a {@code tools/call}
   * the gate refused before the SDK saw it is still a tool call, and the MCP specification
   * (2025-11-25, SEP-1303) asks for a tool's input errors as such a result, which clients hand to
   * the model, rather than a JSON-RPC error, which many show only to the person.
   */
  void toolError(Object id, String text) throws IOException {
    reply(id, toolErrorJson(id, text), false);
  }

  /** A JSON-RPC response under {@code id} holding a tool result with {@code isError} set. */
  static String toolErrorJson(Object id, String text) {
    try {
      return "{\"jsonrpc\":\"2.0\",\"id\":"
          + JSON.writeValueAsString(id)
          + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":"
          + JSON.writeValueAsString(text)
          + "}],\"isError\":true}}";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an id or a text that is no JSON value", e);
    }
  }

  /** A JSON-RPC error response under {@code id} (null: id null). */
  static String errorJson(Object id, int code, String message) {
    try {
      return "{\"jsonrpc\":\"2.0\",\"id\":"
          + JSON.writeValueAsString(id)
          + ",\"error\":{\"code\":"
          + code
          + ",\"message\":"
          + JSON.writeValueAsString(message)
          + "}}";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an id or a message that is no JSON value", e);
    }
  }

  /**
   * The gate begins handling the messages of a JSON-RPC batch, on this thread: what it answers
   * meanwhile, and the answers to the batch's requests that go on, go out as one list ({@link
   * BatchReplies}).
   */
  void batchBegin() {
    batch = new BatchReplies.Open();
  }

  /** The gate handles message {@code item} (from 0) of the batch begun. */
  void batchItem(int item) {
    batches.at(batch, item);
  }

  /** The gate handled every message of the batch begun: it goes out once its answers are in. */
  void batchEnd() {
    BatchReplies.Open b = batch;
    batch = null;
    emit(batches.handled(b));
  }

  /**
   * The protocol version of the session (the last initialize answered with a result), or null
   * before one.
   */
  synchronized String negotiated() {
    return negotiated;
  }

  /**
   * Writes the batches still open as they are (the server ends: their other answers never come).
   */
  void flushBatches() {
    for (String text : batches.flush()) {
      emit(text);
    }
  }

  /** Writes a batch's answer, when there is one; stdout failing means the client is gone. */
  private void emit(String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    try {
      write(text);
    } catch (IOException e) {
      // stdout is closed: the client went away, and no one is left to tell
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * Writes one JSON-RPC response of the server's own (for a line the transport would not take),
   * whole, between the transport's messages; or holds it for the batch it answers.
   */
  void reply(String json) throws IOException {
    reply(json, false);
  }

  /** {@link #reply(String)}, to a request received before, as {@link #errorEarlier}. */
  void replyEarlier(String json) throws IOException {
    reply(json, true);
  }

  private void reply(String json, boolean earlier) throws IOException {
    Object id = null;
    try {
      com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(json).get("id");
      if (n != null && !n.isNull()) {
        id = n.isIntegralNumber() ? (Object) n.longValue() : n.asText();
      }
    } catch (IOException | RuntimeException e) {
      // not ours to place in a batch
    }
    reply(id, json, earlier);
  }

  /**
   * Writes {@code json}, the answer under {@code id}: to a request received before ({@code
   * earlier}), into the batch it came in, if any; to the message handled now, into the batch the
   * gate handles, if any. The id alone does not say which: a message that reuses the id of a
   * batch's request still waiting for its answer (JSON-RPC asks a client not to) took that
   * request's place in the batch's list, and the request's own answer, a write that landed, went
   * out alone.
   */
  private void reply(Object id, String json, boolean earlier) throws IOException {
    String batched = !earlier || id == null ? null : batches.take(key(id), id, json);
    if (batched != null) {
      emit(batched);
      return;
    }
    BatchReplies.Open b = batch;
    if (!earlier && b != null && b.owner == Thread.currentThread()) {
      batches.answer(b, id, json);
      return;
    }
    write(json);
  }

  /**
   * Writes one line of the server's own, whole, between the transport's messages, at once: a ping
   * answered ahead of its turn, which is in no batch.
   */
  void replyNow(String json) throws IOException {
    write(json);
  }

  private void write(String json) throws IOException {
    OutputStream o = out;
    if (o == null) {
      return;
    }
    synchronized (stdout) {
      o.write((json + "\n").getBytes(StandardCharsets.UTF_8));
      o.flush();
    }
  }
}
