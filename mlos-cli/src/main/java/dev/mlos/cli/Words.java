package dev.mlos.cli;

import dev.mlos.core.engine.Need;
import dev.mlos.core.engine.Task;

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

  static String priority(Integer p) {
    return p == null ? "P-" : "P" + p;
  }
}
