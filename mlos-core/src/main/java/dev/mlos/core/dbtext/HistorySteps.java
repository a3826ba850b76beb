package dev.mlos.core.dbtext;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The writes the history of a text form records since a base ({@link TextFormReview}), as the
 * statements that made them: a {@link TextFormReview} walks them before it judges the changed rows,
 * so a row the engine moved through several allowed states gets there step by step, and the rows
 * the triggers wrote on the way (a task's {@code derived_from} edge) get the ids they had.
 */
final class HistorySteps {
  private HistorySteps() {}

  /** The tables whose rows the history's {@code entity} names. */
  private static final Map<String, String> ENTITY_TABLES =
      Map.of(
          "need", "needs",
          "task", "tasks",
          "artifact", "artifacts",
          "relationship", "relationships",
          "agent", "agents",
          "lens", "lenses");

  /** How many history rows since the base are walked at most (the budget bounds them too). */
  static final int MAX_STEPS = 1_000_000;

  /**
   * The writes the current text's history records since the base (rows with a higher id than the
   * base's last), in order, as statements on the entity's table.
   */
  static List<String> since(MergeSide base, MergeSide current, boolean blank) throws SQLException {
    long since = 0;
    if (!blank) {
      try (Statement s = base.c.createStatement();
          ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM history")) {
        since = rs.next() ? rs.getLong(1) : 0;
      } catch (SQLException noHistory) {
        since = 0;
      }
    }
    return since(current.tables, current.c, since);
  }

  /**
   * The writes the history rows on {@code current} (tables {@code shapes}) record with an id above
   * {@code since}, in order, as statements on the entity's table.
   */
  static List<String> since(List<TableShape> shapes, java.sql.Connection current, long since)
      throws SQLException {
    Map<String, TableShape> tables = new HashMap<>();
    shapes.forEach(t -> tables.put(t.name(), t));
    TableShape history = tables.get("history");
    if (history == null
        || !history.columns().containsAll(List.of("entity", "entity_id", "operation"))
        || !history.columns().contains("new_values")) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
            current.prepareStatement(
                "SELECT entity, entity_id, operation, new_values FROM history WHERE id > ?"
                    + " ORDER BY id LIMIT "
                    + MAX_STEPS);
        PreparedStatement keys =
            current.prepareStatement(
                "SELECT key FROM json_each(?) WHERE json_valid(?) LIMIT 1000")) {
      ps.setLong(1, since);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String step = step(tables, keys, rs);
          if (step != null) {
            out.add(step);
          }
        }
      }
    }
    return out;
  }

  /** One history row as the statement that made it, or null when it is not one to walk. */
  private static String step(Map<String, TableShape> tables, PreparedStatement keys, ResultSet rs)
      throws SQLException {
    TableShape t = tables.get(ENTITY_TABLES.get(String.valueOf(rs.getString(1))));
    if (t == null || !t.integerKey() || !MergeRules.replayable(t)) {
      return null;
    }
    long id = rs.getLong(2);
    String operation = String.valueOf(rs.getString(3));
    String json = rs.getString(4);
    String table = TableShape.ident(t.name());
    if (operation.equals("delete")) {
      return "DELETE FROM " + table + " WHERE rowid = " + id;
    }
    if (json == null || !(operation.equals("insert") || operation.equals("update"))) {
      return null;
    }
    keys.setString(1, json);
    keys.setString(2, json);
    Set<String> present = new java.util.HashSet<>();
    try (ResultSet k = keys.executeQuery()) {
      while (k.next()) {
        present.add(k.getString(1));
      }
    } catch (SQLException notAnObject) {
      return null;
    }
    List<String> columns =
        t.columns().stream()
            .filter(present::contains)
            .filter(col -> col.matches("[A-Za-z_][A-Za-z0-9_]*"))
            .filter(col -> !t.primaryKey().contains(col))
            .toList();
    if (columns.isEmpty()) {
      return null;
    }
    String names = String.join(", ", columns.stream().map(TableShape::ident).toList());
    String values =
        String.join(
            ", ", columns.stream().map(col -> "json_extract(j, '$.\"" + col + "\"')").toList());
    String from = " FROM (SELECT '" + json.replace("'", "''") + "' AS j)";
    if (operation.equals("insert")) {
      // Under the history's id (not every entity's values name it), as the row the text holds.
      return "INSERT INTO "
          + table
          + " ("
          + TableShape.ident(t.primaryKey().get(0))
          + ", "
          + names
          + ") SELECT "
          + id
          + ", "
          + values
          + from;
    }
    return "UPDATE "
        + table
        + " SET ("
        + names
        + ") = (SELECT "
        + values
        + from
        + ") WHERE rowid = "
        + id;
  }
}
