package dev.mlos.cli;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.engine.Edge;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.EntityRef;
import dev.mlos.core.engine.Written;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mlos relate SOURCE TYPE TARGET}: one typed edge, e.g. {@code mlos relate need:4 blocks
 * need:7}.
 */
@Command(
    name = "relate",
    mixinStandardHelpOptions = true,
    description = {
      "Add a typed relationship SOURCE -> TARGET.",
      "Types: derived_from, references, blocks, enables, monitors, produced, consumed (docs/schema.md"
          + " lists which entity types each may connect).",
      "Example: mlos relate need:4 blocks need:7"
    })
public final class RelateCommand extends WriteCommand {
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

  @Option(
      names = "--metadata",
      paramLabel = "JSON",
      description = "A JSON value stored with the edge.")
  String metadata;

  @Override
  Printed run(Engine engine, WorkspaceConfig config) {
    Written<Edge> w =
        engine.relate(EntityRef.parse(source), EntityRef.parse(target), type, metadata);
    Edge e = w.row();
    Map<String, Object> data = new LinkedHashMap<>(Rows.edge(e));
    data.put("changed", w.changed());
    return new Printed(
        data,
        w.changed()
            ? "Related " + e.words() + " (relationship " + e.id() + ")"
            : "Nothing changed: relationship "
                + e.id()
                + " ("
                + e.words()
                + ") exists already (nothing written, no history row)");
  }
}
