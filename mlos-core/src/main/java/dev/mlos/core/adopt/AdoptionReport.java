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
 */
public record AdoptionReport(
    int tasks, int needs, Map<String, Integer> statusCounts, Map<String, Integer> needStatuses) {
  public AdoptionReport {
    statusCounts = Map.copyOf(statusCounts);
    needStatuses = Map.copyOf(needStatuses);
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
    return out;
  }
}
