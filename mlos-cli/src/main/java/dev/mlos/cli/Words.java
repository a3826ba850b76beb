package dev.mlos.cli;

import dev.mlos.core.ShownText;
import dev.mlos.core.engine.Need;
import dev.mlos.core.engine.Task;
import dev.mlos.core.engine.Written;
import java.util.LinkedHashMap;
import java.util.Map;

/** One-line words for people, shared by the commands' text output. */
final class Words {
  private Words() {}

  /**
   * Why a resumed need is where it is (schema V16: one with tasks lands where they put it), as a
   * second line; nothing for one resumed as identified.
   */
  static String whereResumed(Need n) {
    return switch (n.status()) {
      case "active" ->
          "\n  no task to follow (none, or only cancelled ones): once what makes it actionable is"
              + " re-established, `mlos need move "
              + n.id()
              + " actionable`";
      case "actionable", "in_progress", "resolved" ->
          "\n  moved on to " + n.status() + ": " + n.followsTasksBecause();
      default -> "";
    };
  }

  /**
   * Why a need moved to {@code asked} is at another status, on its tasks' account (schema V16: a
   * deferred need moved to active lands where they put it): "moved on to in_progress: ..."; empty
   * when it is where it was asked to go, or nothing was written.
   */
  static String movedOn(Written<Need> w, String asked) {
    Need n = w.row();
    return !w.changed() || n.status().equals(asked) || n.followsTasksBecause().isEmpty()
        ? ""
        : "moved on to " + n.status() + ": " + n.followsTasksBecause();
  }

  static String need(Need n) {
    return "need "
        + n.id()
        + " ["
        + n.status()
        + "] "
        + priority(n.priority())
        + " "
        // Shown as the pages show it: a title or scope of a zero-width space alone (a row from
        // before schema mlos V19) printed as nothing.
        + n.shownTitle()
        + (n.scope() == null ? "" : " (scope " + ShownText.or(n.scope(), ShownText.NOTHING) + ")")
        + (n.tags().isEmpty() ? "" : " #" + String.join(" #", n.tags()));
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * One history row: when, what, by whom, in which session, why, and for an update what it changed
   * (a trial: two lines "update by agent:1" said nothing of what either did).
   */
  static String history(dev.mlos.core.engine.HistoryEntry h) {
    return oneLine(
        h.changedAt()
            + "  "
            + h.operation()
            + "  by "
            + (h.actor() == null ? "(raw SQL)" : h.actor())
            + (h.session() == null ? "" : " in " + h.session())
            + (h.reason() == null ? "" : ": " + h.reason())
            + changes(h));
  }

  /**
   * {@code label: text} for a one-line text; for a text of several lines (a description, a task's
   * result), the label alone, then each line indented by two spaces (a blank line stays empty). The
   * fields around it start at the line's start, so no line of the text can pass for one of them (a
   * description written to read {@code next statuses: (none)} or {@code tasks:} with a forged task
   * under it).
   */
  static String block(String label, String text) {
    if (text.indexOf('\n') < 0) {
      return label + ": " + text;
    }
    StringBuilder b = new StringBuilder(text.length() + 64).append(label).append(':');
    for (String line : text.split("\n", -1)) {
      b.append('\n');
      if (!line.isEmpty()) {
        b.append("  ").append(line);
      }
    }
    return b.toString();
  }

  /**
   * {@code text} with each line break and carriage return shown as {@code \u000A} / {@code \u000D},
   * as {@link ShownOnTerminal} shows the other control characters: a history row is one line, and a
   * value written with the sqlite3 shell (history is append-only, not closed) must not print lines
   * of its own, such as a forged row.
   */
  static String oneLine(String text) {
    if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
      return text;
    }
    return text.replace("\r", "\\u000D").replace("\n", "\\u000A");
  }

  /**
   * {@code " (status open -> assigned; changed assigned_agent_id)"} for an update: the status move,
   * then the other columns whose values differ, by name ({@code updated_at} left out); empty for an
   * insert or delete, or values that are not JSON objects (a raw write with the checks off).
   */
  private static String changes(dev.mlos.core.engine.HistoryEntry h) {
    if (!h.operation().equals("update") || h.oldValues() == null || h.newValues() == null) {
      return "";
    }
    com.fasterxml.jackson.databind.JsonNode before;
    com.fasterxml.jackson.databind.JsonNode after;
    try {
      before = JSON.readTree(h.oldValues());
      after = JSON.readTree(h.newValues());
    } catch (java.io.IOException e) {
      return "";
    }
    if (before == null || after == null || !before.isObject() || !after.isObject()) {
      return "";
    }
    java.util.TreeSet<String> keys = new java.util.TreeSet<>();
    before.fieldNames().forEachRemaining(keys::add);
    after.fieldNames().forEachRemaining(keys::add);
    keys.remove("updated_at");
    java.util.List<String> parts = new java.util.ArrayList<>();
    java.util.List<String> changed = new java.util.ArrayList<>();
    for (String k : keys) {
      com.fasterxml.jackson.databind.JsonNode o = before.get(k);
      com.fasterxml.jackson.databind.JsonNode n = after.get(k);
      if (java.util.Objects.equals(o, n)) {
        continue;
      }
      if (k.equals("status") && o != null && n != null && o.isTextual() && n.isTextual()) {
        parts.add("status " + o.asText() + " -> " + n.asText());
      } else {
        changed.add(k);
      }
    }
    if (!changed.isEmpty()) {
      parts.add("changed " + String.join(", ", changed));
    }
    return parts.isEmpty() ? "" : "  (" + String.join("; ", parts) + ")";
  }

  static String task(Task t) {
    return "task "
        + t.id()
        + " ["
        + t.status()
        + "] "
        + priority(t.priority())
        + " "
        + t.shownDescription()
        + " (need "
        + t.needId()
        + (t.assignedAgentId() == null ? "" : ", agent " + t.assignedAgentId())
        + ")";
  }

  /**
   * What a move or update did, or plainly that nothing changed (a user trial: {@code need move 1
   * active} on an active need printed "Moved need 1 [active]" though nothing was written). JSON
   * adds {@code changed}.
   */
  static EngineCommand.Printed written(Written<?> w, String verb, String already) {
    Object row = w.row();
    Map<String, Object> data;
    String words;
    String ref;
    if (row instanceof Need n) {
      data = new LinkedHashMap<>(Rows.need(n));
      words = need(n);
      ref = "need " + n.id();
    } else if (row instanceof dev.mlos.core.engine.Artifact a) {
      data = new LinkedHashMap<>(Rows.artifact(a));
      words = ArtifactCommand.words(a);
      ref = "artifact " + a.id();
    } else if (row instanceof Task t) {
      data = new LinkedHashMap<>(Rows.task(t));
      words = task(t);
      ref = "task " + t.id();
    } else {
      // A row of another kind words itself (agent start, relate).
      throw new IllegalArgumentException("no words for a " + row.getClass().getSimpleName());
    }
    data.put("changed", w.changed());
    return new EngineCommand.Printed(
        data,
        w.changed()
            ? verb + words
            : "Nothing changed: "
                + ref
                + " "
                + already
                + " (nothing written, no history row)\n"
                + words);
  }

  static String priority(Integer p) {
    return p == null ? "P-" : "P" + p;
  }
}
