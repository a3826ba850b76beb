package dev.mlos.cli.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.PrintStream;

/**
 * MCP's handshake as the gate sees it pass: {@code initialize}, answered with a result, then {@code
 * notifications/initialized}. The SDK opens the session at the notification whatever came before
 * it, and holds every other request until it does; the gate opens it only after an accepted
 * initialize, opens it itself for a client that goes on without the notification, answers at once a
 * request sent after an initialize that was not accepted, and holds a request sent before any
 * initialize until the session opens, or answers it as soon as the initialize is not accepted. Read
 * and written on the gate's copy thread.
 */
final class Handshake {
  /** The notification the SDK opens the session at. */
  static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"" + McpSchema.METHOD_NOTIFICATION_INITIALIZED + "\"}";

  private final Answers answers;
  private final PrintStream log;

  /** Whether {@code notifications/initialized} has passed. */
  private volatile boolean initialized;

  /**
   * Whether the client's last initialize that passed declared the {@code roots} capability: a
   * client that did not is never asked for its roots.
   */
  private volatile boolean rootsDeclared;

  /** Whether stderr said once that a roots notification was dropped. */
  private boolean rootsDropSaid;

  /** Whether the session was taken as initialized at a request before notifications/initialized. */
  private volatile boolean initializedUnasked;

  /**
   * Whether an {@code initialize} request has passed: without one, the SDK answers nothing else.
   */
  private volatile boolean initializeReceived;

  /**
   * Whether the gate refused the last initialize itself (its params, its shape), so the SDK never
   * saw it: the initialize the SDK answered before, if any, is not the client's last word.
   */
  private volatile boolean refusedLast;

  /**
   * The requests sent before any initialize, held here in arrival order: the SDK would hold them
   * until the session opens, and after a refused initialize until the client closed stdin, so a
   * client waiting on one waited for good (and the SDK ran it once a later initialize opened the
   * session, though the client was told it was not answered). They pass on when the session opens,
   * and are answered -32000 as soon as an initialize is not accepted ({@link #takeHeld}).
   */
  private final java.util.List<Held> held = new java.util.ArrayList<>();

  /** A request held until the session opens, with its line as the client sent it. */
  record Held(McpSchema.JSONRPCRequest request, String text) {}

  Handshake(Answers answers, PrintStream log) {
    this.answers = answers;
    this.log = log;
  }

  /**
   * Whether the gate passes {@code n} on: a {@code notifications/initialized} without an accepted
   * initialize before it opens no session and is dropped (stderr says so), and so is a late one
   * after the session was taken as initialized.
   */
  boolean passes(McpSchema.JSONRPCNotification n) {
    if (McpSchema.METHOD_NOTIFICATION_ROOTS_LIST_CHANGED.equals(n.method()) && !rootsDeclared) {
      // The SDK answers it with a roots/list request to the client, which said in its initialize
      // that it has no roots to list (a client may not answer it, or answer an error).
      if (!rootsDropSaid) {
        rootsDropSaid = true;
        log.println(
            "mlos mcp: ignored notifications/roots/list_changed: the client's initialize declared"
                + " no roots capability, so the server does not ask for its roots (said once)");
      }
      return false;
    }
    if (!McpSchema.METHOD_NOTIFICATION_INITIALIZED.equals(n.method())) {
      return true;
    }
    if (initializedUnasked) {
      return false; // taken as initialized at an earlier request: the SDK had it then
    }
    if (!initialized) {
      // The SDK opens the session at this notification whatever came before: after an initialize
      // it never saw (refused by the gate) or answered with an error, tools then worked. A session
      // opens only after an initialize answered with a result (waited for: a client may send both
      // at once).
      if (!lastAccepted()) {
        log.println(
            "mlos mcp: ignored notifications/initialized: no initialize was accepted before it;"
                + " the session opens after an initialize answered with a result");
        return false;
      }
      initialized = true;
    }
    return true;
  }

  /**
   * Whether {@code request}, about to pass on, opens the session the client did not: it came after
   * an accepted initialize without notifications/initialized (some clients leave it out), and the
   * SDK would hold it and every later one for good. The gate then passes {@link #INITIALIZED} on
   * first.
   */
  boolean opensUnasked(McpSchema.JSONRPCRequest request) {
    if (initialized
        || !initializeReceived
        || McpSchema.METHOD_INITIALIZE.equals(request.method())
        || !lastAccepted()) {
      return false;
    }
    log.println(
        "mlos mcp: "
            + request.method()
            + " came before notifications/initialized, which a client sends once its initialize"
            + " is answered; the session is taken as initialized");
    initialized = true;
    initializedUnasked = true;
    return true;
  }

  /**
   * Whether requests held since before the initialize wait for the session an accepted initialize
   * opens: the client's {@code notifications/initialized}, or its next request, opens it.
   */
  boolean awaitsSession() {
    return !initialized && initializeReceived && !refusedLast && holding();
  }

  /**
   * Whether the session opens for the requests held since before the initialize, which was
   * accepted, when the client sent nothing after it ({@link #HELD_WAIT_MILLIS}): they would wait
   * until the client closed stdin. The gate then passes {@link #INITIALIZED} on, and the held
   * requests.
   */
  boolean opensForHeld() {
    if (!awaitsSession() || !lastAccepted()) {
      return false;
    }
    log.println(
        "mlos mcp: the initialize was accepted, but no notifications/initialized (nor any other"
            + " message) came within "
            + HELD_WAIT_MILLIS
            + " ms; the session is taken as initialized for the requests sent before initialize");
    initialized = true;
    initializedUnasked = true;
    return true;
  }

  /**
   * How long requests held since before the initialize wait, once it is accepted, for the client's
   * {@code notifications/initialized}, which a client sends as soon as it reads the answer.
   */
  static final long HELD_WAIT_MILLIS = 1_000;

  /** A request passed on to the SDK. */
  void passed(McpSchema.JSONRPCRequest request) {
    if (McpSchema.METHOD_INITIALIZE.equals(request.method())) {
      initializeReceived = true;
      refusedLast = false;
      rootsDeclared =
          request.params() instanceof java.util.Map<?, ?> params
              && params.get("capabilities") instanceof java.util.Map<?, ?> capabilities
              && capabilities.get("roots") != null;
    }
  }

  /**
   * The gate answered a message with {@code method} with an error of its own, not passing it on.
   */
  void refused(String method) {
    if (McpSchema.METHOD_INITIALIZE.equals(method)) {
      refusedLast = true;
    }
  }

  /**
   * What the gate answers {@code request} (-32000) before the session is open, or null when it
   * passes on: after an initialize that was not accepted (the gate refused it, or the SDK answered
   * it with an error), the SDK would hold every request but ping and initialize until the client
   * closed stdin, and a client waiting on one waited for good. A request before any initialize
   * passes here, to be held ({@link #holds}).
   */
  String notInitialized(McpSchema.JSONRPCRequest request) {
    if (initialized
        || McpSchema.METHOD_INITIALIZE.equals(request.method())
        || McpSchema.METHOD_PING.equals(request.method())
        || (!refusedLast && (!initializeReceived || acceptedInitialize()))) {
      return null;
    }
    return NOT_ACCEPTED;
  }

  /** What a request is answered (-32000) while the last initialize is not accepted. */
  static final String NOT_ACCEPTED =
      "Server not initialized: the last initialize was not accepted (its error says why),"
          + " and until one is this server answers nothing but ping and initialize. Send"
          + " initialize again with params {\"protocolVersion\": \""
          + ProtocolVersions.MCP_2025_11_25
          + "\", \"capabilities\": {}, \"clientInfo\": {\"name\": \"your-client\", \"version\":"
          + " \"1.0.0\"}}, then notifications/initialized once it is answered with a result, then this"
          + " request again";

  /**
   * Whether {@code request} (about to pass on) is held until the session opens: it came before any
   * initialize. A ping is answered before, and the initialize itself passes.
   */
  boolean holds(McpSchema.JSONRPCRequest request) {
    return !initialized
        && !initializeReceived
        && !refusedLast
        && !McpSchema.METHOD_INITIALIZE.equals(request.method());
  }

  /** The most requests held before any initialize: a client's lines must not fill the memory. */
  static final int MAX_HELD = 256;

  /** What a request past {@link #MAX_HELD} held ones is answered (-32000), at once. */
  static final String TOO_MANY_HELD =
      "Server not initialized: "
          + MAX_HELD
          + " requests sent before initialize wait for the session already, and this server holds"
          + " no more. Send initialize, then notifications/initialized once it is answered with a"
          + " result, then this request again";

  /**
   * Holds {@code request} until the session opens or an initialize is not accepted; false (not
   * held) when {@link #MAX_HELD} are held already.
   */
  boolean hold(McpSchema.JSONRPCRequest request, String text) {
    if (held.size() >= MAX_HELD) {
      return false;
    }
    answers.held(request);
    held.add(new Held(request, text));
    return true;
  }

  /** Whether requests are held (sent before the initialize that passed, or before any). */
  boolean holding() {
    return !held.isEmpty();
  }

  /**
   * The requests held, in arrival order, given up by the handshake: they pass on, or are refused.
   */
  java.util.List<Held> takeHeld() {
    java.util.List<Held> taken = java.util.List.copyOf(held);
    held.clear();
    return taken;
  }

  /**
   * Whether the initialize that passed last is refused (waits for the SDK's answer): the requests
   * held before it are then answered at once.
   */
  boolean lastRefused() {
    return !lastAccepted();
  }

  /** Whether the client's last initialize was answered with a result (waits for its answer). */
  private boolean lastAccepted() {
    return !refusedLast && acceptedInitialize();
  }

  /** Whether the session is open: the SDK answers every request. */
  boolean initialized() {
    return initialized;
  }

  /** Whether the client sent an {@code initialize} the SDK got. */
  boolean initializeReceived() {
    return initializeReceived;
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
}
