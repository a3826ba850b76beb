package dev.mlos.core.engine;

import static dev.mlos.core.engine.SqliteStateStore.stringArray;
import static dev.mlos.core.engine.SqliteTransactions.intOrNull;
import static dev.mlos.core.engine.SqliteTransactions.longOrNull;
import static dev.mlos.core.engine.SqliteTransactions.setNullable;

import dev.mlos.core.view.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The {@code needs} table and the {@code need_transitions} rules, for {@link SqliteStateStore}. */
final class SqliteNeeds {
  private static final String NEED_COLUMNS =
      "id, title, description, status, priority, scope, tags, parent_need_id, "
          + "source_transcript, created_at, updated_at";

  private final SqliteTransactions db;

  SqliteNeeds(SqliteTransactions db) {
    this.db = db;
  }

  List<String> needTransitionsFrom(String status) {
    List<String> out =
        db.list(
            "SELECT to_status FROM need_transitions WHERE from_status = ?",
            ps -> ps.setString(1, status),
            rs -> rs.getString(1));
    out.sort(Comparator.comparingInt(Engine.NEED_STATUSES::indexOf));
    return List.copyOf(out);
  }

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

  long insertNeed(NeedSpec spec, List<String> tags) {
    return db.insert(
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

  Optional<Need> need(long id) {
    return db.one(
        "SELECT " + NEED_COLUMNS + " FROM needs WHERE id = ?",
        ps -> ps.setLong(1, id),
        SqliteNeeds::need);
  }

  List<Need> childrenOf(long id, int limit) {
    return db.list(
        "SELECT " + NEED_COLUMNS + " FROM needs WHERE parent_need_id = ? ORDER BY id LIMIT ?",
        ps -> {
          ps.setLong(1, id);
          ps.setInt(2, limit);
        },
        SqliteNeeds::need);
  }

  long childCount(long id) {
    return db.one(
            "SELECT count(*) FROM needs WHERE parent_need_id = ?",
            ps -> ps.setLong(1, id),
            rs -> rs.getLong(1))
        .orElse(0L);
  }

  void updateNeedFields(Need n) {
    db.update(
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

  void setNeedStatus(long id, String status) {
    db.update(
        "UPDATE needs SET status = ? WHERE id = ?",
        ps -> {
          ps.setString(1, status);
          ps.setLong(2, id);
        });
  }

  Optional<String> statusBefore(long needId, String status) {
    return db.one(
        "SELECT json_extract(old_values, '$.status') FROM history WHERE entity = 'need' AND entity_id = ?1 "
            + "AND operation = 'update' AND json_extract(new_values, '$.status') = ?2 "
            + "AND json_extract(old_values, '$.status') IS NOT ?2 ORDER BY changed_at DESC, id DESC LIMIT 1",
        ps -> {
          ps.setLong(1, needId);
          ps.setString(2, status);
        },
        rs -> rs.getString(1));
  }

  boolean isSelfOrAncestor(long ancestorId, long needId) {
    return db.one(
            "WITH RECURSIVE up(id) AS (SELECT ?2 UNION SELECT n.parent_need_id FROM needs n JOIN up ON n.id = up.id "
                + "WHERE n.parent_need_id IS NOT NULL) SELECT 1 FROM up WHERE id = ?1",
            ps -> {
              ps.setLong(1, ancestorId);
              ps.setLong(2, needId);
            },
            rs -> true)
        .isPresent();
  }
}
