package dev.mlos.core.engine;

import static dev.mlos.core.engine.Engine.GRADUATABLE;
import static dev.mlos.core.engine.Engine.MAX_TASKS_PER_GRADUATION;
import static dev.mlos.core.engine.Engine.NEED_HISTORY_ROWS;
import static dev.mlos.core.engine.Engine.NEED_STATUSES;
import static dev.mlos.core.engine.InputRules.MAX_LIST;
import static dev.mlos.core.engine.InputRules.MAX_TEXT;
import static dev.mlos.core.engine.InputRules.checkPriority;
import static dev.mlos.core.engine.InputRules.checkReason;
import static dev.mlos.core.engine.InputRules.scope;
import static dev.mlos.core.engine.InputRules.tags;
import static dev.mlos.core.engine.InputRules.text;
import static dev.mlos.core.engine.InputRules.title;
import static dev.mlos.core.engine.InputRules.transcript;

import dev.mlos.core.Remedy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creating, changing, moving and graduating needs. Reached through {@link Engine}, which documents
 * each operation.
 */
final class NeedOperations extends EngineOperations {
  NeedOperations(StateStore store, Actor actor) {
    super(store, actor);
  }

  Need createNeed(NeedSpec spec) {
    return createNeed(spec, null).row();
  }

  KeyedWrite<Need> createNeed(NeedSpec spec, String requestId) {
    RequestIds.check(requestId);
    String title = title(spec.title(), "need.title", null);
    checkPriority(spec.priority(), "need.priority", null);
    String scope = scope(spec.scope(), null);
    text(spec.description(), "description", MAX_TEXT, "need.text", null);
    transcript(spec.sourceTranscript(), false, null);
    InputRules.transcriptText(spec.sourceTranscript(), "source_transcript", "need.text", null);
    List<String> tags = tags(spec.tags(), "need.tags", null);
    NeedSpec clean =
        new NeedSpec(
            title,
            spec.description(),
            spec.priority(),
            scope,
            tags,
            spec.parentId(),
            spec.sourceTranscript());
    return writeOnce(
        requestId,
        "create_need",
        java.util.Arrays.asList(
            title,
            clean.description(),
            clean.priority(),
            scope,
            tags,
            clean.parentId(),
            clean.sourceTranscript()),
        () -> {
          if (clean.parentId() != null) {
            needOrRefuse(clean.parentId());
          }
          long id = store.insertNeed(clean, tags);
          return store.need(id).orElseThrow();
        },
        need -> List.of(need.id()),
        ids -> needOrRefuse(ids.get(0)));
  }

  Written<Need> updateNeed(long needId, NeedChange change) {
    EntityRef ref = EntityRef.need(needId);
    if (change.title() != null) {
      title(change.title(), "need.title", ref);
    }
    checkPriority(change.priority(), "need.priority", ref);
    if (change.scope() != null) {
      scope(change.scope(), ref);
    }
    text(change.description(), "description", MAX_TEXT, "need.text", ref);
    transcript(change.sourceTranscript(), true, ref);
    InputRules.transcriptText(change.sourceTranscript(), "source_transcript", "need.text", ref);
    List<String> replace = change.tags() == null ? null : tags(change.tags(), "need.tags", ref);
    List<String> add = tags(change.addTags(), "need.tags", ref);
    List<String> remove = tags(change.removeTags(), "need.tags", ref);
    List<String> both = add.stream().filter(remove::contains).distinct().toList();
    if (!both.isEmpty()) {
      // Applied in turn, the removal won and "Nothing changed" hid the contradiction.
      throw new RefusedException(
          "input",
          ref.words()
              + ": "
              + String.join(", ", both.stream().map(RefusedException::quoted).toList())
              + " both added and removed",
          List.of(),
          ref,
          "name each tag in one of them: added or removed");
    }
    return write(
        null,
        () -> {
          Need old = needOrRefuse(needId);
          TreeSet<String> tags = new TreeSet<>(replace == null ? old.tags() : replace);
          tags.addAll(add);
          tags.removeAll(remove);
          if (tags.size() > MAX_LIST) {
            throw new RefusedException(
                "need.tags",
                ref.words() + " would have " + tags.size() + " tags; at most " + MAX_LIST,
                List.of(),
                ref,
                "remove tags in the same change, to "
                    + MAX_LIST
                    + " or fewer in all (a tag names a kind of work, not an item of it)");
          }
          Set<String> cleared = change.cleared();
          Long parent =
              cleared.contains("parent")
                  ? null
                  : change.parentId() != null ? change.parentId() : old.parentId();
          if (change.parentId() != null && !change.parentId().equals(old.parentId())) {
            needOrRefuse(change.parentId());
            if (store.isSelfOrAncestor(needId, change.parentId())) {
              throw new RefusedException(
                  "need.parent",
                  ref.words()
                      + ": parent need "
                      + change.parentId()
                      + " would form a cycle (need "
                      + needId
                      + " is that need or one of its ancestors)",
                  List.of(),
                  ref,
                  "give need "
                      + needId
                      + " a parent that is not itself or one of its descendants, or leave its"
                      + " parent as it is");
            }
          }
          Need updated =
              new Need(
                  needId,
                  change.title() != null ? change.title().strip() : old.title(),
                  cleared.contains("description")
                      ? null
                      : change.description() != null ? change.description() : old.description(),
                  old.status(),
                  cleared.contains("priority")
                      ? null
                      : change.priority() != null ? change.priority() : old.priority(),
                  cleared.contains("scope")
                      ? null
                      : change.scope() != null ? change.scope().strip() : old.scope(),
                  List.copyOf(tags),
                  parent,
                  cleared.contains("source_transcript")
                      ? null
                      : change.sourceTranscript() != null
                          ? change.sourceTranscript()
                          : old.sourceTranscript(),
                  old.createdAt(),
                  old.updatedAt());
          if (updated.equals(old)) {
            return new Written<>(old, false);
          }
          store.updateNeedFields(updated);
          return new Written<>(store.need(needId).orElseThrow(), true);
        });
  }

  Written<Need> moveNeed(long needId, String toStatus, String reason) {
    EntityRef ref = EntityRef.need(needId);
    if (toStatus == null || !NEED_STATUSES.contains(toStatus)) {
      throw new RefusedException(
          "input", RefusedException.quoted(toStatus) + " is not a need status", NEED_STATUSES, ref);
    }
    checkReason(reason, ref);
    return write(
        reason,
        () -> {
          Need need = needOrRefuse(needId);
          if (need.status().equals(toStatus)) {
            return new Written<>(need, false);
          }
          List<String> next = store.needTransitionsFrom(need.status());
          if (!next.contains(toStatus)) {
            // A need moves one step at a time: the fix names the steps to where it was sent
            // (identified -> active -> actionable), which the allowed list alone left to guess.
            List<String> steps = next.isEmpty() ? null : steps(need.status(), toStatus);
            throw new RefusedException(
                    "need.lifecycle",
                    ref.words()
                        + ": "
                        + need.status()
                        + " -> "
                        + toStatus
                        + " is not allowed"
                        + (next.isEmpty()
                            ? " (" + need.status() + " is final)"
                            : "; from "
                                + need.status()
                                + " it can move to "
                                + String.join(", ", next)),
                    next,
                    ref,
                    steps == null
                        ? null
                        : "move it a step at a time, " + String.join(" -> ", steps) + ", with {0}")
                .suggesting(Remedy.moveNeed(needId));
          }
          if (toStatus.equals("resolved")) {
            List<Task> live =
                store.tasksOf(needId).stream()
                    .filter(
                        t ->
                            t.status().equals("open")
                                || t.status().equals("assigned")
                                || t.status().equals("in_progress")
                                || t.status().equals("failed"))
                    .toList();
            if (!live.isEmpty()) {
              List<String> names =
                  live.stream().map(t -> "task " + t.id() + " " + t.status()).toList();
              throw new RefusedException(
                  "need.open_tasks",
                  ref.words()
                      + " cannot be resolved while "
                      + live.size()
                      + (live.size() == 1 ? " of its tasks is" : " of its tasks are")
                      + " not done ("
                      + String.join(", ", names)
                      + "); finish, retry or cancel them first",
                  // The tasks are what stands in the way, not what is allowed: adapters print
                  // allowed() as "Allowed: ...", which read "Allowed: task 3 open".
                  List.of(),
                  ref,
                  // It had no fix line (the command line printed none).
                  "finish or cancel "
                      + (live.size() == 1 ? "that task" : "those tasks")
                      + " (a failed one is retried or cancelled); when none is left open and one"
                      + " is completed, "
                      + ref.words()
                      + " is resolved by itself");
            }
          }
          store.setNeedStatus(needId, toStatus);
          return new Written<>(store.need(needId).orElseThrow(), true);
        });
  }

  Written<Need> deferNeed(long needId, String reason) {
    return moveNeed(needId, "deferred", reason);
  }

  Need resumeNeed(long needId, String reason) {
    EntityRef ref = EntityRef.need(needId);
    checkReason(reason, ref);
    String target =
        store.read(
            () -> {
              Need need = needOrRefuse(needId);
              if (!need.status().equals("deferred")) {
                throw new RefusedException(
                    "need.lifecycle",
                    ref.words()
                        + " is "
                        + need.status()
                        + ", not deferred; only a deferred need can be resumed",
                    List.of("deferred"),
                    ref);
              }
              List<String> next = store.needTransitionsFrom("deferred");
              Optional<String> before = store.statusBefore(needId, "deferred");
              if (before.isPresent() && next.contains(before.get())) {
                return before.get();
              }
              return next.contains("active") ? "active" : next.isEmpty() ? "active" : next.get(0);
            });
    return moveNeed(needId, target, reason).row();
  }

  NeedDetail getNeed(long needId) {
    return store.read(
        () -> {
          Need need = needOrRefuse(needId);
          List<Task> tasks = store.tasksOf(needId);
          List<String> next = new ArrayList<>(store.needTransitionsFrom(need.status()));
          // Not a move the database takes while work on the need is not done (needs_resolve_check):
          // an agent reading next_statuses must not be sent into a refusal.
          if (tasks.stream()
              .anyMatch(
                  t -> LIVE_TASK_STATUSES.contains(t.status()) || t.status().equals("failed"))) {
            next.remove("resolved");
          }
          return new NeedDetail(
              need,
              store.childrenOf(needId, Engine.NEED_CHILDREN_ROWS),
              store.childCount(needId),
              tasks,
              store.edgesOf(need.ref()),
              store.history("need", needId, NEED_HISTORY_ROWS),
              next);
        });
  }

  /** A task still to be done: its need is not free for another graduation. */
  private static final List<String> LIVE_TASK_STATUSES = List.of("open", "assigned", "in_progress");

  KeyedWrite<List<Task>> graduate(
      long needId, List<TaskSpec> tasks, boolean more, String requestId) {
    EntityRef ref = EntityRef.need(needId);
    RequestIds.check(requestId);
    if (tasks == null || tasks.isEmpty() || tasks.size() > MAX_TASKS_PER_GRADUATION) {
      throw new RefusedException(
              "input",
              "graduating "
                  + ref.words()
                  + " takes 1.."
                  + MAX_TASKS_PER_GRADUATION
                  + " tasks, got "
                  + (tasks == null ? 0 : tasks.size()),
              List.of(),
              ref,
              tasks == null || tasks.isEmpty()
                  ? "give the tasks to cut it into, one at least"
                  : "graduate it with at most "
                      + MAX_TASKS_PER_GRADUATION
                      + " tasks, then add the rest beside them with {0}")
          .suggesting(Remedy.graduateMore(needId));
    }
    List<TaskSpec> clean = new ArrayList<>();
    List<Object> arguments = new ArrayList<>(List.of(needId, more));
    for (TaskSpec t : tasks) {
      String description = title(t.description(), "task.description", ref);
      checkPriority(t.priority(), "task.priority", ref);
      clean.add(new TaskSpec(description, t.priority()));
      arguments.add(java.util.Arrays.asList(description, t.priority()));
    }
    return writeOnce(
        requestId,
        "graduate",
        arguments,
        () -> {
          Need need = needOrRefuse(needId);
          if (!GRADUATABLE.contains(need.status())) {
            boolean resolved = need.status().equals("resolved");
            // "move it to actionable first" was refused when followed: a need moves a step at a
            // time, so the fix names the steps from where it is.
            throw new RefusedException(
                    "need.graduate",
                    ref.words()
                        + " is "
                        + need.status()
                        + "; only an actionable or in_progress need graduates into tasks"
                        + (resolved ? ", and resolved is final" : ""),
                    // A resolved need reaches neither: listed as allowed, they sent agents to
                    // transition_need, which refuses (resolved is final).
                    resolved ? List.of() : GRADUATABLE,
                    ref,
                    resolved
                        ? "more work is a need of its own: create one"
                        : "move it a step at a time, "
                            + String.join(" -> ", stepsToActionable(need.status()))
                            + ", with {0}; then graduate it")
                .suggesting(Remedy.moveNeed(needId));
          }
          if (!more) {
            // Ready work offers a need without live tasks to every agent: of several graduating
            // it at once, the first one's tasks stand and the others are told (as with claims).
            List<String> live =
                store.tasksOf(needId).stream()
                    .filter(t -> LIVE_TASK_STATUSES.contains(t.status()))
                    .map(t -> "task " + t.id() + " " + t.status())
                    .toList();
            if (!live.isEmpty()) {
              throw new RefusedException(
                      "need.graduated",
                      ref.words()
                          + " already has live tasks ("
                          + String.join(", ", live.size() > 10 ? live.subList(0, 10) : live)
                          + (live.size() > 10 ? ", ..." : "")
                          + "): someone graduated it already",
                      // The live tasks are in the message: they are not values to choose from.
                      List.of(),
                      ref,
                      "to add tasks beside them, run {0}")
                  .suggesting(Remedy.graduateMore(needId));
            }
          }
          List<Task> out = new ArrayList<>();
          for (TaskSpec t : clean) {
            out.add(store.task(store.insertTask(needId, t)).orElseThrow());
          }
          return List.copyOf(out);
        },
        made -> made.stream().map(Task::id).toList(),
        ids -> ids.stream().map(this::taskOrRefuse).toList());
  }

  /**
   * The statuses from {@code from} to actionable, both included, by the database's transitions
   * (identified -> active -> actionable): the fewest steps.
   */
  private List<String> stepsToActionable(String from) {
    List<String> steps = steps(from, "actionable");
    return steps == null ? List.of(from, "actionable") : steps;
  }

  /**
   * The shortest walk of the lifecycle from {@code from} to {@code to}, both included, or null when
   * {@code to} cannot be reached from it.
   */
  private List<String> steps(String from, String to) {
    // Each status with the one it is reached from; the start with none ("").
    java.util.Map<String, String> before = new java.util.HashMap<>(java.util.Map.of(from, ""));
    java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(List.of(from));
    while (!queue.isEmpty() && !before.containsKey(to)) {
      String at = queue.poll();
      for (String next : store.needTransitionsFrom(at)) {
        if (!before.containsKey(next)) {
          before.put(next, at);
          queue.add(next);
        }
      }
    }
    if (!before.containsKey(to)) {
      return null;
    }
    java.util.LinkedList<String> steps = new java.util.LinkedList<>();
    for (String at = to; !at.isEmpty(); at = before.get(at)) {
      steps.addFirst(at);
    }
    return steps;
  }
}
