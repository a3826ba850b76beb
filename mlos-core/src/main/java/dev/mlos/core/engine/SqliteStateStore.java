package dev.mlos.core.engine;

import static dev.mlos.core.engine.SqliteTransactions.BUSY_TIMEOUT_MS;
import static dev.mlos.core.engine.SqliteTransactions.busy;
import static dev.mlos.core.engine.SqliteTransactions.pause;

import dev.mlos.core.Remedy;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.schema.Migrator;
import dev.mlos.core.schema.SchemaIntegrity;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The SQLite backend of {@link StateStore}: one connection in WAL mode with a busy timeout; writes
 * in {@code BEGIN IMMEDIATE} transactions (the write lock is taken at the start, so a transaction
 * never fails half-way for a lock), retried whole for a bounded time when the database stays busy;
 * prepared statements kept until {@link #close()}. Each table's statements live in a class named
 * for it ({@link SqliteNeeds}, {@link SqliteTasks}, {@link SqliteArtifacts}, {@link SqliteEdges},
 * {@link SqliteAgents}), the reads across tables in {@link SqliteReadyWork}, the connection and its
 * transactions in {@link SqliteTransactions}; this class opens the database and implements the
 * interface by handing each call to one of them.
 */
final class SqliteStateStore implements StateStore {
  /** Attempts to switch a busy database to WAL mode when it is opened. */
  static final int MAX_ATTEMPTS = 8;

  private final SqliteTransactions db;
  private final SqliteNeeds needs;
  private final SqliteTasks tasks;
  private final SqliteArtifacts artifacts;
  private final SqliteEdges edges;
  private final SqliteAgents agents;
  private final SqliteReadyWork reads;
  private final SqliteRequests requests;

  private final Path file;

  private SqliteStateStore(Path file, Connection connection) {
    this.file = file;
    this.db = new SqliteTransactions(file, connection);
    this.needs = new SqliteNeeds(db);
    this.tasks = new SqliteTasks(db);
    this.artifacts = new SqliteArtifacts(db);
    this.edges = new SqliteEdges(db);
    this.agents = new SqliteAgents(db);
    this.reads = new SqliteReadyWork(db);
    this.requests = new SqliteRequests(db);
  }

  @Override
  public List<Path> ownFiles() {
    return dev.mlos.core.dbtext.DatabaseText.filesOf(file);
  }

  /**
   * Opens an existing mlos database, switches it to WAL mode and checks its schema is current and
   * as its migrations create it ({@link SchemaIntegrity}).
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
    Set<String> tables = new java.util.TreeSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('needs', 'schema_migrations')")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    if (tables.size() < 2) {
      // It said "no needs or schema_migrations table" whichever of the two was there.
      throw new DatabaseException(
              file,
              tables.isEmpty()
                  ? "it is not an mlos database (it has neither a needs nor a schema_migrations"
                      + " table)"
                  : tables.contains("needs")
                      ? "it is not an mlos database (it has a needs table but no schema_migrations"
                          + " table, which records the mlos schema's version)"
                      : "it holds no mlos schema (no needs table; its schema_migrations table "
                          + schemaSets(c)
                          + ")",
              foreign(file, c, tables)
                  // Init would add mlos's tables to another program's database (after a backup):
                  // a fix, followed as written, that changes a file outside the workspace.
                  ? "leave that file as it is (it lies outside the workspace and holds another"
                      + " program's tables, to which {0} would add mlos's); point {1} at the"
                      + " workspace's mlos database, or at a new file inside the workspace (such"
                      + " as mlos.db) and run {0}"
                  : "run {0} to create the mlos schema, or point {1} at the workspace's mlos"
                      + " database")
          .suggesting(Remedy.init(), Remedy.setting("database", null));
    }
    requireCurrentSchema(file, c);
  }

  /**
   * True when {@code file} lies outside every workspace ({@link Database#inWorkspace}) and holds
   * tables but no schema_migrations table: a database mlos did not make (an empty file is one a
   * person made for mlos, and a schema set's record says mlos made it).
   */
  private static boolean foreign(Path file, Connection c, Set<String> tables) throws SQLException {
    if (tables.contains("schema_migrations") || Database.inWorkspace(file)) {
      return false;
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema WHERE type = 'table'")) {
      return rs.next() && rs.getLong(1) > 0;
    }
  }

  /** Which schema sets a database without the mlos one records: another pack's, or none. */
  private static String schemaSets(Connection c) {
    List<String> sets = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT DISTINCT schema_set FROM schema_migrations ORDER BY schema_set LIMIT 6")) {
      while (rs.next()) {
        sets.add(RefusedException.quoted(rs.getString(1)));
      }
    } catch (SQLException e) {
      // A table of that name mlos did not make: what it holds says nothing more.
      return "is not one mlos made";
    }
    if (sets.isEmpty()) {
      return "records no schema";
    }
    return (sets.size() == 1 ? "records the schema " : "records the schemas ")
        + (sets.size() > 5
            ? String.join(", ", sets.subList(0, 5)) + " and more"
            : String.join(", ", sets))
        + ", not 'mlos'";
  }

  /**
   * The database's mlos schema is the one this mlos's migrations make: refused when it is older
   * (run init), newer ({@link dev.mlos.core.schema.SchemaTooNewException}) or changed by hand. At
   * open, and again by a write that finds the schema changed since ({@link SqliteTransactions}).
   */
  static void requireCurrentSchema(Path file, Connection c) {
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
              "run {0} to upgrade it (it backs the database up first)")
          .suggesting(Remedy.init());
    }
    SchemaIntegrity.requireUntampered(c, "engine");
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

  @Override
  public <T> T write(Actor actor, String reason, Work<?> beforeSigning, Work<T> work) {
    return db.write(actor, reason, beforeSigning, work);
  }

  @Override
  public <T> T read(Work<T> work) {
    return db.read(work);
  }

  @Override
  public void onLockWait(LockWait listener) {
    db.onLockWait(listener);
  }

  @Override
  public void close() {
    db.close();
  }

  // ------------------------------------------------------------------ rules as data

  @Override
  public List<String> needTransitionsFrom(String status) {
    return needs.needTransitionsFrom(status);
  }

  @Override
  public List<String> taskTransitionsFrom(String status) {
    return tasks.taskTransitionsFrom(status);
  }

  @Override
  public List<String> relationshipKinds(String relationshipType) {
    return edges.relationshipKinds(relationshipType);
  }

  // ------------------------------------------------------------------ request ids

  @Override
  public Optional<RequestRecord> request(String actor, String requestId, long keptSeconds) {
    return requests.request(actor, requestId, keptSeconds);
  }

  @Override
  public void saveRequest(String actor, String requestId, RequestRecord record) {
    requests.save(actor, requestId, record);
  }

  @Override
  public int pruneRequests(long keptSeconds, int limit) {
    return requests.prune(keptSeconds, limit);
  }

  // ------------------------------------------------------------------ needs

  @Override
  public long insertNeed(NeedSpec spec, List<String> tags) {
    return needs.insertNeed(spec, tags);
  }

  @Override
  public Optional<Need> need(long id) {
    return needs.need(id);
  }

  @Override
  public List<Need> childrenOf(long needId, int limit) {
    return needs.childrenOf(needId, limit);
  }

  @Override
  public long childCount(long needId) {
    return needs.childCount(needId);
  }

  @Override
  public void updateNeedFields(Need n) {
    needs.updateNeedFields(n);
  }

  @Override
  public void setNeedStatus(long id, String status) {
    needs.setNeedStatus(id, status);
  }

  @Override
  public Optional<String> statusBefore(long needId, String status) {
    return needs.statusBefore(needId, status);
  }

  @Override
  public boolean isSelfOrAncestor(long ancestorId, long needId) {
    return needs.isSelfOrAncestor(ancestorId, needId);
  }

  // ------------------------------------------------------------------ tasks

  @Override
  public long insertTask(long needId, TaskSpec spec) {
    return tasks.insertTask(needId, spec);
  }

  @Override
  public Optional<Task> task(long id) {
    return tasks.task(id);
  }

  @Override
  public void updateTaskFields(long id, String description, Integer priority) {
    tasks.updateTaskFields(id, description, priority);
  }

  @Override
  public List<Task> tasksOf(long needId) {
    return tasks.tasksOf(needId);
  }

  @Override
  public List<Task> heldBy(long agentId, int limit) {
    return tasks.heldBy(agentId, limit);
  }

  @Override
  public int heldCount(long agentId) {
    return tasks.heldCount(agentId);
  }

  @Override
  public boolean claimTask(long taskId, long agentId) {
    return tasks.claimTask(taskId, agentId);
  }

  @Override
  public void setTaskState(long taskId, String status, Long assignedAgentId, String result) {
    tasks.setTaskState(taskId, status, assignedAgentId, result);
  }

  // ------------------------------------------------------------------ artifacts

  @Override
  public long insertArtifact(ArtifactSpec spec, String hash) {
    return artifacts.insertArtifact(spec, hash);
  }

  @Override
  public Optional<Artifact> artifact(long id) {
    return artifacts.artifact(id);
  }

  @Override
  public Optional<Artifact> artifactByPath(String filePath) {
    return artifacts.artifactByPath(filePath);
  }

  @Override
  public java.util.Map<String, Artifact> artifactsOfSameFile(List<String> filePaths) {
    return artifacts.artifactsOfSameFile(filePaths);
  }

  @Override
  public java.util.Map<String, List<String>> compiledAs(List<String> filePaths) {
    return artifacts.compiledAs(filePaths);
  }

  @Override
  public void updateArtifact(Artifact a) {
    artifacts.updateArtifact(a);
  }

  @Override
  public void moveArtifact(long id, String filePath, String contentHash) {
    artifacts.moveArtifact(id, filePath, contentHash);
  }

  @Override
  public void deleteArtifact(long id) {
    artifacts.deleteArtifact(id);
  }

  // ------------------------------------------------------------------ relationships

  @Override
  public Optional<Edge> edge(long id) {
    return edges.edge(id);
  }

  @Override
  public Optional<Edge> edge(EntityRef source, EntityRef target, String type) {
    return edges.edge(source, target, type);
  }

  @Override
  public long insertEdge(EntityRef source, EntityRef target, String type, String metadata) {
    return edges.insertEdge(source, target, type, metadata);
  }

  @Override
  public void deleteEdge(long id) {
    edges.deleteEdge(id);
  }

  @Override
  public List<Edge> edgesOf(EntityRef ref) {
    return edges.edgesOf(ref);
  }

  @Override
  public boolean exists(EntityRef ref) {
    return edges.exists(ref);
  }

  @Override
  public boolean blocksPath(EntityRef from, EntityRef to) {
    return edges.blocksPath(from, to);
  }

  // ------------------------------------------------------------------ agents

  @Override
  public List<Agent> agents(boolean all, int limit) {
    return agents.agents(all, limit);
  }

  @Override
  public List<String> agentTypes(int limit) {
    return agents.agentTypes(limit);
  }

  @Override
  public boolean hasAgentOfType(String agentType) {
    return agents.hasAgentOfType(agentType);
  }

  @Override
  public long agentCount(boolean all) {
    return agents.agentCount(all);
  }

  @Override
  public long insertAgent(AgentSpec spec) {
    return agents.insertAgent(spec);
  }

  @Override
  public Optional<Agent> agent(long id) {
    return agents.agent(id);
  }

  @Override
  public void setAgentStatus(long id, String status, boolean finished, String resultSummary) {
    agents.setAgentStatus(id, status, finished, resultSummary);
  }

  // ------------------------------------------------------------------ lenses

  @Override
  public Optional<Lens> lensOfAgent(long agentId) {
    return agents.lensOfAgent(agentId);
  }

  @Override
  public boolean lensExists(long lensId) {
    return db.one("SELECT 1 FROM lenses WHERE id = ?", ps -> ps.setLong(1, lensId), rs -> true)
        .isPresent();
  }

  @Override
  public Optional<Lens> lensOfType(String agentType) {
    return agents.lensOfType(agentType);
  }

  @Override
  public long saveLens(LensSpec spec) {
    return agents.saveLens(spec);
  }

  // ------------------------------------------------------------------ reads

  @Override
  public ReadyPage ready(RankInputs inputs, int offset, int limit) {
    return reads.ready(inputs, offset, limit);
  }

  @Override
  public BlockedPage blocked(RankInputs inputs, int limit) {
    return reads.blocked(inputs, limit);
  }

  @Override
  public List<BlockedItem.Blocker> blockersOfTask(long taskId, long needId) {
    return reads.blockers("task", taskId, needId);
  }

  @Override
  public SearchPage search(String text, Set<String> kinds, int offset, int limit) {
    return reads.search(text, kinds, offset, limit);
  }

  @Override
  public List<HistoryEntry> history(String entityType, long entityId, int limit) {
    return reads.history(entityType, entityId, limit);
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
