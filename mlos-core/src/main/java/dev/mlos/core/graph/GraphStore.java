package dev.mlos.core.graph;

import dev.mlos.core.hash.Sha256;
import dev.mlos.core.view.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQL of the agentos-graph tables, for the importer. Every write compares first and reports
 * whether it changed anything, so a re-import writes nothing and touches no timestamp.
 */
final class GraphStore {
  private final Connection c;
  private final String now;
  int edgesAdded;
  int edgesRemoved;

  GraphStore(Connection c, String now) {
    this.c = c;
    this.now = now;
  }

  /** A short stable id: the first 16 hex digits of the SHA-256 of {@code parts} as JSON. */
  static String hashId(List<?> parts) {
    return Sha256.of(Json.write(parts)).substring(0, 16);
  }

  boolean nodeExists(String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM nodes WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  void createNode(String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO nodes (id, created_at, updated_at) VALUES (?, ?, ?)")) {
      ps.setString(1, id);
      ps.setString(2, now);
      ps.setString(3, now);
      ps.executeUpdate();
    }
  }

  /**
   * Sets the node's {@code updated_at} to this write's time, unless it already holds that time or a
   * later one: a writer that read its clock before another committed (two servers upserting one
   * identity, each reading the clock before it waits for the write lock) must not move the time
   * back, nor before {@code created_at}, which the table's CHECK refuses.
   */
  void touchNode(String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE nodes SET updated_at = ? WHERE id = ? AND julianday(updated_at) < julianday(?)")) {
      ps.setString(1, now);
      ps.setString(2, id);
      ps.setString(3, now);
      ps.executeUpdate();
    }
  }

  /**
   * The shapes of the node {@code <id>} (an SQL expression) as a JSON list: the names in its {@code
   * _shapes} list, or its {@code _shape} alone when {@code _shapes} is missing, no JSON, no list or
   * holds no name (written by other means than the import, such as the sqlite3 shell). The
   * agentos-graph pack's pages read a record's shapes by the same rule; read as they were, such a
   * value failed every import that looked a record up with SQLite's "malformed JSON", so the import
   * that rewrites it could not run.
   */
  static String shapesJson(String id) {
    return "COALESCE((SELECT CASE WHEN NOT json_valid(sv.value) THEN NULL"
        + " WHEN json_type(sv.value) = 'array' AND EXISTS (SELECT 1 FROM json_each(sv.value) sk"
        + " WHERE sk.type = 'text') THEN sv.value END"
        + " FROM node_vals sv WHERE sv.node_id = "
        + id
        + " AND sv.key = '_shapes'),"
        + " (SELECT json_array(sp.value) FROM node_vals sp WHERE sp.node_id = "
        + id
        + " AND sp.key = '_shape'))";
  }

  /** The shapes recorded on a node ({@code _shapes}, see {@link #shapesJson}), in stored order. */
  List<String> shapesOf(String id) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT s.value FROM json_each("
                + shapesJson("?")
                + ") s WHERE s.type = 'text' ORDER BY s.id")) {
      ps.setString(1, id);
      ps.setString(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  String stringValue(String id, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT CAST(value AS TEXT) FROM node_vals WHERE node_id = ? AND key = ?")) {
      ps.setString(1, id);
      ps.setString(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /**
   * The first node (by id) that has {@code shape} among its shapes and every value of {@code
   * match}; null when none does.
   */
  String find(String shape, Map<String, TypedValue> match) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT n.id FROM nodes n WHERE EXISTS (SELECT 1 FROM json_each("
                + shapesJson("n.id")
                + ") j WHERE j.type = 'text' AND j.value = ?)");
    for (int i = 0; i < match.size(); i++) {
      sql.append(
          " AND EXISTS (SELECT 1 FROM node_vals v WHERE v.node_id = n.id AND v.key = ? AND v.value = ?)");
    }
    sql.append(" ORDER BY n.id LIMIT 1");
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      ps.setString(i++, shape);
      for (Map.Entry<String, TypedValue> e : match.entrySet()) {
        ps.setString(i++, e.getKey());
        ps.setObject(i++, e.getValue().value());
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Sets a node value; true when it was missing or different (value or type). */
  boolean setValue(String id, String key, TypedValue v) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT (value IS ?) AND type = ? FROM node_vals WHERE node_id = ? AND key = ?")) {
      ps.setObject(1, v.value());
      ps.setString(2, v.type());
      ps.setString(3, id);
      ps.setString(4, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && rs.getInt(1) == 1) {
          return false;
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO node_vals (node_id, key, value, type) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (node_id, key) DO UPDATE SET value = excluded.value, type = excluded.type")) {
      ps.setString(1, id);
      ps.setString(2, key);
      ps.setObject(3, v.value());
      ps.setString(4, v.type());
      ps.executeUpdate();
    }
    return true;
  }

  boolean deleteValue(String id, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM node_vals WHERE node_id = ? AND key = ?")) {
      ps.setString(1, id);
      ps.setString(2, key);
      return ps.executeUpdate() > 0;
    }
  }

  /**
   * Sets the content of kind {@code key} of a node (id {@code <node>/<key>}); true when it changed.
   */
  boolean setContent(String id, String key, String body) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT body = ? FROM content WHERE node_id = ? AND kind = ?")) {
      ps.setString(1, body);
      ps.setString(2, id);
      ps.setString(3, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          if (rs.getInt(1) == 1) {
            return false;
          }
          try (PreparedStatement up =
              c.prepareStatement("UPDATE content SET body = ? WHERE node_id = ? AND kind = ?")) {
            up.setString(1, body);
            up.setString(2, id);
            up.setString(3, key);
            up.executeUpdate();
          }
          return true;
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO content (id, node_id, kind, body) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, id + "/" + key);
      ps.setString(2, id);
      ps.setString(3, key);
      ps.setString(4, body);
      ps.executeUpdate();
    }
    return true;
  }

  boolean deleteContent(String id, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM content WHERE node_id = ? AND kind = ?")) {
      ps.setString(1, id);
      ps.setString(2, key);
      return ps.executeUpdate() > 0;
    }
  }

  /**
   * Makes the live {@code label} edges from {@code from} exactly {@code targets}: missing ones are
   * created (or revived when a deleted one exists), extra ones get {@code deleted_at}. Edge ids are
   * derived from (from, label, to). True when anything changed.
   */
  boolean syncEdges(String from, String label, List<String> targets) throws SQLException {
    Set<String> desired = new LinkedHashSet<>(targets);
    Set<String> live = new LinkedHashSet<>();
    Set<String> dead = new LinkedHashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT to_id, deleted_at IS NOT NULL FROM edges WHERE from_id = ? AND label = ? ORDER BY id")) {
      ps.setString(1, from);
      ps.setString(2, label);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          (rs.getInt(2) == 1 ? dead : live).add(rs.getString(1));
        }
      }
    }
    boolean changed = false;
    for (String to : desired) {
      if (live.contains(to)) {
        continue;
      }
      changed = true;
      edgesAdded++;
      if (dead.contains(to)) {
        update(
            "UPDATE edges SET deleted_at = NULL, updated_at = ? WHERE from_id = ? AND label = ? AND to_id = ? AND deleted_at IS NOT NULL",
            now,
            from,
            label,
            to);
      } else {
        update(
            "INSERT INTO edges (id, from_id, label, to_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            hashId(List.of("edge", from, label, to)),
            from,
            label,
            to,
            now,
            now);
      }
    }
    for (String to : live) {
      if (!desired.contains(to)) {
        changed = true;
        edgesRemoved++;
        update(
            "UPDATE edges SET deleted_at = ?, updated_at = ? WHERE from_id = ? AND label = ? AND to_id = ? AND deleted_at IS NULL",
            now,
            now,
            from,
            label,
            to);
      }
    }
    return changed;
  }

  /**
   * Replaces the shape registry in settings ({@code shape:<name>}); returns nothing, changes only
   * what differs.
   */
  void writeShapes(Map<String, String> jsonByName) throws SQLException {
    List<String> stale = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT key FROM settings WHERE key LIKE 'shape:%' ORDER BY key");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (!jsonByName.containsKey(rs.getString(1).substring("shape:".length()))) {
          stale.add(rs.getString(1));
        }
      }
    }
    for (String key : stale) {
      update("DELETE FROM settings WHERE key = ?", key);
    }
    for (Map.Entry<String, String> e : jsonByName.entrySet()) {
      update(
          "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
              + " WHERE settings.value IS NOT excluded.value",
          "shape:" + e.getKey(),
          e.getValue());
    }
  }

  private void update(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }
}
