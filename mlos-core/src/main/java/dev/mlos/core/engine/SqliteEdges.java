package dev.mlos.core.engine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The {@code relationships} table (edges), the {@code relationship_kinds} rules and the existence
 * checks an edge needs, for {@link SqliteStateStore}.
 */
final class SqliteEdges {
  private static final String EDGE_COLUMNS =
      "id, source_type, source_id, target_type, target_id, relationship_type, metadata, created_at";

  private final SqliteTransactions db;

  SqliteEdges(SqliteTransactions db) {
    this.db = db;
  }

  List<String> relationshipKinds(String relationshipType) {
    return List.copyOf(
        db.list(
            "SELECT source_type || '->' || target_type FROM relationship_kinds WHERE relationship_type = ? "
                + "ORDER BY source_type, target_type",
            ps -> ps.setString(1, relationshipType),
            rs -> rs.getString(1)));
  }

  private static Edge edge(ResultSet rs) throws SQLException {
    return new Edge(
        rs.getLong(1),
        new EntityRef(rs.getString(2), rs.getLong(3)),
        new EntityRef(rs.getString(4), rs.getLong(5)),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8));
  }

  Optional<Edge> edge(long id) {
    return db.one(
        "SELECT " + EDGE_COLUMNS + " FROM relationships WHERE id = ?",
        ps -> ps.setLong(1, id),
        SqliteEdges::edge);
  }

  Optional<Edge> edge(EntityRef source, EntityRef target, String type) {
    return db.one(
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
        SqliteEdges::edge);
  }

  void deleteEdge(long id) {
    db.update("DELETE FROM relationships WHERE id = ?", ps -> ps.setLong(1, id));
  }

  long insertEdge(EntityRef source, EntityRef target, String type, String metadata) {
    return db.insert(
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

  List<Edge> edgesOf(EntityRef ref) {
    return db.list(
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
        SqliteEdges::edge);
  }

  boolean exists(EntityRef ref) {
    String table =
        switch (ref.type()) {
          case "need" -> "needs";
          case "task" -> "tasks";
          case "artifact" -> "artifacts";
          default -> "agents";
        };
    return db.one(
            "SELECT 1 FROM " + table + " WHERE id = ?", ps -> ps.setLong(1, ref.id()), rs -> true)
        .isPresent();
  }

  boolean blocksPath(EntityRef from, EntityRef to) {
    return db.one(
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
}
