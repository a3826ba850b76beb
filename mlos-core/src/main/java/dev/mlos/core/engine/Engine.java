package dev.mlos.core.engine;

import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The one write path of mlos: every client (the CLI, the MCP server, the import, tests, the bench)
 * changes state through these operations.
 *
 * <p>Each operation is one transaction, applied whole or not at all, made by the engine's {@link
 * Actor} (recorded in every history row it causes), and returns an immutable record. A rule that
 * says no throws {@link RefusedException} naming the rule and what is allowed; a broken setup (no
 * database, not an mlos database, a schema that needs {@code init}) throws {@link
 * dev.mlos.core.db.DatabaseException}. No {@code SQLException} reaches the caller.
 *
 * <p>Several processes may use one database at once (WAL, busy timeout, write transactions that
 * take the lock at their start, bounded retries): see docs/engine.md. An engine is not thread-safe;
 * use one per thread.
 *
 * <pre>{@code
 * try (Engine engine = Engine.open(db, Actor.person("alice").withSession("chat-42"))) {
 *   Need need = engine.createNeed(NeedSpec.titled("Kernel boots").withTags(List.of("kernel")));
 *   engine.moveNeed(need.id(), "active", "seen in review");
 *   engine.moveNeed(need.id(), "actionable", null);
 *   List<Task> tasks = engine.graduate(need.id(), List.of(TaskSpec.of("Write the boot test")));
 * }
 * }</pre>
 */
public final class Engine implements AutoCloseable {
  /** History rows {@link #getNeed} returns (the most recent). */
  public static final int NEED_HISTORY_ROWS = 20;

  /** Most tasks one {@link #graduate} call creates. */
  public static final int MAX_TASKS_PER_GRADUATION = 100;

  /** Most files one {@link #registerArtifacts} call registers. */
  public static final int MAX_ARTIFACTS_PER_CALL = 100_000;

  /** Most rows {@link #history(EntityRef, int)} returns. */
  public static final int MAX_HISTORY_ROWS = 1000;

  /** Need statuses, in lifecycle order. */
  public static final List<String> NEED_STATUSES =
      List.of("identified", "active", "actionable", "in_progress", "resolved", "deferred");

  /** Task statuses, in lifecycle order. */
  public static final List<String> TASK_STATUSES =
      List.of("open", "assigned", "in_progress", "completed", "failed", "cancelled");

  /** How a task can finish ({@link #finishTask}). */
  public static final List<String> TASK_OUTCOMES = List.of("completed", "failed", "cancelled");

  /** How an agent run can finish ({@link #finishAgent}). */
  public static final List<String> AGENT_OUTCOMES = List.of("completed", "failed");

  /** Relationship types. */
  public static final List<String> RELATIONSHIP_TYPES =
      List.of(
          "derived_from", "references", "blocks", "enables", "monitors", "produced", "consumed");

  /** Artifact types. */
  public static final List<String> ARTIFACT_TYPES =
      List.of("document", "code", "config", "context_pack", "transcript", "image", "schema");

  /** Statuses a need may have to graduate into tasks. */
  public static final List<String> GRADUATABLE = List.of("actionable", "in_progress");

  /**
   * Agent runs have no transitions table: provisioning -> active -> completed | failed (failed also
   * from provisioning).
   */
  private static final Map<String, List<String>> AGENT_MOVES =
      Map.of(
          "provisioning", List.of("active", "failed"),
          "active", List.of("completed", "failed"),
          "completed", List.of(),
          "failed", List.of());

  private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,63}");
  private static final Pattern AGENT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern CURSOR = Pattern.compile("[0-9]{1,9}");
  private static final int MAX_TITLE = 500;
  private static final int MAX_TEXT = 100_000;
  private static final int MAX_SHORT = 200;
  private static final int MAX_LIST = 100;

  private final StateStore store;
  private final Actor actor;
  private final boolean ownsStore;

  private Engine(StateStore store, Actor actor, boolean ownsStore) {
    this.store = store;
    this.actor = actor;
    this.ownsStore = ownsStore;
  }

  /**
   * Opens the engine on an existing mlos database (WAL mode is switched on if it is not).
   *
   * @param db the database file
   * @param actor who makes the writes
   * @throws dev.mlos.core.db.DatabaseException when the file does not exist, is not an mlos
   *     database, or its schema needs an upgrade with {@code init}
   */
  public static Engine open(Path db, Actor actor) {
    if (actor == null) {
      throw new IllegalArgumentException("actor is required");
    }
    return new Engine(SqliteStateStore.open(db), actor, true);
  }

  /**
   * The same engine (same connection) writing as {@code other}. Closing the returned engine does
   * nothing; close this one when done.
   */
  public Engine as(Actor other) {
    if (other == null) {
      throw new IllegalArgumentException("actor is required");
    }
    return new Engine(store, other, false);
  }

  /** Who this engine writes as. */
  public Actor actor() {
    return actor;
  }

  /** Closes the connection (unless this engine came from {@link #as}). */
  @Override
  public void close() {
    if (ownsStore) {
      store.close();
    }
  }

  // ------------------------------------------------------------------ needs

  /**
   * Creates an {@code identified} need.
   *
   * @throws RefusedException {@code need.title}, {@code need.priority}, {@code need.tags}, {@code
   *     need.scope}, {@code need.text}, {@code not_found} (the parent)
   */
  public Need createNeed(NeedSpec spec) {
    String title = title(spec.title(), "need.title", null);
    checkPriority(spec.priority(), "need.priority", null);
    String scope = scope(spec.scope(), null);
    text(spec.description(), "description", MAX_TEXT, "need.text", null);
    text(spec.sourceTranscript(), "source_transcript", MAX_TEXT, "need.text", null);
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
    return write(
        null,
        () -> {
          if (clean.parentId() != null) {
            needOrRefuse(clean.parentId());
          }
          long id = store.insertNeed(clean, tags);
          return store.need(id).orElseThrow();
        });
  }

  /**
   * Changes a need's fields and tags (not its status: see {@link #moveNeed}). A change that changes
   * nothing writes nothing.
   *
   * @throws RefusedException {@code not_found}, {@code need.title}, {@code need.priority}, {@code
   *     need.tags}, {@code need.scope}, {@code need.text}, {@code need.parent} (a cycle)
   */
  public Need updateNeed(long needId, NeedChange change) {
    EntityRef ref = EntityRef.need(needId);
    if (change.title() != null) {
      title(change.title(), "need.title", ref);
    }
    checkPriority(change.priority(), "need.priority", ref);
    if (change.scope() != null) {
      scope(change.scope(), ref);
    }
    text(change.description(), "description", MAX_TEXT, "need.text", ref);
    text(change.sourceTranscript(), "source_transcript", MAX_TEXT, "need.text", ref);
    List<String> replace = change.tags() == null ? null : tags(change.tags(), "need.tags", ref);
    List<String> add = tags(change.addTags(), "need.tags", ref);
    List<String> remove = tags(change.removeTags(), "need.tags", ref);
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
                ref);
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
                  ref);
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
            return old;
          }
          store.updateNeedFields(updated);
          return store.need(needId).orElseThrow();
        });
  }

  /**
   * Moves a need along its lifecycle ({@code need_transitions}). Moving to the status it has
   * already is a no-op. A need cannot be resolved while one of its tasks is open, assigned or in
   * progress.
   *
   * @param reason why (recorded in the history row), or null for the actor's reason
   * @throws RefusedException {@code not_found}, {@code input} (unknown status), {@code
   *     need.lifecycle} (allowed: the next states), {@code need.open_tasks}
   */
  public Need moveNeed(long needId, String toStatus, String reason) {
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
            return need;
          }
          List<String> next = store.needTransitionsFrom(need.status());
          if (!next.contains(toStatus)) {
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
                        : "; from " + need.status() + " it can move to " + String.join(", ", next)),
                next,
                ref);
          }
          if (toStatus.equals("resolved")) {
            List<Task> live =
                store.tasksOf(needId).stream()
                    .filter(
                        t ->
                            t.status().equals("open")
                                || t.status().equals("assigned")
                                || t.status().equals("in_progress"))
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
                      + "); finish or cancel them first",
                  names,
                  ref);
            }
          }
          store.setNeedStatus(needId, toStatus);
          return store.need(needId).orElseThrow();
        });
  }

  /** Parks a need ({@link #moveNeed} to {@code deferred}). */
  public Need deferNeed(long needId, String reason) {
    return moveNeed(needId, "deferred", reason);
  }

  /**
   * Brings a deferred need back: to the status it had before it was deferred when the lifecycle
   * allows that, else to {@code active} (whatever made it actionable must be re-established).
   *
   * @throws RefusedException {@code not_found}, {@code need.lifecycle} when it is not deferred
   */
  public Need resumeNeed(long needId, String reason) {
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
    return moveNeed(needId, target, reason);
  }

  /**
   * A need with its tasks, edges, recent history (with actors) and allowed next states.
   *
   * @throws RefusedException {@code not_found}
   */
  public NeedDetail getNeed(long needId) {
    return store.read(
        () -> {
          Need need = needOrRefuse(needId);
          return new NeedDetail(
              need,
              store.tasksOf(needId),
              store.edgesOf(need.ref()),
              store.history("need", needId, NEED_HISTORY_ROWS),
              store.needTransitionsFrom(need.status()));
        });
  }

  /**
   * Graduates an actionable (or in_progress) need into tasks, in one step. A task without a
   * priority takes its need's; each gets its {@code derived_from} edge to the need.
   *
   * @return the new tasks, in the order given
   * @throws RefusedException {@code not_found}, {@code need.graduate} (allowed: actionable,
   *     in_progress), {@code task.description}, {@code task.priority}, {@code input} (no tasks, too
   *     many)
   */
  public List<Task> graduate(long needId, List<TaskSpec> tasks) {
    EntityRef ref = EntityRef.need(needId);
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
          ref);
    }
    List<TaskSpec> clean = new ArrayList<>();
    for (TaskSpec t : tasks) {
      String description = title(t.description(), "task.description", ref);
      checkPriority(t.priority(), "task.priority", ref);
      clean.add(new TaskSpec(description, t.priority()));
    }
    return write(
        null,
        () -> {
          Need need = needOrRefuse(needId);
          if (!GRADUATABLE.contains(need.status())) {
            throw new RefusedException(
                "need.graduate",
                ref.words()
                    + " is "
                    + need.status()
                    + "; only an actionable or in_progress need graduates into tasks"
                    + (need.status().equals("resolved") ? "" : " (move it to actionable first)"),
                GRADUATABLE,
                ref);
          }
          List<Task> out = new ArrayList<>();
          for (TaskSpec t : clean) {
            out.add(store.task(store.insertTask(needId, t)).orElseThrow());
          }
          return out;
        });
  }

  // ------------------------------------------------------------------ tasks

  /** The task with {@code taskId}. @throws RefusedException {@code not_found} */
  public Task getTask(long taskId) {
    return store.read(() -> taskOrRefuse(taskId));
  }

  /**
   * Claims an open task for an agent, atomically: of several claimers exactly one wins; the others
   * are told who holds it. An agent claims for itself; a person or tool may claim for any agent.
   * Claiming a task the agent already holds (assigned) returns it unchanged.
   *
   * @throws RefusedException {@code not_found} (task or agent), {@code task.claimed} ("task 7 is
   *     already claimed by agent 3"), {@code task.lifecycle} (not open), {@code task.owner} (an
   *     agent claiming for another), {@code agent.lifecycle} (a finished agent run)
   */
  public Task claimTask(long taskId, long agentId) {
    EntityRef ref = EntityRef.task(taskId);
    if (actor.agentId() != null && actor.agentId() != agentId) {
      throw new RefusedException(
          "task.owner",
          "agent "
              + actor.agentId()
              + " cannot claim "
              + ref.words()
              + " for agent "
              + agentId
              + "; an agent claims for itself",
          List.of("agent " + actor.agentId()),
          ref);
    }
    return write(
        null,
        () -> {
          Agent agent = agentOrRefuse(agentId);
          if (agent.status().equals("completed") || agent.status().equals("failed")) {
            throw new RefusedException(
                "agent.lifecycle",
                "agent "
                    + agentId
                    + " is "
                    + agent.status()
                    + "; a finished agent run cannot claim tasks",
                List.of("provisioning", "active"),
                agent.ref());
          }
          if (store.claimTask(taskId, agentId)) {
            return store.task(taskId).orElseThrow();
          }
          Task task = taskOrRefuse(taskId);
          if (task.assignedAgentId() != null
              && (task.status().equals("assigned") || task.status().equals("in_progress"))) {
            if (task.assignedAgentId() == agentId && task.status().equals("assigned")) {
              return task;
            }
            throw new RefusedException(
                "task.claimed",
                ref.words()
                    + " is already claimed by agent "
                    + task.assignedAgentId()
                    + (task.status().equals("in_progress") ? " (in progress)" : ""),
                List.of(),
                ref);
          }
          throw new RefusedException(
              "task.lifecycle",
              ref.words() + " is " + task.status() + "; only an open task can be claimed",
              List.of("open"),
              ref);
        });
  }

  /**
   * Gives a claimed or started task back: it is open again, with no agent.
   *
   * @throws RefusedException {@code not_found}, {@code task.lifecycle}, {@code task.owner} (an
   *     agent releasing another agent's task)
   */
  public Task releaseTask(long taskId) {
    return move(taskId, "open", null, false, List.of("assigned", "in_progress"), "released");
  }

  /**
   * Starts work on a task: {@code in_progress}. An agent actor starting an open task takes it.
   *
   * @throws RefusedException {@code not_found}, {@code task.lifecycle}, {@code task.owner}
   */
  public Task startTask(long taskId) {
    return move(taskId, "in_progress", null, false, null, null);
  }

  /**
   * Finishes a task as {@code completed}, {@code failed} or {@code cancelled}, with a result. The
   * database then moves its need (see docs/engine.md: a completed last task resolves the need; a
   * failed task keeps it in progress until retried or cancelled).
   *
   * @throws RefusedException {@code not_found}, {@code input} (unknown outcome), {@code
   *     task.lifecycle}, {@code task.owner} (finishing someone else's task), {@code task.text}
   */
  public Task finishTask(long taskId, String outcome, String result) {
    EntityRef ref = EntityRef.task(taskId);
    if (outcome == null || !TASK_OUTCOMES.contains(outcome)) {
      throw new RefusedException(
          "input",
          RefusedException.quoted(outcome) + " is not a way to finish a task",
          TASK_OUTCOMES,
          ref);
    }
    text(result, "result", MAX_TEXT, "task.text", ref);
    return move(taskId, outcome, result, true, null, null);
  }

  /**
   * Opens a failed task again (no agent, result kept).
   *
   * @throws RefusedException {@code not_found}, {@code task.lifecycle}
   */
  public Task retryTask(long taskId) {
    return move(taskId, "open", null, false, List.of("failed"), "retried");
  }

  /**
   * Moves a task; {@code onlyFrom} (with {@code verb}) narrows the transitions for release and
   * retry.
   */
  private Task move(
      long taskId,
      String to,
      String result,
      boolean setResult,
      List<String> onlyFrom,
      String verb) {
    EntityRef ref = EntityRef.task(taskId);
    return write(
        null,
        () -> {
          Task task = taskOrRefuse(taskId);
          if (onlyFrom != null && !onlyFrom.contains(task.status())) {
            throw new RefusedException(
                "task.lifecycle",
                ref.words()
                    + " is "
                    + task.status()
                    + "; only a task that is "
                    + String.join(" or ", onlyFrom)
                    + " can be "
                    + verb,
                onlyFrom,
                ref);
          }
          List<String> next = store.taskTransitionsFrom(task.status());
          if (!next.contains(to)) {
            throw new RefusedException(
                "task.lifecycle",
                ref.words()
                    + ": "
                    + task.status()
                    + " -> "
                    + to
                    + " is not allowed"
                    + (next.isEmpty()
                        ? " (" + task.status() + " is final)"
                        : "; from " + task.status() + " it can move to " + String.join(", ", next)),
                next,
                ref);
          }
          Long me = actor.agentId();
          Long holder = task.assignedAgentId();
          if (me != null && holder != null && !holder.equals(me)) {
            throw new RefusedException(
                "task.owner",
                ref.words()
                    + " is held by agent "
                    + holder
                    + ", not by agent "
                    + me
                    + "; only its holder (or a person) can change it",
                List.of("agent " + holder),
                ref);
          }
          // An agent starting an open task takes it; finishing one it does not hold leaves no
          // holder
          // (who did it is in the history row).
          Long agent =
              to.equals("open")
                  ? null
                  : holder != null ? holder : to.equals("in_progress") ? me : null;
          store.setTaskState(taskId, to, agent, setResult ? result : task.result());
          return store.task(taskId).orElseThrow();
        });
  }

  // ------------------------------------------------------------------ artifacts

  /** The artifact with {@code artifactId}. @throws RefusedException {@code not_found} */
  public Artifact getArtifact(long artifactId) {
    return store.read(
        () ->
            store.artifact(artifactId).orElseThrow(() -> notFound(EntityRef.artifact(artifactId))));
  }

  /**
   * Registers a file as an artifact (or records it again when its path is registered: see {@link
   * ArtifactSpec} for what changes). The path is checked as {@link WorkspacePath} and resolved
   * through symlinks, none of which may lead outside {@code workspaceRoot}; the SHA-256 is computed
   * here.
   *
   * @throws RefusedException {@code artifact.path}, {@code artifact.file} (missing, not a regular
   *     file, unreadable), {@code artifact.type}, {@code artifact.text}
   */
  public ArtifactRegistration registerArtifact(Path workspaceRoot, ArtifactSpec spec) {
    return registerArtifacts(workspaceRoot, List.of(spec)).get(0);
  }

  /**
   * {@link #registerArtifact} for many files in one transaction (all or none), in the order given.
   * Files are hashed before the transaction starts, so other writers are not held up by reading.
   */
  public List<ArtifactRegistration> registerArtifacts(
      Path workspaceRoot, List<ArtifactSpec> specs) {
    if (specs.size() > MAX_ARTIFACTS_PER_CALL) {
      throw new RefusedException(
          "input",
          "at most " + MAX_ARTIFACTS_PER_CALL + " files per call, got " + specs.size(),
          List.of(),
          null);
    }
    Path root = workspaceRoot.toAbsolutePath().normalize();
    List<ArtifactSpec> clean = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    for (ArtifactSpec spec : specs) {
      String path = checkedPath(spec.filePath());
      String title = spec.title() == null ? null : title(spec.title(), "artifact.text", null);
      text(spec.description(), "description", MAX_TEXT, "artifact.text", null);
      text(spec.sourceTranscript(), "source_transcript", MAX_TEXT, "artifact.text", null);
      if (spec.type() != null && !ARTIFACT_TYPES.contains(spec.type())) {
        throw new RefusedException(
            "artifact.type",
            RefusedException.quoted(spec.type()) + " is not an artifact type (" + path + ")",
            ARTIFACT_TYPES,
            null);
      }
      hashes.add(hash(root, path));
      clean.add(
          new ArtifactSpec(
              path,
              title,
              spec.description(),
              spec.type(),
              spec.typeGuessed(),
              spec.sourceTranscript()));
    }
    // Nothing to record (a re-import of unchanged files): answer from a read, so the database file
    // is not written at all.
    List<ArtifactRegistration> unchanged =
        store.read(
            () -> {
              List<ArtifactRegistration> out = new ArrayList<>();
              for (int i = 0; i < clean.size(); i++) {
                Optional<Artifact> existing = store.artifactByPath(clean.get(i).filePath());
                if (existing.isEmpty() || !unchanged(existing.get(), clean.get(i), hashes.get(i))) {
                  return null;
                }
                out.add(
                    new ArtifactRegistration(
                        existing.get(), ArtifactRegistration.Outcome.UNCHANGED));
              }
              return out;
            });
    if (unchanged != null) {
      return unchanged;
    }
    return write(
        null,
        () -> {
          List<ArtifactRegistration> out = new ArrayList<>();
          for (int i = 0; i < clean.size(); i++) {
            out.add(record(clean.get(i), hashes.get(i)));
          }
          return out;
        });
  }

  /** Same content, and no type named by a person that differs from the recorded one. */
  private static boolean unchanged(Artifact old, ArtifactSpec spec, String hash) {
    return hash.equals(old.contentHash())
        && (spec.typeGuessed() || spec.type() == null || spec.type().equals(old.type()));
  }

  private ArtifactRegistration record(ArtifactSpec spec, String hash) {
    Optional<Artifact> existing = store.artifactByPath(spec.filePath());
    if (existing.isEmpty()) {
      String title =
          spec.title() != null
              ? spec.title()
              : spec.filePath().substring(spec.filePath().lastIndexOf('/') + 1);
      long id =
          store.insertArtifact(
              new ArtifactSpec(
                  spec.filePath(),
                  title,
                  spec.description(),
                  spec.type(),
                  spec.typeGuessed(),
                  spec.sourceTranscript()),
              hash);
      return new ArtifactRegistration(
          store.artifact(id).orElseThrow(), ArtifactRegistration.Outcome.ADDED);
    }
    Artifact old = existing.get();
    boolean typeReplaces = spec.type() != null && (!spec.typeGuessed() || old.type() == null);
    String type = typeReplaces ? spec.type() : old.type();
    Artifact updated;
    if (hash.equals(old.contentHash())) {
      if (unchanged(old, spec, hash)) {
        return new ArtifactRegistration(old, ArtifactRegistration.Outcome.UNCHANGED);
      }
      updated =
          new Artifact(
              old.id(),
              old.title(),
              old.description(),
              old.filePath(),
              spec.type(),
              old.contentHash(),
              old.sourceTranscript(),
              old.createdAt(),
              old.updatedAt());
    } else {
      updated =
          new Artifact(
              old.id(),
              spec.title() != null ? spec.title() : old.title(),
              spec.description(),
              old.filePath(),
              type,
              hash,
              spec.sourceTranscript() != null ? spec.sourceTranscript() : old.sourceTranscript(),
              old.createdAt(),
              old.updatedAt());
    }
    store.updateArtifact(updated);
    return new ArtifactRegistration(
        store.artifact(old.id()).orElseThrow(), ArtifactRegistration.Outcome.UPDATED);
  }

  /**
   * Hashes a registered artifact's file again and records the new hash when it changed.
   *
   * @throws RefusedException {@code not_found}, {@code artifact.path} (no file path, or one leading
   *     outside the workspace), {@code artifact.file}
   */
  public ArtifactRegistration rehashArtifact(Path workspaceRoot, long artifactId) {
    EntityRef ref = EntityRef.artifact(artifactId);
    Artifact a = getArtifact(artifactId);
    if (a.filePath() == null) {
      throw new RefusedException(
          "artifact.path",
          ref.words() + " has no file_path; there is no file to hash",
          List.of(),
          ref);
    }
    String hash = hash(workspaceRoot.toAbsolutePath().normalize(), checkedPath(a.filePath()));
    if (hash.equals(a.contentHash())) {
      return new ArtifactRegistration(a, ArtifactRegistration.Outcome.UNCHANGED);
    }
    return write(
        null,
        () -> {
          Artifact now = store.artifact(artifactId).orElseThrow(() -> notFound(ref));
          if (hash.equals(now.contentHash())) {
            return new ArtifactRegistration(now, ArtifactRegistration.Outcome.UNCHANGED);
          }
          store.updateArtifact(
              new Artifact(
                  now.id(),
                  now.title(),
                  now.description(),
                  now.filePath(),
                  now.type(),
                  hash,
                  now.sourceTranscript(),
                  now.createdAt(),
                  now.updatedAt()));
          return new ArtifactRegistration(
              store.artifact(artifactId).orElseThrow(), ArtifactRegistration.Outcome.UPDATED);
        });
  }

  private static String checkedPath(String filePath) {
    try {
      return WorkspacePath.of(filePath).value();
    } catch (InvalidPathException e) {
      throw new RefusedException("artifact.path", e.getMessage(), List.of(), null);
    }
  }

  private static String hash(Path root, String path) {
    Path file;
    try {
      file = WorkspacePath.of(path).resolveIn(root);
    } catch (InvalidPathException e) {
      throw new RefusedException("artifact.path", e.getMessage(), List.of(), null);
    }
    if (!Files.isRegularFile(file)) {
      throw new RefusedException(
          "artifact.file",
          RefusedException.quoted(path)
              + " is not a file under the workspace "
              + root
              + (Files.exists(file)
                  ? " (it is a directory or special file)"
                  : " (it does not exist)"),
          List.of(),
          null);
    }
    try {
      String hash = Sha256.ofFile(file);
      // The path was checked before it was read: a link swapped in meanwhile must not get a file
      // outside the workspace recorded, so where the file really is is checked again after reading.
      Path realRoot = root.toRealPath();
      if (!file.toRealPath().startsWith(realRoot)) {
        throw new RefusedException(
            "artifact.path",
            RefusedException.quoted(path)
                + " leads outside the workspace "
                + root
                + " (it changed while it was read)",
            List.of(),
            null);
      }
      return hash;
    } catch (IOException e) {
      throw new RefusedException(
          "artifact.file",
          RefusedException.quoted(path) + " cannot be read: " + e.getMessage(),
          List.of(),
          null);
    }
  }

  // ------------------------------------------------------------------ relationships

  /**
   * Relates two entities with a typed edge. Idempotent: when the same edge (same metadata) exists,
   * it is returned and nothing is written.
   *
   * @param metadataJson JSON text, or null
   * @throws RefusedException {@code input} (unknown type), {@code not_found} (an endpoint), {@code
   *     relationship.self}, {@code relationship.kind} (allowed: the endpoint pairs of the type),
   *     {@code relationship.cycle} (blocks), {@code relationship.exists} (same edge, other
   *     metadata), {@code relationship.metadata}
   */
  public Edge relate(EntityRef source, EntityRef target, String type, String metadataJson) {
    if (type == null || !RELATIONSHIP_TYPES.contains(type)) {
      throw new RefusedException(
          "input",
          RefusedException.quoted(type) + " is not a relationship type",
          RELATIONSHIP_TYPES,
          source);
    }
    text(metadataJson, "metadata", MAX_TEXT, "relationship.metadata", source);
    return write(
        null,
        () -> {
          if (source.equals(target)) {
            throw new RefusedException(
                "relationship.self",
                source.words() + " cannot " + type + " itself",
                List.of(),
                source);
          }
          for (EntityRef end : List.of(source, target)) {
            if (!store.exists(end)) {
              throw notFound(end);
            }
          }
          List<String> kinds = store.relationshipKinds(type);
          if (!kinds.contains(source.type() + "->" + target.type())) {
            throw new RefusedException(
                "relationship.kind",
                "a "
                    + type
                    + " edge cannot go from a "
                    + source.type()
                    + " to a "
                    + target.type()
                    + "; "
                    + type
                    + " connects "
                    + String.join(", ", kinds),
                kinds,
                source);
          }
          Optional<Edge> same = store.edge(source, target, type);
          if (same.isPresent()) {
            if (Objects.equals(same.get().metadata(), metadataJson)) {
              return same.get();
            }
            throw new RefusedException(
                "relationship.exists",
                "relationship "
                    + same.get().id()
                    + " ("
                    + same.get().words()
                    + ") exists with other metadata",
                List.of("relationship " + same.get().id()),
                source);
          }
          if (type.equals("blocks") && store.blocksPath(target, source)) {
            throw new RefusedException(
                "relationship.cycle",
                source
                    + " blocks "
                    + target
                    + " would close a cycle of blocks edges ("
                    + target
                    + " already blocks "
                    + source
                    + ", directly or through others)",
                List.of(),
                source);
          }
          return store.edge(store.insertEdge(source, target, type, metadataJson)).orElseThrow();
        });
  }

  // ------------------------------------------------------------------ agents

  /** The agent run with {@code agentId}. @throws RefusedException {@code not_found} */
  public Agent getAgent(long agentId) {
    return store.read(() -> agentOrRefuse(agentId));
  }

  /**
   * Registers an agent run ({@code provisioning}).
   *
   * @throws RefusedException {@code agent.type}, {@code agent.text}
   */
  public Agent registerAgent(AgentSpec spec) {
    agentType(spec.agentType());
    text(spec.kernelVersion(), "kernel_version", MAX_SHORT, "agent.text", null);
    text(spec.sessionTranscript(), "session_transcript", MAX_TEXT, "agent.text", null);
    return write(null, () -> store.agent(store.insertAgent(spec)).orElseThrow());
  }

  /**
   * provisioning -> active.
   *
   * @throws RefusedException {@code not_found}, {@code agent.lifecycle}
   */
  public Agent startAgent(long agentId) {
    return moveAgent(agentId, "active", false, null);
  }

  /**
   * Ends a run as {@code completed} or {@code failed}, with a summary.
   *
   * @throws RefusedException {@code not_found}, {@code input}, {@code agent.lifecycle}, {@code
   *     agent.text}
   */
  public Agent finishAgent(long agentId, String status, String resultSummary) {
    if (status == null || !AGENT_OUTCOMES.contains(status)) {
      throw new RefusedException(
          "input",
          RefusedException.quoted(status) + " is not a way to finish an agent run",
          AGENT_OUTCOMES,
          EntityRef.agent(agentId));
    }
    text(resultSummary, "result_summary", MAX_TEXT, "agent.text", EntityRef.agent(agentId));
    return moveAgent(agentId, status, true, resultSummary);
  }

  private Agent moveAgent(long agentId, String to, boolean finish, String summary) {
    return write(
        null,
        () -> {
          Agent agent = agentOrRefuse(agentId);
          List<String> next = AGENT_MOVES.getOrDefault(agent.status(), List.of());
          if (!next.contains(to)) {
            throw new RefusedException(
                "agent.lifecycle",
                agent.ref().words()
                    + ": "
                    + agent.status()
                    + " -> "
                    + to
                    + " is not allowed"
                    + (next.isEmpty()
                        ? " (" + agent.status() + " is final)"
                        : "; from "
                            + agent.status()
                            + " it can move to "
                            + String.join(", ", next)),
                next,
                agent.ref());
          }
          store.setAgentStatus(agentId, to, finish, summary);
          return store.agent(agentId).orElseThrow();
        });
  }

  /**
   * Sets the lens of an agent or of an agent type, replacing the previous one.
   *
   * @throws RefusedException {@code lens.owner} (not exactly one owner), {@code not_found} (the
   *     agent), {@code agent.type}, {@code lens.scopes}, {@code lens.tags}, {@code lens.weights},
   *     {@code lens.budget}
   */
  public Lens setLens(LensSpec spec) {
    if ((spec.agentId() == null) == (spec.agentType() == null)) {
      throw new RefusedException(
          "lens.owner",
          "a lens belongs to exactly one agent or one agent type",
          List.of("agent id", "agent type"),
          null);
    }
    if (spec.agentType() != null) {
      agentType(spec.agentType());
    }
    if (spec.scopes().size() > MAX_LIST || spec.weights().size() > MAX_LIST) {
      throw new RefusedException(
          "lens.scopes",
          "a lens takes at most " + MAX_LIST + " scopes and " + MAX_LIST + " weights",
          List.of(),
          null);
    }
    List<String> scopes =
        new ArrayList<>(
            new TreeSet<>(spec.scopes().stream().map(s -> scope(s, null, "lens.scopes")).toList()));
    List<String> tags = tags(spec.tags(), "lens.tags", null);
    Map<String, Double> weights = new LinkedHashMap<>();
    for (Map.Entry<String, Double> w : new TreeMap<>(spec.weights()).entrySet()) {
      String key = w.getKey();
      boolean ok =
          key != null
              && ((key.startsWith("tag:") && TAG.matcher(key.substring(4)).matches())
                  || (key.startsWith("scope:")
                      && key.length() > 6
                      && key.length() <= 6 + MAX_SHORT
                      && !hasControl(key)));
      if (!ok) {
        throw new RefusedException(
            "lens.weights",
            "lens weight key "
                + RefusedException.quoted(key)
                + " is not tag:<tag> or scope:<scope>",
            List.of("tag:<tag>", "scope:<scope>"),
            null);
      }
      Double v = w.getValue();
      if (v == null || !(v > 0 && v <= 100)) {
        throw new RefusedException(
            "lens.weights",
            "lens weight " + key + " = " + v + " is not in (0, 100]",
            List.of("(0, 100]"),
            null);
      }
      weights.put(key, v);
    }
    if (spec.tokenBudget() != null && (spec.tokenBudget() < 1 || spec.tokenBudget() > 10_000_000)) {
      throw new RefusedException(
          "lens.budget",
          "token budget " + spec.tokenBudget() + " is not in 1..10,000,000",
          List.of("1..10000000"),
          null);
    }
    LensSpec clean =
        new LensSpec(spec.agentId(), spec.agentType(), scopes, tags, weights, spec.tokenBudget());
    return write(
        null,
        () -> {
          if (clean.agentId() != null) {
            agentOrRefuse(clean.agentId());
          }
          store.saveLens(clean);
          return (clean.agentId() != null
                  ? store.lensOfAgent(clean.agentId())
                  : store.lensOfType(clean.agentType()))
              .orElseThrow();
        });
  }

  /**
   * The effective lens of an agent: its own, else its agent type's, else empty (it sees
   * everything).
   *
   * @throws RefusedException {@code not_found}
   */
  public Optional<Lens> lensOf(long agentId) {
    return store.read(() -> effectiveLens(agentOrRefuse(agentId)));
  }

  /** The lens set for an agent type itself, if any. @throws RefusedException {@code agent.type} */
  public Optional<Lens> lensOfType(String agentType) {
    agentType(agentType);
    return store.read(() -> store.lensOfType(agentType));
  }

  private Optional<Lens> effectiveLens(Agent agent) {
    Optional<Lens> own = store.lensOfAgent(agent.id());
    return own.isPresent() ? own : store.lensOfType(agent.agentType());
  }

  // ------------------------------------------------------------------ reads

  /**
   * Ready work: open tasks (need not deferred or resolved) and actionable needs without live tasks,
   * not blocked, ranked by {@code (6 - priority) * lens weight}, then age; plus the blocked ones
   * with their blockers. For an agent, its effective lens filters and weights the list.
   *
   * @throws RefusedException {@code input} (limit, cursor), {@code not_found} (the agent)
   */
  public ReadyWork readyWork(ReadyQuery query) {
    int offset = page(query.limit(), query.cursor());
    return store.read(
        () -> {
          Lens lens =
              query.agentId() == null
                  ? null
                  : effectiveLens(agentOrRefuse(query.agentId())).orElse(null);
          StateStore.RankInputs inputs =
              lens == null
                  ? new StateStore.RankInputs(List.of(), List.of(), Map.of())
                  : new StateStore.RankInputs(lens.scopes(), lens.tags(), lens.weights());
          StateStore.ReadyPage page = store.ready(inputs, offset, query.limit());
          List<ReadyItem> items = page.rows().stream().map(Engine::item).toList();
          StateStore.BlockedPage blocked = store.blocked(inputs, query.limit());
          String next =
              offset + items.size() < page.total() && !items.isEmpty()
                  ? Integer.toString(offset + items.size())
                  : null;
          return new ReadyWork(items, page.total(), next, blocked.items(), blocked.total(), lens);
        });
  }

  private static ReadyItem item(StateStore.ReadyRow r) {
    StringBuilder why = new StringBuilder();
    why.append('P').append(r.priority()).append(' ');
    if (r.kind().equals("task")) {
      why.append("task of need ")
          .append(r.needId())
          .append(" '")
          .append(oneLine(r.needTitle()))
          .append('\'');
    } else {
      why.append("actionable need with no live task");
    }
    List<String> facets = new ArrayList<>();
    if (r.scope() != null) {
      facets.add("scope " + oneLine(r.scope()));
    }
    if (!r.tags().isEmpty()) {
      facets.add("tags " + String.join(", ", r.tags()));
    }
    if (r.weight() != 1.0) {
      facets.add("lens weight " + number(r.weight()));
    }
    if (!facets.isEmpty()) {
      why.append(" (").append(String.join("; ", facets)).append(')');
    }
    why.append(r.kind().equals("task") ? ", open since " : ", waiting since ")
        .append(r.createdAt().length() >= 10 ? r.createdAt().substring(0, 10) : r.createdAt());
    return new ReadyItem(
        r.kind(),
        r.id(),
        r.needId(),
        r.title(),
        r.status(),
        r.priority(),
        r.score(),
        why.toString());
  }

  /**
   * Finds needs, tasks and artifacts whose text contains {@code query.text()} (case-insensitive,
   * {@code %} and {@code _} matched literally), ordered by kind and id.
   *
   * @throws RefusedException {@code input} (empty or long text, unknown kind, limit, cursor)
   */
  public SearchResult search(SearchQuery query) {
    int offset = page(query.limit(), query.cursor());
    String text = query.text();
    if (text == null || text.isBlank() || text.length() > MAX_SHORT || hasControl(text)) {
      throw new RefusedException(
          "input",
          "search text must be 1.." + MAX_SHORT + " characters without control characters",
          List.of(),
          null);
    }
    for (String kind : query.kinds()) {
      if (!List.of("need", "task", "artifact").contains(kind)) {
        throw new RefusedException(
            "input",
            RefusedException.quoted(kind) + " is not a kind to search",
            List.of("need", "task", "artifact"),
            null);
      }
    }
    return store.read(
        () -> {
          StateStore.SearchPage page = store.search(text, query.kinds(), offset, query.limit());
          String next =
              offset + page.hits().size() < page.total() && !page.hits().isEmpty()
                  ? Integer.toString(offset + page.hits().size())
                  : null;
          return new SearchResult(page.hits(), page.total(), next);
        });
  }

  /** The latest {@value #MAX_HISTORY_ROWS} history rows of an entity, oldest first. */
  public List<HistoryEntry> history(EntityRef ref) {
    return history(ref, MAX_HISTORY_ROWS);
  }

  /**
   * The latest {@code limit} history rows of an entity (need, task, artifact, agent), oldest first,
   * with actor, session and reason.
   *
   * @throws RefusedException {@code input} when limit is not 1..{@value #MAX_HISTORY_ROWS}
   */
  public List<HistoryEntry> history(EntityRef ref, int limit) {
    if (limit < 1 || limit > MAX_HISTORY_ROWS) {
      throw new RefusedException(
          "input", "history limit " + limit + " is not 1.." + MAX_HISTORY_ROWS, List.of(), ref);
    }
    return store.read(() -> store.history(ref.type(), ref.id(), limit));
  }

  // ------------------------------------------------------------------ plumbing

  private <T> T write(String reason, StateStore.Work<T> work) {
    return store.write(
        actor,
        reason,
        () -> {
          Long me = actor.agentId();
          if (me != null && !store.exists(EntityRef.agent(me))) {
            throw new RefusedException(
                "actor",
                "the acting agent " + me + " is not registered; register it first",
                List.of(),
                EntityRef.agent(me));
          }
          return work.run();
        });
  }

  private Need needOrRefuse(long id) {
    return store.need(id).orElseThrow(() -> notFound(EntityRef.need(id)));
  }

  private Task taskOrRefuse(long id) {
    return store.task(id).orElseThrow(() -> notFound(EntityRef.task(id)));
  }

  private Agent agentOrRefuse(long id) {
    return store.agent(id).orElseThrow(() -> notFound(EntityRef.agent(id)));
  }

  static RefusedException notFound(EntityRef ref) {
    return new RefusedException("not_found", ref.words() + " does not exist", List.of(), ref);
  }

  private static int page(int limit, String cursor) {
    if (limit < 1 || limit > ReadyQuery.MAX_LIMIT) {
      throw new RefusedException(
          "input", "limit " + limit + " is not 1.." + ReadyQuery.MAX_LIMIT, List.of(), null);
    }
    if (cursor == null) {
      return 0;
    }
    if (!CURSOR.matcher(cursor).matches()) {
      throw new RefusedException(
          "input",
          "cursor "
              + RefusedException.quoted(cursor)
              + " is not one this engine handed out; start without one",
          List.of(),
          null);
    }
    return Integer.parseInt(cursor);
  }

  private static String title(String value, String rule, EntityRef ref) {
    if (value == null || value.isBlank()) {
      throw new RefusedException(
          rule,
          (ref == null ? "" : ref.words() + ": ") + rule.replace('.', ' ') + " is required",
          List.of(),
          ref);
    }
    String s = value.strip();
    if (s.length() > MAX_TITLE || hasControl(s)) {
      throw new RefusedException(
          rule,
          (ref == null ? "" : ref.words() + ": ")
              + rule.replace('.', ' ')
              + " must be one line of at most "
              + MAX_TITLE
              + " characters",
          List.of(),
          ref);
    }
    return s;
  }

  private static String scope(String value, EntityRef ref) {
    return scope(value, ref, "need.scope");
  }

  private static String scope(String value, EntityRef ref, String rule) {
    if (value == null) {
      return null;
    }
    String s = value.strip();
    if (s.isEmpty() || s.length() > MAX_SHORT || hasControl(s)) {
      throw new RefusedException(
          rule,
          (ref == null ? "" : ref.words() + ": ")
              + "scope "
              + RefusedException.quoted(value)
              + " must be 1.."
              + MAX_SHORT
              + " characters on one line",
          List.of(),
          ref);
    }
    return s;
  }

  private static void text(String value, String field, int max, String rule, EntityRef ref) {
    if (value == null) {
      return;
    }
    if (value.length() > max) {
      throw new RefusedException(
          rule,
          (ref == null ? "" : ref.words() + ": ")
              + field
              + " is longer than "
              + max
              + " characters",
          List.of(),
          ref);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r') {
        throw new RefusedException(
            rule,
            (ref == null ? "" : ref.words() + ": ")
                + field
                + " contains a control character (U+"
                + String.format(Locale.ROOT, "%04X", (int) c)
                + ")",
            List.of(),
            ref);
      }
    }
  }

  private static void checkReason(String reason, EntityRef ref) {
    text(reason, "reason", Actor.MAX_LENGTH, "input", ref);
  }

  private static void checkPriority(Integer priority, String rule, EntityRef ref) {
    if (priority != null && (priority < 1 || priority > 5)) {
      throw new RefusedException(
          rule,
          (ref == null ? "" : ref.words() + ": ")
              + "priority "
              + priority
              + " is not 1 (critical) .. 5 (background)",
          List.of("1", "2", "3", "4", "5"),
          ref);
    }
  }

  private static List<String> tags(List<String> tags, String rule, EntityRef ref) {
    if (tags == null) {
      return List.of();
    }
    if (tags.size() > MAX_LIST) {
      throw new RefusedException(
          rule, "at most " + MAX_LIST + " tags, got " + tags.size(), List.of(), ref);
    }
    TreeSet<String> out = new TreeSet<>();
    for (String tag : tags) {
      if (tag == null || !TAG.matcher(tag).matches()) {
        throw new RefusedException(
            rule,
            (ref == null ? "" : ref.words() + ": ")
                + "tag "
                + RefusedException.quoted(tag)
                + " must match [a-z0-9][a-z0-9_.:-]* and be at most 64 characters",
            List.of("[a-z0-9][a-z0-9_.:-]*"),
            ref);
      }
      out.add(tag);
    }
    return List.copyOf(out);
  }

  private static void agentType(String type) {
    if (type == null || !AGENT_TYPE.matcher(type).matches()) {
      throw new RefusedException(
          "agent.type",
          "agent type "
              + RefusedException.quoted(type)
              + " must be lower-case snake_case (e.g. context_manager), at most 64 characters",
          List.of("[a-z][a-z0-9_]*"),
          null);
    }
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static String oneLine(String s) {
    String line = s.replaceAll("\\s+", " ").strip();
    return line.length() > 80 ? line.substring(0, 77) + "..." : line;
  }

  private static String number(double d) {
    return d == Math.rint(d)
        ? Long.toString((long) d)
        : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
