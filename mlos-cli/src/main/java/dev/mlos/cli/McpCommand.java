package dev.mlos.cli;

import dev.mlos.cli.mcp.MlosMcpServer;
import dev.mlos.cli.mcp.StartupFailure;
import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.RefusedException;
import dev.mlos.core.graph.GraphAccess;
import dev.mlos.core.graph.GraphImporter;
import dev.mlos.core.init.Initializer;
import dev.mlos.core.path.UnnameablePathException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code mlos mcp}: serves the workspace to one MCP client over stdio until the client goes away.
 * stdout carries protocol messages only: {@code System.out} is sent to stderr before anything else
 * runs, and the SDK's logging goes to stderr; both, and {@code System.err}, through {@link
 * ShownOnTerminal}.
 */
@Command(
    name = "mcp",
    mixinStandardHelpOptions = true,
    description = "Serve the workspace over the Model Context Protocol (stdio) until stdin ends.",
    modelTransformer = McpCommand.ToolList.class)
public final class McpCommand implements Callable<Integer> {
  @Mixin WorkspaceOptions workspace;

  @Option(
      names = "--agent",
      paramLabel = "ID",
      description =
          "Act as this agent: every write is attributed to it, its lens applies to ready_work and context_pack, and its run, when provisioning, is started (active) once the client's session opens.")
  Long agentId;

  @Option(
      names = "--session",
      paramLabel = "ID",
      description = "Recorded in the history of every write. Default: mcp-<process id>.")
  String session;

  // Two plain flags, not one negatable option: picocli flips a negatable option whose default is
  // true, so "--no-recompile" left recompiling on.
  @Option(
      names = "--no-recompile",
      description =
          "Do not recompile the workspace's files in the background after writes (recompiling is on by default).")
  boolean noRecompile;

  @Option(
      names = "--recompile",
      description = "Recompile in the background after writes (the default).")
  boolean recompileOn;

  @Option(
      names = "--recompile-delay",
      paramLabel = "MS",
      defaultValue = "1000",
      description =
          "Milliseconds after the last write before the background recompile (0..600000, default ${DEFAULT-VALUE}).")
  long recompileDelay;

  @Option(
      names = "--watch-interval",
      paramLabel = "MS",
      defaultValue = "1000",
      description =
          "While the client subscribes to resources: how often to look for other processes' writes"
              + " (one PRAGMA data_version), 0 = never, else 50..600000 (default ${DEFAULT-VALUE}).")
  long watchInterval;

  @Override
  public Integer call() throws Exception {
    if (recompileDelay < 0 || recompileDelay > 600_000) {
      throw new UsageException(
          "--recompile-delay " + recompileDelay + " is outside 0..600000 milliseconds",
          "pass --recompile-delay from 0 to 600000 (milliseconds), or leave it out");
    }
    if (watchInterval != 0 && (watchInterval < 50 || watchInterval > 600_000)) {
      throw new UsageException(
          "--watch-interval "
              + watchInterval
              + " is neither 0 (never) nor within 50..600000 milliseconds",
          "pass --watch-interval 0, or one from 50 to 600000 (milliseconds), or leave it out");
    }
    // Before anything can print: stdout is the protocol channel from here on.
    PrintStream protocolOut =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    // Its log quotes what a cloned workspace holds (a template's #stop text in a recompile's
    // error), as the other commands' stderr does.
    PrintStream log = ShownOnTerminal.of(new FileOutputStream(FileDescriptor.err));
    System.setOut(log);
    // The SDK logs through slf4j-simple to System.err, looked up at each line: an inbound line
    // that is not JSON is logged with Jackson's words, which quote it (an ESC sent by the client).
    System.setErr(log);
    if (!UnnameablePathException.namesFilesInUtf8()) {
      // MCP clients start servers with few environment variables (the TypeScript SDK passes no
      // LANG): the JVM then names files in ASCII, and register_artifact of 'café.md' cannot work.
      log.println(
          "mlos mcp: warning: this JVM names files in "
              + UnnameablePathException.encoding()
              + " (its locale is not UTF-8), so files whose names are not ASCII cannot be"
              + " read or registered; give the server LC_ALL=C.UTF-8 (\"env\": {\"LC_ALL\": \"C.UTF-8\"}"
              + " in the client's entry for it)");
    }
    WorkspaceConfig config;
    try {
      config = workspace.existingDatabase();
    } catch (RuntimeException e) {
      throw toldToTheClient(e, protocolOut);
    }
    String sessionId = session != null ? session : "mcp-" + ProcessHandle.current().pid();
    Actor actor;
    try {
      actor =
          (agentId != null ? Actor.agent(agentId) : Actor.tool("mlos-mcp")).withSession(sessionId);
    } catch (RefusedException e) {
      // The engine's "actor session ..." named no option, as the other commands' --session does.
      throw toldToTheClient(
          new UsageException(
              e.getMessage().startsWith("actor session")
                  ? "--session" + e.getMessage().substring("actor session".length())
                  : e.getMessage(),
              // In the command line's words: the core's named a Java method (`listAgents`).
              e.fix() == null ? null : e.fix(CliSuggestions.INSTANCE)),
          protocolOut);
    }
    MlosMcpServer.Settings settings =
        new MlosMcpServer.Settings(agentId, recompile(), recompileDelay, watchInterval);
    if (!config.schemas().contains(Initializer.DEFAULT_SET) && agentId != null) {
      // Ignoring it would let a client believe its writes are an agent's (a user trial).
      throw toldToTheClient(
          new UsageException(
              "--agent "
                  + agentId
                  + ": the pack '"
                  + (config.pack() == null ? "none" : config.pack().name())
                  + "' has no agents (its database has no mlos schema: no needs, tasks or agents)",
              "leave --agent out"),
          protocolOut);
    }
    if (!config.schemas().contains(Initializer.DEFAULT_SET)) {
      // A pack without the engine's tables: its views are still served, and an agentos-graph
      // database gets the graph tools.
      GraphAccess graph;
      try {
        graph =
            config.schemas().contains(GraphImporter.SCHEMA_SET)
                ? GraphAccess.forWorkspace(config)
                : null;
        if (graph != null) {
          graph.requireReady();
        }
      } catch (RuntimeException e) {
        // As the engine's path does: a shapes_dir outside the workspace, or a database without
        // the graph schema, was only on stderr (or met at the first tool call).
        throw toldToTheClient(e, protocolOut);
      }
      log.println(
          "mlos mcp: serving the compiled views of "
              + config.root()
              + " as resources; "
              + (graph != null
                  ? "the graph tools on " + config.database()
                  : "no tools: the pack '"
                      + (config.pack() == null ? "none" : config.pack().name())
                      + "' has no mlos schema (needs, tasks)"));
      return MlosMcpServer.serve(config, null, graph, settings, System.in, protocolOut, log)
          ? Main.OK
          : Main.BROKEN;
    }
    Engine opened = null;
    try {
      opened = Engine.open(config.database(), actor);
      if (agentId != null) {
        // Refused now, with the rule's words, rather than at the first write.
        knownAgent(opened, agentId);
      }
    } catch (RuntimeException e) {
      if (opened != null) {
        opened.close();
      }
      throw toldToTheClient(e, protocolOut);
    }
    try (Engine engine = opened) {
      log.println(
          "mlos mcp: serving "
              + config.root()
              + " (database "
              + config.database()
              + ")"
              + (agentId == null ? "" : " as agent " + agentId));
      return MlosMcpServer.serve(config, engine, null, settings, System.in, protocolOut, log)
          ? Main.OK
          : Main.BROKEN;
    }
  }

  /** Refuses an {@code --agent} no one registered, naming the command that registers one. */
  private static void knownAgent(Engine engine, long agentId) {
    try {
      engine.getAgent(agentId);
    } catch (RefusedException e) {
      if (!e.rule().equals("not_found")) {
        throw e;
      }
      throw (RefusedException)
          new RefusedException(
                  e.rule(),
                  e.getMessage(),
                  List.of(),
                  e.subject(),
                  "register an agent run with {0}, then start the server with --agent and the id"
                      + " it prints")
              .suggesting(Remedy.registerAgent(null));
    }
  }

  /**
   * {@code e}, after the client's first requests were answered with its words: a client that
   * started this server in the background shows why it did not start, not "Connection closed".
   * stderr and the exit code follow as for every command.
   */
  private static RuntimeException toldToTheClient(RuntimeException e, PrintStream protocolOut) {
    StartupFailure.tellClient(System.in, protocolOut, startupWords(e));
    return e;
  }

  /**
   * Answers the client's first requests with {@code e}, a server stopped before its command line
   * was read (an argument the JVM could not decode): the client shows why, not "Connection closed".
   */
  static void tellClientItCannotStart(RuntimeException e) {
    StartupFailure.tellClient(
        System.in,
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8),
        startupWords(e));
  }

  /**
   * A missing UTF-8 locale, in the words of whoever reads a server's start-up error: an MCP client
   * starts the server from its JSON config, not a shell, so {@code LC_ALL=C.UTF-8} alone does not
   * say where it goes.
   */
  static final String CLIENT_LOCALE_FIX =
      "In the MCP client's config, give this server's entry \"env\": {\"LC_ALL\": \"C.UTF-8\"}"
          + " (with claude mcp add, -e LC_ALL=C.UTF-8 before --), then restart the client.";

  /**
   * The client's words for {@code e}, a server that cannot start: one line, the fix after the
   * sentence it follows ("agent 99 does not exist Fix: ..." ran the two together), as the tools'
   * refusals word it.
   */
  static String startupWords(RuntimeException e) {
    String why = e.getMessage();
    if (e instanceof RefusedException r) {
      why = "refused (" + r.rule() + "): " + why;
    }
    String fix =
        e instanceof MlosException m && m.fix() != null
            ? m.fix(CliSuggestions.INSTANCE)
            : e instanceof UsageException u ? u.fix() : null;
    if (e instanceof UnnameablePathException) {
      fix = fix + " " + CLIENT_LOCALE_FIX;
    }
    if (fix != null) {
      why += (why.endsWith(".") ? "" : ".") + " Fix: " + fix;
    }
    return "mlos mcp cannot start: " + why;
  }

  /** Whether the server recompiles after writes: unless --no-recompile, which wins. */
  boolean recompile() {
    return !noRecompile;
  }

  /**
   * Help lists the tools the server registers (a list typed into the annotation went stale: it
   * missed start_task and retry_task). One paragraph per pack, wrapped by picocli.
   */
  static final class ToolList implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      String[] first = spec.usageMessage().description();
      spec.usageMessage()
          .description(
              first[0],
              "Tools: " + String.join(", ", MlosMcpServer.engineToolNames()) + ".",
              "With pack agentos-graph, instead: "
                  + String.join(", ", MlosMcpServer.graphToolNames())
                  + ". See docs/mcp.md.");
      return spec;
    }
  }
}
