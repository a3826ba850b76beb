package dev.mlos.core.engine;

import static dev.mlos.core.engine.SqliteStateStore.stringArray;
import static dev.mlos.core.engine.SqliteTransactions.NOW;
import static dev.mlos.core.engine.SqliteTransactions.intOrNull;
import static dev.mlos.core.engine.SqliteTransactions.longOrNull;
import static dev.mlos.core.engine.SqliteTransactions.setNullable;

import dev.mlos.core.view.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The {@code agents} and {@code lenses} tables, for {@link SqliteStateStore}. */
final class SqliteAgents {
  private static final String AGENT_COLUMNS =
      "id, agent_type, status, kernel_version, session_transcript, started_at, completed_at, result_summary";
  private static final String LENS_COLUMNS =
      "id, agent_id, agent_type, scopes, tags, weights, token_budget, created_at, updated_at";

  private final SqliteTransactions db;

  SqliteAgents(SqliteTransactions db) {
    this.db = db;
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
        rs.getString(8));
  }

  long insertAgent(AgentSpec spec) {
    return db.insert(
        "INSERT INTO agents (agent_type, status, kernel_version, session_transcript) "
            + "VALUES (?, 'provisioning', ?, ?)",
        ps -> {
          ps.setString(1, spec.agentType());
          ps.setString(2, spec.kernelVersion());
          ps.setString(3, spec.sessionTranscript());
        });
  }

  Optional<Agent> agent(long id) {
    return db.one(
        "SELECT " + AGENT_COLUMNS + " FROM agents WHERE id = ?",
        ps -> ps.setLong(1, id),
        SqliteAgents::agent);
  }

  /** The runs {@link #agents} lists without {@code all}: not finished. */
  private static final String NOT_FINISHED = " WHERE status IN ('provisioning', 'active')";

  List<Agent> agents(boolean all, int limit) {
    return db.list(
        "SELECT "
            + AGENT_COLUMNS
            + " FROM agents"
            + (all ? "" : NOT_FINISHED)
            + " ORDER BY id LIMIT ?",
        ps -> ps.setInt(1, limit),
        SqliteAgents::agent);
  }

  /** The agent types with at least one run, sorted, at most {@code limit}. */
  List<String> agentTypes(int limit) {
    return db.list(
        "SELECT DISTINCT agent_type FROM agents ORDER BY agent_type LIMIT ?",
        ps -> ps.setInt(1, limit),
        rs -> rs.getString(1));
  }

  boolean hasAgentOfType(String agentType) {
    return db.one(
            "SELECT 1 FROM agents WHERE agent_type = ? LIMIT 1",
            ps -> ps.setString(1, agentType),
            rs -> rs.getInt(1))
        .isPresent();
  }

  long agentCount(boolean all) {
    return db.one(
            "SELECT count(*) FROM agents" + (all ? "" : NOT_FINISHED),
            ps -> {},
            rs -> rs.getLong(1))
        .orElse(0L);
  }

  void setAgentStatus(long id, String status, boolean finished, String resultSummary) {
    db.update(
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

  Optional<Lens> lensOfAgent(long agentId) {
    List<Object[]> raw =
        db.list(
            "SELECT " + LENS_COLUMNS + " FROM lenses WHERE agent_id = ?",
            ps -> ps.setLong(1, agentId),
            SqliteAgents::rawLens);
    return raw.isEmpty() ? Optional.empty() : Optional.of(lensOf(raw.get(0)));
  }

  Optional<Lens> lensOfType(String agentType) {
    List<Object[]> raw =
        db.list(
            "SELECT " + LENS_COLUMNS + " FROM lenses WHERE agent_type = ?",
            ps -> ps.setString(1, agentType),
            SqliteAgents::rawLens);
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
        db.list(
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

  long saveLens(LensSpec spec) {
    Optional<Lens> existing =
        spec.agentId() != null ? lensOfAgent(spec.agentId()) : lensOfType(spec.agentType());
    if (existing.isPresent()) {
      long id = existing.get().id();
      db.update(
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
    return db.insert(
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
}
