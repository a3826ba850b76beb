package dev.mlos.core.adopt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How TaskEngine task statuses map to mlos task statuses. A legacy value is trimmed, lower-cased
 * and has {@code -} and spaces turned into {@code _} before it is looked up, so {@code " In
 * Progress"} and {@code "in-progress"} both mean {@code in_progress}. Anything else stops the
 * adoption.
 */
public final class LegacyStatuses {
  /** Normalised legacy value to mlos status, in the order docs/schema.md lists them. */
  public static final Map<String, String> MAP = table();

  private LegacyStatuses() {}

  private static Map<String, String> table() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String s : new String[] {"open", "pending", "todo", "to_do", "new", "backlog"}) {
      m.put(s, "open");
    }
    m.put("assigned", "assigned");
    for (String s : new String[] {"in_progress", "doing", "active", "started", "wip"}) {
      m.put(s, "in_progress");
    }
    for (String s : new String[] {"completed", "complete", "done", "finished"}) {
      m.put(s, "completed");
    }
    for (String s : new String[] {"failed", "error", "errored"}) {
      m.put(s, "failed");
    }
    for (String s : new String[] {"cancelled", "canceled", "skipped", "abandoned"}) {
      m.put(s, "cancelled");
    }
    return Collections.unmodifiableMap(m);
  }

  /** The mlos status for a legacy value, or empty when there is none. */
  public static Optional<String> map(String legacy) {
    return legacy == null ? Optional.empty() : Optional.ofNullable(MAP.get(normalise(legacy)));
  }

  static String normalise(String legacy) {
    return legacy.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
  }

  /** The same mapping as a SQL expression over {@code column}; NULL where there is no mapping. */
  static String sqlCase(String column) {
    StringBuilder sql =
        new StringBuilder("CASE replace(replace(lower(trim(" + column + ")), '-', '_'), ' ', '_')");
    MAP.forEach(
        (from, to) ->
            sql.append(" WHEN '").append(from).append("' THEN '").append(to).append('\''));
    return sql.append(" END").toString();
  }
}
