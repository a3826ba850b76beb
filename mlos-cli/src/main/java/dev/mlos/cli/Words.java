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
