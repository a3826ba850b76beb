package dev.mlos.cli;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.engine.BlockedItem;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.ReadyItem;
import dev.mlos.core.engine.ReadyQuery;
import dev.mlos.core.engine.ReadyWork;
import dev.mlos.core.engine.Task;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mlos ready}: the ranked work that can be taken now, through the agent's lens with {@code
 * --agent}.
 */
@Command(
    name = "ready",
    mixinStandardHelpOptions = true,
    description = {
      "Ranked work that can be taken now, each item with a one-line reason.",
      "Open tasks and actionable needs without live tasks, ranked by priority, lens weighting and"
          + " age; blocked items are listed apart with what blocks them.",
      "With --agent ID (or --for ID) the agent's lens filters and weights the list, and the tasks"
          + " the agent holds (assigned to it, in progress, or failed by it) are listed apart."
    })
public final class ReadyCommand extends EngineCommand {
  @Option(
      names = "--for",
      paramLabel = "AGENT_ID",
      description = "Rank for this agent's lens without acting as it.")
  Long forAgent;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "Items per page, 1..50 (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--cursor",
      paramLabel = "CURSOR",
      description = "next_cursor of the previous page, given with the same --agent.")
  String cursor;

  @Override
  Printed run(Engine engine, WorkspaceConfig config) {
    Long agent = forAgent != null ? forAgent : who.agentId();
    ReadyWork w = engine.readyWork(new ReadyQuery(agent, limit, cursor));
    Map<String, Object> data =
        Rows.page("items", w.items().stream().map(Rows::ready).toList(), w.total(), w.nextCursor());
    data.put("blocked", w.blocked().stream().map(Rows::blocked).toList());
    data.put("blocked_total", w.blockedTotal());
    data.put("lens", w.lens() == null ? null : Rows.lens(w.lens()));
    // The agent's own tasks, which ready work leaves out (no one else may take them): an agent that
    // lost its session finds its work here, as over MCP.
    data.put("held", w.held().stream().map(Rows::task).toList());
    data.put("held_total", w.heldTotal());

    StringBuilder t = new StringBuilder();
    t.append(w.total())
        .append(" ready")
        .append(agent == null ? "" : " for agent " + agent)
        .append(w.lens() == null ? "" : " (lens of " + w.lens().owner() + ")")
        .append(':');
    for (ReadyItem i : w.items()) {
      // The item's own title first: the reason names a task's need, not the task.
      t.append("\n  ")
          .append(i.kind())
          .append(' ')
          .append(i.id())
          .append("  ")
          .append(i.shortTitle())
          .append("  (")
          .append(i.reason())
          .append(')');
    }
    if (w.nextCursor() != null) {
      t.append("\n  ... more: --cursor ").append(w.nextCursor());
    }
    if (w.total() == 0 && w.heldTotal() == 0 && w.blockedTotal() == 0) {
      // A new user's needs start identified and are no one's work yet: "0 ready:" alone left them
      // guessing what makes work ready.
      t.append(
              "\n  (none: ready work is open tasks and actionable needs without a live task; a new"
                  + " need becomes actionable with `mlos need move ID active`, then `mlos need"
                  + " move ID actionable`")
          .append(w.lens() == null ? "" : "; this agent's lens shows only the work it matches")
          .append(')');
    }
    if (!w.held().isEmpty()) {
      // held lists at most --limit: the count is all of them (it said 5 of an agent's 8).
      t.append('\n')
          .append(w.heldTotal())
          .append(" held by agent ")
          .append(agent)
          .append(
              w.heldTotal() > w.held().size()
                  ? " (the first " + w.held().size() + " shown; --limit shows up to 50)"
                  : "")
          .append(':');
      for (Task h : w.held()) {
        t.append("\n  task ")
            .append(h.id())
            .append(" [")
            .append(h.status())
            .append("] ")
            .append(h.shownDescription().replace('\n', ' '));
      }
    }
    if (w.blockedTotal() > 0) {
      t.append('\n').append(w.blockedTotal()).append(" blocked:");
      for (BlockedItem b : w.blocked()) {
        t.append("\n  ")
            .append(b.kind())
            .append(' ')
            .append(b.id())
            .append(' ')
            .append(b.shownTitle())
            .append(" <- blocked by ")
            .append(
                b.blockers().stream()
                    .map(x -> x.ref() + " [" + x.status() + "]")
                    .collect(Collectors.joining(", ")));
      }
    }
    return new Printed(data, t.toString());
  }
}
