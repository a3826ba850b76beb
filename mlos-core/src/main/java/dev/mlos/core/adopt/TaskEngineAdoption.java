package dev.mlos.core.adopt;

import dev.mlos.core.MlosException;
import dev.mlos.core.db.Database;
import dev.mlos.core.schema.Migrator;
import dev.mlos.core.schema.SchemaCheck;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Upgrades a TaskEngine database (a single {@code tasks} table) to the mlos schema in place.
 *
 * <p>The legacy table is renamed to {@code legacy_tasks} and kept as it was, every column and value
 * included; it is the record of what was adopted. Its rows are copied into the new {@code tasks}
 * with the same ids and values, the status mapped by {@link LegacyStatuses}. Each distinct {@code
 * sprint_context} becomes a need with that scope (NULL: "Unscoped legacy tasks"), created {@code
 * actionable} so its tasks may be inserted, then moved along the lifecycle: to {@code in_progress}
 * when any of its tasks has left {@code open}, and on to {@code resolved} when all of them are
 * {@code completed} or {@code cancelled}. A legacy NULL {@code created_at} or {@code updated_at}
 * takes the other one, or the adoption time.
 */
public final class TaskEngineAdoption {
  private static final List<String> REQUIRED = List.of("id", "description", "status");
  private static final int MAX_IDS = 20;

  /**
   * The last migration of set mlos before the adopted rows are copied: V11 and later judge writes
   * from then on, not the rows a TaskEngine held (a multi-line description is kept as it was).
   */
  private static final int ROWS_AS_THEY_WERE_THROUGH = 10;

  /** The legacy columns copied into the tasks table's STRICT text columns. */
  private static final List<String> TEXT_COLUMNS =
      List.of("description", "created_at", "updated_at", "assigned_date", "source_transcript");

  private TaskEngineAdoption() {}

  /**
   * True when the database holds a {@code tasks} table that is not the mlos one (which has a {@code
   * need_id} column). A {@code needs} table of the user's own beside it does not make it mlos's: a
   * user trial got the migration's "table needs already exists" instead of the adoption's refusal
   * naming the table and its rename.
   */
  public static boolean applies(Connection connection) {
    try {
      Set<String> tables = tables(connection);
      return tables.contains("tasks")
          && !tables.contains("legacy_tasks")
          && (!tables.contains("needs") || !columns(connection, "tasks").contains("need_id"));
    } catch (SQLException e) {
      throw new MlosException(
          "Cannot read the schema of " + Database.fileOf(connection) + ": " + e.getMessage(),
          null,
          e);
    }
  }

  /**
   * Checks every legacy row without changing anything.
   *
   * @throws LegacyAdoptionException listing each problem with its row ids
   */
  public static void check(Connection connection) {
    try {
      Set<String> columns = columns(connection, "tasks");
      List<String> problems = new ArrayList<>();
      List<String> missing = REQUIRED.stream().filter(c -> !columns.contains(c)).toList();
      if (!missing.isEmpty()) {
        problems.add(
            "the tasks table has no column "
                + String.join(", ", missing)
                + ", so it is not a TaskEngine table");
        throw new LegacyAdoptionException(Database.fileOf(connection), problems);
      }
      problems.addAll(nameClashes(connection));
      problems.addAll(
          grouped(
              connection,
              "status",
              "SELECT id, status FROM tasks WHERE "
                  + LegacyStatuses.sqlCase("status")
                  + " IS NULL ORDER BY id",
              "has no mlos equivalent"));
      problems.addAll(
          values(
              connection,
              "SELECT DISTINCT quote(id) FROM tasks WHERE id IS NULL OR typeof(id) <> 'integer'"
                  + " ORDER BY 1",
              "id must be a whole number, as mlos keeps it as the task's id; it is "));
      problems.addAll(
          values(
              connection,
              "SELECT id || ' (' || count(*) || ' rows)' FROM tasks WHERE typeof(id) = 'integer'"
                  + " GROUP BY id HAVING count(*) > 1 ORDER BY id",
              "id must be unique, as mlos keeps it as the task's id; more than one row has id "));
      for (String text : TEXT_COLUMNS) {
        if (columns.contains(text)) {
          problems.addAll(
              rows(
                  connection,
                  "SELECT id FROM tasks WHERE typeof(" + text + ") = 'blob' ORDER BY id",
                  text
                      + " holds bytes (a BLOB) where mlos keeps text: CAST("
                      + text
                      + " AS TEXT) if they are text"));
        }
      }
      if (columns.contains("source_transcript")) {
        problems.addAll(
            rows(
                connection,
                "SELECT id FROM tasks WHERE source_transcript GLOB ('*[' || char(1) || '-' ||"
                    + " char(31) || char(127) || '-' || char(159) || ']*')"
                    + " OR instr(CAST(source_transcript AS BLOB), x'00') > 0 ORDER BY id",
                "source_transcript holds a control character (a line break, a tab, ...), which"
                    + " mlos refuses in a path"));
      }
      problems.addAll(
          rows(
              connection,
              "SELECT id FROM tasks WHERE description IS NULL ORDER BY id",
              "description is NULL but mlos requires one"));
      if (columns.contains("priority")) {
        problems.addAll(
            grouped(
                connection,
                "priority",
                "SELECT id, priority FROM tasks WHERE priority IS NOT NULL AND ("
                    + "CAST(CAST(priority AS INTEGER) AS TEXT) <> CAST(priority AS TEXT) OR CAST(priority AS INTEGER) NOT BETWEEN 1 AND 5)"
                    + " ORDER BY id",
                "is not a priority 1..5"));
      }
      if (!problems.isEmpty()) {
        throw new LegacyAdoptionException(Database.fileOf(connection), problems);
      }
    } catch (SQLException e) {
      throw new MlosException(
          "Cannot read the tasks table of " + Database.fileOf(connection) + ": " + e.getMessage(),
          null,
          e);
    }
  }

  /**
   * Adopts the legacy table. Must run inside the caller's transaction (auto-commit off) so the
   * caller can roll everything back; applies the {@code mlos} schema set as part of it.
   *
   * @throws LegacyAdoptionException when a row does not fit; roll back then
   */
  public static AdoptionReport adopt(Connection connection) {
    try {
      if (connection.getAutoCommit()) {
        throw new IllegalStateException("adopt must run inside a transaction");
      }
      check(connection);
      Set<String> columns = columns(connection, "tasks");
      Map<String, Integer> statusCounts = new TreeMap<>();
      try (Statement s = connection.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT status, "
                      + LegacyStatuses.sqlCase("status")
                      + ", count(*) FROM tasks GROUP BY status ORDER BY status")) {
        while (rs.next()) {
          statusCounts.put("'" + rs.getString(1) + "' -> " + rs.getString(2), rs.getInt(3));
        }
      }
      try (Statement s = connection.createStatement()) {
        s.execute("ALTER TABLE tasks RENAME TO legacy_tasks");
      }
      List<String> followed = new ArrayList<>();
      try (Statement s = connection.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT type, name FROM sqlite_schema WHERE tbl_name <> 'legacy_tasks'"
                      + " AND sql LIKE '%\"legacy_tasks\"%' ORDER BY type, name")) {
        while (rs.next()) {
          followed.add(rs.getString(1) + " " + rs.getString(2));
        }
      }
      // The rows are copied as they were, as rows written before schema V11 and V13: a legacy
      // task's description may run to several lines, be empty or longer than 500 characters (and
      // its sprint context, the need's scope and title, may hold a tab, be blank or long), which
      // V11 and V13 refuse in a new write. The rest is applied after the copy.
      Migrator.forSet("mlos").migrate(connection, ROWS_AS_THEY_WERE_THROUGH);

      String context =
          columns.contains("sprint_context") ? "CAST(lt.sprint_context AS TEXT)" : "NULL";
      // In SQL, not through Java: a sprint context whose bytes are not UTF-8 must become the
      // need's scope byte for byte, or its rows would match no need below.
      int needs;
      try (Statement s = connection.createStatement()) {
        s.executeUpdate(
            "INSERT INTO needs (title, description, status, scope) SELECT CASE"
                + " WHEN ctx IS NULL THEN 'Unscoped legacy tasks'"
                + " WHEN trim(ctx, ' ' || char(9, 10, 11, 12, 13)) = ''"
                + " THEN 'Legacy tasks with a blank sprint context'"
                + " ELSE 'Legacy tasks: ' || ctx END, 'Created when mlos adopted the TaskEngine"
                + " tasks table; its tasks are those whose sprint_context was ' || CASE WHEN ctx IS"
                + " NULL THEN 'NULL' ELSE quote(ctx) END || '.', 'actionable', ctx FROM"
                + " (SELECT DISTINCT "
                + context
                + " AS ctx FROM legacy_tasks lt) ORDER BY ctx");
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM needs")) {
          rs.next();
          needs = rs.getInt(1);
        }
      }

      String now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
      String created = optional(columns, "created_at");
      String updated = optional(columns, "updated_at");
      int tasks;
      try (Statement s = connection.createStatement()) {
        s.executeUpdate(
            "INSERT INTO tasks (id, need_id, description, status, priority, created_at, "
                + "updated_at, assigned_date, source_transcript) SELECT lt.id, n.id, lt.description, "
                + LegacyStatuses.sqlCase("lt.status")
                + ", "
                + (columns.contains("priority") ? "CAST(lt.priority AS INTEGER)" : "NULL")
                + ", "
                + "COALESCE("
                + created
                + ", "
                + updated
                + ", "
                + now
                + "), "
                + "COALESCE("
                + updated
                + ", "
                + created
                + ", "
                + now
                + "), "
                + optional(columns, "assigned_date")
                + ", "
                + optional(columns, "source_transcript")
                + " FROM legacy_tasks lt JOIN needs n ON n.scope IS "
                + context
                + " ORDER BY lt.id");
        // Counted, not taken from executeUpdate: the driver's count includes rows written by
        // triggers.
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM tasks")) {
          rs.next();
          tasks = rs.getInt(1);
        }
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM legacy_tasks")) {
          rs.next();
          if (rs.getInt(1) != tasks) {
            throw new SQLException(
                "only "
                    + tasks
                    + " of the "
                    + rs.getInt(1)
                    + " legacy rows found their need; nothing is adopted rather than some rows");
          }
        }
        // Walk each need along the lifecycle; the needs_status_move trigger judges every step.
        s.executeUpdate(
            "UPDATE needs SET status = 'in_progress' WHERE id IN "
                + "(SELECT need_id FROM tasks GROUP BY need_id HAVING sum(status <> 'open') > 0)");
        s.executeUpdate(
            "UPDATE needs SET status = 'resolved' WHERE status = 'in_progress' AND id IN "
                + "(SELECT need_id FROM tasks GROUP BY need_id HAVING sum(status NOT IN ('completed', 'cancelled')) = 0)");
      }
      Migrator.forSet("mlos").migrate(connection);
      Map<String, Integer> needStatuses = new TreeMap<>();
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT status, count(*) FROM needs GROUP BY status")) {
        while (rs.next()) {
          needStatuses.put(rs.getString(1), rs.getInt(2));
        }
      }
      return new AdoptionReport(tasks, needs, statusCounts, needStatuses, followed);
    } catch (SQLException e) {
      throw new MlosException(
          "Adopting the TaskEngine tasks table of "
              + Database.fileOf(connection)
              + " failed: "
              + e.getMessage(),
          "nothing was changed; report this with the database attached",
          e);
    }
  }

  /**
   * The tables, indexes, triggers and views of the database that have a name the mlos schema
   * creates (the legacy table's own indexes and triggers move with it and keep their names): the
   * migration would stop at the first one.
   */
  private static List<String> nameClashes(Connection connection) throws SQLException {
    Map<String, String> mlos = new TreeMap<>();
    for (String set : List.of("mlos", "mlos-compiler")) {
      for (SchemaCheck.SchemaObject o : SchemaCheck.createdObjects(Migrator.forSet(set))) {
        mlos.putIfAbsent(namespace(o.type()) + o.name().toLowerCase(Locale.ROOT), o.type());
      }
    }
    List<String> clashes = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT type, name FROM sqlite_schema WHERE lower(name) <> 'tasks'"
                    + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name")) {
      while (rs.next()) {
        String type = rs.getString(1);
        String name = rs.getString(2);
        String theirs = mlos.get(namespace(type) + name.toLowerCase(Locale.ROOT));
        if (theirs != null) {
          clashes.add(
              type
                  + " "
                  + name
                  + " has a name the mlos schema gives its own "
                  + theirs
                  + ": rename it ("
                  + (type.equals("table")
                      ? "ALTER TABLE " + name + " RENAME TO my_" + name
                      : "drop it and create it again under another name")
                  + ")");
        }
      }
    }
    return clashes;
  }

  /** SQLite keeps trigger names apart from those of tables, indexes and views. */
  private static String namespace(String type) {
    return type.equalsIgnoreCase("trigger") ? "trigger " : "object ";
  }

  private static List<String> values(Connection connection, String sql, String problem)
      throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    if (values.isEmpty()) {
      return List.of();
    }
    String shown = String.join(", ", values.stream().limit(MAX_IDS).toList());
    return List.of(
        problem
            + shown
            + (values.size() > MAX_IDS ? " and " + (values.size() - MAX_IDS) + " more" : ""));
  }

  private static String optional(Set<String> columns, String column) {
    return columns.contains(column) ? "lt." + column : "NULL";
  }

  private static List<String> grouped(
      Connection connection, String column, String sql, String problem) throws SQLException {
    Map<String, List<Long>> byValue = new TreeMap<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        String value = rs.getString(2);
        byValue
            .computeIfAbsent(value == null ? "NULL" : "'" + value + "'", k -> new ArrayList<>())
            .add(rs.getLong(1));
      }
    }
    List<String> out = new ArrayList<>();
    byValue.forEach(
        (value, ids) -> out.add(column + " " + value + " " + problem + " (" + ids(ids) + ")"));
    return out;
  }

  private static List<String> rows(Connection connection, String sql, String problem)
      throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids.isEmpty() ? List.of() : List.of(problem + " (" + ids(ids) + ")");
  }

  private static String ids(List<Long> ids) {
    String shown = String.join(", ", ids.stream().limit(MAX_IDS).map(String::valueOf).toList());
    String noun = ids.size() == 1 ? "row " : "rows ";
    return ids.size() > MAX_IDS
        ? noun + shown + " and " + (ids.size() - MAX_IDS) + " more"
        : noun + shown;
  }

  private static Set<String> tables(Connection connection) throws SQLException {
    Set<String> out = new LinkedHashSet<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static Set<String> columns(Connection connection, String table) throws SQLException {
    Set<String> out = new LinkedHashSet<>();
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT lower(name) FROM pragma_table_info(?)")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
