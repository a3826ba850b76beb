package dev.mlos.core.engine;

import static dev.mlos.core.engine.SqliteTransactions.NOW;
import static dev.mlos.core.engine.SqliteTransactions.intOrNull;
import static dev.mlos.core.engine.SqliteTransactions.longOrNull;
import static dev.mlos.core.engine.SqliteTransactions.setNullable;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code tasks} table and the {@code task_transitions} rules, for {@link SqliteStateStore}:
 * claims are one conditional UPDATE, so of several claimers exactly one wins.
 */
final class SqliteTasks {
  private static final String TASK_COLUMNS =
      "id, need_id, description, status, priority, assigned_agent_id, result, "
          + "assigned_date, source_transcript, created_at, updated_at";

  private final SqliteTransactions db;

  SqliteTasks(SqliteTransactions db) {
    this.db = db;
  }

  List<String> taskTransitionsFrom(String status) {
    List<String> out =
        db.list(
            "SELECT to_status FROM task_transitions WHERE from_status = ?",
            ps -> ps.setString(1, status),
            rs -> rs.getString(1));
    out.sort(Comparator.comparingInt(Engine.TASK_STATUSES::indexOf));
    return List.copyOf(out);
  }

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

  long insertTask(long needId, TaskSpec spec) {
    return db.insert(
        "INSERT INTO tasks (need_id, description, status, priority) VALUES (?, ?, 'open', ?)",
        ps -> {
          ps.setLong(1, needId);
          ps.setString(2, spec.description());
          setNullable(ps, 3, spec.priority());
        });
  }

  Optional<Task> task(long id) {
    return db.one(
        "SELECT " + TASK_COLUMNS + " FROM tasks WHERE id = ?",
        ps -> ps.setLong(1, id),
        SqliteTasks::task);
  }

  List<Task> tasksOf(long needId) {
    return db.list(
        "SELECT " + TASK_COLUMNS + " FROM tasks WHERE need_id = ? ORDER BY id",
        ps -> ps.setLong(1, needId),
        SqliteTasks::task);
  }

  List<Task> heldBy(long agentId, int limit) {
    return db.list(
        "SELECT "
            + TASK_COLUMNS
            + " FROM tasks WHERE assigned_agent_id = ?"
            + " AND status IN ('assigned', 'in_progress', 'failed') ORDER BY id LIMIT ?",
        ps -> {
          ps.setLong(1, agentId);
          ps.setInt(2, limit);
        },
        SqliteTasks::task);
  }

  int heldCount(long agentId) {
    return db.one(
            "SELECT count(*) FROM tasks WHERE assigned_agent_id = ?"
                + " AND status IN ('assigned', 'in_progress', 'failed')",
            ps -> ps.setLong(1, agentId),
            rs -> rs.getInt(1))
        .orElse(0);
  }

  boolean claimTask(long taskId, long agentId) {
    return db.update(
            "UPDATE tasks SET status = 'assigned', assigned_agent_id = ?, assigned_date = "
                + NOW
                + " WHERE id = ? AND status = 'open'",
            ps -> {
              ps.setLong(1, agentId);
              ps.setLong(2, taskId);
            })
        == 1;
  }

  void updateTaskFields(long taskId, String description, Integer priority) {
    db.update(
        "UPDATE tasks SET description = ?1, priority = ?2 WHERE id = ?3",
        ps -> {
          ps.setString(1, description);
          setNullable(ps, 2, priority == null ? null : priority.longValue());
          ps.setLong(3, taskId);
        });
  }

  void setTaskState(long taskId, String status, Long assignedAgentId, String result) {
    db.update(
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
}
