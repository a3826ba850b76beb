package dev.mlos.cli.mcp;

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
   * The markdown of agent {@code agentId}'s context pack.
   *
   * @throws RefusedException (rule {@code context_pack}) when the workspace compiles no context
   *     pack for that agent (no such agent, a finished one, or a pack without a context view)
   */
  String markdown(long agentId) {
    String key = "{\"id\":" + agentId + "}";
    return views
        .render((view, path, sourceKey) -> VIEW.equals(view) && key.equals(sourceKey))
        .orElseThrow(
            () ->
                new RefusedException(
                    "context_pack",
                    "the workspace has no context pack for agent "
                        + agentId
                        + " (the 'context' view covers existing agents whose status is one of the pack's agent_statuses)",
                    List.of("provisioning", "active"),
                    null));
  }
}
