package dev.mlos.cli;

import dev.mlos.core.engine.Need;
import dev.mlos.core.engine.Task;
import dev.mlos.core.engine.Written;
import java.util.LinkedHashMap;
import java.util.Map;

/** One-line words for people, shared by the commands' text output. */
final class Words {
  private Words() {}

  static String need(Need n) {
    return "need "
        + n.id()
        + " ["
        + n.status()
        + "] "
        + priority(n.priority())
        + " "
        + n.title()
        + (n.scope() == null ? "" : " (scope " + n.scope() + ")")
        + (n.tags().isEmpty() ? "" : " #" + String.join(" #", n.tags()));
  }

  /** One history row: when, what, by whom, in which session, why. */
  static String history(dev.mlos.core.engine.HistoryEntry h) {
    return h.changedAt()
        + "  "
        + h.operation()
        + "  by "
        + (h.actor() == null ? "(raw SQL)" : h.actor())
        + (h.session() == null ? "" : " in " + h.session())
        + (h.reason() == null ? "" : ": " + h.reason());
  }

  static String task(Task t) {
    return "task "
        + t.id()
        + " ["
        + t.status()
        + "] "
        + priority(t.priority())
        + " "
        + t.description()
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
    } else {
      Task t = (Task) row;
      data = new LinkedHashMap<>(Rows.task(t));
      words = task(t);
      ref = "task " + t.id();
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
