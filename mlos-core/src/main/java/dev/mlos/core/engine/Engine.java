package dev.mlos.core.engine;

import dev.mlos.core.path.WorkspacePath;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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

  /** Child needs {@link #getNeed} lists (by id); {@link NeedDetail#childrenTotal} counts all. */
  public static final int NEED_CHILDREN_ROWS = 50;

  /** Most tasks one {@link #graduate} call creates. */
  public static final int MAX_TASKS_PER_GRADUATION = 100;

  /** Most files one {@link #registerArtifacts} or {@link #rehashArtifacts} call handles. */
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

  /**
   * A tag the tag rule refuses, written as the rule takes it ({@code "Kernel Boot"} -> {@code
   * "kernel-boot"}), or null when it is taken as it is or nothing of it is left: for an adapter
   * that checks tags itself (the MCP server's input schema) and words the refusal.
   */
  public static String tagAsTaken(String tag) {
    return tag == null || InputRules.TAG.matcher(tag).matches() ? null : InputRules.tagAsTaken(tag);
  }

  /** Relationship types. */
  public static final List<String> RELATIONSHIP_TYPES =
      List.of(
          "derived_from", "references", "blocks", "enables", "monitors", "produced", "consumed");

  /** Artifact types. */
  public static final List<String> ARTIFACT_TYPES =
      List.of("document", "code", "config", "context_pack", "transcript", "image", "schema");

  /** Statuses a need may have to graduate into tasks. */
  public static final List<String> GRADUATABLE = List.of("actionable", "in_progress");

  final StateStore store; // for the operations beside this class (ArtifactMoves)
  private final Actor actor;
  private final boolean ownsStore;
  private final NeedOperations needs;
  private final TaskOperations tasks;
  private final ArtifactOperations artifacts;
  private final EdgeOperations edges;
  private final AgentOperations agents;
  private final ReadOperations reads;

  private Engine(StateStore store, Actor actor, boolean ownsStore) {
    this.store = store;
    this.actor = actor;
    this.ownsStore = ownsStore;
    this.needs = new NeedOperations(store, actor);
    this.tasks = new TaskOperations(store, actor);
    this.artifacts = new ArtifactOperations(store, actor);
    this.edges = new EdgeOperations(store, actor);
    this.agents = new AgentOperations(store, actor);
    this.reads = new ReadOperations(store, actor);
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

  /** The same engine (same connection) writing as {@code other}; closing it does nothing. */
  public Engine as(Actor other) {
    if (other == null) {
      throw new IllegalArgumentException("actor is required");
    }
    return new Engine(store, other, false);
  }

  /**
   * {@code listener} hears, once per write, that the write has waited two seconds for the write
   * lock another process holds (an agent's server writing, a {@code sqlite3} shell in a
   * transaction); the write goes on waiting as before. For the command line, which otherwise says
   * nothing while it waits. Null: no one hears.
   */
  public void onLockWait(LockWait listener) {
    store.onLockWait(listener);
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

  /** The writes a retry must not repeat, keyed by the client's request id ({@link RequestIds}). */
  public KeyedWrites once(String requestId) {
    return new KeyedWrites(needs, requestId);
  }

  /**
   * Creates an {@code identified} need.
   *
   * @throws RefusedException {@code need.title}, {@code need.priority}, {@code need.tags}, {@code
   *     need.scope}, {@code need.text}, {@code not_found} (the parent)
   */
  public Need createNeed(NeedSpec spec) {
    return needs.createNeed(spec);
  }

  /**
   * Changes a need's fields and tags (not its status: see {@link #moveNeed}). A change that changes
   * nothing writes nothing ({@link Written#changed} false).
   *
   * @throws RefusedException {@code not_found}, {@code need.title}, {@code need.priority}, {@code
   *     need.tags}, {@code need.scope}, {@code need.text}, {@code need.parent} (a cycle)
   */
  public Written<Need> updateNeed(long needId, NeedChange change) {
    return needs.updateNeed(needId, change);
  }

  /**
   * Moves a need along its lifecycle ({@code need_transitions}). Moving to the status it has
   * already writes nothing ({@link Written#changed} false). A need cannot be resolved while one of
   * its tasks is open, assigned, in progress or failed. A need made actionable again after its
   * tasks finished (it was deferred meanwhile) is resolved at once, as it would have been when its
   * last task completed.
   *
   * @param reason why (recorded in the history row), or null for the actor's reason
   * @throws RefusedException {@code not_found}, {@code input} (unknown status), {@code
   *     need.lifecycle} (allowed: the next states), {@code need.open_tasks}
   */
  public Written<Need> moveNeed(long needId, String toStatus, String reason) {
    return needs.moveNeed(needId, toStatus, reason);
  }

  /** Parks a need ({@link #moveNeed} to {@code deferred}; one deferred already is not written). */
  public Written<Need> deferNeed(long needId, String reason) {
    return needs.deferNeed(needId, reason);
  }

  /**
   * Brings a deferred need back: to the status it had before it was deferred when the lifecycle
   * allows that, else to {@code active} (whatever made it actionable must be re-established).
   *
   * @throws RefusedException {@code not_found}, {@code need.lifecycle} when it is not deferred
   */
  public Need resumeNeed(long needId, String reason) {
    return needs.resumeNeed(needId, reason);
  }

  /**
   * A need with its tasks, edges, recent history (with actors) and allowed next states.
   *
   * @throws RefusedException {@code not_found}
   */
  public NeedDetail getNeed(long needId) {
    return needs.getNeed(needId);
  }

  /**
   * Graduates an actionable (or in_progress) need into tasks, in one step. A task without a
   * priority takes its need's; each gets its {@code derived_from} edge to the need. A need that has
   * live tasks (open, assigned, in progress) is refused: of several agents graduating the need
   * ready work offered them, exactly one does ({@link #graduateMore} adds tasks to live ones).
   *
   * @return the new tasks, in the order given
   * @throws RefusedException {@code not_found}, {@code need.graduate} (allowed: actionable,
   *     in_progress), {@code need.graduated} (allowed: the live tasks), {@code task.description},
   *     {@code task.priority}, {@code input} (no tasks, too many)
   */
  public List<Task> graduate(long needId, List<TaskSpec> tasks) {
    return needs.graduate(needId, tasks, false, null).row();
  }

  /**
   * {@link #graduate}, also when the need has live tasks: adds these to them.
   *
   * @throws RefusedException as {@link #graduate}, but never {@code need.graduated}
   */
  public List<Task> graduateMore(long needId, List<TaskSpec> tasks) {
    return needs.graduate(needId, tasks, true, null).row();
  }

  // ------------------------------------------------------------------ tasks

  /** The task with {@code taskId}. @throws RefusedException {@code not_found} */
  public Task getTask(long taskId) {
    return tasks.getTask(taskId);
  }

  /**
   * Changes a task's description and/or priority (null: unchanged), in any status; its status moves
   * only through claim, start, finish and retry. The description follows the rules of {@link
   * #graduate} (one line, at most 500 characters). Values the task holds already write nothing
   * ({@link Written#changed} false). An agent changes an open task or one it holds, not one another
   * agent holds or finished.
   *
   * @throws RefusedException {@code not_found}, {@code task.description}, {@code task.priority},
   *     {@code input} (nothing to change), {@code task.owner} (another agent's task)
   */
  public Written<Task> updateTask(long taskId, String description, Integer priority) {
    return tasks.updateTask(taskId, description, priority);
  }

  /**
   * Claims an open task for an agent, atomically: of several claimers exactly one wins; the others
   * are told who holds it. An agent claims for itself; a person or tool may claim for any agent.
   * Claiming a task the agent already holds (assigned) returns it unchanged.
   *
   * @throws RefusedException {@code not_found} (task or agent), {@code task.claimed} ("task 7 is
   *     already claimed by agent 3"), {@code task.lifecycle} (not open), {@code task.owner} (an
   *     agent claiming for another), {@code agent.lifecycle} (a finished agent run)
   * @see #claim
   */
  public Task claimTask(long taskId, long agentId) {
    return tasks.claimTask(taskId, agentId).task();
  }

  /**
   * {@link #claimTask}, also saying what blocks the task at the moment of the claim (read in the
   * claim's transaction). A blocked task can be claimed, but it is not ready work: the CLI and the
   * MCP server warn with its blockers.
   *
   * @throws RefusedException as {@link #claimTask}
   */
  public TaskClaim claim(long taskId, long agentId) {
    return tasks.claimTask(taskId, agentId);
  }

  /**
   * Gives a claimed or started task back: it is open again, with no agent.
   *
   * @throws RefusedException {@code not_found}, {@code task.lifecycle}, {@code task.owner} (an
   *     agent releasing another agent's task)
   */
  public Task releaseTask(long taskId) {
    return release(taskId).row();
  }

  /**
   * As {@link #releaseTask}, saying whether anything was written: an open task is left alone
   * ({@code changed} false, no history row), so a retried release succeeds.
   */
  public Written<Task> release(long taskId) {
    return tasks.releaseTask(taskId);
  }

  /**
   * Starts work on a task: {@code in_progress}. An agent actor starting an open task takes it.
   *
   * @throws RefusedException {@code not_found}, {@code task.lifecycle}, {@code task.owner}
   */
  public Task startTask(long taskId) {
    return start(taskId).row();
  }

  /**
   * As {@link #startTask}, saying whether anything was written: a task in progress held by the
   * starting agent (or started by a person) is left alone ({@code changed} false, no history row).
   */
  public Written<Task> start(long taskId) {
    return tasks.startTask(taskId);
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
    return tasks.finishTask(taskId, outcome, result);
  }

  /**
   * Opens a failed task again (no agent, result kept).
   *
   * @throws RefusedException {@code not_found}, {@code task.lifecycle}
   */
  public Task retryTask(long taskId) {
    return retry(taskId).row();
  }

  /**
   * As {@link #retryTask}, saying whether anything was written: an open task is left alone ({@code
   * changed} false, no history row), so a retried retry succeeds.
   */
  public Written<Task> retry(long taskId) {
    return tasks.retryTask(taskId);
  }

  // ------------------------------------------------------------------ artifacts

  /** The artifact with {@code artifactId}. @throws RefusedException {@code not_found} */
  public Artifact getArtifact(long artifactId) {
    return artifacts.getArtifact(artifactId);
  }

  /**
   * Registers a file as an artifact (or records it again when its path is registered: see {@link
   * ArtifactSpec} for what changes). The path is checked as {@link WorkspacePath} and resolved
   * through symlinks, none of which may lead outside the workspace root; the SHA-256 is computed
   * here. A path not yet registered must be the file's real path: one reached through a link inside
   * the workspace (a link to an ancestor, a linked file or directory) is refused, naming the real
   * path, so one file is never two artifacts. A file in the state directory of {@code places}
   * (compared as the file system compares: by the directories' identity) is refused too.
   *
   * @param places the workspace root and its state directory, as the workspace's configuration says
   * @throws RefusedException {@code artifact.path}, {@code artifact.file} (missing, not a regular
   *     file, unreadable), {@code artifact.type}, {@code artifact.text}
   */
  public ArtifactRegistration registerArtifact(ArtifactPlaces places, ArtifactSpec spec) {
    return artifacts.registerArtifact(places, spec);
  }

  /**
   * {@link #registerArtifact} for many files in one transaction (all or none), in the order given.
   * Files are hashed before the transaction starts, so other writers are not held up by reading.
   */
  public List<ArtifactRegistration> registerArtifacts(
      ArtifactPlaces places, List<ArtifactSpec> specs) {
    return artifacts.registerArtifacts(places, specs);
  }

  /**
   * Changes a registered artifact's title, description or type; its file and hash are not looked at
   * ({@link #rehashArtifact} records a changed file). A change that changes nothing writes nothing
   * ({@link Written#changed} false). Registering the file again does not retitle it while its
   * content is unchanged (an import must not undo a person's title): this does.
   *
   * @throws RefusedException {@code not_found}, {@code input} (no change named, or a description
   *     both given and cleared), {@code artifact.text}, {@code artifact.type}
   */
  public Written<Artifact> updateArtifact(long artifactId, ArtifactChange change) {
    return artifacts.updateArtifact(artifactId, change);
  }

  /**
   * Hashes a registered artifact's file again and records the new hash when it changed.
   *
   * @throws RefusedException {@code not_found}, {@code artifact.path} (no file path, or one leading
   *     outside the workspace), {@code artifact.file}
   */
  public ArtifactRegistration rehashArtifact(ArtifactPlaces places, long artifactId) {
    return artifacts.rehashArtifact(places, artifactId);
  }

  /**
   * Unregisters an artifact: deletes its row and the edges that touch it, and takes it out of the
   * agents' lists (the schema does both), in one transaction; history records each row deleted. The
   * file itself is not touched.
   *
   * @throws RefusedException {@code not_found}
   */
  public ArtifactRemoval removeArtifact(long artifactId) {
    return artifacts.removeArtifact(artifactId);
  }

  /**
   * Hashes several registered artifacts' files again and records each new hash, in one transaction:
   * every hash is recorded or none (for example {@code mlos:accept} of every drifted artifact). The
   * files are hashed before the transaction. The result has one registration per id, in the order
   * given; nothing is written when no hash changed.
   *
   * @throws RefusedException {@code input} (more than {@link #MAX_ARTIFACTS_PER_CALL} ids), {@code
   *     not_found}, {@code artifact.path} (no file path, or one leading outside the workspace),
   *     {@code artifact.file}
   */
  public List<ArtifactRegistration> rehashArtifacts(ArtifactPlaces places, List<Long> artifactIds) {
    return artifacts.rehashArtifacts(places, List.copyOf(artifactIds));
  }

  // ------------------------------------------------------------------ relationships

  /**
   * Relates two entities with a typed edge. Idempotent: when the same edge (same metadata) exists,
   * it is returned with {@code changed} false and nothing is written.
   *
   * @param metadataJson JSON text, or null
   * @throws RefusedException {@code input} (unknown type), {@code not_found} (an endpoint), {@code
   *     relationship.self}, {@code relationship.kind} (allowed: the endpoint pairs of the type),
   *     {@code relationship.cycle} (blocks), {@code relationship.exists} (same edge, other
   *     metadata), {@code relationship.metadata}
   */
  public Written<Edge> relate(
      EntityRef source, EntityRef target, String type, String metadataJson) {
    return edges.relate(source, target, type, metadataJson);
  }

  /**
   * Removes the {@code type} edge from {@code source} to {@code target}. Idempotent: returns the
   * removed edge, or empty (nothing written but the transaction) when there is no such edge.
   *
   * @throws RefusedException {@code input} (unknown type), {@code not_found} (an endpoint), and the
   *     schema's refusal of the derived_from edge of a task to its own need, which mlos keeps
   */
  public Optional<Edge> unrelate(EntityRef source, EntityRef target, String type) {
    return edges.unrelate(source, target, type);
  }

  // ------------------------------------------------------------------ agents

  /** Most agent runs {@link #listAgents} lists at once. */
  public static final int MAX_AGENTS_LISTED = 1000;

  /** How many agent runs a list shows when its caller names no limit (every adapter's default). */
  public static final int DEFAULT_AGENTS_LISTED = 50;

  /**
   * The agent runs in id order, at most {@code limit} (1..{@link #MAX_AGENTS_LISTED}): those not
   * finished (provisioning or active), or every run when {@code all}, with how many there are.
   *
   * @throws RefusedException {@code input} for a limit out of range
   */
  public AgentList listAgents(boolean all, int limit) {
    return agents.listAgents(all, limit);
  }

  /** The agent run with {@code agentId}. @throws RefusedException {@code not_found} */
  public Agent getAgent(long agentId) {
    return agents.getAgent(agentId);
  }

  /**
   * Registers an agent run ({@code provisioning}).
   *
   * @throws RefusedException {@code agent.type}, {@code agent.text}
   */
  public Agent registerAgent(AgentSpec spec) {
    return agents.registerAgent(spec);
  }

  /**
   * provisioning -> active; a run that is active already is left alone ({@code changed} false,
   * nothing written).
   *
   * @throws RefusedException {@code not_found}, {@code agent.lifecycle}
   */
  public Written<Agent> startAgent(long agentId) {
    return agents.startAgent(agentId);
  }

  /**
   * Ends a run as {@code completed} or {@code failed}, with a summary.
   *
   * @throws RefusedException {@code not_found}, {@code input}, {@code agent.lifecycle}, {@code
   *     agent.text}
   */
  public Agent finishAgent(long agentId, String status, String resultSummary) {
    return agents.finishAgent(agentId, status, resultSummary);
  }

  /**
   * The tasks agent run {@code agentId} holds (assigned to it, in progress, or failed by it), at
   * most {@code limit}, by id: no other agent can claim them, so a run that finishes holding some
   * leaves them to a person, who releases (or retries) them.
   *
   * @throws RefusedException {@code not_found}
   */
  public List<Task> heldTasks(long agentId, int limit) {
    return agents.heldTasks(agentId, limit);
  }

  /**
   * Sets the lens of an agent or of an agent type, replacing the previous one. A type no run has
   * yet is accepted, with a note that says so ({@link LensSet#notes}).
   *
   * @throws RefusedException {@code lens.owner} (not exactly one owner), {@code not_found} (the
   *     agent), {@code agent.type}, {@code lens.scopes}, {@code lens.tags}, {@code lens.weights}
   *     (also a scope's weight the lens can never show), {@code lens.budget}
   */
  public LensSet setLens(LensSpec spec) {
    return agents.setLens(spec);
  }

  /**
   * The effective lens of an agent: its own, else its agent type's, else empty (it sees
   * everything).
   *
   * @throws RefusedException {@code not_found}
   */
  public Optional<Lens> lensOf(long agentId) {
    return agents.lensOf(agentId);
  }

  /** The lens set for an agent type itself, if any. @throws RefusedException {@code agent.type} */
  public Optional<Lens> lensOfType(String agentType) {
    return agents.lensOfType(agentType);
  }

  // ------------------------------------------------------------------ reads

  /**
   * Ready work: open tasks (need not deferred or resolved) and actionable needs without live tasks,
   * not blocked, ranked by {@code (6 - priority) * lens weight}, then age; plus the blocked ones
   * with their blockers. For an agent, its effective lens filters and weights the list.
   *
   * @throws RefusedException {@code input} (limit), {@code input.cursor} (a cursor not given for
   *     this agent and lens), {@code not_found} (the agent)
   */
  public ReadyWork readyWork(ReadyQuery query) {
    return reads.readyWork(query);
  }

  /**
   * Finds needs, tasks and artifacts whose text contains {@code query.text()} (case-insensitive,
   * {@code %} and {@code _} matched literally), ordered by kind and id.
   *
   * @throws RefusedException {@code input} (bad text or kind, limit), {@code input.cursor}
   */
  public SearchResult search(SearchQuery query) {
    return reads.search(query);
  }

  /** The latest {@value #MAX_HISTORY_ROWS} history rows of an entity, oldest first. */
  public List<HistoryEntry> history(EntityRef ref) {
    return reads.history(HistoryRef.of(ref));
  }

  /**
   * The latest {@code limit} history rows of an entity (need, task, artifact, agent), oldest first,
   * with actor, session and reason.
   *
   * @throws RefusedException {@code input} when limit is not 1..{@value #MAX_HISTORY_ROWS}
   */
  public List<HistoryEntry> history(EntityRef ref, int limit) {
    return reads.history(HistoryRef.of(ref), limit);
  }

  /**
   * The latest {@code limit} history rows of an entity or a lens ({@code lens:2}), oldest first,
   * with actor, session and reason.
   *
   * @throws RefusedException {@code input} when limit is not 1..{@value #MAX_HISTORY_ROWS}; {@code
   *     not_found} for a row that never existed
   */
  public List<HistoryEntry> history(HistoryRef ref, int limit) {
    return reads.history(ref, limit);
  }
}
