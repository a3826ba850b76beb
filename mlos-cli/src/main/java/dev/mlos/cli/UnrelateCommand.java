package dev.mlos.cli;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.engine.Edge;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.EntityRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mlos unrelate SOURCE TYPE TARGET}: takes back the edge {@code mlos relate} added, e.g.
 * {@code mlos unrelate need:4 blocks need:7}.
 */
@Command(
    name = "unrelate",
    mixinStandardHelpOptions = true,
    description = {
      "Remove the relationship SOURCE -> TARGET of a type (history keeps who removed it and why).",
      "Nothing to remove is no error: the answer says so. The derived_from edge of a task to its"
          + " own need stays while the task exists.",
      "Example: mlos unrelate need:4 blocks need:7 --reason \"not blocking after all\""
    })
public final class UnrelateCommand extends WriteCommand {
  @Parameters(
      index = "0",
      paramLabel = "SOURCE",
      description = "need:ID, task:ID, artifact:ID or agent:ID.")
  String source;

  @Parameters(
      index = "1",
      paramLabel = "RELATIONSHIP_TYPE",
      description = "derived_from, references, blocks, enables, monitors, produced or consumed.")
  String type;

  @Parameters(
      index = "2",
      paramLabel = "TARGET",
      description = "need:ID, task:ID, artifact:ID or agent:ID.")
  String target;

  @Override
  Printed run(Engine engine, WorkspaceConfig config) {
    EntityRef from = EntityRef.parse(source);
    EntityRef to = EntityRef.parse(target);
    Optional<Edge> removed = engine.unrelate(from, to, type);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("removed", removed.isPresent());
    data.put("relationship", removed.map(Rows::edge).orElse(null));
    return new Printed(
        data,
        removed
            .map(e -> "Removed " + e.words() + " (relationship " + e.id() + ")")
            .orElse(
                "No " + type + " relationship from " + from + " to " + to + ": nothing removed"));
  }
}
