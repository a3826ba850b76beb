package dev.mlos.core.engine;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What each message a trigger of a shipped schema raises means when an engine write meets it: one
 * table, read by {@link DatabaseRefusals}. A message that names its rule and fix ("...
 * (need.title): shorten it") needs no row here; every other message has one, and {@code
 * TriggerMessagesTest} reads every trigger of every shipped schema set and fails on a message no
 * row (and no named rule) sorts, saying where to add it. Before this table the sorting went by a
 * list of words, and a new trigger whose words were not in it passed as the user's rule with the
 * generic fix, unnoticed.
 *
 * <p>Each row is a pattern the message starts with (entity prefix included) and what it is:
 *
 * <ul>
 *   <li>{@link Kind#OWN}: how mlos writes a row (ids, the JSON forms of its lists, tables the
 *       database keeps itself, a task's holder moving with its status, rows no engine operation
 *       changes or deletes). No value of a user reaches it past the engine: met, it is mlos's
 *       fault.
 *   <li>{@link Kind#CHECKED}: a rule on the user's request that the engine checks first, in the
 *       same transaction, with its own rule id and fix ({@code TriggerRulesThroughTheEngineTest}
 *       shows it per rule). Met, it is refused under that rule id with {@link
 *       DatabaseRefusals#UNCHECKED_FIX}: the user is told to change the request and that mlos
 *       missed its check.
 *   <li>{@link Kind#OUTSIDE}: a table of a pack that mlos never writes (runtime-memory's, written
 *       by the agents' own programs); its trigger speaks to them. Met by mlos, it is mlos's fault.
 * </ul>
 */
final class TriggerMessages {
  private TriggerMessages() {}

  /** What a trigger's message means when an engine write meets it. */
  enum Kind {
    OWN,
    CHECKED,
    OUTSIDE
  }

  /**
   * A row of the table: the pattern a message starts with, its kind, and its rule id if checked.
   */
  record Sort(Pattern start, Kind kind, String rule) {}

  private static Sort own(String start) {
    return new Sort(Pattern.compile(start), Kind.OWN, null);
  }

  private static Sort checked(String rule, String start) {
    return new Sort(Pattern.compile(start), Kind.CHECKED, rule);
  }

  private static Sort outside(String start) {
    return new Sort(Pattern.compile(start), Kind.OUTSIDE, null);
  }

  private static final String ENTITY = "(need|task|agent|artifact|lens|relationship|history): ";
  private static final String MOVE =
      "(\\w+ -> \\w+ is not allowed|this status move is not allowed)";

  /** First match wins; each pattern is matched at the start of the message. */
  static final List<Sort> TABLE =
      List.of(
          // Ids, and the tables the database keeps itself.
          own(ENTITY + "id (exists|cannot change)"),
          own("task: need_id cannot change"),
          own("history is append-only: "),
          own("mlos_changes (is append-only|keeps every change)"),
          own("ready: ready_(items|counts) is kept by the database"),
          // The JSON forms of the lists mlos writes (their values the engine checks first).
          own("agent: (assigned_tasks|monitored_needs|provisioned_artifacts) must list ids of"),
          own("(need|lens): (tags|scopes) must be a JSON array"),
          own("lens: weights must be a JSON object"),
          own("need: tags must not repeat a tag"), // the engine writes each tag once, sorted
          own("lens: set exactly one of agent_id"),
          // A task's holder moves with its status, in the same UPDATE the engine writes.
          own("task: (an assigned task needs an assigned_agent_id|an open task has no agent)"),
          own("task: its agent holds it"),
          // Rows no engine operation changes or deletes.
          own("agent: (it has a lens|tasks are assigned to it)"), // agents are never deleted
          own("need: (it has tasks|it is the parent of other needs)"), // nor are needs
          own("need: need_tags is kept from needs.tags"),
          own(
              "relationship: the derived_from edge of a task to its need is kept by mlos and cannot"),
          own("task: source_transcript "), // the engine never writes a task's source_transcript
          own("lens: the agent (type )?already has a lens"), // setLens replaces the lens
          // agentos-graph: the import and graph_upsert write each key of a shape's row once.
          own("settings_shape_repeated_key: "),
          // Rules on the user's request, checked by the engine first.
          checked("need.lifecycle", "need: " + MOVE),
          checked("need.open_tasks", "need: cannot be resolved while one of its tasks"),
          checked("need.tags", "need: each tag must be"),
          checked("need.parent", "need: parent_need_id would form a cycle"),
          checked("not_found", "need: its parent need does not exist"),
          checked("need.text", "need: source_transcript must not contain"),
          checked("task.lifecycle", "task: " + MOVE),
          checked("task.lifecycle", "task: its need is resolved"),
          checked("need.graduate", "task: its need must be actionable or in_progress"),
          checked("not_found", "task: its (need|agent) does not exist"),
          checked("agent.lifecycle", "agent: " + MOVE),
          checked("agent.text", "agent: session_transcript must not contain"),
          checked("artifact.path", "artifact: file_path must"),
          checked("artifact.text", "artifact: source_transcript must not contain"),
          checked("not_found", "lens: its agent does not exist"),
          checked("lens.budget", "lens: token_budget must be"),
          checked("agent.type", "lens: agent_type must be lower-case"),
          checked("relationship.kind", "relationship: \\w+ connects "),
          checked("relationship.kind", "relationship: a task is derived_from its own need only"),
          checked("relationship.kind", "relationship: the derived_from edge of a task to its need"),
          checked("relationship.self", "relationship: an entity cannot be related to itself"),
          checked("relationship.cycle", "relationship: this blocks edge would close a cycle"),
          checked("relationship.exists", "relationship: this edge exists"),
          checked("not_found", "relationship: (source|target) \\w+ does not exist"),
          // runtime-memory: tables the agents' own programs write, never mlos.
          outside(
              "(approvals|deploy_outcomes|validation_results|skill_to_logic_proposals"
                  + "|skills_learned|sessions|workflow_runs|task_events)[: ]"));

  /** The row that sorts {@code message}, or null when none does. */
  static Sort of(String message) {
    for (Sort s : TABLE) {
      if (s.start().matcher(message).lookingAt()) {
        return s;
      }
    }
    return null;
  }
}
