package dev.mlos.cli.mcp;

import static dev.mlos.cli.mcp.InputSchema.SHORT_TEXT;
import static dev.mlos.cli.mcp.InputSchema.bool;
import static dev.mlos.cli.mcp.InputSchema.id;
import static dev.mlos.cli.mcp.InputSchema.object;
import static dev.mlos.cli.mcp.InputSchema.priority;
import static dev.mlos.cli.mcp.InputSchema.props;
import static dev.mlos.cli.mcp.InputSchema.text;

import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.KeyedWrite;
import dev.mlos.core.engine.Task;
import dev.mlos.core.engine.TaskSpec;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tools whose retry would make rows twice ({@code create_need}, {@code graduate_need})
 * share: their {@code request_id}, handed to the engine's keyed writes ({@link Engine#once}), and
 * the {@code "replayed": true} of an answer the engine replayed. {@code graduate_need} lives here.
 */
final class KeyedTools {
  private KeyedTools() {}

  /** {@code "replayed": true} added to an answer the engine replayed (nothing written). */
  static Map<String, Object> replayed(Map<String, Object> answer, KeyedWrite<?> w) {
    if (w.replayed()) {
      answer.put("replayed", true);
    }
    return answer;
  }

  static SyncToolSpecification graduateNeed(McpTools tools, Engine engine) {
    Map<String, Object> taskItem =
        object(props("description", text(SHORT_TEXT), "priority", priority()), "description");
    Map<String, Object> taskList = new LinkedHashMap<>();
    taskList.put("type", "array");
    taskList.put("items", taskItem);
    taskList.put("minItems", 1);
    taskList.put("maxItems", Engine.MAX_TASKS_PER_GRADUATION); // as `mlos need graduate` takes
    return tools.write(
        "graduate_need",
        "Cut an actionable need into tasks (default priority: the need's); with live tasks,"
            + " more: true.",
        object(
            props(
                "need_id",
                id(),
                "tasks",
                taskList,
                "more",
                bool(),
                "request_id",
                InputSchema.requestId()),
            "need_id",
            "tasks"),
        a -> {
          List<TaskSpec> specs = new ArrayList<>();
          for (Map<String, Object> t : a.objects("tasks")) {
            ToolCall item = new ToolCall(t);
            specs.add(new TaskSpec(item.text("description"), item.integer("priority")));
          }
          KeyedWrite<List<Task>> w =
              engine
                  .once(a.text("request_id"))
                  .graduate(a.requiredId("need_id"), specs, a.flag("more"));
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("tasks", w.row().stream().map(CompactRows::compact).toList());
          return replayed(m, w);
        },
        ToolEffect.ADDS);
  }
}
