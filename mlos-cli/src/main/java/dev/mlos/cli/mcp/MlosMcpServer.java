package dev.mlos.cli.mcp;

import dev.mlos.cli.Version;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.engine.Agent;
import dev.mlos.core.engine.ArtifactPlaces;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.RefusedException;
import dev.mlos.core.graph.GraphAccess;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ResourcesUpdatedNotification;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code mlos mcp}: the engine over the Model Context Protocol on stdio, built with the official
 * SDK. Adds no rules of its own; see {@link McpTools} for the tools, {@link ViewResources} for the
 * resources, {@link BootPrompt} for the prompt and {@link AfterWrites} for what follows a write.
 */
public final class MlosMcpServer {
  /**
   * Settings of one server process.
   *
   * @param agentId the agent the engine writes as ({@code --agent}), or null
   * @param recompile recompile the workspace's files after writes
   * @param recompileDelayMillis how long after the last write
   * @param watchMillis how often, while the client has subscriptions, the server looks for other
   *     processes' writes; 0 never
   */
  public record Settings(
      Long agentId, boolean recompile, long recompileDelayMillis, long watchMillis) {}

  private MlosMcpServer() {}

  /**
   * What a server started as a finished agent run ({@code mlos agent finish}) tells its client and
   * stderr, or null when the run is not finished: it still serves (reads answer), but every write
   * tool refuses the run.
   */
  static String finishedRun(Engine engine, long agentId) {
    Agent agent;
    try {
      synchronized (engine) {
        agent = engine.getAgent(agentId);
      }
    } catch (RefusedException gone) {
      return null; // checked at start: the server does not start for an agent that does not exist
    }
    if (!Engine.AGENT_OUTCOMES.contains(agent.status())) {
      return null;
    }
    return "Agent "
        + agentId
        + "'s run is finished ("
        + agent.status()
        + "): every write tool of this server refuses it (agent.lifecycle), so take no task; the"
        + " read tools still answer. Tell the person who runs you: more work is a new run (mlos"
        + " agent register "
        + agent.agentType()
        + "), then --agent with the new id.";
  }

  /**
   * What the server tells a client it is for (the {@code instructions} of {@code initialize}): only
   * the tools it serves. A workspace with neither the mlos schema nor the graph (pack {@code
   * runtime-memory}) has no tools, and was once told to use the graph's.
   */
  static String instructions(boolean engine, boolean graph, WorkspaceConfig config) {
    if (engine) {
      return "mlos keeps the workspace's needs, tasks, artifacts and their relationships. Start with"
          + " ready_work: its held tasks are yours already, finish them first (one that failed:"
          + " retry_task, or complete_task cancelled). A task item: claim_task"
          + " (it is then yours alone, assigned), start_task when you begin, complete_task with"
          + " status completed, failed or cancelled and a result; release_task gives it back. A"
          + " need item (actionable, no live task): graduate_need cuts it into tasks, then claim one. A need"
          + " is ready once actionable: transition_need moves it identified -> active ->"
          + " actionable (get_need lists its next_statuses). A file you made: register_artifact,"
          + " then relate task produced artifact; a registered file you moved: move_artifact (not a"
          + " new registration: it keeps the artifact's id and edges). list_agents gives the agents' ids; they are"
          + " registered on the command line (mlos agent register TYPE), not here. Send create_need and"
          + " graduate_need a new request_id (a UUID) and the same one when you retry: the first"
          + " call's rows come back (replayed), never written twice. A refused call says which"
          + " rule refused, what is allowed and the fix.";
    }
    if (graph) {
      return "mlos keeps this workspace's graph: records of shapes (defined in files), their values"
          + " and links. graph_search finds records by text, graph_get reads one, graph_upsert"
          + " writes one as mlos:import does. A refused call says which rule refused and the fix.";
    }
    return "mlos serves this workspace's compiled views as resources (resources/list, and"
        + " resources/templates/list for a page per row); it has no tools here: "
        + (config.pack() == null
            ? "the workspace uses no pack"
            : "the pack '" + config.pack().name() + "'")
        + " has no needs and tasks, nor a graph. The views are compiled from the database its"
        + " programs write.";
  }

  /** The tools served on a workspace with the mlos schema (pack {@code mlos}), in list order. */
  public static List<String> engineToolNames() {
    return McpTools.toolNames(true);
  }

  /** The tools served on a workspace of pack {@code agentos-graph}, in list order. */
  public static List<String> graphToolNames() {
    return McpTools.toolNames(false);
  }

  /**
   * Serves until stdin ends. {@code engine} writes as the server's actor (the agent, or the tool
   * {@code mlos-mcp}) within its session; null for a workspace whose pack has no mlos schema.
   * {@code graph} is the workspace's agentos-graph database (pack agentos-graph), served by the
   * graph tools; null otherwise. With neither, only the compiled views are served, as resources.
   * {@code protocolOut} is the real stdout; the caller has already sent {@code System.out} to
   * stderr, so nothing but protocol messages reaches it.
   *
   * @return true when every request the client sent was answered (false: some were still waiting
   *     when the client closed stdin, or the server stopped reading requests after an error of its
   *     own; each request left was answered that it was not, and stderr says so)
   */
  public static boolean serve(
      WorkspaceConfig config,
      Engine engine,
      GraphAccess graph,
      Settings settings,
      InputStream in,
      OutputStream protocolOut,
      PrintStream log)
      throws InterruptedException {
    // The SDK's argument checks word their errors in the JVM's default locale ('string bulundu,
    // integer bekleniyor' under tr_TR): an agent reads mlos's words, the same on every machine.
    java.util.Locale.setDefault(java.util.Locale.ROOT);
    McpJsonMapper mapper = McpJsonDefaults.getMapper();
    Answers answers = new Answers(mapper);
    if (engine != null) {
      // A write held up by another process's lock said nothing on the server's log: after two
      // seconds it says what it waits for (and that a cancelled call stops waiting).
      engine.onLockWait(
          (waited, limit) -> {
            log.println(
                "mlos mcp: a write waits for the database's write lock, which another process"
                    + " holds (an agent's server writing, a sqlite3 shell inside a transaction);"
                    + " it waits up to "
                    + limit / 1000
                    + " s, or until its client cancels the call, then changes nothing and says"
                    + " so");
            log.flush();
          });
    }
    CompiledViews views = new CompiledViews(config, MlosMcpServer.class.getClassLoader());
    BootPrompt boot =
        engine == null ? null : new BootPrompt(engine, views, config, settings.agentId());
    // The first boot prompt cost 1.3 s (3-9 s on a busy machine), the later ones 60-400 ms.
    Thread warmUp = boot == null ? null : boot.warmOnceOpened(answers);
    ViewResources resources =
        new ViewResources(
            config,
            views,
            settings.agentId(),
            id ->
                engine == null
                    ? java.util.Optional.empty()
                    : ContextPacks.whyNone(
                        engine,
                        id,
                        settings.agentId() == null
                            ? McpSuggestions.INSTANCE
                            : McpSuggestions.FOR_AGENT_SERVER));
    McpSyncServer[] server = new McpSyncServer[1];
    AfterWrites after =
        new AfterWrites(
            config,
            settings.recompile(),
            settings.recompileDelayMillis(),
            settings.watchMillis(),
            resources,
            uri -> server[0].notifyResourcesUpdated(new ResourcesUpdatedNotification(uri)),
            log);
    McpTools tools =
        new McpTools(
            engine,
            settings.agentId(),
            ArtifactPlaces.of(config.root(), config.stateDirectory()),
            after::written,
            new ContextPacks(views),
            log);
    if (graph != null) {
      new GraphTools(graph).register(tools);
    }
    // Set on SIGTERM: a tool call still hashing a file stops, writing nothing, as one its client
    // cancelled. Closing stdin alone does not stop it: a one-shot client sends its requests and
    // closes stdin, and waits for their answers (see below).
    java.util.concurrent.atomic.AtomicBoolean stopping =
        new java.util.concurrent.atomic.AtomicBoolean();
    List<SyncToolSpecification> toolSpecs =
        StoppableCalls.of(tools.all(), () -> stopping.get() || answers.workingCancelled(), log);
    SessionStart[] opening = new SessionStart[1];
    OwnPackListing[] ownPack = new OwnPackListing[1];
    StdinGate gate =
        new StdinGate(
            in,
            mapper,
            answers,
            new KnownRequests(
                toolSpecs.stream().map(t -> t.tool().name()).toList(),
                engine == null ? List.of() : List.of(BootPrompt.NAME),
                resources::notAResource,
                resources::unknownToRead,
                after::isSubscribed),
            request -> {
              waitForTheRun(opening[0], request);
              followSubscriptions(request, after);
              if (ownPack[0] != null) {
                ownPack[0].beforeRequest(request);
              }
            },
            log);
    StdioServerTransportProvider transport =
        new StdioServerTransportProvider(mapper, gate.input(), answers.counting(protocolOut));
    String instructions = instructions(engine != null, graph != null, config);
    // Another server acting as the same agent shares its claims: the client and stderr are told.
    AgentSession session =
        engine == null || settings.agentId() == null
            ? null
            : AgentSession.of(config.root(), config.stateDirectory(), settings.agentId());
    if (session != null && session.warning != null) {
      log.println("mlos mcp: warning: " + session.warning);
      instructions = instructions + " " + session.warning;
    }
    // A server started for a finished run served it the work loop, and its first write was refused.
    String finished =
        engine == null || settings.agentId() == null
            ? null
            : finishedRun(engine, settings.agentId());
    if (finished != null) {
      log.println("mlos mcp: warning: " + finished);
      instructions = instructions + " " + finished;
    }

    server[0] =
        McpServer.sync(new OneSenderAtATime(transport))
            // The requests of a connection are handled in the order they arrive, on the reader's
            // thread: writes a client sends without waiting land in that order (the last one sent
            // wins), as tool calls already take turns on one engine. A request waits for those
            // before it.
            .immediateExecution(true)
            // The SDK checks each call's arguments against the tool's schema; a failure also says
            // what the tool takes.
            .jsonSchemaValidator(new ArgumentErrors(McpJsonDefaults.getSchemaValidator()))
            .serverInfo("mlos", Version.value())
            .instructions(instructions)
            .capabilities(
                ServerCapabilities.builder()
                    .tools(false)
                    // listChanged: the agent's context pack leaves the list when its run ends.
                    .resources(true, true)
                    .prompts(false)
                    .build())
            .tools(toolSpecs)
            .resources(resources.fixed(finished == null))
            .resourceTemplates(resources.templates())
            .prompts(boot == null ? List.of() : List.of(boot.spec()))
            .build();
    if (engine != null
        && finished == null
        && settings.agentId() != null
        && resources.hasContextPacks()) {
      long agent = settings.agentId();
      ownPack[0] =
          new OwnPackListing(
              "mlos://context/" + agent, () -> finishedRun(engine, agent) != null, () -> server[0]);
    }
    // A client may stop its server with SIGTERM (the TypeScript SDK does 2 s after closing stdin):
    // the recompile of the last writes still runs, so the files are not left stale.
    Thread onSigterm =
        new Thread(
            () -> {
              stopping.set(true);
              after.close();
            },
            "mlos-mcp-shutdown");
    Runtime.getRuntime().addShutdownHook(onSigterm);
    // Once the session opens, in the background: the server's agent run starts (provisioning ->
    // active). No answer waits; the session's first request waits for it (bounded).
    opening[0] =
        new SessionStart(
            answers,
            log,
            () -> {
              if (engine != null && settings.agentId() != null && finished == null) {
                String said =
                    SessionStart.startRun(
                        () -> Engine.open(config.database(), engine.actor()), settings.agentId());
                if (said != null) {
                  log.println(said);
                }
              }
            });
    gate.start();
    try {
      gate.awaitEnd();
      // The client closed stdin: answer every request it sent before, then stop. The wait outlasts
      // the engine's retries on a locked database (a minute), so a write stuck behind another
      // process's lock gets its own answer. A request still waiting then (or any, when the client
      // never initialized the session) is answered that it was not, and said on stderr. Before
      // the session is open the SDK answers an initialize only: that one is waited for, else its
      // answer and a 'Not answered' both went out.
      // When the transport stopped reading after an error of the server's own, the client is
      // still there: what the transport took may still be answered, the rest never will be.
      boolean stopped = gate.transportStopped();
      if (!stopped && !gate.sdkAnswers() && gate.initializeReceived()) {
        // The SDK answers an initialize before the session is open, and nothing else after it.
        answers.initializeAccepted(90_000);
      }
      List<Object> left =
          answers.awaitAllAnswered(stopped ? 5_000 : gate.sdkAnswers() ? 90_000 : 0);
      for (Object id : left) {
        answers.replyEarlier(
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + JSON.writeValueAsString(id)
                + ",\"error\":{\"code\":-32000,\"message\":"
                + JSON.writeValueAsString(
                    stopped
                        ? "Not answered: the server stopped reading requests after an error of its"
                            + " own (on its stderr), and ends; this request may or may not have"
                            + " been applied: restart the server and read the state again"
                        : gate.sdkAnswers()
                            ? "Not answered: the client closed stdin and this request was still waiting"
                                + " 90 s later (behind a request before it, or a lock another process held"
                                + " on the database); it may or may not have been applied: read the state"
                                + " again"
                            : "Not answered: the client closed stdin without initializing the"
                                + " session (an initialize the server answers with a result, then"
                                + " notifications/initialized), and until it does the server"
                                + " answers nothing but ping and initialize")
                + "}}");
      }
      // A batch whose answers never all came (the server stopped reading) goes out as it is.
      answers.flushBatches();
      if (!left.isEmpty()) {
        log.println(
            "mlos mcp: "
                + left.size()
                + (stopped
                    ? " request(s) not answered: the server stopped reading requests; each was told"
                        + " so"
                    : " request(s) not answered before stdin closed")
                + (stopped
                    ? ""
                    : gate.sdkAnswers()
                        ? " and 90 s passed; each was told so"
                        : ": the client never initialized the session; each was told so"));
      }
      return left.isEmpty() && !stopped;
    } catch (java.io.IOException e) {
      log.println(
          "mlos mcp: could not answer the requests left when stdin closed: " + e.getMessage());
      return false;
    } finally {
      opening[0].stop();
      if (warmUp != null) {
        warmUp.interrupt(); // it only reads: a session that never opened needs no warm-up
      }
      gate.release();
      after.close();
      try {
        Runtime.getRuntime().removeShutdownHook(onSigterm);
      } catch (IllegalStateException e) {
        // The JVM is shutting down already: the hook runs, and finds nothing left to do.
      }
      server[0].closeGracefully();
      if (session != null) {
        session.close();
      }
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** A request of the open session goes to the SDK once the run's start is done (bounded). */
  private static void waitForTheRun(SessionStart session, McpSchema.JSONRPCRequest request) {
    if (session == null) {
      return;
    }
    try {
      session.beforeRequest(request);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The server sees the client's subscriptions as they pass: the SDK keeps its own list private.
   */
  private static void followSubscriptions(McpSchema.JSONRPCRequest request, AfterWrites after) {
    boolean subscribe = McpSchema.METHOD_RESOURCES_SUBSCRIBE.equals(request.method());
    if (!subscribe && !McpSchema.METHOD_RESOURCES_UNSUBSCRIBE.equals(request.method())) {
      return;
    }
    if (request.params() instanceof Map<?, ?> params && params.get("uri") instanceof String uri) {
      if (subscribe) {
        after.subscribed(uri);
      } else {
        after.unsubscribed(uri);
      }
    }
  }
}
