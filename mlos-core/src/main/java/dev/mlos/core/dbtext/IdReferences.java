package dev.mlos.core.dbtext;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every place a row's integer id is written down, so a merge that gives a row a new id can rewrite
 * each reference to it. Declared foreign keys ({@code PRAGMA foreign_key_list}) are found in the
 * schema itself; the rest is listed here, because SQLite cannot declare it: the polymorphic
 * endpoints of {@code relationships} and {@code history}, {@code need_tags.need_id}, the agents'
 * JSON id lists, and the ids inside {@code history}'s JSON copies of rows (schema set {@code mlos},
 * V1-V3, docs/schema.md). A new migration that writes ids somewhere new adds that place here.
 *
 * <p>The rewrites read the ids to change from a temporary table {@code remap(tbl, old, new)}; each
 * statement runs only where its table and columns exist, so other packs' schemas pass through.
 */
final class IdReferences {
  /** Entity words of {@code relationships.*_type} and {@code history.entity}, and their tables. */
  static final Map<String, String> ENTITIES = entities();

  private IdReferences() {}

  private static Map<String, String> entities() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("need", "needs");
    m.put("task", "tasks");
    m.put("artifact", "artifacts");
    m.put("agent", "agents");
    m.put("relationship", "relationships");
    m.put("lens", "lenses");
    return m;
  }

  /** A JSON field of a history row of one entity: a single id, or a list of ids. */
  private record JsonField(String entity, String path, String target, boolean list) {}

  private static final List<JsonField> HISTORY_FIELDS =
      List.of(
          new JsonField("need", "$.id", "needs", false),
          new JsonField("need", "$.parent_need_id", "needs", false),
          new JsonField("task", "$.id", "tasks", false),
          new JsonField("task", "$.need_id", "needs", false),
          new JsonField("task", "$.assigned_agent_id", "agents", false),
          new JsonField("artifact", "$.id", "artifacts", false),
          new JsonField("relationship", "$.id", "relationships", false),
          new JsonField("relationship", "$.source_id", "@$.source_type", false),
          new JsonField("relationship", "$.target_id", "@$.target_type", false),
          new JsonField("agent", "$.id", "agents", false),
          new JsonField("agent", "$.assigned_tasks", "tasks", true),
          new JsonField("agent", "$.monitored_needs", "needs", true),
          new JsonField("agent", "$.provisioned_artifacts", "artifacts", true),
          new JsonField("lens", "$.id", "lenses", false),
          new JsonField("lens", "$.agent_id", "agents", false));

  /**
   * Rewrites, on {@code c}, every row id listed in {@code remap}, and every reference to one.
   *
   * @param tables the tables of the database (the merge's view of ours' schema)
   */
  static void rewrite(Connection c, List<TableShape> tables) throws SQLException {
    Map<String, Set<String>> columns = new LinkedHashMap<>();
    try (Statement s = c.createStatement()) {
      for (TableShape t : tables) {
        Set<String> cols = new HashSet<>();
        try (ResultSet rs =
            s.executeQuery(
                "SELECT name FROM pragma_table_info(" + TableShape.quote(t.name()) + ")")) {
          while (rs.next()) {
            cols.add(rs.getString(1));
          }
        }
        columns.put(t.name(), cols);
      }
      List<String> sql = new ArrayList<>();
      // The rows' own ids (new ids are above every id of both sides, so no step collides with a
      // row).
      for (TableShape t : tables) {
        if (t.integerKey()) {
          sql.add(
              "UPDATE "
                  + id(t.name())
                  + " SET rowid = "
                  + mapped(q(t.name()), id(t.name()) + ".rowid")
                  + " WHERE rowid IN (SELECT old FROM remap WHERE tbl = "
                  + q(t.name())
                  + ")");
        }
      }
      // Declared foreign keys of one column to an integer key.
      for (TableShape u : tables) {
        if (u.virtual()) {
          continue;
        }
        Map<Integer, List<String[]>> keys = new LinkedHashMap<>();
        try (ResultSet rs =
            s.executeQuery(
                "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list("
                    + q(u.name())
                    + ")")) {
          while (rs.next()) {
            keys.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>())
                .add(new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
          }
        }
        for (List<String[]> fk : keys.values()) {
          if (fk.size() != 1) {
            continue;
          }
          String[] k = fk.get(0);
          TableShape target =
              tables.stream().filter(t -> t.name().equalsIgnoreCase(k[0])).findFirst().orElse(null);
          if (target == null
              || !target.integerKey()
              || target.virtual()
              || !(k[2] == null || k[2].equalsIgnoreCase(target.primaryKey().get(0)))) {
            continue;
          }
          sql.add(column(u.name(), k[1], q(target.name())));
        }
      }
      // References SQLite cannot declare.
      if (has(columns, "need_tags", "need_id")) {
        sql.add(column("need_tags", "need_id", q("needs")));
      }
      for (String[] p :
          List.of(
              new String[] {"relationships", "source_type", "source_id"},
              new String[] {"relationships", "target_type", "target_id"},
              new String[] {"history", "entity", "entity_id"})) {
        if (has(columns, p[0], p[1]) && has(columns, p[0], p[2])) {
          sql.add(column(p[0], p[2], entityTable(id(p[1]))));
        }
      }
      for (String[] l :
          List.of(
              new String[] {"assigned_tasks", "tasks"},
              new String[] {"monitored_needs", "needs"},
              new String[] {"provisioned_artifacts", "artifacts"})) {
        if (has(columns, "agents", l[0])) {
          sql.add(list("agents", l[0], "$", q(l[1]), "1"));
        }
      }
      if (has(columns, "history", "entity")) {
        for (String col : List.of("old_values", "new_values")) {
          if (!has(columns, "history", col)) {
            continue;
          }
          for (JsonField f : HISTORY_FIELDS) {
            String target =
                f.target().startsWith("@")
                    ? entityTable(
                        "json_extract(" + id(col) + ", " + q(f.target().substring(1)) + ")")
                    : q(f.target());
            String where = "entity = " + q(f.entity());
            if (f.list()) {
              sql.add(list("history", col, f.path(), target, where));
            } else {
              String value = "json_extract(" + id(col) + ", " + q(f.path()) + ")";
              sql.add(
                  "UPDATE history SET "
                      + id(col)
                      + " = json_set("
                      + id(col)
                      + ", "
                      + q(f.path())
                      + ", "
                      + mapped(target, value)
                      + ")"
                      + " WHERE "
                      + where
                      + " AND json_valid("
                      + id(col)
                      + ")"
                      + " AND EXISTS (SELECT 1 FROM remap WHERE tbl = "
                      + target
                      + " AND old = "
                      + value
                      + ")");
            }
          }
        }
      }
      for (String statement : sql) {
        s.executeUpdate(statement);
      }
    }
  }

  private static boolean has(Map<String, Set<String>> columns, String table, String column) {
    Set<String> cols = columns.get(table);
    return cols != null && cols.contains(column);
  }

  /** {@code table.column} holds an id of {@code targetExpr}'s table. */
  private static String column(String table, String column, String targetExpr) {
    String ref = id(table) + "." + id(column);
    return "UPDATE "
        + id(table)
        + " SET "
        + id(column)
        + " = "
        + mapped(targetExpr, ref)
        + " WHERE EXISTS (SELECT 1 FROM remap WHERE tbl = "
        + targetExpr
        + " AND old = "
        + ref
        + ")";
  }

  /**
   * The JSON array at {@code path} of {@code table.column} holds ids of {@code targetExpr}'s table.
   */
  private static String list(
      String table, String column, String path, String targetExpr, String where) {
    String col = id(table) + "." + id(column);
    String each = "json_each(" + col + ", " + q(path) + ") j";
    String rewritten =
        "(SELECT json_group_array(COALESCE(m.new, j.value) ORDER BY j.key) FROM "
            + each
            + " LEFT JOIN remap m ON m.tbl = "
            + targetExpr
            + " AND m.old = j.value)";
    return "UPDATE "
        + id(table)
        + " SET "
        + id(column)
        + " = json_set("
        + col
        + ", "
        + q(path)
        + ", json("
        + rewritten
        + "))"
        + " WHERE "
        + where
        + " AND json_valid("
        + col
        + ") AND json_type("
        + col
        + ", "
        + q(path)
        + ") = 'array'"
        + " AND EXISTS (SELECT 1 FROM "
        + each
        + " JOIN remap m ON m.tbl = "
        + targetExpr
        + " AND m.old = j.value)";
  }

  private static String mapped(String targetExpr, String value) {
    return "(SELECT new FROM remap WHERE tbl = " + targetExpr + " AND old = " + value + ")";
  }

  private static String entityTable(String wordExpr) {
    StringBuilder b = new StringBuilder("(CASE ").append(wordExpr);
    ENTITIES.forEach(
        (word, table) -> b.append(" WHEN ").append(q(word)).append(" THEN ").append(q(table)));
    return b.append(" END)").toString();
  }

  private static String id(String name) {
    return TableShape.ident(name);
  }

  private static String q(String text) {
    return TableShape.quote(text);
  }
}
