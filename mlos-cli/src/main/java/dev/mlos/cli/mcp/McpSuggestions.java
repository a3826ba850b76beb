package dev.mlos.cli.mcp;

import dev.mlos.core.Remedy;
import dev.mlos.core.RemedyWording;

/**
 * The core's {@link Remedy remedies} in an MCP client's words: the tool to call and the argument to
 * pass. Remedies no tool performs (compile, init, the plugin's settings) keep the core's own words
 * ({@link RemedyWording#OPERATIONS}).
 */
public final class McpSuggestions implements RemedyWording {
  /**
   * For a server started without {@code --agent}: a claim names its agent. Public for the {@code
   * mlos} command, which words what it says of the server's own JVM (out of heap) as the server.
   */
  public static final McpSuggestions INSTANCE = new McpSuggestions(false);

  /**
   * For a server started with {@code --agent ID}, which claims for that agent only ({@code
   * task.owner} for any other {@code agent_id}): another run claims through a server of its own.
   */
  static final McpSuggestions FOR_AGENT_SERVER = new McpSuggestions(true);

  private final boolean serverHasAgent;

  private McpSuggestions(boolean serverHasAgent) {
    this.serverHasAgent = serverHasAgent;
  }

  /** The refusal's words: the rule, the sentence, what is allowed, and the way out if any. */
  String refusal(dev.mlos.core.engine.RefusedException e) {
    StringBuilder s =
        new StringBuilder("refused (").append(e.rule()).append("): ").append(e.getMessage());
    if (!e.allowed().isEmpty()) {
      s.append(e.getMessage().endsWith(".") ? "" : ".")
          .append(" Allowed: ")
          .append(String.join(", ", new java.util.LinkedHashSet<>(e.allowed())))
          .append('.');
    }
    // As the command line: a fix given on purpose, beside the allowed values or not.
    if (e.fixGiven()) {
      s.append(s.charAt(s.length() - 1) == '.' ? "" : ".").append(" Fix: ").append(e.fix(this));
    }
    return s.toString();
  }

  @Override
  public String word(Remedy r) {
    return switch (r.kind()) {
      case GRADUATE_MORE -> "`graduate_need` with `more: true`";
      case CLAIM_TASK ->
          serverHasAgent
              ? "`claim_task` as that run (start this server again with `--agent <its id>`)"
              : "`claim_task` with `agent_id`";
      case START_TASK -> "`start_task`";
      case RETRY_TASK -> "`retry_task`";
      case CANCEL_TASK -> "`complete_task` with `status` cancelled";
      case RELEASE_TASK -> "`release_task`";
      case REMOVE_ARTIFACT -> "`remove_artifact` with `artifact_id` " + r.value();
      case MOVE_NEED -> "`transition_need` (get_need lists its next_statuses)";
      case MOVE_ARTIFACT ->
          "`move_artifact` with `artifact_id` " + r.value() + " and its new `file_path`";
      // No tool moves an agent run: the mlos command does, beside the server.
      case START_AGENT ->
          "`mlos agent start " + r.value() + "` on the command line (no tool starts an agent run)";
      case REGISTER_AGENT ->
          "`mlos agent register "
              + (r.value() == null ? "<agent type>" : RemedyWording.shellWord(r.value()))
              + "` on the command line (no tool registers an agent run)";
      case SHOW_HISTORY ->
          "`mlos history " + r.value() + "` on the command line (no tool reads a removed row)";
      case SHOW_AGENT ->
          "`mlos agent show "
              + r.value()
              + "` on the command line (no tool lists the tasks a run holds)";
      case TAKE_READY_WORK -> "`ready_work`";
      // No tool imports files (register_artifact takes one): the mlos command does.
      case RUN_IMPORT ->
          dev.mlos.cli.CliSuggestions.INSTANCE.word(r)
              + " on the command line (no tool imports files)";
      // An agent trial passed a need item's id of ready_work to claim_task and was told only that
      // no such task exists.
      case FIND_IDS ->
          switch (r.value()) {
            case "task" ->
                "take a task's id from ready_work or get_need (a need item of ready_work is a need:"
                    + " graduate_need cuts it into tasks)";
            case "need" -> "find the need's id with search or ready_work";
            case "artifact" -> "find the artifact's id with search (type artifact)";
            case "lens" -> "a lens's id is shown on the command line, `mlos agent show <agent id>`";
            case "relationship" ->
                "find the relationship's id with get_need of a need it touches (relationships)";
            default ->
                "find the agent's id with list_agents (a new run is registered on the command line,"
                    + " `mlos agent register TYPE`; no tool does it)";
          };
      // A tool call names no actor: the server's agent is the one it was started with, so acting
      // as another run (a new one, for a finished run's server) is a server started again.
      case AS_AGENT ->
          serverHasAgent
              ? "by starting this server again with `--agent <its id>`"
              : "through a server started with `--agent <agent id>` (this one acts as no agent)";
      // No tool compiles (the server recompiles after writes and renders a resource when read): a
      // read whose template failed was told "run `compile` again" as if a tool did.
      case RUN_COMPILE -> "`mlos compile` in the workspace on the command line (no tool does it)";
      case RUN_COMPILE_FULL ->
          "`mlos compile --full` in the workspace on the command line (no tool does it)";
      // No tool makes the database, and a server keeps the one it opened: a trial's agent was told
      // "run `init`" as if a tool did, with no word of the restart the server then needs.
      case RUN_INIT ->
          "`mlos init` in the workspace on the command line (no tool does it), then a restart of"
              + " this server from its client";
      // The server is a JVM the client starts from its configuration: the heap is set there.
      case GIVE_MORE_MEMORY ->
          "\"-Xmx"
              + r.value()
              + "m\" in this server's args in the client's MCP configuration, before \"-jar\", then a"
              + " restart of the server";
      default -> RemedyWording.OPERATIONS.word(r);
    };
  }
}
