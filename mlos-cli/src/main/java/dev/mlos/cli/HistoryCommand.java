package dev.mlos.cli;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.HistoryEntry;
import dev.mlos.core.engine.HistoryRef;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlos history need:5}: who changed an entity, when and why. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "Who changed an entity, when and why (oldest first). Example: `mlos history need:5`")
public final class HistoryCommand extends EngineCommand {
  @Parameters(
      index = "0",
      paramLabel = "ENTITY",
      description = "need:ID, task:ID, artifact:ID, agent:ID, lens:ID or relationship:ID.")
  String entity;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "50",
      description = "The latest N rows, 1..1000 (default ${DEFAULT-VALUE}).")
  int limit;

  @Override
  Printed run(Engine engine, WorkspaceConfig config) {
    HistoryRef ref = HistoryRef.parse(entity);
    // One row more than asked says whether --limit left older rows out, so the count printed is
    // never taken for the entity's whole history; out of range, the engine's refusal stands.
    boolean canLookFurther = limit >= 1 && limit < Engine.MAX_HISTORY_ROWS;
    List<HistoryEntry> rows = engine.history(ref, canLookFurther ? limit + 1 : limit);
    boolean cut = rows.size() > limit;
    if (cut) {
      rows = rows.subList(rows.size() - limit, rows.size());
    }
    StringBuilder t = new StringBuilder().append(ref.words()).append(": ");
    if (cut) {
      t.append("the latest ")
          .append(rows.size())
          .append(" change(s); older ones left out (--limit ")
          .append(limit)
          .append(")");
    } else if (!canLookFurther && rows.size() == limit) {
      t.append("the latest ")
          .append(rows.size())
          .append(" change(s) (--limit ")
          .append(limit)
          .append(")");
    } else {
      t.append(rows.size()).append(" change(s)");
    }
    for (HistoryEntry h : rows) {
      t.append("\n  ").append(Words.history(h));
    }
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("history", rows.stream().map(Rows::history).toList());
    // Whether --limit left older rows out: true, false, or null when the engine's most rows came
    // back, where one more cannot be asked for to tell (fewer than that are the whole history).
    data.put(
        "older_left_out",
        cut ? Boolean.TRUE : canLookFurther || rows.size() < limit ? Boolean.FALSE : null);
    return new Printed(data, t.toString());
  }
}
