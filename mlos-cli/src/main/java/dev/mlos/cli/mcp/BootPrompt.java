package dev.mlos.cli.mcp;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import dev.mlos.core.LogText;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.engine.Agent;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.Lens;
import dev.mlos.core.engine.ReadyItem;
import dev.mlos.core.engine.ReadyQuery;
import dev.mlos.core.engine.ReadyWork;
import dev.mlos.core.engine.RefusedException;
import dev.mlos.core.engine.Task;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Optional;

/**
 * The {@code boot} prompt: an agent's three kernel layers (seed 001), in this order and within the
 * agent's token budget (its lens's, else the pack's {@code token_budget}): identity (its row and
 * kernel version), awareness (its lens and its ready work) and execution (its context pack). When
 * the layers do not fit, execution is cut first, then awareness; identity always fits.
 */
final class BootPrompt {
  /** The prompt's name in {@code prompts/list}. */
  static final String NAME = "boot";

  /** Used when neither the lens nor the pack sets a budget. */
  static final int DEFAULT_BUDGET = 8000;

  /**
   * Loaded on the first use (about 0.4 s of CPU), by {@link #warm} once a session opens, not when
   * the server starts.
   */
  private static final class Tokenizer {
    static final Encoding O200K =
        Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  }

  private final Engine engine;
  private final ContextPacks packs;
  private final WorkspaceConfig config;
  private final Long agentId;

  BootPrompt(Engine engine, CompiledViews views, WorkspaceConfig config, Long agentId) {
    this.engine = engine;
    this.packs = new ContextPacks(views);
    this.config = config;
    this.agentId = agentId;
  }

  SyncPromptSpecification spec() {
    Prompt prompt =
        Prompt.builder(NAME)
            .description(
                "Boot payload for an agent: identity, awareness, execution, within its token budget.")
            .arguments(
                List.of(
                    PromptArgument.builder("agent_id")
                        .description("Default: the server's --agent")
                        .required(false)
                        .build()))
            .build();
    return new SyncPromptSpecification(
        prompt,
        ToolFault.answered(
            (exchange, request) -> {
              Object raw = checkedArguments(request.arguments());
              long id = agentOf(raw);
              String text;
              synchronized (engine) {
                text = payload(id);
              }
              return GetPromptResult.builder(
                      List.of(
                          PromptMessage.builder(Role.USER, TextContent.builder(text).build())
                              .build()))
                  .description("boot payload of agent " + id)
                  .build();
            }));
  }

  /**
   * Does ahead of the first {@code boot} what made it slow (1.3 s on a quiet machine, 3-9 s on a
   * busy one, against 60-400 ms for the later ones): the first render of a context pack (0.9 s) and
   * loading the tokenizer (0.4 s). Reads only, on a connection of its own, never the engine (not
   * thread-safe). A failure costs only the head start: the prompt meets it and answers it.
   */
  void warm() {
    String pack;
    try {
      pack = packs.warm(agentId).orElse("");
    } catch (RuntimeException e) {
      pack = "";
    }
    tokens("# Identity\n\n" + pack);
  }

  /**
   * Runs {@link #warm} on a daemon thread once the session opens ({@code answers} saw the client's
   * initialize answered): started with the server, it took the CPU the initialize answer needed
   * (answered 1-2.5 s later on a busy 2-core machine), so it waits for that answer, and the first
   * {@code boot}, asked for once the client has done its handshake, finds it done. Interrupt the
   * thread returned when the server stops.
   */
  Thread warmOnceOpened(Answers answers) {
    Thread t =
        new Thread(
            () -> {
              try {
                answers.awaitSessionOpened();
              } catch (InterruptedException e) {
                return;
              }
              warm();
            },
            "mlos-mcp-boot-warm-up");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** The one argument {@code boot} takes. */
  private static final String AGENT_ID = "agent_id";

  /**
   * {@code agent_id} as sent, after refusing ({@code -32602}, naming the argument and the fix) an
   * argument {@code boot} does not take and an {@code agent_id} that is no string: MCP's prompt
   * arguments are strings, and both were taken without a word ({@code agent_id: 1} read as "1", a
   * misspelt {@code agentId} ignored, so the prompt was the server's agent's, not the one named).
   */
  static Object checkedArguments(java.util.Map<String, Object> arguments) {
    if (arguments == null) {
      return null;
    }
    List<String> unknown =
        arguments.keySet().stream().filter(k -> !AGENT_ID.equals(k)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw McpError.builder(-32602)
          .message(
              "boot takes no argument "
                  + String.join(
                      ", ",
                      unknown.stream().limit(5).map(dev.mlos.core.MlosException::quoted).toList())
                  + (unknown.size() > 5 ? " (" + unknown.size() + " in all)" : "")
                  + ": leave "
                  + (unknown.size() == 1 ? "it" : "them")
                  + " out; its only argument is agent_id, the agent's id as a string (\"7\"),"
                  + " as prompts/list gives it")
          .build();
    }
    Object raw = arguments.get(AGENT_ID);
    if (raw != null && !(raw instanceof String)) {
      String kind =
          raw instanceof Number
              ? "a number"
              : raw instanceof Boolean
                  ? "a boolean"
                  : raw instanceof List
                      ? "an array"
                      : raw instanceof java.util.Map ? "an object" : "no string";
      String asText =
          raw instanceof Number n && n.toString().matches("[0-9]{1,18}") ? n.toString() : "7";
      throw McpError.builder(-32602)
          .message(
              "boot's argument agent_id must be a string, not "
                  + kind
                  + " (MCP's prompt arguments are strings): send it as \"agent_id\": \""
                  + asText
                  + "\"")
          .build();
    }
    if (arguments.containsKey(AGENT_ID) && raw == null) {
      throw McpError.builder(-32602)
          .message(
              "boot's argument agent_id must be a string, not null (MCP's prompt arguments are"
                  + " strings): send the agent's id as a string (\"7\"), or leave agent_id out")
          .build();
    }
    return raw;
  }

  private long agentOf(Object raw) {
    // Only an empty agent_id is one left out (a client's form sends an unfilled field so); one of
    // spaces, or an id with a space at either end (" 1"), is refused as the tools refuse it: it
    // was taken, stripped, where an agent_id of " 1" to any tool is no id.
    if (raw == null || raw.toString().isEmpty()) {
      if (agentId == null) {
        throw McpError.builder(-32602)
            .message(
                "boot needs agent_id (the server runs without --agent): pass an agent's id (list_agents"
                    + " lists them), or start the server"
                    + " with --agent ID")
            .build();
      }
      return agentId;
    }
    String s = raw.toString();
    String stripped = s.strip();
    if (!stripped.equals(s) && stripped.matches("[1-9][0-9]{0,17}")) {
      throw McpError.builder(-32602)
          .message(
              "agent_id "
                  + dev.mlos.core.MlosException.quoted(s)
                  + " is not an agent id: it has a space at either end, which no tool's agent_id"
                  + " takes either; send it as \"agent_id\": \""
                  + stripped
                  + "\"")
          .build();
    }
    if (!s.matches("[1-9][0-9]{0,17}")) {
      // Said with the way on: a client showed its model the bare "is not an agent id".
      throw McpError.builder(-32602)
          .message(
              "agent_id "
                  + dev.mlos.core.MlosException.quoted(s)
                  + " is not an agent id: pass an agent's id, a whole number of 1 or more"
                  + " (list_agents lists them)"
                  + (agentId == null
                      ? ""
                      : ", or leave agent_id out for this server's agent " + agentId))
          .build();
    }
    return Long.parseLong(s);
  }

  private String payload(long id) {
    Agent agent;
    try {
      agent = engine.getAgent(id);
    } catch (RefusedException e) {
      throw McpError.builder(-32602).message(McpSuggestions.INSTANCE.refusal(e)).build();
    }
    Optional<Lens> lens = engine.lensOf(id);
    int budget =
        lens.map(Lens::tokenBudget).orElse(null) != null ? lens.get().tokenBudget() : packBudget();

    StringBuilder identity =
        new StringBuilder("# Identity\n\n")
            .append("You are agent ")
            .append(agent.id())
            .append(", type ")
            .append(agent.agentType())
            .append(", status ")
            .append(agent.status())
            // One line: a run registered before schema V15 may keep a kernel version with line
            // breaks, which put a heading or instructions of its own into the agent's prompt.
            .append(
                agent.kernelVersion() == null
                    ? ""
                    : ", kernel " + LogText.line(agent.kernelVersion()))
            .append(".\n");
    boolean finished = Engine.AGENT_OUTCOMES.contains(agent.status());
    if (finished) {
      // A finished run was told to claim, start and complete tasks, then that it had no ready
      // work: its write tools refuse every call, so it is told that, and that reads still answer.
      identity.append(
          "This run is finished ("
              + agent.status()
              + "): every write tool refuses it (agent.lifecycle), so take no task; the read tools"
              + " (get_need, search, list_agents) still answer. Tell the person who runs you: a"
              + " new run of this agent type goes on with the work (see Awareness).\n");
    } else {
      identity.append(
          "Work through the mlos tools: take a task of ready work with claim_task, start_task"
              + " when you begin, complete_task (status completed, failed or cancelled, with a"
              + " result) when done; graduate_need cuts a need of ready work into tasks first."
              + " A refusal names its rule and the fix.\n");
    }

    StringBuilder awareness = new StringBuilder("\n# Awareness\n\n");
    if (lens.isEmpty() || lens.get().seesEverything()) {
      awareness.append("Lens: sees every need.\n");
    } else {
      awareness
          .append("Lens: scopes ")
          .append(lens.get().scopes())
          .append(", tags ")
          .append(lens.get().tags())
          .append(".\n");
    }
    ReadyWork ready;
    try {
      ready = engine.readyWork(ReadyQuery.forAgent(id).withLimit(10));
    } catch (RefusedException over) {
      // A finished run has no ready work: the prompt says so, and the way on, instead of failing.
      awareness.append(McpSuggestions.INSTANCE.refusal(over)).append('\n');
      ready = new ReadyWork(List.of(), 0, null, List.of(), 0, null, List.of(), 0);
    }
    if (!ready.held().isEmpty()) {
      // First: a restarted agent finishes what it holds before it takes more.
      awareness.append("Tasks you hold (finish, release or retry them):\n");
      for (Task t : ready.held()) {
        awareness
            .append("- task ")
            .append(t.id())
            .append(" (")
            .append(t.status())
            .append(", need ")
            .append(t.needId())
            .append("): ")
            .append(t.shownDescription())
            .append('\n');
      }
      if (ready.heldTotal() > ready.held().size()) {
        awareness
            .append("- and ")
            .append(ready.heldTotal() - ready.held().size())
            .append(" more (ready_work lists them, up to its limit)\n");
      }
    }
    if (finished) {
      // The refusal above says why there is no list; a "Ready work (0 in all)" header did not.
    } else if (ready.total() == 0 && ready.blockedTotal() > 0) {
      // Work is there but all of it waits: "a need becomes ready once actionable" pointed an agent
      // at needs that already are (a trial), not at what blocks them.
      awareness
          .append("Ready work: none now; ")
          .append(ready.blockedTotal())
          .append(
              " item(s) wait on what blocks them (ready_work lists each under blocked, with its"
                  + " blocked_by): that work, once finished, makes them ready.\n");
    } else if (ready.total() == 0) {
      // Needs identified or active are no one's ready work yet: say how one becomes ready.
      awareness.append(
          "Ready work: none now. A need becomes ready work once actionable (transition_need"
              + " moves it identified -> active -> actionable).\n");
    } else {
      awareness.append("Ready work (").append(ready.total()).append(" in all, best first):\n");
    }
    for (ReadyItem i : ready.items()) {
      awareness
          .append("- ")
          .append(i.kind())
          .append(' ')
          .append(i.id())
          .append(": ")
          // The item's own title first: a task's reason names its need, not the task.
          .append(i.shortTitle())
          .append(" (")
          .append(i.reason())
          .append(")\n");
    }
    if (ready.blockedTotal() > 0 && ready.total() > 0) {
      awareness.append(ready.blockedTotal()).append(" blocked item(s): see ready_work.\n");
    }

    String execution;
    try {
      execution = "\n# Execution\n\n" + packs.markdown(agent);
    } catch (RefusedException e) {
      execution = "\n# Execution\n\nNo context pack: " + e.getMessage() + "\n";
    }

    String whole = identity.toString() + awareness + execution;
    if (whole.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= budget) {
      // Every o200k_base token stands for one byte of UTF-8 or more: a payload of no more bytes
      // than the budget has no more tokens either, and is not cut, so the tokenizer (0.4 s to load
      // in a fresh server) is not needed to say so. The same bytes as counting.
      return whole;
    }
    int left = budget - tokens(identity);
    String aw = cut(awareness.toString(), Math.max(0, left));
    left -= tokens(aw);
    String ex = cut(execution, Math.max(0, left));
    return identity + aw + ex;
  }

  private int packBudget() {
    Object v = config.params().get("token_budget");
    if (v instanceof Number n && n.intValue() > 0) {
      return n.intValue();
    }
    return DEFAULT_BUDGET;
  }

  static int tokens(CharSequence text) {
    return Tokenizer.O200K.countTokens(text.toString());
  }

  /**
   * {@code text} cut to at most {@code budget} tokens, at a line end where possible, with a marker.
   */
  static String cut(String text, int budget) {
    if (tokens(text) <= budget) {
      return text;
    }
    String marker = "\n[cut to the token budget]\n";
    int room = budget - tokens(marker);
    if (room <= 0) {
      return "";
    }
    IntArrayList encoded = Tokenizer.O200K.encode(text);
    IntArrayList head = new IntArrayList(room);
    for (int i = 0; i < room && i < encoded.size(); i++) {
      head.add(encoded.get(i));
    }
    String s = Tokenizer.O200K.decode(head);
    int nl = s.lastIndexOf('\n');
    if (nl > s.length() / 2) {
      s = s.substring(0, nl + 1);
    }
    return s + marker;
  }
}
