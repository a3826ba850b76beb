package dev.mlos.cli.mcp;

import dev.mlos.core.Remedy;
import dev.mlos.core.engine.Agent;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.RefusedException;
import java.util.List;

/**
 * An agent's context pack: the pack's {@code context} view rendered for that agent's row, in
 * memory, with the same queries and template as {@code mlos:compile} (so the lens and token budget
 * the view applies are the ones the compiled file has).
 */
final class ContextPacks {
  /** The view of the mlos pack that writes one context pack per agent. */
  static final String VIEW = "context";

  private final CompiledViews views;

  ContextPacks(CompiledViews views) {
    this.views = views;
  }

  /**
   * The markdown of {@code agent}'s context pack.
   *
   * @throws RefusedException when the workspace compiles no context pack for that agent: rule
   *     {@code agent.lifecycle} for a finished run (whose server's other tools refuse it too), with
   *     the fix they give; else {@code context_pack} (a status the pack's {@code agent_statuses}
   *     leaves out, or a pack without a context view)
   */
  String markdown(Agent agent) {
    String key = "{\"id\":" + agent.id() + "}";
    return views
        .render((view, path, sourceKey) -> VIEW.equals(view) && key.equals(sourceKey))
        .orElseThrow(() -> none(agent));
  }

  /**
   * Renders, and drops, the context pack of agent {@code agentId} (or the first one the workspace
   * compiles, when null): the first render of a process loads the templates and runs the queries
   * cold, which the {@code boot} prompt paid for. Reads only, on a connection of its own.
   *
   * @return the pack, or empty when the workspace compiles none for that agent
   */
  java.util.Optional<String> warm(Long agentId) {
    String key = agentId == null ? null : "{\"id\":" + agentId + "}";
    return views.render(
        (view, path, sourceKey) -> VIEW.equals(view) && (key == null || key.equals(sourceKey)));
  }

  /**
   * Why agent {@code id} has no context pack, in the words {@code context_pack} refuses it with
   * ({@code agent.lifecycle} for a finished run, {@code not_found} for no agent), for a read of its
   * resource; empty when it has one, or the engine cannot say.
   */
  static java.util.Optional<String> whyNone(Engine engine, long id, McpSuggestions wording) {
    try {
      return java.util.Optional.of(wording.refusal(none(engine.getAgent(id))));
    } catch (RefusedException e) {
      return java.util.Optional.of(wording.refusal(e));
    }
  }

  private static RefusedException none(Agent agent) {
    if (Engine.AGENT_OUTCOMES.contains(agent.status())) {
      // Said as the other tools say it to a finished run (a swarm's finished agent was answered
      // 'Allowed: provisioning, active', a list of statuses it could not act on, and no fix).
      return (RefusedException)
          new RefusedException(
                  "agent.lifecycle",
                  "agent "
                      + agent.id()
                      + " is "
                      + agent.status()
                      + "; the workspace compiles no context pack for a finished agent run (the"
                      + " pack's agent_statuses)",
                  List.of(),
                  agent.ref(),
                  "more work is a new agent run: register one with {0} and act as it, {1}")
              .suggesting(Remedy.registerAgent(agent.agentType()), Remedy.asAgent());
    }
    return new RefusedException(
        "context_pack",
        "the workspace has no context pack for agent "
            + agent.id()
            + ", which is "
            + agent.status()
            + ": the 'context' view covers the agents whose status is one of the pack's"
            + " agent_statuses (by default provisioning and active)",
        List.of(),
        agent.ref(),
        "to compile one for it, add '"
            + agent.status()
            + "' to params.agent_statuses in mlos.yaml");
  }
}
