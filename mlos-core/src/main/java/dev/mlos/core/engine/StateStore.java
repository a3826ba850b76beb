package dev.mlos.core.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every statement the engine runs, behind one interface: {@link SqliteStateStore} is the SQLite
 * backend; a second backend (PostgreSQL) implements this interface and {@link Engine} stays as it
 * is. The engine owns validation, refusal wording, ranking inputs and actor handling; a store owns
 * SQL, transactions, retries on contention, and the translation of its database's errors.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>{@link #write} runs its work in one transaction that holds the write lock from the start
 *       (SQLite: {@code BEGIN IMMEDIATE}), with the {@code write_context} row set to the actor so
 *       history rows carry actor, session and reason; it retries the whole work a bounded number of
 *       times when the database is busy, and never lets "database is locked" out.
 *   <li>A rule the database enforces (trigger, CHECK, UNIQUE) surfaces as a {@link
 *       RefusedException} (see {@link DatabaseRefusals}); anything else as a {@link
 *       dev.mlos.core.db.DatabaseException}. No {@code SQLException} leaves a store.
 *   <li>Methods other than {@link #write}, {@link #read} and {@link #close} are called inside one
 *       of those two. Reads return empty/absent for missing rows; writes to a missing row are the
 *       engine's to prevent (it checks first, inside the same transaction).
 * </ul>
 *
 * Not thread-safe: one store per thread (one per process is the usual).
 */
interface StateStore extends AutoCloseable {

  /**
   * The files this store keeps among the workspace's own (a SQLite database, its journals, its text
   * form): their bytes change with every write, so none of them can be an artifact. Empty for a
   * store that keeps no file in the workspace (a database server).
   */
  default java.util.List<java.nio.file.Path> ownFiles() {
    return java.util.List.of();
  }

  /**
   * {@code listener} hears, once per write, that the write has waited a while for a lock another
   * process holds (with the ms waited); a store that never waits ignores it.
   */
  default void onLockWait(LockWait listener) {}

  /** Work run inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run();
  }

  /**
   * Runs {@code work} as one write transaction by {@code actor}; {@code reason} overrides the
   * actor's reason when not null.
   */
  default <T> T write(Actor actor, String reason, Work<T> work) {
    return write(actor, reason, () -> null, work);
  }

  /**
   * As {@link #write(Actor, String, Work)}, running {@code beforeSigning} first in the same
   * transaction, before the actor is recorded for the history rows: a check of the actor itself (a
   * finished agent run, which the database refuses to record as a write's actor) refuses in its own
   * words, and nothing is written.
   */
  <T> T write(Actor actor, String reason, Work<?> beforeSigning, Work<T> work);

  /** Runs {@code work} as one consistent read. */
  <T> T read(Work<T> work);

  /** Closes the connection. */
  @Override
  void close();

  // --- the rules as data

  /** {@code to_status} of each {@code need_transitions} row from {@code status}, sorted. */
  List<String> needTransitionsFrom(String status);

  /** {@code to_status} of each {@code task_transitions} row from {@code status}, sorted. */
  List<String> taskTransitionsFrom(String status);

  /**
   * The endpoint pairs {@code relationship_kinds} allows for a type, as {@code source->target},
   * sorted.
   */
  List<String> relationshipKinds(String relationshipType);

  // --- needs

  /** Inserts an {@code identified} need; {@code tags} already valid, sorted and distinct. */
  long insertNeed(NeedSpec spec, List<String> tags);

  Optional<Need> need(long id);

  /** Writes the need's title, description, priority, scope, tags, parent and source transcript. */
  void updateNeedFields(Need need);

  void setNeedStatus(long id, String status);

  /**
   * The status the need had just before it last moved to {@code status}, from its history ("last"
   * by {@code changed_at}, then id, as {@link #history}).
   */
  Optional<String> statusBefore(long needId, String status);

  /** True when {@code ancestorId} is {@code needId} or one of its ancestors. */
  boolean isSelfOrAncestor(long ancestorId, long needId);

  // --- tasks

  long insertTask(long needId, TaskSpec spec);

  Optional<Task> task(long id);

  /** Writes the task's description and priority (a null priority: none). */
  void updateTaskFields(long id, String description, Integer priority);

  /** The need's tasks in id order. */
  List<Task> tasksOf(long needId);

  /** The needs whose parent is {@code needId}, in id order, at most {@code limit}. */
  List<Need> childrenOf(long needId, int limit);

  /** How many needs have {@code needId} as their parent. */
  long childCount(long needId);

  /**
   * The tasks {@code agentId} holds: assigned to it, in progress, or failed by it (only it may
   * retry them), in id order, at most {@code limit}.
   */
  List<Task> heldBy(long agentId, int limit);

  /** How many tasks {@code agentId} holds, as {@link #heldBy} counts them (all, no limit). */
  int heldCount(long agentId);

  /**
   * Claims an open task: {@code status='assigned', assigned_agent_id, assigned_date = now} only
   * when it is still {@code open}. True when this call won.
   */
  boolean claimTask(long taskId, long agentId);

  /** Sets status, holder and result (the assigned date is cleared with the holder). */
  void setTaskState(long taskId, String status, Long assignedAgentId, String result);

  // --- artifacts

  /** Inserts an artifact; {@code spec.title()} is set, {@code hash} computed. */
  long insertArtifact(ArtifactSpec spec, String hash);

  Optional<Artifact> artifact(long id);

  /**
   * The workspace-relative paths among {@code filePaths} that the compile record ({@code
   * mlos_outputs}) names, in their order, each with one entry per workspace that compiles it
   * ({@code view 'problem' of workspace 'demo'}); empty when none is, or when the database has no
   * compile record. A path is named when a recorded page's path has its {@link
   * dev.mlos.core.path.PathKey} (one file where names ignore case or Unicode form); the entry then
   * says how the page is written ({@code , written as 'PROBLEM.md'}). An import hands every file at
   * once: the lookups must not grow with the record.
   */
  java.util.Map<String, java.util.List<String>> compiledAs(java.util.List<String> filePaths);

  /** The registered artifact with this path (the lowest id), if any. */
  Optional<Artifact> artifactByPath(String filePath);

  /**
   * For each of {@code filePaths} that is no artifact's path, the artifact whose path names its
   * file where names ignore case or Unicode form (its {@link dev.mlos.core.path.PathKey} is the
   * path's; of several, the lowest path), if any. A single registration must not read every
   * artifact.
   */
  java.util.Map<String, Artifact> artifactsOfSameFile(java.util.List<String> filePaths);

  /** Writes title, description, type, hash and source transcript. */
  void updateArtifact(Artifact artifact);

  /** Writes the artifact's file path and hash (its id, edges and history stay: a move). */
  void moveArtifact(long id, String filePath, String contentHash);

  /**
   * Deletes the artifact; the schema deletes the edges that touch it, takes it out of the agents'
   * lists and records the deletion in history.
   */
  void deleteArtifact(long id);

  // --- relationships

  Optional<Edge> edge(long id);

  Optional<Edge> edge(EntityRef source, EntityRef target, String type);

  long insertEdge(EntityRef source, EntityRef target, String type, String metadata);

  /** Deletes the relationship; the schema records the deletion in history. */
  void deleteEdge(long id);

  /** Edges touching {@code ref} as source or target, in id order. */
  List<Edge> edgesOf(EntityRef ref);

  /** True when the row exists. */
  boolean exists(EntityRef ref);

  /**
   * True when {@code blocks} edges lead from {@code from} to {@code to} (a path of one or more
   * edges).
   */
  boolean blocksPath(EntityRef from, EntityRef to);

  // --- agents

  long insertAgent(AgentSpec spec);

  Optional<Agent> agent(long id);

  /**
   * Agent runs in id order, at most {@code limit}: every run when {@code all}, else those not
   * finished (provisioning or active).
   */
  List<Agent> agents(boolean all, int limit);

  /** The agent types with at least one run (any status), sorted, at most {@code limit}. */
  List<String> agentTypes(int limit);

  /** Whether any run (any status) of {@code agentType} is registered. */
  boolean hasAgentOfType(String agentType);

  /** How many runs {@link #agents} would list without a limit. */
  long agentCount(boolean all);

  /** Sets the status; {@code finished} also stamps {@code completed_at} and writes the summary. */
  void setAgentStatus(long id, String status, boolean finished, String resultSummary);

  // --- lenses

  Optional<Lens> lensOfAgent(long agentId);

  /** Whether a lens row with this id exists now. */
  boolean lensExists(long lensId);

  Optional<Lens> lensOfType(String agentType);

  /** Inserts or replaces (by owner) the lens; values already valid. Returns its id. */
  long saveLens(LensSpec spec);

  // --- request ids (schema V21: local records, out of the text form)

  /**
   * A keyed write as recorded: its operation, its arguments' fingerprint, the ids it made and when
   * (ISO-8601 UTC).
   */
  record RequestRecord(
      String operation, String fingerprint, List<Long> resultIds, String createdAt) {}

  /**
   * The record of {@code requestId} by {@code actor} ({@code agent:3}), unless it is older than
   * {@code keptSeconds}.
   */
  Optional<RequestRecord> request(String actor, String requestId, long keptSeconds);

  /** Records a keyed write, replacing an expired record of the same actor and id. */
  void saveRequest(String actor, String requestId, RequestRecord record);

  /**
   * Deletes at most {@code limit} records older than {@code keptSeconds}, oldest first, in work
   * bounded by {@code limit}; returns how many.
   */
  int pruneRequests(long keptSeconds, int limit);

  // --- reads

  /**
   * What ranking needs: the lens filter ({@code scopes}, {@code tags}; both empty = everything) and
   * weights ({@code tag:x} / {@code scope:y} to a weight).
   */
  record RankInputs(List<String> scopes, List<String> tags, Map<String, Double> weights) {}

  /**
   * One ready item as stored, before the engine words its reason.
   *
   * @param priority the task's, else its need's; null when neither has one
   * @param score {@code (6 - p) * weight}, {@code p} the priority, else 3
   */
  record ReadyRow(
      String kind,
      long id,
      long needId,
      String title,
      String status,
      Integer priority,
      double weight,
      double score,
      String createdAt,
      String needTitle,
      String scope,
      List<String> tags) {}

  /** A page of ready rows in rank order, and how many there are in all. */
  record ReadyPage(List<ReadyRow> rows, int total) {}

  /** Ready items ranked: score DESC, created_at ASC, task before need, id ASC. */
  ReadyPage ready(RankInputs inputs, int offset, int limit);

  /** Blocked items in kind (task, need) and id order, with their blockers; and how many in all. */
  record BlockedPage(List<BlockedItem> items, int total) {}

  BlockedPage blocked(RankInputs inputs, int limit);

  /**
   * What blocks a task now: the sources of {@code blocks} edges into it or into its need that are
   * not done, in (type, id) order; empty when nothing does.
   */
  List<BlockedItem.Blocker> blockersOfTask(long taskId, long needId);

  /** A page of hits for a case-insensitive substring (matched literally) and how many in all. */
  record SearchPage(List<SearchHit> hits, int total) {}

  SearchPage search(String text, Set<String> kinds, int offset, int limit);

  /**
   * History rows of one entity, the latest {@code limit}, oldest first: by {@code changed_at}, then
   * id (a plain {@code git pull} renumbers the upstream's rows after one's own, so ids alone are
   * not the order things happened in).
   */
  List<HistoryEntry> history(String entityType, long entityId, int limit);
}
