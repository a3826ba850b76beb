package dev.mlos.core.adopt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an adoption did.
 *
 * @param tasks legacy rows now in {@code tasks}, ids unchanged
 * @param needs needs created, one per distinct {@code sprint_context}
 * @param statusCounts legacy value (as found) to mlos status, with how many rows, e.g. {@code "todo
 *     -> open"} to 12
 * @param needStatuses need status to how many needs ended there
 * @param followedTheRename the user's own views, tables (by a foreign key) and triggers on other
 *     tables that named {@code tasks} and, as SQLite renames references with a table, now name
 *     {@code legacy_tasks}: e.g. {@code "view open_tasks"}
 */
public record AdoptionReport(
    int tasks,
    int needs,
    Map<String, Integer> statusCounts,
    Map<String, Integer> needStatuses,
    List<String> followedTheRename) {
  public AdoptionReport {
    statusCounts = Map.copyOf(statusCounts);
    needStatuses = Map.copyOf(needStatuses);
    followedTheRename = List.copyOf(followedTheRename);
  }

  /** Lines for a log. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add(
        "adopted the TaskEngine tasks table: "
            + tasks
            + " tasks kept with their ids under "
            + needs
            + " needs (one per sprint_context); the original table is kept as legacy_tasks");
    statusCounts.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.add("legacy status " + e.getKey() + ": " + e.getValue() + " tasks"));
    needStatuses.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.add("needs " + e.getKey() + ": " + e.getValue()));
    if (!followedTheRename.isEmpty()) {
      out.add(
          String.join(", ", followedTheRename)
              + " named tasks and now name legacy_tasks (SQLite renames references with the"
              + " table), so they read the adopted rows as they were, not mlos's tasks: create them"
              + " again over tasks if they should follow the work");
    }
    return out;
  }
}
