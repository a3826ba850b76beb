package dev.mlos.cli.mcp;

import static dev.mlos.cli.mcp.InputSchema.SHORT_TEXT;
import static dev.mlos.cli.mcp.InputSchema.bool;
import static dev.mlos.cli.mcp.InputSchema.id;
import static dev.mlos.cli.mcp.InputSchema.integer;
import static dev.mlos.cli.mcp.InputSchema.longText;
import static dev.mlos.cli.mcp.InputSchema.names;
import static dev.mlos.cli.mcp.InputSchema.object;
import static dev.mlos.cli.mcp.InputSchema.oneOf;
import static dev.mlos.cli.mcp.InputSchema.priority;
import static dev.mlos.cli.mcp.InputSchema.props;
import static dev.mlos.cli.mcp.InputSchema.tagEdits;
import static dev.mlos.cli.mcp.InputSchema.tags;
import static dev.mlos.cli.mcp.InputSchema.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlos.cli.Rows;
import dev.mlos.core.MlosException;
import dev.mlos.core.engine.ArtifactPlaces;
import dev.mlos.core.engine.ArtifactSpec;
import dev.mlos.core.engine.Edge;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.EntityRef;
import dev.mlos.core.engine.KeyedWrite;
import dev.mlos.core.engine.Need;
import dev.mlos.core.engine.NeedDetail;
import dev.mlos.core.engine.NeedSpec;
import dev.mlos.core.engine.ReadyItem;
import dev.mlos.core.engine.ReadyQuery;
import dev.mlos.core.engine.ReadyWork;
import dev.mlos.core.engine.RefusedException;
import dev.mlos.core.engine.SearchQuery;
import dev.mlos.core.engine.TaskClaim;
import dev.mlos.core.engine.Written;
import dev.mlos.core.path.WorkspacePath;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The MCP tools: fixed names, arguments named after the seed's columns, schemas that refuse
 * malformed arguments before a handler runs. Each handler is an adapter: read the arguments, build
 * one engine request, call one engine operation, return the result as compact JSON text. A refusal
 * is a result marked as an error whose text names the rule and what is allowed; nothing else
 * escapes a handler (a failure of mlos is an error result too, never a protocol error).
 */
final class McpTools {
  private static final List<String> NEED_STATUSES = Engine.NEED_STATUSES;

  /** Longest scope, in characters, as the engine's need.scope rule allows. */
  private static final int SCOPE = 200;

  private static final List<String> ENTITY_TYPES = EntityRef.TYPES;
  private static final List<String> RELATIONSHIP_TYPES = Engine.RELATIONSHIP_TYPES;
  private static final List<String> ARTIFACT_TYPES = Engine.ARTIFACT_TYPES;

  private static final ObjectMapper JSON =
      new ObjectMapper().registerModule(dev.mlos.cli.DecimalJson.MODULE);

  private final Engine engine;
  private final Long agentId;
  private final ArtifactPlaces places;
  private final Runnable afterWrite;
  private final ContextPacks contextPacks;
  private final PrintStream log;

  /**
   * @param agentId the agent the server acts for ({@code --agent}), or null
   * @param engine writing as that agent, else as the tool {@code mlos-mcp}
   * @param afterWrite run after every successful write (notifications, recompile)
   */
  McpTools(
      Engine engine,
      Long agentId,
      ArtifactPlaces places,
      Runnable afterWrite,
      ContextPacks contextPacks,
      PrintStream log) {
    this.engine = engine;
    this.agentId = agentId;
    this.places = places;
    this.afterWrite = afterWrite;
    this.contextPacks = contextPacks;
    this.log = log;
  }

  /** Graph tools registered by {@link GraphTools#register}. */
  private final List<SyncToolSpecification> extra = new ArrayList<>();

  /** Calls take turns: one engine (one connection) per server; other servers run in parallel. */
  private final Object turn = new Object();

  void addRead(
      String name,
      String description,
      Map<String, Object> schema,
      Function<ToolCall, Object> handler) {
    extra.add(read(name, description, schema, handler));
  }

  void addWrite(
      String name,
      String description,
      Map<String, Object> schema,
      Function<ToolCall, Object> handler) {
    extra.add(write(name, description, schema, handler));
  }

  /**
   * The names {@code tools/list} gives, in its order, without opening anything: the engine's tools
   * ({@code engineTools}) or the graph's. {@code mlos mcp --help} lists these, so help and server
   * cannot drift apart.
   */
  static List<String> toolNames(boolean engineTools) {
    McpTools tools = new McpTools(null, null, null, () -> {}, null, null);
    List<SyncToolSpecification> specs = engineTools ? tools.engineTools() : tools.extra;
    if (!engineTools) {
      new GraphTools(null).register(tools);
    }
    return specs.stream().map(t -> t.tool().name()).toList();
  }

  /** The engine's tools when the workspace has the mlos schema, then the registered ones. */
  List<SyncToolSpecification> all() {
    List<SyncToolSpecification> tools = new ArrayList<>(engine == null ? List.of() : engineTools());
    tools.addAll(extra);
    return tools;
  }

  private List<SyncToolSpecification> engineTools() {
    List<SyncToolSpecification> tools = new ArrayList<>();
    tools.add(
        read(
            "ready_work",
            "Work to take, ranked by your lens with reasons: open tasks (claim_task), actionable needs with no live task (graduate_need first); blocked apart; held: yours. More: cursor=next_cursor.",
            object(
                props(
                    "agent_id",
                    id(),
                    "limit",
                    integer(1, ReadyQuery.MAX_LIMIT),
                    "cursor",
                    text(SHORT_TEXT),
                    "detail",
                    bool("adds need_id, score"))),
            this::readyWork));
    tools.add(
        read(
            "get_need",
            "A need with tasks, edges, recent history, next_statuses.",
            object(props("need_id", id()), "need_id"),
            this::getNeed));
    tools.add(
        read(
            "search",
            "Needs, tasks, artifacts containing query (any case). More: cursor=next_cursor.",
            object(
                props(
                    "query",
                    text(200),
                    "type",
                    oneOf(List.of("need", "task", "artifact")),
                    "limit",
                    integer(1, ReadyQuery.MAX_LIMIT),
                    "cursor",
                    text(SHORT_TEXT)),
                "query"),
            this::search));
    tools.add(
        write(
            "create_need",
            "Record a need (starts identified).",
            object(
                props(
                    "title",
                    text(SHORT_TEXT),
                    "description",
                    longText(),
                    "priority",
                    priority(),
                    "scope",
                    text(SCOPE),
                    "tags",
                    tags(),
                    "parent_need_id",
                    id(),
                    "source_transcript",
                    longText(),
                    "request_id",
                    InputSchema.requestId()),
                "title"),
            this::createNeed,
            ToolEffect.ADDS));
    tools.add(
        write(
            "update_need",
            "Change a need; tags replaces all; clear empties fields.",
            object(
                props(
                    "need_id",
                    id(),
                    "title",
                    text(SHORT_TEXT),
                    "description",
                    longText(),
                    "priority",
                    priority(),
                    "scope",
                    text(SCOPE),
                    "tags",
                    tags(),
                    "add_tags",
                    tagEdits(),
                    "remove_tags",
                    tagEdits(),
                    "parent_need_id",
                    id(),
                    "source_transcript",
                    longText(),
                    "clear",
                    names(
                        List.of(
                            "description", "priority", "scope", "parent", "source_transcript"))),
                "need_id"),
            this::updateNeed));
    tools.add(
        write(
            "transition_need",
            "Move a need to one of get_need's next_statuses.",
            object(
                props("need_id", id(), "status", oneOf(NEED_STATUSES), "reason", text(SHORT_TEXT)),
                "need_id",
                "status"),
            this::transitionNeed));
    tools.add(KeyedTools.graduateNeed(this, engine));
    tools.add(
        write(
            "claim_task",
            "Claim an open task; of rival claims one wins.",
            object(props("task_id", id(), "agent_id", id()), "task_id"),
            this::claimTask));
    tools.add(
        write(
            "release_task",
            "Give back a claimed or started task (open again).",
            object(props("task_id", id(), "reason", text(SHORT_TEXT)), "task_id"),
            this::releaseTask));
    tools.add(
        write(
            "start_task",
            "Start a task you claimed, or an open one (then you hold it).",
            object(props("task_id", id()), "task_id"),
            this::startTask));
    tools.add(EditTools.updateTask(this, engine));
    tools.add(
        write(
            "retry_task",
            "Reopen a task you failed (last result kept).",
            object(props("task_id", id(), "reason", text(SHORT_TEXT)), "task_id"),
            this::retryTask));
    tools.add(
        write(
            "complete_task",
            "Finish a task you hold with its result, or cancel an open one.",
            object(
                props("task_id", id(), "status", oneOf(Engine.TASK_OUTCOMES), "result", longText()),
                "task_id",
                "status"),
            this::completeTask));
    tools.add(
        write(
            "register_artifact",
            "Register a workspace file (again after changes); then relate task produced artifact.",
            object(
                props(
                    "file_path",
                    // The engine's own limit: the schema said 500, and 241..500 were refused later.
                    text(WorkspacePath.MAX_LENGTH),
                    "title",
                    text(SHORT_TEXT),
                    "description",
                    longText(),
                    "artifact_type",
                    oneOf(ARTIFACT_TYPES)),
                "file_path"),
            this::registerArtifact));
    tools.add(EditTools.moveArtifact(this, engine, places));
    tools.add(
        write(
            "relate",
            "Add edge source -> target.",
            object(
                props(
                    "source_type",
                    oneOf(ENTITY_TYPES),
                    "source_id",
                    id(),
                    "relationship_type",
                    oneOf(RELATIONSHIP_TYPES),
                    "target_type",
                    oneOf(ENTITY_TYPES),
                    "target_id",
                    id()),
                "source_type",
                "source_id",
                "relationship_type",
                "target_type",
                "target_id"),
            this::relate,
            ToolEffect.ADDS));
    tools.addAll(EditTools.removals(this, engine));
    tools.add(
        read(
            "context_pack",
            "Your needs and nearby artifacts in markdown, within your token budget.",
            object(props("agent_id", id())),
            this::contextPack));
    tools.add(AgentTools.listAgents(this, engine));
    return tools;
  }

  // ---------------------------------------------------------------- handlers

  private Object readyWork(ToolCall a) {
    Long agent = a.has("agent_id") ? a.id("agent_id") : agentId;
    ReadyQuery q =
        new ReadyQuery(
            agent,
            a.has("limit") ? a.integer("limit") : ReadyQuery.DEFAULT_LIMIT,
            a.text("cursor"));
    ReadyWork w = engine.readyWork(q);
    boolean detail = a.flag("detail");
    List<Object> items = new ArrayList<>();
    for (ReadyItem i : w.items()) {
      items.add(detail ? CompactRows.detailed(i) : CompactRows.compact(i));
    }
    Map<String, Object> m = Rows.page("items", items, w.total(), w.nextCursor());
    m.put("blocked", w.blocked().stream().map(CompactRows::blocked).toList());
    m.put("blocked_total", w.blockedTotal());
    // The agent's own claimed, started and failed tasks: no one else may take them, so ready work
    // leaves them out, and an agent whose session restarted had no call that found them again.
    m.put("held", w.held().stream().map(CompactRows::compact).toList());
    // held lists at most limit: an agent holding more was shown no sign of the others.
    m.put("held_total", w.heldTotal());
    return m;
  }

  private Object getNeed(ToolCall a) {
    NeedDetail d = engine.getNeed(a.requiredId("need_id"));
    return CompactRows.needDetail(d);
  }

  private Object search(ToolCall a) {
    SearchQuery q = SearchQuery.of(a.text("query"));
    if (a.has("type")) {
      q = q.withKinds(Set.of(a.text("type")));
    }
    if (a.has("limit")) {
      q = q.withLimit(a.integer("limit"));
    }
    if (a.has("cursor")) {
      q = q.withCursor(a.text("cursor"));
    }
    return CompactRows.hits(engine.search(q));
  }

  private Object createNeed(ToolCall a) {
    NeedSpec spec =
        new NeedSpec(
            a.text("title"),
            a.text("description"),
            a.integer("priority"),
            a.text("scope"),
            a.texts("tags"),
            a.id("parent_need_id"),
            a.text("source_transcript"));
    KeyedWrite<Need> w = engine.once(a.text("request_id")).createNeed(spec);
    return KeyedTools.replayed(CompactRows.compact(w.row()), w);
  }

  private Object updateNeed(ToolCall a) {
    // Was answered with the need, as if updated, though nothing was written.
    a.requireAny("a status changes with transition_need", ToolCall.NEED_FIELDS);
    return CompactRows.compact(engine.updateNeed(a.requiredId("need_id"), a.needChange()));
  }

  private Object transitionNeed(ToolCall a) {
    String asked = a.text("status");
    return CompactRows.movedOn(
        engine.moveNeed(a.requiredId("need_id"), asked, a.text("reason")), asked);
  }

  /** {@code tool}, on a server started without an agent, was called without agent_id. */
  private static RefusedException needsAgent(String tool) {
    return new RefusedException(
        "input",
        tool + " needs an agent",
        List.of(),
        null,
        "pass agent_id (list_agents gives the agents' ids), or start the server with --agent ID");
  }

  private Object claimTask(ToolCall a) {
    Long agent = a.has("agent_id") ? a.id("agent_id") : agentId;
    if (agent == null) {
      throw needsAgent("claim_task");
    }
    TaskClaim c = engine.claim(a.requiredId("task_id"), agent);
    Map<String, Object> m = CompactRows.compact(c.task());
    m.put("changed", c.changed()); // false: the caller held it already
    if (!c.blockedBy().isEmpty()) {
      // Claimed, but not ready work: the agent learns what it waits for.
      m.put("blocked_by", c.blockedBy().stream().map(CompactRows::blocker).toList());
    }
    return m;
  }

  private Object releaseTask(ToolCall a) {
    Engine as = a.has("reason") ? engine.as(engine.actor().withReason(a.text("reason"))) : engine;
    return CompactRows.compact(as.release(a.requiredId("task_id")));
  }

  private Object startTask(ToolCall a) {
    return CompactRows.compact(engine.start(a.requiredId("task_id")));
  }

  private Object retryTask(ToolCall a) {
    Engine as = a.has("reason") ? engine.as(engine.actor().withReason(a.text("reason"))) : engine;
    return CompactRows.compact(as.retry(a.requiredId("task_id")));
  }

  private Object completeTask(ToolCall a) {
    return CompactRows.compact(
        engine.finishTask(a.requiredId("task_id"), a.text("status"), a.text("result")));
  }

  private Object registerArtifact(ToolCall a) {
    ArtifactSpec spec =
        ArtifactSpec.of(a.text("file_path"))
            .withTitle(a.text("title"))
            .withDescription(a.text("description"));
    if (a.has("artifact_type")) {
      spec = spec.withType(a.text("artifact_type"));
    }
    return CompactRows.registration(engine.registerArtifact(places, spec), spec);
  }

  private Object relate(ToolCall a) {
    EntityRef source = new EntityRef(a.text("source_type"), a.requiredId("source_id"));
    EntityRef target = new EntityRef(a.text("target_type"), a.requiredId("target_id"));
    Written<Edge> w = engine.relate(source, target, a.text("relationship_type"), null);
    Map<String, Object> m = new LinkedHashMap<>(Rows.edge(w.row()));
    m.put("changed", w.changed());
    return m;
  }

  private Object contextPack(ToolCall a) {
    Long agent = a.has("agent_id") ? a.id("agent_id") : agentId;
    if (agent == null) {
      throw needsAgent("context_pack");
    }
    // An agent that does not exist is not_found, as in every other tool.
    return contextPacks.markdown(engine.getAgent(agent));
  }

  SyncToolSpecification read(
      String name,
      String description,
      Map<String, Object> schema,
      Function<ToolCall, Object> handler) {
    return spec(name, description, schema, handler, ToolEffect.READS);
  }

  SyncToolSpecification write(
      String name,
      String description,
      Map<String, Object> schema,
      Function<ToolCall, Object> handler) {
    return spec(name, description, schema, handler, ToolEffect.CHANGES);
  }

  /** A write that {@code effect} describes to clients (one that only adds). */
  SyncToolSpecification write(
      String name,
      String description,
      Map<String, Object> schema,
      Function<ToolCall, Object> handler,
      ToolEffect effect) {
    return spec(name, description, schema, handler, effect);
  }

  private SyncToolSpecification spec(
      String name,
      String description,
      Map<String, Object> schema,
      Function<ToolCall, Object> handler,
      ToolEffect effect) {
    boolean readOnly = effect == ToolEffect.READS;
    Tool tool =
        Tool.builder(name, schema).description(description).annotations(effect.annotations).build();
    return SyncToolSpecification.builder()
        .tool(tool)
        .callHandler(
            (exchange, request) -> {
              try {
                Object result;
                synchronized (turn) {
                  result = handler.apply(new ToolCall(request.arguments()));
                }
                if (!readOnly) {
                  try {
                    afterWrite.run();
                  } catch (RuntimeException | Error e) {
                    // The write is saved; only the follow-up (recompile, notifications) is lost.
                    log.println("mlos mcp: after " + name + ": " + e);
                  }
                }
                return CallToolResult.builder()
                    .addTextContent(result instanceof String s ? s : json(result))
                    .isError(false)
                    .build();
              } catch (RefusedException e) {
                return error(wording().refusal(RefusedArgument.named(name, e)));
              } catch (dev.mlos.core.hash.StoppedException e) {
                log.println("mlos mcp: " + name + " " + e.getMessage());
                log.flush();
                return error(
                    e.getMessage() + " (the client cancelled the call, or the server stops)");
              } catch (MlosException e) {
                return error(
                    "error: "
                        + e.getMessage()
                        + (e.fix() == null
                            ? ""
                            : (e.getMessage().endsWith(".") ? "" : ".")
                                + " Fix: "
                                + e.fix(wording())));
              } catch (RuntimeException | Error e) {
                log.println("mlos mcp: tool " + name + " failed: " + e);
                return error(ToolFault.words(e));
              }
            })
        .build();
  }

  /** The way out in this server's words: it claims for its own agent only, when it has one. */
  private McpSuggestions wording() {
    return agentId == null ? McpSuggestions.INSTANCE : McpSuggestions.FOR_AGENT_SERVER;
  }

  private static CallToolResult error(String text) {
    return CallToolResult.builder().addTextContent(text).isError(true).build();
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
