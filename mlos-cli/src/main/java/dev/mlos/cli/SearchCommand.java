package dev.mlos.cli;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.SearchHit;
import dev.mlos.core.engine.SearchQuery;
import dev.mlos.core.engine.SearchResult;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlos search TEXT}: needs, tasks and artifacts whose text contains TEXT. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description =
        "Find needs, tasks and artifacts whose text contains TEXT (case and accents aside, no wildcards).")
public final class SearchCommand extends EngineCommand {
  @Parameters(
      index = "0",
      paramLabel = "TEXT",
      description =
          "1..200 characters, no control characters (a tab is one); %% and _ match themselves.")
  String text;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      split = ",",
      description = "need, task and/or artifact (default: all).")
  List<String> kinds = List.of();

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "Hits per page, 1..50 (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--cursor",
      paramLabel = "CURSOR",
      description = "next_cursor of the previous page, given with the same TEXT and --kind.")
  String cursor;

  @Override
  Printed run(Engine engine, WorkspaceConfig config) {
    SearchResult r =
        engine.search(new SearchQuery(text, new LinkedHashSet<>(kinds), limit, cursor));
    StringBuilder t = new StringBuilder().append(r.total()).append(" hit(s):");
    for (SearchHit h : r.hits()) {
      t.append("\n  ")
          .append(h.kind())
          .append(' ')
          .append(h.id())
          .append("  ")
          .append(h.shownTitle())
          .append(h.detail() == null ? "" : "  [" + h.detail() + "]");
    }
    if (r.nextCursor() != null) {
      t.append("\n  ... more: --cursor ").append(r.nextCursor());
    }
    return new Printed(
        Rows.page("hits", r.hits().stream().map(Rows::hit).toList(), r.total(), r.nextCursor()),
        t.toString());
  }
}
