package dev.mlos.core.engine;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.schema.Migrator;
import dev.mlos.core.view.Json;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The SQLite backend of {@link StateStore}: one connection in WAL mode with a busy timeout; writes
 * in {@code BEGIN IMMEDIATE} transactions (the write lock is taken at the start, so a transaction
 * never fails half-way for a lock), retried whole for a bounded time when the database stays busy;
 * prepared statements kept until {@link #close()}.
 */
final class SqliteStateStore implements StateStore {
  /** Attempts to switch a busy database to WAL mode when it is opened. */
  static final int MAX_ATTEMPTS = 8;

  /** SQLite's own wait for a lock, per statement, in milliseconds (reads and opening). */
  static final int BUSY_TIMEOUT_MS = 5_000;

  /**
   * How long a write waits for the write lock, in all, before it reports the database as busy.
   * SQLite's own busy handler polls at up to 100 ms intervals, so a waiter can starve while other
   * processes write back to back (each holds the lock for well under a millisecond); the engine
   * therefore asks for the lock without SQLite's wait and polls itself every 20 us to 1 ms,
   * jittered.
   */
  static final long WRITE_WAIT_MS = 60_000;

  private static final String NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
  private static final String NEED_COLUMNS =
      "id, title, description, status, priority, scope, tags, parent_need_id, "
          + "source_transcript, created_at, updated_at";
  private static final String TASK_COLUMNS =
      "id, need_id, description, status, priority, assigned_agent_id, result, "
          + "assigned_date, source_transcript, created_at, updated_at";
  private static final String ARTIFACT_COLUMNS =
      "id, title, description, file_path, artifact_type, content_hash, "
          + "source_transcript, created_at, updated_at";
  private static final String EDGE_COLUMNS =
      "id, source_type, source_id, target_type, target_id, relationship_type, metadata, created_at";
  private static final String AGENT_COLUMNS =
      "id, agent_type, status, kernel_version, session_transcript, started_at, completed_at, result_summary";
  private static final String LENS_COLUMNS =
      "id, agent_id, agent_type, scopes, tags, weights, token_budget, created_at, updated_at";
  private static final String HISTORY_COLUMNS =
      "id, entity, entity_id, operation, changed_at, actor, session, reason, old_values, new_values";

  private final Path file;
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private boolean inTransaction;

  private SqliteStateStore(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /**
   * Opens an existing mlos database, switches it to WAL mode and checks its schema is current.
   *
   * @throws DatabaseException when it is missing, not SQLite, not an mlos database, or needs init
   */
  static SqliteStateStore open(Path db) {
    Database database = Database.at(db);
    Connection c = database.open(false);
    try {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
      }
      checkSchema(database.file(), c);
      walMode(database.file(), c);
      try (Statement s = c.createStatement()) {
        // In WAL mode NORMAL still never corrupts the file; a power loss may undo the last commits.
        // FULL would sync the log on every commit: a claim would cost a disk flush.
        s.execute("PRAGMA synchronous = NORMAL");
      }
      return new SqliteStateStore(database.file(), c);
    } catch (RuntimeException | SQLException e) {
      try {
        c.close();
      } catch (SQLException closeFailed) {
        // Already failing: the first problem is the one to report, this one travels with it.
        e.addSuppressed(closeFailed);
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new DatabaseException(
          database.file(), "cannot be prepared for writing: " + e.getMessage(), null, e);
    }
  }

  private static void checkSchema(Path file, Connection c) throws SQLException {
    boolean mlos;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('needs', 'schema_migrations')")) {
      mlos = rs.next() && rs.getInt(1) == 2;
    }
    if (!mlos) {
      throw new DatabaseException(
          file,
          "it is not an mlos database (no needs or schema_migrations table)",
          "run init to create the mlos schema, or point at the workspace's mlos database");
    }
    Migrator migrator = Migrator.forSet("mlos");
    List<?> pending = migrator.pending(c);
    if (!pending.isEmpty()) {
      int have = migrator.migrations().size() - pending.size();
      throw new DatabaseException(
          file,
          "its mlos schema is at version "
              + have
              + "; this mlos needs version "
              + migrator.migrations().size(),
          "run init to upgrade it (it backs the database up first)");
    }
  }

  /**
   * WAL lets readers (the compiler, the guard) read while one writer writes. Persistent in the
   * file.
   */
  private static void walMode(Path file, Connection c) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
        String mode = rs.next() ? rs.getString(1) : "";
        if (!"wal".equalsIgnoreCase(mode)) {
          throw new DatabaseException(
              file,
              "cannot be switched to WAL mode (it stays in " + mode + " mode)",
              "put the database on a local file system that supports shared memory");
        }
        return;
      } catch (SQLException e) {
        if (!busy(e) || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  // ------------------------------------------------------------------ transactions

  /** A busy database inside a transaction: the whole transaction is retried. */
  private static final class Busy extends RuntimeException {
    Busy(SQLException cause) {
      super(cause);
    }
  }

  @Override
  public <T> T write(Actor actor, String reason, Work<T> work) {
    if (inTransaction) {
      throw new IllegalStateException("nested engine transaction");
    }
    return transaction(
        "BEGIN IMMEDIATE",
        "the write failed",
        () -> {
          PreparedStatement ctx =
              prepared(
                  "INSERT INTO write_context (id, actor, session, reason) VALUES (1, ?, ?, ?)");
          ctx.setString(1, actor.label());
          ctx.setString(2, actor.session());
          ctx.setString(3, reason != null ? reason : actor.reason());
          ctx.executeUpdate();
          T result = work.run();
          prepared("DELETE FROM write_context").executeUpdate();
          return result;
        });
  }

  @Override
  public <T> T read(Work<T> work) {
    if (inTransaction) {
      return work.run();
    }
    return transaction("BEGIN", "the read failed", work::run);
  }

  /** The part of a transaction that may fail with an {@link SQLException}. */
  private interface Body<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code body} between {@code begin} and COMMIT, rolled back on any failure; a busy database
   * (another process holds the write lock) is retried, with a short jittered pause, for up to
   * {@value #WRITE_WAIT_MS} ms in all before it is reported.
   */
  private <T> T transaction(String begin, String what, Body<T> body) {
    boolean write = !begin.equals("BEGIN");
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITE_WAIT_MS);
    for (int attempt = 1; ; attempt++) {
      try {
        if (write) {
          busyTimeout(0);
          try {
            exec(begin);
          } finally {
            busyTimeout(BUSY_TIMEOUT_MS);
          }
        } else {
          exec(begin);
        }
      } catch (SQLException e) {
        if (busy(e) && System.nanoTime() < deadline) {
          lockPause(attempt);
          continue;
        }
        throw failure(e, write ? "cannot start a write transaction" : what);
      }
      inTransaction = true;
      try {
        T result = body.run();
        exec("COMMIT");
        inTransaction = false;
        return result;
      } catch (Busy e) {
        rollback();
        if (System.nanoTime() >= deadline) {
          throw stayedBusy((SQLException) e.getCause());
        }
        lockPause(attempt);
      } catch (SQLException e) {
        SQLException notRolledBack = rollback();
        if (busy(e) && System.nanoTime() < deadline) {
          lockPause(attempt);
          continue;
        }
        throw withSuppressed(failure(e, what), notRolledBack);
      } catch (RuntimeException | Error e) {
        SQLException notRolledBack = rollback();
        if (notRolledBack != null) {
          e.addSuppressed(notRolledBack);
        }
        throw e;
      }
    }
  }

  /**
   * Rolls back; the failure, or null. "No transaction is active" is not one: SQLite may have rolled
   * it back itself, and there is nothing left to undo. Any other (a closed connection, an I/O
   * error) goes with the failure that caused the rollback, as a suppressed exception.
   */
  private SQLException rollback() {
    inTransaction = false;
    try {
      exec("ROLLBACK");
      return null;
    } catch (SQLException e) {
      String m = e.getMessage();
      return m != null && m.contains("no transaction is active") ? null : e;
    }
  }

  private static <X extends Throwable> X withSuppressed(X failure, SQLException secondary) {
    if (secondary != null && secondary != failure) {
      failure.addSuppressed(secondary);
    }
    return failure;
  }

  private void exec(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // Closing; nothing to recover.
      }
    }
    statements.clear();
    try {
      connection.close();
    } catch (SQLException e) {
      throw new DatabaseException(file, "cannot be closed: " + e.getMessage(), null, e);
    }
  }

  private static boolean busy(SQLException e) {
    int code = e.getErrorCode() & 0xff;
    String m = String.valueOf(e.getMessage());
    return code == 5
        || code == 6
        || m.contains("SQLITE_BUSY")
        || m.contains("SQLITE_LOCKED")
        || m.contains("database is locked");
  }

  private static void pause(int attempt) {
    try {
      // Jittered, growing back-off: 2, 4, 8 ... ms, up to ~250 ms, so retrying writers spread out.
      long base = Math.min(250, 1L << Math.min(attempt, 8));
      Thread.sleep(base + ThreadLocalRandom.current().nextLong(base + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void busyTimeout(int ms) throws SQLException {
    exec("PRAGMA busy_timeout = " + ms);
  }

  /** A short, jittered pause between attempts at the write lock: 20 us growing to at most 1 ms. */
  private static void lockPause(int attempt) {
    long maxMicros = Math.min(1_000, 20L << Math.min(attempt, 6));
    LockSupport.parkNanos(
        TimeUnit.MICROSECONDS.toNanos(20 + ThreadLocalRandom.current().nextLong(maxMicros)));
  }

  private DatabaseException stayedBusy(SQLException e) {
    return new DatabaseException(
        file,
        "stayed busy: other writers held it for "
            + WRITE_WAIT_MS / 1000
            + " s; nothing was changed",
        "try again; if it persists, look for a process holding a long write transaction on it",
        e);
  }

  /**
   * Turns an SQLException into a refusal (a rule of the database) or a broken-database exception.
   */
  private RuntimeException failure(SQLException e, String what) {
    if (busy(e)) {
      return stayedBusy(e);
    }
    RefusedException refused = DatabaseRefusals.translate(e);
    if (refused != null) {
      return refused;
    }
    return new DatabaseException(file, what + ": " + DatabaseRefusals.sqliteMessage(e), null, e);
  }

  /** Inside a transaction: busy -> retry the transaction; a rule -> refusal; else broken. */
  private RuntimeException inside(SQLException e) {
    if (busy(e)) {
      return new Busy(e);
    }
    return failure(e, "a statement failed");
  }

  private PreparedStatement prepared(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> list(String sql, Binder binder, Reader<T> reader) {
    try {
      PreparedStatement ps = prepared(sql);
      binder.bind(ps);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(reader.read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw inside(e);
    }
  }

  private <T> Optional<T> one(String sql, Binder binder, Reader<T> reader) {
    List<T> rows = list(sql, binder, reader);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private int update(String sql, Binder binder) {
    try {
      PreparedStatement ps = prepared(sql);
      binder.bind(ps);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw inside(e);
    }
  }

  private long insert(String sql, Binder binder) {
    update(sql, binder);
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw inside(e);
    }
  }

  private static Long longOrNull(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static Integer intOrNull(ResultSet rs, int column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  private static void setNullable(PreparedStatement ps, int i, Object value) throws SQLException {
    ps.setObject(i, value);
  }

  // ------------------------------------------------------------------ rules as data

  @Override
  public List<String> needTransitionsFrom(String status) {
    List<String> out =
        list(
            "SELECT to_status FROM need_transitions WHERE from_status = ?",
            ps -> ps.setString(1, status),
            rs -> rs.getString(1));
    out.sort(Comparator.comparingInt(Engine.NEED_STATUSES::indexOf));
    return List.copyOf(out);
  }

  @Override
  public List<String> taskTransitionsFrom(String status) {
    List<String> out =
        list(
            "SELECT to_status FROM task_transitions WHERE from_status = ?",
            ps -> ps.setString(1, status),
            rs -> rs.getString(1));
    out.sort(Comparator.comparingInt(Engine.TASK_STATUSES::indexOf));
    return List.copyOf(out);
  }

  @Override
  public List<String> relationshipKinds(String relationshipType) {
    return List.copyOf(
        list(
            "SELECT source_type || '->' || target_type FROM relationship_kinds WHERE relationship_type = ? "
                + "ORDER BY source_type, target_type",
            ps -> ps.setString(1, relationshipType),
            rs -> rs.getString(1)));
  }

  // ------------------------------------------------------------------ needs

  private static Need need(ResultSet rs) throws SQLException {
    return new Need(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        intOrNull(rs, 5),
        rs.getString(6),
        stringArray(rs.getString(7)),
        longOrNull(rs, 8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11));
  }

  @Override
  public long insertNeed(NeedSpec spec, List<String> tags) {
    return insert(
        "INSERT INTO needs (title, description, status, priority, scope, tags, parent_need_id, source_transcript) "
            + "VALUES (?, ?, 'identified', ?, ?, ?, ?, ?)",
        ps -> {
          ps.setString(1, spec.title());
          ps.setString(2, spec.description());
          setNullable(ps, 3, spec.priority());
          ps.setString(4, spec.scope());
          ps.setString(5, Json.write(tags));
          setNullable(ps, 6, spec.parentId());
          ps.setString(7, spec.sourceTranscript());
        });
  }

  @Override
  public Optional<Need> need(long id) {
    return one(
        "SELECT " + NEED_COLUMNS + " FROM needs WHERE id = ?",
        ps -> ps.setLong(1, id),
        SqliteStateStore::need);
  }

  @Override
  public void updateNeedFields(Need n) {
    update(
        "UPDATE needs SET title = ?, description = ?, priority = ?, scope = ?, tags = ?, parent_need_id = ?, "
            + "source_transcript = ? WHERE id = ?",
        ps -> {
          ps.setString(1, n.title());
          ps.setString(2, n.description());
          setNullable(ps, 3, n.priority());
          ps.setString(4, n.scope());
          ps.setString(5, Json.write(n.tags()));
          setNullable(ps, 6, n.parentId());
          ps.setString(7, n.sourceTranscript());
          ps.setLong(8, n.id());
        });
  }

  @Override
  public void setNeedStatus(long id, String status) {
    update(
        "UPDATE needs SET status = ? WHERE id = ?",
        ps -> {
          ps.setString(1, status);
          ps.setLong(2, id);
        });
  }

  @Override
  public Optional<String> statusBefore(long needId, String status) {
    return one(
        "SELECT json_extract(old_values, '$.status') FROM history WHERE entity = 'need' AND entity_id = ?1 "
            + "AND operation = 'update' AND json_extract(new_values, '$.status') = ?2 "
            + "AND json_extract(old_values, '$.status') IS NOT ?2 ORDER BY id DESC LIMIT 1",
        ps -> {
          ps.setLong(1, needId);
          ps.setString(2, status);
        },
        rs -> rs.getString(1));
  }

  @Override
  public boolean isSelfOrAncestor(long ancestorId, long needId) {
    return one(
            "WITH RECURSIVE up(id) AS (SELECT ?2 UNION SELECT n.parent_need_id FROM needs n JOIN up ON n.id = up.id "
                + "WHERE n.parent_need_id IS NOT NULL) SELECT 1 FROM up WHERE id = ?1",
            ps -> {
              ps.setLong(1, ancestorId);
              ps.setLong(2, needId);
            },
            rs -> true)
        .isPresent();
  }

  // ------------------------------------------------------------------ tasks

  private static Task task(ResultSet rs) throws SQLException {
    return new Task(
        rs.getLong(1),
        rs.getLong(2),
        rs.getString(3),
        rs.getString(4),
        intOrNull(rs, 5),
        longOrNull(rs, 6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11));
  }

  @Override
  public long insertTask(long needId, TaskSpec spec) {
    return insert(
        "INSERT INTO tasks (need_id, description, status, priority) VALUES (?, ?, 'open', ?)",
        ps -> {
          ps.setLong(1, needId);
          ps.setString(2, spec.description());
          setNullable(ps, 3, spec.priority());
        });
  }

  @Override
  public Optional<Task> task(long id) {
    return one(
        "SELECT " + TASK_COLUMNS + " FROM tasks WHERE id = ?",
        ps -> ps.setLong(1, id),
        SqliteStateStore::task);
  }

  @Override
  public List<Task> tasksOf(long needId) {
    return list(
        "SELECT " + TASK_COLUMNS + " FROM tasks WHERE need_id = ? ORDER BY id",
        ps -> ps.setLong(1, needId),
        SqliteStateStore::task);
  }

  @Override
  public boolean claimTask(long taskId, long agentId) {
    return update(
            "UPDATE tasks SET status = 'assigned', assigned_agent_id = ?, assigned_date = "
                + NOW
                + " WHERE id = ? AND status = 'open'",
            ps -> {
              ps.setLong(1, agentId);
              ps.setLong(2, taskId);
            })
        == 1;
  }

  @Override
  public void setTaskState(long taskId, String status, Long assignedAgentId, String result) {
    update(
        "UPDATE tasks SET status = ?1, assigned_agent_id = ?2, result = ?3, "
            + "assigned_date = CASE WHEN ?2 IS NULL THEN NULL ELSE COALESCE(assigned_date, "
            + NOW
            + ") END WHERE id = ?4",
        ps -> {
          ps.setString(1, status);
          setNullable(ps, 2, assignedAgentId);
          ps.setString(3, result);
          ps.setLong(4, taskId);
        });
  }

  // ------------------------------------------------------------------ artifacts

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

  @Override
  public long insertArtifact(ArtifactSpec spec, String hash) {
    return insert(
        "INSERT INTO artifacts (title, description, file_path, artifact_type, content_hash, source_transcript) "
            + "VALUES (?, ?, ?, ?, ?, ?)",
        ps -> {
          ps.setString(1, spec.title());
          ps.setString(2, spec.description());
          ps.setString(3, spec.filePath());
          ps.setString(4, spec.type());
          ps.setString(5, hash);
          ps.setString(6, spec.sourceTranscript());
        });
  }

  @Override
  public Optional<Artifact> artifact(long id) {
    return one(
        "SELECT " + ARTIFACT_COLUMNS + " FROM artifacts WHERE id = ?",
        ps -> ps.setLong(1, id),
        SqliteStateStore::artifact);
  }

  @Override
  public Optional<Artifact> artifactByPath(String filePath) {
    return one(
        "SELECT " + ARTIFACT_COLUMNS + " FROM artifacts WHERE file_path = ? ORDER BY id LIMIT 1",
        ps -> ps.setString(1, filePath),
        SqliteStateStore::artifact);
  }

  @Override
  public void updateArtifact(Artifact a) {
    update(
        "UPDATE artifacts SET title = ?, description = ?, artifact_type = ?, content_hash = ?, source_transcript = ? "
            + "WHERE id = ?",
        ps -> {
          ps.setString(1, a.title());
          ps.setString(2, a.description());
          ps.setString(3, a.type());
          ps.setString(4, a.contentHash());
          ps.setString(5, a.sourceTranscript());
          ps.setLong(6, a.id());
        });
  }

  // ------------------------------------------------------------------ relationships

  private static Edge edge(ResultSet rs) throws SQLException {
    return new Edge(
        rs.getLong(1),
        new EntityRef(rs.getString(2), rs.getLong(3)),
        new EntityRef(rs.getString(4), rs.getLong(5)),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8));
  }

  @Override
  public Optional<Edge> edge(long id) {
    return one(
        "SELECT " + EDGE_COLUMNS + " FROM relationships WHERE id = ?",
        ps -> ps.setLong(1, id),
        SqliteStateStore::edge);
  }

  @Override
  public Optional<Edge> edge(EntityRef source, EntityRef target, String type) {
    return one(
        "SELECT "
            + EDGE_COLUMNS
            + " FROM relationships WHERE source_type = ? AND source_id = ? "
            + "AND target_type = ? AND target_id = ? AND relationship_type = ?",
        ps -> {
          ps.setString(1, source.type());
          ps.setLong(2, source.id());
          ps.setString(3, target.type());
          ps.setLong(4, target.id());
          ps.setString(5, type);
        },
        SqliteStateStore::edge);
  }

  @Override
  public long insertEdge(EntityRef source, EntityRef target, String type, String metadata) {
    return insert(
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, metadata) "
            + "VALUES (?, ?, ?, ?, ?, ?)",
        ps -> {
          ps.setString(1, source.type());
          ps.setLong(2, source.id());
          ps.setString(3, target.type());
          ps.setLong(4, target.id());
          ps.setString(5, type);
          ps.setString(6, metadata);
        });
  }

  @Override
  public List<Edge> edgesOf(EntityRef ref) {
    return list(
        "SELECT "
            + EDGE_COLUMNS
            + " FROM relationships WHERE source_type = ?1 AND source_id = ?2 UNION "
            + "SELECT "
            + EDGE_COLUMNS
            + " FROM relationships WHERE target_type = ?1 AND target_id = ?2 ORDER BY id",
        ps -> {
          ps.setString(1, ref.type());
          ps.setLong(2, ref.id());
        },
        SqliteStateStore::edge);
  }

  @Override
  public boolean exists(EntityRef ref) {
    String table =
        switch (ref.type()) {
          case "need" -> "needs";
          case "task" -> "tasks";
          case "artifact" -> "artifacts";
          default -> "agents";
        };
    return one(
            "SELECT 1 FROM " + table + " WHERE id = ?", ps -> ps.setLong(1, ref.id()), rs -> true)
        .isPresent();
  }

  @Override
  public boolean blocksPath(EntityRef from, EntityRef to) {
    return one(
            "WITH RECURSIVE reach(t, i) AS ("
                + "SELECT target_type, target_id FROM relationships WHERE relationship_type = 'blocks' AND source_type = ?1 "
                + "AND source_id = ?2 UNION SELECT r.target_type, r.target_id FROM relationships r JOIN reach "
                + "ON r.source_type = reach.t AND r.source_id = reach.i WHERE r.relationship_type = 'blocks') "
                + "SELECT 1 FROM reach WHERE t = ?3 AND i = ?4 LIMIT 1",
            ps -> {
              ps.setString(1, from.type());
              ps.setLong(2, from.id());
              ps.setString(3, to.type());
              ps.setLong(4, to.id());
            },
            rs -> true)
        .isPresent();
  }

  // ------------------------------------------------------------------ agents

  private static Agent agent(ResultSet rs) throws SQLException {
    return new Agent(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8));
  }

  @Override
  public long insertAgent(AgentSpec spec) {
    return insert(
        "INSERT INTO agents (agent_type, status, kernel_version, session_transcript) "
            + "VALUES (?, 'provisioning', ?, ?)",
        ps -> {
          ps.setString(1, spec.agentType());
          ps.setString(2, spec.kernelVersion());
          ps.setString(3, spec.sessionTranscript());
        });
  }

  @Override
  public Optional<Agent> agent(long id) {
    return one(
        "SELECT " + AGENT_COLUMNS + " FROM agents WHERE id = ?",
        ps -> ps.setLong(1, id),
        SqliteStateStore::agent);
  }

  @Override
  public void setAgentStatus(long id, String status, boolean finished, String resultSummary) {
    update(
        "UPDATE agents SET status = ?1, completed_at = CASE WHEN ?2 THEN "
            + NOW
            + " ELSE completed_at END, "
            + "result_summary = CASE WHEN ?2 THEN ?3 ELSE result_summary END WHERE id = ?4",
        ps -> {
          ps.setString(1, status);
          ps.setInt(2, finished ? 1 : 0);
          ps.setString(3, resultSummary);
          ps.setLong(4, id);
        });
  }

  // ------------------------------------------------------------------ lenses

  @Override
  public Optional<Lens> lensOfAgent(long agentId) {
    List<Object[]> raw =
        list(
            "SELECT " + LENS_COLUMNS + " FROM lenses WHERE agent_id = ?",
            ps -> ps.setLong(1, agentId),
            SqliteStateStore::rawLens);
    return raw.isEmpty() ? Optional.empty() : Optional.of(lensOf(raw.get(0)));
  }

  @Override
  public Optional<Lens> lensOfType(String agentType) {
    List<Object[]> raw =
        list(
            "SELECT " + LENS_COLUMNS + " FROM lenses WHERE agent_type = ?",
            ps -> ps.setString(1, agentType),
            SqliteStateStore::rawLens);
    return raw.isEmpty() ? Optional.empty() : Optional.of(lensOf(raw.get(0)));
  }

  /**
   * The lens row's columns, read before its weights are (a nested query would reuse the statement).
   */
  private static Object[] rawLens(ResultSet rs) throws SQLException {
    return new Object[] {
      rs.getLong(1),
      longOrNull(rs, 2),
      rs.getString(3),
      rs.getString(4),
      rs.getString(5),
      rs.getString(6),
      intOrNull(rs, 7),
      rs.getString(8),
      rs.getString(9)
    };
  }

  private Lens lensOf(Object[] r) {
    Map<String, Double> weights = new LinkedHashMap<>();
    String w = (String) r[5];
    for (Object[] kv :
        list(
            "SELECT key, value FROM json_each(?) ORDER BY key",
            ps -> ps.setString(1, w == null ? "{}" : w),
            rs -> new Object[] {rs.getString(1), rs.getDouble(2)})) {
      weights.put((String) kv[0], (Double) kv[1]);
    }
    return new Lens(
        (Long) r[0],
        (Long) r[1],
        (String) r[2],
        stringArray((String) r[3]),
        stringArray((String) r[4]),
        weights,
        (Integer) r[6],
        (String) r[7],
        (String) r[8]);
  }

  @Override
  public long saveLens(LensSpec spec) {
    Optional<Lens> existing =
        spec.agentId() != null ? lensOfAgent(spec.agentId()) : lensOfType(spec.agentType());
    if (existing.isPresent()) {
      long id = existing.get().id();
      update(
          "UPDATE lenses SET scopes = ?, tags = ?, weights = ?, token_budget = ?, updated_at = "
              + NOW
              + " WHERE id = ?",
          ps -> {
            ps.setString(1, Json.write(spec.scopes()));
            ps.setString(2, Json.write(spec.tags()));
            ps.setString(3, Json.write(new TreeMap<>(spec.weights())));
            setNullable(ps, 4, spec.tokenBudget());
            ps.setLong(5, id);
          });
      return id;
    }
    return insert(
        "INSERT INTO lenses (agent_id, agent_type, scopes, tags, weights, token_budget) VALUES (?, ?, ?, ?, ?, ?)",
        ps -> {
          setNullable(ps, 1, spec.agentId());
          ps.setString(2, spec.agentType());
          ps.setString(3, Json.write(spec.scopes()));
          ps.setString(4, Json.write(spec.tags()));
          ps.setString(5, Json.write(new TreeMap<>(spec.weights())));
          setNullable(ps, 6, spec.tokenBudget());
        });
  }

  // ------------------------------------------------------------------ reads

  /**
   * A blocks edge's source that is not done: a need not resolved, a task not completed or
   * cancelled. The unary {@code +} keeps SQLite from answering the OR by walking every edge of a
   * source type (the unique index starts with it) instead of the few edges into the item.
   */
  static final String LIVE_SOURCE =
      "((+r.source_type = 'need' AND EXISTS (SELECT 1 FROM needs b WHERE b.id = r.source_id"
          + " AND b.status <> 'resolved')) OR (+r.source_type = 'task' AND EXISTS (SELECT 1 FROM tasks b"
          + " WHERE b.id = r.source_id AND b.status NOT IN ('completed', 'cancelled'))))";

  /**
   * Rank order of one state of {@code ready_items} for everyone (every weight 1): the index {@code
   * ready_items_rank}.
   */
  private static final String RANK_ORDER =
      "SELECT kind_order, id, need_id, p, created_at, scope, tags FROM ready_items"
          + " WHERE state = ?1 ORDER BY p, created_at, kind_order, id";

  /**
   * The blocked list's order: the index {@code ready_items_state} (its key ends with kind_order,
   * id).
   */
  private static final String BLOCKED_ORDER =
      "SELECT kind_order, id, need_id, p, created_at, scope, tags FROM ready_items"
          + " WHERE state = ?1 ORDER BY kind_order, id";

  /** The items of one (scope, tags) class: the index {@code ready_items_facets}. */
  private static final String FACET_ITEMS =
      "SELECT kind_order, id, need_id, p, created_at, scope, tags FROM ready_items"
          + " WHERE state = ?1 AND scope IS ?2 AND tags = ?3";

  /**
   * Ready work's order: score descending, then created_at (SQLite's BINARY order), tasks first, id.
   */
  static final Comparator<RankedItem> RANK =
      Comparator.comparingDouble(RankedItem::score)
          .reversed()
          .thenComparing(RankedItem::createdAt, SqliteStateStore::binaryOrder)
          .thenComparingInt(RankedItem::kindOrder)
          .thenComparingLong(RankedItem::id);

  /** The blocked list's order: tasks first, then id. */
  static final Comparator<RankedItem> BLOCKED =
      Comparator.comparingInt(RankedItem::kindOrder).thenComparingLong(RankedItem::id);

  /**
   * Compares as SQLite's BINARY collation does (UTF-8 bytes, i.e. code points), not by UTF-16
   * units.
   */
  static int binaryOrder(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static RankedItem ranked(ResultSet rs, double weight) throws SQLException {
    return new RankedItem(
        rs.getInt(1),
        rs.getLong(2),
        rs.getLong(3),
        rs.getInt(4),
        rs.getString(5),
        weight,
        new ReadyFacets(rs.getString(6), rs.getString(7)));
  }

  /** How many items of {@code state} each (scope, tags) class has ({@code ready_counts}, V4). */
  private Map<ReadyFacets, Integer> counts(int state) {
    Map<ReadyFacets, Integer> out = new LinkedHashMap<>();
    for (Object[] row :
        list(
            "SELECT scope, tags, n FROM ready_counts WHERE state = ?",
            ps -> ps.setInt(1, state),
            rs -> new Object[] {new ReadyFacets(rs.getString(1), rs.getString(2)), rs.getInt(3)})) {
      out.merge((ReadyFacets) row[0], (Integer) row[1], Integer::sum);
    }
    return out;
  }

  private static boolean seesAll(RankInputs in) {
    return in.scopes().isEmpty() && in.tags().isEmpty();
  }

  @Override
  public ReadyPage ready(RankInputs inputs, int offset, int limit) {
    int end = (int) Math.min((long) offset + limit, Integer.MAX_VALUE);
    int total;
    List<RankedItem> page;
    if (seesAll(inputs) && inputs.weights().isEmpty()) {
      // Everyone, every weight 1: the rank order is the index's order; the page is read directly.
      total =
          one(
                  "SELECT COALESCE(sum(n), 0) FROM ready_counts WHERE state = 0",
                  ps -> {},
                  rs -> rs.getInt(1))
              .orElse(0);
      page =
          list(
              RANK_ORDER + " LIMIT ?2 OFFSET ?3",
              ps -> {
                ps.setInt(1, 0);
                ps.setInt(2, limit);
                ps.setInt(3, offset);
              },
              rs -> ranked(rs, 1.0));
    } else {
      LensFilter lens = new LensFilter(inputs);
      Map<ReadyFacets, Integer> counts = counts(0);
      Map<Double, Map<ReadyFacets, Integer>> classes = new TreeMap<>();
      int all = 0;
      int seen = 0;
      for (Map.Entry<ReadyFacets, Integer> c : counts.entrySet()) {
        all += c.getValue();
        if (lens.sees(c.getKey())) {
          seen += c.getValue();
          classes
              .computeIfAbsent(lens.weight(c.getKey()), w -> new LinkedHashMap<>())
              .put(c.getKey(), c.getValue());
        }
      }
      total = seen;
      List<RankedItem> found = firstOfEachClass(0, classes, all, end, RANK_ORDER, RANK);
      found.sort(RANK);
      page = found.subList(Math.min(offset, found.size()), Math.min(end, found.size()));
    }
    List<ReadyRow> rows = new ArrayList<>();
    for (RankedItem r : page) {
      boolean task = r.kindOrder() == 0;
      rows.addAll(
          list(
              task
                  ? "SELECT t.id, n.id, t.description, t.status, t.created_at, n.title, n.scope, n.tags FROM tasks t"
                      + " JOIN needs n ON n.id = t.need_id WHERE t.id = ?"
                  : "SELECT n.id, n.id, n.title, n.status, n.created_at, n.title, n.scope, n.tags FROM needs n WHERE n.id = ?",
              ps -> ps.setLong(1, r.id()),
              rs ->
                  new ReadyRow(
                      task ? "task" : "need",
                      rs.getLong(1),
                      rs.getLong(2),
                      rs.getString(3),
                      rs.getString(4),
                      r.p(),
                      r.weight(),
                      r.score(),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getString(7),
                      stringArray(rs.getString(8)))));
    }
    return new ReadyPage(rows, total);
  }

  /**
   * The first {@code end} items (in {@code order}) of each weight class of one state: a class is a
   * set of (scope, tags) facets with one weight, so within it the rank order is the index's order.
   * Each class is read the cheaper of two ways, judged by the exact counts: walking the index and
   * keeping the class's rows (about {@code end * all / size} rows; one walk serves every class read
   * so, and stops when each has what it needs), or reading its facets' rows whole (about {@code
   * size} rows, one query per facet class). The result is unordered.
   */
  private List<RankedItem> firstOfEachClass(
      int state,
      Map<Double, Map<ReadyFacets, Integer>> classes,
      int all,
      int end,
      String walkSql,
      Comparator<RankedItem> order) {
    List<RankedItem> out = new ArrayList<>();
    Map<ReadyFacets, Double> walked = new HashMap<>();
    Map<Double, Integer> wanted = new HashMap<>();
    int[] remaining = {0};
    for (Map.Entry<Double, Map<ReadyFacets, Integer>> c : classes.entrySet()) {
      double weight = c.getKey();
      int size = c.getValue().values().stream().mapToInt(Integer::intValue).sum();
      int need = Math.min(end, size);
      if (need == 0) {
        continue;
      }
      double walkCost = (double) need * all / size;
      double readCost = size + 20.0 * c.getValue().size();
      if (readCost <= walkCost) {
        List<RankedItem> items = new ArrayList<>();
        for (ReadyFacets f : c.getValue().keySet()) {
          items.addAll(
              list(
                  FACET_ITEMS,
                  ps -> {
                    ps.setInt(1, state);
                    ps.setString(2, f.scope());
                    ps.setString(3, f.tags());
                  },
                  rs -> ranked(rs, weight)));
        }
        items.sort(order);
        out.addAll(items.subList(0, Math.min(need, items.size())));
      } else {
        c.getValue().keySet().forEach(f -> walked.put(f, weight));
        wanted.put(weight, need);
        remaining[0] += need;
      }
    }
    if (remaining[0] > 0) {
      walk(
          walkSql,
          ps -> ps.setInt(1, state),
          rs -> {
            ReadyFacets f = new ReadyFacets(rs.getString(6), rs.getString(7));
            Double weight = walked.get(f);
            if (weight != null && wanted.get(weight) > 0) {
              out.add(ranked(rs, weight));
              wanted.merge(weight, -1, Integer::sum);
              remaining[0]--;
            }
            return remaining[0] > 0;
          });
    }
    return out;
  }

  /** Reads rows until {@code reader} says stop: the statement is not run to its end. */
  private void walk(String sql, Binder binder, RowVisitor visitor) {
    try {
      PreparedStatement ps = prepared(sql);
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next() && visitor.visit(rs)) {
          // the visitor keeps what it needs
        }
      }
    } catch (SQLException e) {
      throw inside(e);
    }
  }

  @FunctionalInterface
  private interface RowVisitor {
    boolean visit(ResultSet rs) throws SQLException;
  }

  /**
   * Blocked items (state 1 of {@code ready_items}) in the lens, in kind (task, need) and id order,
   * with their blockers; the total from {@code ready_counts}.
   */
  @Override
  public BlockedPage blocked(RankInputs inputs, int limit) {
    int total;
    List<RankedItem> items;
    if (seesAll(inputs)) {
      total =
          one(
                  "SELECT COALESCE(sum(n), 0) FROM ready_counts WHERE state = 1",
                  ps -> {},
                  rs -> rs.getInt(1))
              .orElse(0);
      items =
          list(
              BLOCKED_ORDER + " LIMIT ?2",
              ps -> {
                ps.setInt(1, 1);
                ps.setInt(2, limit);
              },
              rs -> ranked(rs, 1.0));
    } else {
      LensFilter lens = new LensFilter(inputs);
      Map<ReadyFacets, Integer> seen = new LinkedHashMap<>();
      int all = 0;
      int count = 0;
      for (Map.Entry<ReadyFacets, Integer> c : counts(1).entrySet()) {
        all += c.getValue();
        if (lens.sees(c.getKey())) {
          count += c.getValue();
          seen.put(c.getKey(), c.getValue());
        }
      }
      total = count;
      items = firstOfEachClass(1, Map.of(1.0, seen), all, limit, BLOCKED_ORDER, BLOCKED);
      items.sort(BLOCKED);
    }
    List<BlockedItem> out = new ArrayList<>();
    for (RankedItem i : items) {
      String kind = i.kindOrder() == 0 ? "task" : "need";
      List<BlockedItem.Blocker> blockers =
          list(
              "SELECT r.source_type, r.source_id,"
                  + " CASE r.source_type WHEN 'need' THEN (SELECT title FROM needs WHERE id = r.source_id)"
                  + "  ELSE (SELECT description FROM tasks WHERE id = r.source_id) END,"
                  + " CASE r.source_type WHEN 'need' THEN (SELECT status FROM needs WHERE id = r.source_id)"
                  + "  ELSE (SELECT status FROM tasks WHERE id = r.source_id) END"
                  + " FROM relationships r WHERE r.relationship_type = 'blocks' AND ((r.target_type = ?1 AND r.target_id = ?2)"
                  + " OR (?1 = 'task' AND r.target_type = 'need' AND r.target_id = ?3)) AND "
                  + LIVE_SOURCE
                  + " ORDER BY r.source_type, r.source_id",
              ps -> {
                ps.setString(1, kind);
                ps.setLong(2, i.id());
                ps.setLong(3, i.needId());
              },
              rs ->
                  new BlockedItem.Blocker(
                      new EntityRef(rs.getString(1), rs.getLong(2)),
                      rs.getString(3),
                      rs.getString(4)));
      String title =
          one(
                  kind.equals("task")
                      ? "SELECT description FROM tasks WHERE id = ?"
                      : "SELECT title FROM needs WHERE id = ?",
                  ps -> ps.setLong(1, i.id()),
                  rs -> rs.getString(1))
              .orElse(null);
      out.add(new BlockedItem(kind, i.id(), title, blockers));
    }
    return new BlockedPage(out, total);
  }

  @Override
  public SearchPage search(String text, Set<String> kinds, int offset, int limit) {
    String pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    boolean all = kinds.isEmpty();
    String like = " LIKE ?1 ESCAPE '\\'";
    int[] total = {0};
    List<SearchHit> hits =
        list(
            "SELECT kind, id, title, detail, count(*) OVER () FROM ("
                + " SELECT 'need' AS kind, 0 AS ko, id, title, status AS detail FROM needs WHERE ?2 AND (title"
                + like
                + "  OR description"
                + like
                + ")"
                + " UNION ALL SELECT 'task', 1, id, description, status FROM tasks WHERE ?3 AND (description"
                + like
                + "  OR result"
                + like
                + ")"
                + " UNION ALL SELECT 'artifact', 2, id, title, file_path FROM artifacts WHERE ?4 AND (title"
                + like
                + "  OR description"
                + like
                + " OR file_path"
                + like
                + ")"
                + ") ORDER BY ko, id LIMIT ?5 OFFSET ?6",
            ps -> {
              ps.setString(1, pattern);
              ps.setInt(2, all || kinds.contains("need") ? 1 : 0);
              ps.setInt(3, all || kinds.contains("task") ? 1 : 0);
              ps.setInt(4, all || kinds.contains("artifact") ? 1 : 0);
              ps.setInt(5, limit);
              ps.setInt(6, offset);
            },
            rs -> {
              total[0] = rs.getInt(5);
              return new SearchHit(
                  rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4));
            });
    return new SearchPage(hits, total[0]);
  }

  @Override
  public List<HistoryEntry> history(String entityType, long entityId, int limit) {
    return list(
        "SELECT "
            + HISTORY_COLUMNS
            + " FROM (SELECT "
            + HISTORY_COLUMNS
            + " FROM history WHERE entity = ? "
            + "AND entity_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id",
        ps -> {
          ps.setString(1, entityType);
          ps.setLong(2, entityId);
          ps.setInt(3, limit);
        },
        rs ->
            new HistoryEntry(
                rs.getLong(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10)));
  }

  // ------------------------------------------------------------------ JSON

  /**
   * A JSON array of strings as written by the engine or checked by the schema's triggers. Anything
   * else (raw SQL may write it) reads as its elements' text, never fails.
   */
  static List<String> stringArray(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    int i = json.indexOf('[');
    if (i < 0) {
      return List.of();
    }
    StringBuilder cur = null;
    for (i = i + 1; i < json.length(); i++) {
      char c = json.charAt(i);
      if (cur == null) {
        if (c == '"') {
          cur = new StringBuilder();
        } else if (c == ']') {
          break;
        }
      } else if (c == '\\' && i + 1 < json.length()) {
        char n = json.charAt(++i);
        switch (n) {
          case 'n' -> cur.append('\n');
          case 't' -> cur.append('\t');
          case 'r' -> cur.append('\r');
          case 'b' -> cur.append('\b');
          case 'f' -> cur.append('\f');
          case 'u' -> {
            String hex = i + 4 < json.length() ? json.substring(i + 1, i + 5) : "";
            if (hex.matches("[0-9a-fA-F]{4}")) {
              cur.append((char) Integer.parseInt(hex, 16));
              i += 4;
            }
          }
          default -> cur.append(n);
        }
      } else if (c == '"') {
        out.add(cur.toString());
        cur = null;
      } else {
        cur.append(c);
      }
    }
    return List.copyOf(out);
  }
}
