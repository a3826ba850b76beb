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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Stands between stdin and the SDK's stdio transport. The transport stops reading for good at the
 * first line it cannot parse or that is too long, which would leave the agent's session dead; the
 * gate drops such a line (saying so on stderr), answers it as JSON-RPC asks (-32700 parse error for
 * a line that is not JSON, with id null; -32600 invalid request for JSON that is not a message,
 * under its id when it can be read, see {@link MessageShape}), so a client does not wait for an
 * answer that never comes, and passes every well-formed message on. A {@code ping} before the
 * session is initialized is answered here: the SDK would hold it until then, and MCP lets a client
 * ping at any time. It also tells the server when stdin ends, so the process exits instead of
 * lingering on the SDK's threads, and holds the transport's input open until the server {@link
 * #release}s it.
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

  /** Whether {@code notifications/initialized} has passed (read and written on the copy thread). */
  private volatile boolean initialized;

  /** Whether the session was taken as initialized at a request before notifications/initialized. */
  private volatile boolean initializedUnasked;

  /**
   * Whether an {@code initialize} request has passed: without one, the SDK answers nothing else.
   */
  private volatile boolean initializeReceived;

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
      // A line too long to read stops growing at the limit; its head stays, for its id.
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      LongLine whole = new LongLine();
      int b;
      while ((b = source.read()) != -1) {
        if (b == '\n') {
          if (whole.size() > MAX_MESSAGE_BYTES) {
            tooLong(whole.id(line.toByteArray(), line.size()), whole.size());
          } else {
            pass(line.toByteArray());
          }
          line.reset();
          whole.reset();
        } else {
          whole.add(b);
          if (line.size() < MAX_MESSAGE_BYTES) {
            line.write(b);
          }
        }
      }
      if (whole.size() > MAX_MESSAGE_BYTES) {
        tooLong(whole.id(line.toByteArray(), line.size()), whole.size());
      } else if (line.size() > 0) {
        pass(line.toByteArray());
      }
    } catch (IOException e) {
      log.println(
          transportStopped
              ? "mlos mcp: the server stopped reading requests after an error of its own (above),"
                  + " not the client's ("
                  + e.getMessage()
                  + "); the session ends: restart the server"
              : "mlos mcp: stdin failed: " + e.getMessage());
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

  /**
   * Answers a line longer than the server reads: under its id when its head or its tail shows one
   * (a client then hears why its request failed instead of waiting it out), else with id null.
   */
  private void tooLong(Object id, long size) throws IOException {
    log.println(
        "mlos mcp: dropped a message of "
            + size
            + " bytes, longer than "
            + MAX_MESSAGE_BYTES
            + " bytes");
    answers.reply(
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + JSON.writeValueAsString(id)
            + ",\"error\":{\"code\":-32600,\"message\":"
            + quoted(
                "Invalid Request: the message is "
                    + size
                    + " bytes, longer than the "
                    + MAX_MESSAGE_BYTES
                    + " bytes (4 MiB) the server reads; send less (each tool's inputSchema gives"
                    + " its arguments' longest)")
            + "}}");
  }

  private void pass(byte[] bytes) throws IOException {
    String text = new String(bytes, StandardCharsets.UTF_8);
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
      TooDeep deep = tooDeep(text);
      if (deep != null) {
        // JSON, but past the reader's limits (nested too deep, a number of too many digits, a key
        // too long): the request's id is often readable (it comes before params), and a client
        // waiting on it would otherwise never be answered.
        log.println("mlos mcp: refused a message: " + deep.words());
        answers.reply(
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + JSON.writeValueAsString(deep.id())
                + ",\"error\":{\"code\":"
                + (deep.inParams() ? -32602 : -32600)
                + ",\"message\":"
                + quoted(
                    (deep.inParams() ? "Invalid params: " : "Invalid Request: ") + deep.words())
                + "}}");
        return;
      }
      // Not JSON, or more than one value on the line: the SDK would read the first and drop
      // the rest without a word.
      log.println("mlos mcp: dropped a line that is not one JSON value");
      answers.reply(error(-32700, "Parse error: a line must hold one JSON value, one message"));
      return;
    }
    MessageShape.Fault shape = MessageShape.of(text);
    if (shape != null) {
      // JSON, but not a message: answered under its id when it has one, as JSON-RPC asks (the
      // SDK's mapper would take "method": 5 as the method "5", and "jsonrpc": 2.0 as "2.0").
      log.println("mlos mcp: refused a line that is not a JSON-RPC message: " + shape.words());
      MessageShape.Duplicate twice = MessageShape.duplicateKey(text);
      Object id = twice != null && twice.idTwice() ? null : shape.id();
      answers.reply(
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + JSON.writeValueAsString(id)
              + ",\"error\":{\"code\":-32600,\"message\":"
              + quoted("Invalid Request: " + shape.words())
              + "}}");
      return;
    }
    McpSchema.JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(mapper, text);
      if (!"2.0".equals(version(message))) {
        throw new IllegalArgumentException("jsonrpc is not \"2.0\"");
      }
    } catch (Exception e) {
      log.println(
          "mlos mcp: dropped a line that is not a JSON-RPC message ("
              + e.getClass().getSimpleName()
              + ")");
      answers.reply(
          dev.mlos.core.view.Json.isOneValue(text)
              ? error(
                  -32600,
                  "Invalid Request: not a JSON-RPC 2.0 message this server reads (one object with"
                      + " jsonrpc \"2.0\", a method, and an id that is a string or an integer"
                      + " within 64 bits; no batches)")
              : error(-32700, "Parse error: the line is not JSON"));
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
        answers.reply(
            twice.idTwice()
                ? error(-32600, said)
                : "{\"jsonrpc\":\"2.0\",\"id\":"
                    + JSON.writeValueAsString(request.id())
                    + ",\"error\":{\"code\":"
                    + (inParams ? -32602 : -32600)
                    + ",\"message\":"
                    + quoted(said)
                    + "}}");
      }
      return;
    }
    if (message instanceof McpSchema.JSONRPCNotification n
        && McpSchema.METHOD_NOTIFICATION_INITIALIZED.equals(n.method())
        && initializedUnasked) {
      return; // taken as initialized at an earlier request (below): the SDK had it then
    }
    if (message instanceof McpSchema.JSONRPCNotification n
        && McpSchema.METHOD_NOTIFICATION_INITIALIZED.equals(n.method())
        && !initialized) {
      // The SDK opens the session at this notification whatever came before: after an initialize
      // it never saw (refused here) or answered with an error, tools then worked. A session opens
      // only after an initialize answered with a result (waited for: a client may send both at
      // once).
      if (!acceptedInitialize()) {
        log.println(
            "mlos mcp: ignored notifications/initialized: no initialize was accepted before it;"
                + " the session opens after an initialize answered with a result");
        return;
      }
      initialized = true;
    }
    if (message instanceof McpSchema.JSONRPCNotification n
        && "notifications/cancelled".equals(n.method())) {
      // MCP lets a server ignore a cancellation; this one does (docs/mcp.md), without the SDK's
      // warning that it has no handler for it.
      return;
    }
    if (!initialized
        && message instanceof McpSchema.JSONRPCRequest ping
        && McpSchema.METHOD_PING.equals(ping.method())) {
      // MCP allows a ping at any time; the SDK would hold it until the session is initialized.
      answers.reply(
          "{\"jsonrpc\":\"2.0\",\"id\":" + JSON.writeValueAsString(ping.id()) + ",\"result\":{}}");
      return;
    }
    if (message instanceof McpSchema.JSONRPCRequest request) {
      String bad = refusal(request);
      if (bad != null && initialized) {
        // Answered here, it would overtake the replies to the requests before it, which the
        // transport handles in turn; and what it refuses may be there once they are done (a
        // subscription to the page of a need created by the request before).
        inTurn();
        bad = refusal(request);
      }
      if (bad != null) {
        // The SDK would answer -32603 with a Java exception's text; the params are the caller's.
        log.println("mlos mcp: refused " + request.method() + ": " + bad);
        boolean notFound = bad.startsWith(KnownRequests.NOT_FOUND);
        answers.reply(
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + JSON.writeValueAsString(request.id())
                + ",\"error\":{\"code\":"
                + (notFound ? -32002 : -32602)
                + ",\"message\":"
                + JSON.writeValueAsString(notFound ? bad : "Invalid params: " + bad)
                + "}}");
        return;
      }
    }
    if (!initialized
        && initializeReceived
        && message instanceof McpSchema.JSONRPCRequest early
        && !McpSchema.METHOD_INITIALIZE.equals(early.method())
        && acceptedInitialize()) {
      // After an accepted initialize, without notifications/initialized (some clients leave it
      // out): the SDK would hold this request and every later one for good.
      log.println(
          "mlos mcp: "
              + early.method()
              + " came before notifications/initialized, which a client sends once its initialize"
              + " is answered; the session is taken as initialized");
      forward("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      initialized = true;
      initializedUnasked = true;
    }
    if (message instanceof McpSchema.JSONRPCRequest r
        && McpSchema.METHOD_INITIALIZE.equals(r.method())) {
      initializeReceived = true;
    }
    answers.received(message);
    if (message instanceof McpSchema.JSONRPCRequest request) {
      requests.accept(request);
    }
    forward(text);
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

  /** Whether the last initialize the SDK got was answered with a result (waits for its answer). */
  private boolean acceptedInitialize() {
    try {
      return answers.initializeAccepted(90_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** What the gate refuses of {@code request} (bad params, or {@code refusals}'), or null. */
  private String refusal(McpSchema.JSONRPCRequest request) {
    String bad = badParams(request);
    return bad != null ? bad : refusals.apply(request);
  }

  /**
   * Waits until the requests passed on before are answered (at most as long as the server waits for
   * them when stdin ends), so an answer of the gate's own comes back in its request's turn.
   */
  private void inTurn() {
    try {
      answers.awaitAllAnswered(90_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String version(McpSchema.JSONRPCMessage m) {
    if (m instanceof McpSchema.JSONRPCRequest r) {
      return r.jsonrpc();
    }
    if (m instanceof McpSchema.JSONRPCNotification n) {
      return n.jsonrpc();
    }
    if (m instanceof McpSchema.JSONRPCResponse r) {
      return r.jsonrpc();
    }
    return null;
  }

  /** Methods whose params must be an object, with the members that must be text. */
  private static final java.util.Map<String, List<String>> PARAMS =
      java.util.Map.of(
          "initialize", List.of("protocolVersion"),
          "tools/call", List.of("name"),
          "resources/read", List.of("uri"),
          "resources/subscribe", List.of("uri"),
          "resources/unsubscribe", List.of("uri"),
          "prompts/get", List.of("name"),
          "logging/setLevel", List.of("level"));

  /** The levels of {@code logging/setLevel}, as the MCP specification names RFC 5424's. */
  static final List<String> LOG_LEVELS =
      List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

  /** What is wrong with a request's params, or null when they have the shape its method needs. */
  static String badParams(McpSchema.JSONRPCRequest request) {
    List<String> text = PARAMS.get(request.method());
    if (text == null) {
      return null;
    }
    if (!(request.params() instanceof java.util.Map<?, ?> params)) {
      return request.method() + " needs params, an object";
    }
    for (String member : text) {
      if (!(params.get(member) instanceof String)) {
        return request.method() + " needs params." + member + ", a string";
      }
    }
    if (request.method().equals("logging/setLevel")
        && !LOG_LEVELS.contains((String) params.get("level"))) {
      // The SDK would take an unknown level as a missing one, set "info" and answer success.
      return "logging/setLevel's level "
          + dev.mlos.core.MlosException.quoted((String) params.get("level"))
          + " is not a level; the levels are "
          + String.join(", ", LOG_LEVELS);
    }
    Object arguments = params.get("arguments");
    if (request.method().equals("tools/call")
        && arguments != null
        && !(arguments instanceof java.util.Map)) {
      return "tools/call's params.arguments must be an object (the tool's arguments by name)";
    }
    Class<?> type = TYPES.get(request.method());
    String unread = MessageShape.unreadable(params, type);
    if (unread != null) {
      // The SDK answered -32603 in the words of its Java classes ("Cannot construct instance of
      // `io.modelcontextprotocol.spec.McpSchema$Implementation`"); the params are the client's.
      return request.method()
          + "'s params."
          + unread
          + " has the wrong type for MCP's "
          + type.getSimpleName()
          + (request.method().equals("initialize")
              ? " (capabilities and clientInfo are objects, clientInfo with a name and a version)"
              : " (_meta and arguments are objects)");
    }
    return null;
  }

  /** The request type of MCP the SDK reads each method's params as. */
  private static final java.util.Map<String, Class<?>> TYPES =
      java.util.Map.of(
          "initialize", McpSchema.InitializeRequest.class,
          "tools/call", McpSchema.CallToolRequest.class,
          "resources/read", McpSchema.ReadResourceRequest.class,
          "resources/subscribe", McpSchema.SubscribeRequest.class,
          "resources/unsubscribe", McpSchema.UnsubscribeRequest.class,
          "prompts/get", McpSchema.GetPromptRequest.class,
          "logging/setLevel", McpSchema.SetLevelRequest.class);

  /** Whether the transport stopped reading requests (an error inside the server ended it). */
  boolean transportStopped() {
    return transportStopped;
  }

  /** Whether the client sent {@code initialize}: until it does, only a ping is answered. */
  boolean initializeReceived() {
    return initializeReceived;
  }

  /**
   * Whether the SDK answers the client's requests: the session is initialized ({@code
   * notifications/initialized} after an accepted initialize). Before, it answers an {@code
   * initialize} only, and holds every other request.
   */
  boolean sdkAnswers() {
    return initialized;
  }

  private static final String DUPLICATE_FIX =
      "; mlos does not guess which one you meant: send it once";

  /**
   * A line that is JSON as far as it was read but goes past a limit of the JSON reader: it nests
   * deeper, or holds a number with more digits or a key longer than the reader takes.
   *
   * @param id the message's id when it came before that part (a string or a number), else null
   * @param inParams whether that part is in {@code params}
   * @param words what is past which limit, and the way on
   */
  record TooDeep(Object id, boolean inParams, String words) {}

  /**
   * The line's {@link TooDeep}, or null when it is within the reader's limits (or not JSON at all).
   */
  static TooDeep tooDeep(String text) {
    Object id = null;
    String top = null;
    try (com.fasterxml.jackson.core.JsonParser p =
        new com.fasterxml.jackson.core.JsonFactory().createParser(text)) {
      com.fasterxml.jackson.core.JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME
            && p.getParsingContext().getParent().inRoot()) {
          top = p.currentName();
          com.fasterxml.jackson.core.JsonToken v = p.nextToken();
          if (top.equals("id")
              && v == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT
              && p.getNumberType()
                  != com.fasterxml.jackson.core.JsonParser.NumberType.BIG_INTEGER) {
            id = p.getLongValue();
          } else if (top.equals("id") && v == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
            id = p.getText();
          }
        }
      }
      return null;
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      com.fasterxml.jackson.core.StreamReadConstraints limits =
          com.fasterxml.jackson.core.StreamReadConstraints.defaults();
      String said = e.getMessage() == null ? "" : e.getMessage();
      String words;
      if (said.contains("nesting depth")) {
        words =
            "lists and objects nest deeper than "
                + limits.getMaxNestingDepth()
                + " levels here, more than the server reads; flatten them";
      } else if (said.startsWith("Number value length")) {
        words =
            "a number here has more than "
                + limits.getMaxNumberLength()
                + " digits, more than the server reads; no argument takes one so long";
      } else if (said.startsWith("Name length")) {
        words =
            "a key here is longer than "
                + limits.getMaxNameLength()
                + " characters, more than the server reads; no argument has a name so long";
      } else {
        return null;
      }
      return new TooDeep(id, "params".equals(top), words);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** A JSON-RPC error response with id null (the line's id, if any, could not be read). */
  private static String error(int code, String message) {
    return "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":"
        + code
        + ",\"message\":"
        + quoted(message)
        + "}}";
  }

  private static String quoted(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return "\"error\"";
    }
  }
}
