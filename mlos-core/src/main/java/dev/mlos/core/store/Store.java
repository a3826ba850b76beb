package dev.mlos.core.store;

import dev.mlos.core.db.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads and writes the five tables of the mlos schema, records in and records out.
 *
 * <p>The store does not re-check what the database enforces; when SQLite rejects a write it throws
 * a {@link StoreException} whose message names the row, column and value. It works on the caller's
 * connection (open it with {@link dev.mlos.core.db.Database}) and keeps its prepared statements
 * until {@link #close()}, which does not close the connection. Not thread-safe.
 *
 * <p>Each call is its own transaction unless it runs inside {@link #inTransaction}, which is the
 * fast path for many inserts.
 */
public final class Store implements AutoCloseable {
  private static final String NEED_COLUMNS =
      "id, title, description, status, priority, scope, created_at, updated_at, source_transcript, parent_need_id";
  private static final String TASK_COLUMNS =
      "id, need_id, description, status, priority, assigned_agent_id, result, "
          + "created_at, updated_at, assigned_date, source_transcript";
  private static final String ARTIFACT_COLUMNS =
      "id, title, description, file_path, artifact_type, content_hash, "
          + "created_at, updated_at, source_transcript";
  private static final String RELATIONSHIP_COLUMNS =
      "id, source_type, source_id, target_type, target_id, relationship_type, metadata, created_at";
  private static final String AGENT_COLUMNS =
      "id, agent_type, status, kernel_version, provisioned_artifacts, "
          + "assigned_tasks, monitored_needs, session_transcript, started_at, completed_at, result_summary";

  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  private Store(Connection connection) {
    this.connection = connection;
  }

  /** A store writing through {@code connection}, which must have the {@code mlos} schema. */
  public static Store on(Connection connection) {
    return new Store(connection);
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   * Inside an enclosing transaction it simply joins it.
   */
  public <T> T inTransaction(Function<Store, T> work) {
    try {
      return Transaction.run(connection, () -> work.apply(this));
    } catch (SQLException e) {
      throw new StoreException(
          "transaction failed: " + ConstraintMessages.sqliteMessage(e),
          null,
          null,
          ConstraintMessages.sqliteMessage(e),
          e);
    }
  }

  /** As {@link #inTransaction(Function)} for work without a result. */
  public void inTransaction(Consumer<Store> work) {
    inTransaction(
        s -> {
          work.accept(s);
          return null;
        });
  }

  // --- needs

  /** Inserts a need and returns its id. */
  public long insertNeed(NewNeed need) {
    return insertNeed(need, null);
  }

  /**
   * Inserts a need whose {@code created_at} and {@code updated_at} are {@code at} (UTC ISO-8601,
   * e.g. {@code 2026-02-08T10:11:12.345Z}) instead of the clock, and returns its id. For importers
   * and generators that replay rows with their own times: the history then does not depend on when
   * they ran. A null {@code at} means the clock.
   */
  public long insertNeed(NewNeed need, String at) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("title", need.title());
    v.put("description", need.description());
    v.put("status", need.status());
    v.put("priority", need.priority());
    v.put("scope", need.scope());
    v.put("source_transcript", need.sourceTranscript());
    v.put("parent_need_id", need.parentNeedId());
    stamp(v, at, "created_at", "updated_at");
    return insert(new Write("need", "needs", null, v));
  }

  /** The need with {@code id}, if any. */
  public Optional<Need> need(long id) {
    return one("SELECT " + NEED_COLUMNS + " FROM needs WHERE id = ?", id, Store::need);
  }

  /**
   * Moves a need to {@code status}; the database allows only the moves in {@code need_transitions}.
   *
   * @throws StoreException e.g. "need 12: resolved -> active is not allowed", or when there is no
   *     such need
   */
  public void moveNeed(long id, String status) {
    update(
        new Write("need", "needs", id, column("status", status)),
        "UPDATE needs SET status = ? WHERE id = ?",
        status);
  }

  /** Streams every need in id order to {@code each}, without holding them all in memory. */
  public void forEachNeed(Consumer<Need> each) {
    forEach("SELECT " + NEED_COLUMNS + " FROM needs ORDER BY id", Store::need, each);
  }

  // --- tasks

  /** Inserts a task for an actionable or in_progress need and returns its id. */
  public long insertTask(NewTask task) {
    return insertTask(task, null);
  }

  /**
   * As {@link #insertTask(NewTask)} with {@code created_at} and {@code updated_at} set to {@code
   * at} (see {@link #insertNeed(NewNeed, String)}).
   */
  public long insertTask(NewTask task, String at) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("need_id", task.needId());
    v.put("description", task.description());
    v.put("status", task.status());
    v.put("priority", task.priority());
    v.put("assigned_agent_id", task.assignedAgentId());
    v.put("result", task.result());
    v.put("assigned_date", task.assignedDate());
    v.put("source_transcript", task.sourceTranscript());
    stamp(v, at, "created_at", "updated_at");
    return insert(new Write("task", "tasks", null, v));
  }

  /** The task with {@code id}, if any. */
  public Optional<Task> task(long id) {
    return one("SELECT " + TASK_COLUMNS + " FROM tasks WHERE id = ?", id, Store::task);
  }

  /** Sets a task's status. */
  public void setTaskStatus(long id, String status) {
    update(
        new Write("task", "tasks", id, column("status", status)),
        "UPDATE tasks SET status = ? WHERE id = ?",
        status);
  }

  /** Streams every task in id order. */
  public void forEachTask(Consumer<Task> each) {
    forEach("SELECT " + TASK_COLUMNS + " FROM tasks ORDER BY id", Store::task, each);
  }

  // --- artifacts

  /** Inserts an artifact and returns its id. */
  public long insertArtifact(NewArtifact artifact) {
    return insertArtifact(artifact, null);
  }

  /**
   * As {@link #insertArtifact(NewArtifact)} with {@code created_at} and {@code updated_at} set to
   * {@code at} (see {@link #insertNeed(NewNeed, String)}).
   */
  public long insertArtifact(NewArtifact artifact, String at) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("title", artifact.title());
    v.put("description", artifact.description());
    v.put("file_path", artifact.filePath());
    v.put("artifact_type", artifact.artifactType());
    v.put("content_hash", artifact.contentHash());
    v.put("source_transcript", artifact.sourceTranscript());
    stamp(v, at, "created_at", "updated_at");
    return insert(new Write("artifact", "artifacts", null, v));
  }

  /** The artifact with {@code id}, if any. */
  public Optional<Artifact> artifact(long id) {
    return one("SELECT " + ARTIFACT_COLUMNS + " FROM artifacts WHERE id = ?", id, Store::artifact);
  }

  /** Records a new content hash (64 lower-case hex digits, or null) for an artifact. */
  public void updateContentHash(long id, String contentHash) {
    update(
        new Write("artifact", "artifacts", id, column("content_hash", contentHash)),
        "UPDATE artifacts SET content_hash = ? WHERE id = ?",
        contentHash);
  }

  /** Streams every artifact in id order. */
  public void forEachArtifact(Consumer<Artifact> each) {
    forEach("SELECT " + ARTIFACT_COLUMNS + " FROM artifacts ORDER BY id", Store::artifact, each);
  }

  // --- relationships

  /** Inserts an edge and returns its id. */
  public long insertRelationship(NewRelationship edge) {
    return insertRelationship(edge, null);
  }

  /**
   * As {@link #insertRelationship(NewRelationship)} with {@code created_at} set to {@code at} (see
   * {@link #insertNeed(NewNeed, String)}).
   */
  public long insertRelationship(NewRelationship edge, String at) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("source_type", edge.sourceType());
    v.put("source_id", edge.sourceId());
    v.put("target_type", edge.targetType());
    v.put("target_id", edge.targetId());
    v.put("relationship_type", edge.relationshipType());
    v.put("metadata", edge.metadata());
    stamp(v, at, "created_at");
    return insert(new Write("relationship", "relationships", null, v));
  }

  /** The edge with {@code id}, if any. */
  public Optional<Relationship> relationship(long id) {
    return one(
        "SELECT " + RELATIONSHIP_COLUMNS + " FROM relationships WHERE id = ?",
        id,
        Store::relationship);
  }

  /** The edges touching an entity (as source or target), in id order. */
  public List<Relationship> relationshipsOf(String type, long id) {
    List<Relationship> out = new ArrayList<>();
    try {
      PreparedStatement ps =
          prepared(
              "SELECT "
                  + RELATIONSHIP_COLUMNS
                  + " FROM relationships "
                  + "WHERE (source_type = ?1 AND source_id = ?2) OR (target_type = ?1 AND target_id = ?2) ORDER BY id");
      ps.setString(1, type);
      ps.setLong(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(relationship(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw readFailed(e);
    }
  }

  /** Streams every edge in id order. */
  public void forEachRelationship(Consumer<Relationship> each) {
    forEach(
        "SELECT " + RELATIONSHIP_COLUMNS + " FROM relationships ORDER BY id",
        Store::relationship,
        each);
  }

  // --- agents

  /** Inserts an agent invocation and returns its id. */
  public long insertAgent(NewAgent agent) {
    return insertAgent(agent, null);
  }

  /**
   * As {@link #insertAgent(NewAgent)} with {@code started_at} set to {@code at} (see {@link
   * #insertNeed(NewNeed, String)}).
   */
  public long insertAgent(NewAgent agent, String at) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("agent_type", agent.agentType());
    v.put("status", agent.status());
    v.put("kernel_version", agent.kernelVersion());
    v.put("provisioned_artifacts", agent.provisionedArtifacts());
    v.put("assigned_tasks", agent.assignedTasks());
    v.put("monitored_needs", agent.monitoredNeeds());
    v.put("session_transcript", agent.sessionTranscript());
    v.put("result_summary", agent.resultSummary());
    stamp(v, at, "started_at");
    return insert(new Write("agent", "agents", null, v));
  }

  /** The agent with {@code id}, if any. */
  public Optional<Agent> agent(long id) {
    return one("SELECT " + AGENT_COLUMNS + " FROM agents WHERE id = ?", id, Store::agent);
  }

  /** Streams every agent in id order. */
  public void forEachAgent(Consumer<Agent> each) {
    forEach("SELECT " + AGENT_COLUMNS + " FROM agents ORDER BY id", Store::agent, each);
  }

  /** Closes the store's prepared statements; the connection stays open. */
  @Override
  public void close() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // Closing a statement of a connection that may already be gone; nothing to recover.
      }
    }
    statements.clear();
  }

  // --- plumbing

  private long insert(Write w) {
    String sql =
        "INSERT INTO "
            + w.table()
            + " ("
            + String.join(", ", w.values().keySet())
            + ") VALUES ("
            + "?, ".repeat(w.values().size() - 1)
            + "?)";
    try {
      PreparedStatement ps = prepared(sql);
      int i = 1;
      for (Object value : w.values().values()) {
        ps.setObject(i++, value);
      }
      ps.executeUpdate();
      // last_insert_rowid() reverts to the outer row once triggers (history, derived_from) finish.
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw ConstraintMessages.translate(e, w, connection);
    }
  }

  private void update(Write w, String sql, Object value) {
    try {
      PreparedStatement ps = prepared(sql);
      ps.setObject(1, value);
      ps.setLong(2, w.id());
      if (ps.executeUpdate() == 0) {
        throw new StoreException(w.subject() + " does not exist", w.entity(), w.id(), null, null);
      }
    } catch (SQLException e) {
      throw ConstraintMessages.translate(e, w, connection);
    }
  }

  private <T> Optional<T> one(String sql, long id, RowReader<T> reader) {
    try {
      PreparedStatement ps = prepared(sql);
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(reader.read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw readFailed(e);
    }
  }

  private <T> void forEach(String sql, RowReader<T> reader, Consumer<T> each) {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        each.accept(reader.read(rs));
      }
    } catch (SQLException e) {
      throw readFailed(e);
    }
  }

  private PreparedStatement prepared(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  /**
   * Sets the timestamp columns to {@code at}; with a null {@code at} they keep their clock
   * defaults.
   */
  private static void stamp(Map<String, Object> values, String at, String... columns) {
    if (at != null) {
      for (String column : columns) {
        values.put(column, at);
      }
    }
  }

  private static Map<String, Object> column(String name, Object value) {
    Map<String, Object> v = new HashMap<>();
    v.put(name, value);
    return v;
  }

  private static StoreException readFailed(SQLException e) {
    String sqlite = ConstraintMessages.sqliteMessage(e);
    return new StoreException("reading failed: " + sqlite, null, null, sqlite, e);
  }

  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private static Need need(ResultSet rs) throws SQLException {
    return new Need(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        integer(rs, 5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        longOrNull(rs, 10));
  }

  private static Task task(ResultSet rs) throws SQLException {
    return new Task(
        rs.getLong(1),
        rs.getLong(2),
        rs.getString(3),
        rs.getString(4),
        integer(rs, 5),
        longOrNull(rs, 6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11));
  }

  private static Artifact artifact(ResultSet rs) throws SQLException {
    return new Artifact(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9));
  }

  private static Relationship relationship(ResultSet rs) throws SQLException {
    return new Relationship(
        rs.getLong(1),
        rs.getString(2),
        rs.getLong(3),
        rs.getString(4),
        rs.getLong(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8));
  }

  private static Agent agent(ResultSet rs) throws SQLException {
    return new Agent(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11));
  }

  private static Integer integer(ResultSet rs, int column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  private static Long longOrNull(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
