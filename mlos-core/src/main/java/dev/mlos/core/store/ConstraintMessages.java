package dev.mlos.core.store;

import dev.mlos.core.MlosException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns SQLite's constraint errors into sentences that name the row, the column and the value. */
final class ConstraintMessages {
  private static final Pattern JDBC_WRAPPER =
      Pattern.compile("(?s)\\[SQLITE_\\w+]\\s+[^(]*\\((.*)\\)\\s*$");
  private static final Pattern CHECK = Pattern.compile("CHECK constraint failed: (\\w+)");
  private static final Pattern NOT_NULL =
      Pattern.compile("NOT NULL constraint failed: (\\w+)\\.(\\w+)");
  private static final Pattern UNIQUE =
      Pattern.compile("UNIQUE constraint failed: (\\w+)\\.(\\w+)(.*)");
  private static final Pattern ENDPOINT =
      Pattern.compile("relationship: (source|target) (\\w+) does not exist");
  private static final Pattern TYPE =
      Pattern.compile("cannot store (\\w+) value in (\\w+) column (\\w+)\\.(\\w+)");

  private static final String ONE_TO_FIVE = "must be 1..5";
  private static final String ENTITY_TYPES = "must be one of need, task, artifact, agent";
  private static final String JSON_ARRAY = "must be a JSON array";

  /** What each named CHECK constraint of the mlos schema demands, by constraint name. */
  private static final Map<String, String> RULES =
      Map.ofEntries(
          Map.entry(
              "needs_status",
              "must be one of identified, active, actionable, in_progress, resolved, deferred"),
          Map.entry("needs_priority", ONE_TO_FIVE),
          Map.entry(
              "tasks_status",
              "must be one of open, assigned, in_progress, completed, failed, cancelled"),
          Map.entry("tasks_priority", ONE_TO_FIVE),
          Map.entry(
              "artifacts_artifact_type",
              "must be one of document, code, config, context_pack, transcript, image, schema"),
          Map.entry(
              "artifacts_content_hash", "must be NULL or 64 lower-case hex digits (a SHA-256)"),
          Map.entry(
              "artifacts_file_path",
              "must be a workspace-relative path with '/' separators and no '..' segment"),
          Map.entry("agents_agent_type", "must be lower-case snake_case (e.g. context_manager)"),
          Map.entry("agents_status", "must be one of provisioning, active, completed, failed"),
          Map.entry("agents_provisioned_artifacts", JSON_ARRAY),
          Map.entry("agents_assigned_tasks", JSON_ARRAY),
          Map.entry("agents_monitored_needs", JSON_ARRAY),
          Map.entry("relationships_source_type", ENTITY_TYPES),
          Map.entry("relationships_target_type", ENTITY_TYPES),
          Map.entry(
              "relationships_relationship_type",
              "must be one of derived_from, references, blocks, enables, monitors, produced, consumed"),
          Map.entry("relationships_metadata", "must be valid JSON"));

  private ConstraintMessages() {}

  /** SQLite's message without the JDBC driver's "[SQLITE_...] A ... failed (...)" wrapper. */
  static String sqliteMessage(SQLException e) {
    String raw = String.valueOf(e.getMessage());
    Matcher m = JDBC_WRAPPER.matcher(raw);
    return m.matches() ? m.group(1) : raw;
  }

  static StoreException translate(SQLException e, Write w, Connection connection) {
    String sqlite = sqliteMessage(e);
    return new StoreException(sentence(sqlite, w, connection), w.entity(), w.id(), sqlite, e);
  }

  private static String sentence(String sqlite, Write w, Connection connection) {
    Matcher m;
    if (sqlite.startsWith(w.entity() + ": ")) {
      String rule = sqlite.substring(w.entity().length() + 2);
      if ((m = ENDPOINT.matcher(sqlite)).matches()) {
        return "relationship: "
            + m.group(1)
            + " "
            + m.group(2)
            + " "
            + w.values().get(m.group(1) + "_id")
            + " does not exist";
      }
      if (rule.equals("its need does not exist")) {
        return "task: need " + w.values().get("need_id") + " does not exist";
      }
      if (rule.equals("its need must be actionable or in_progress")) {
        Object needId = w.values().get("need_id");
        return "task: need "
            + needId
            + " is "
            + needStatus(connection, needId)
            + "; tasks can only be created for actionable or in_progress needs";
      }
      if (rule.equals("its parent need does not exist")) {
        return w.subject()
            + ": parent need "
            + w.values().get("parent_need_id")
            + " does not exist";
      }
      if (rule.equals("its agent does not exist")) {
        return w.subject() + ": agent " + w.values().get("assigned_agent_id") + " does not exist";
      }
      if (rule.startsWith("this edge exists")) {
        Map<String, Object> v = w.values();
        return "relationship: "
            + v.get("source_type")
            + " "
            + v.get("source_id")
            + " "
            + v.get("relationship_type")
            + " "
            + v.get("target_type")
            + " "
            + v.get("target_id")
            + " already exists";
      }
      if (rule.startsWith("file_path must")) {
        return w.subject() + ": " + rule + ", was " + literal(w.values().get("file_path"));
      }
      if (rule.startsWith("cannot be resolved while")) {
        return w.subject()
            + ": cannot be resolved while "
            + liveTasks(connection, w.id())
            + "; complete, retry or cancel them first";
      }
      if (rule.startsWith("id exists")) {
        return w.entity() + ": id " + w.values().get("id") + " exists; use UPDATE";
      }
      if (rule.startsWith("parent_need_id")) {
        return w.subject()
            + ": parent_need_id "
            + w.values().get("parent_need_id")
            + rule.substring("parent_need_id".length());
      }
      return w.subject() + ": " + rule;
    }
    if ((m = CHECK.matcher(sqlite)).find() && RULES.containsKey(m.group(1))) {
      String table = w.table();
      String column = m.group(1).substring(table.length() + 1);
      return table
          + "."
          + column
          + " "
          + RULES.get(m.group(1))
          + ", was "
          + literal(w.values().get(column));
    }
    if ((m = NOT_NULL.matcher(sqlite)).find()) {
      return m.group(1) + "." + m.group(2) + " is required";
    }
    if ((m = UNIQUE.matcher(sqlite)).find()) {
      if (w.table().equals("relationships")) {
        Map<String, Object> v = w.values();
        return "relationship: "
            + v.get("source_type")
            + " "
            + v.get("source_id")
            + " "
            + v.get("relationship_type")
            + " "
            + v.get("target_type")
            + " "
            + v.get("target_id")
            + " already exists";
      }
      if (m.group(2).equals("id")) {
        return w.entity() + " " + w.values().get("id") + " already exists";
      }
    }
    if (sqlite.contains("FOREIGN KEY constraint failed")) {
      if (w.table().equals("needs") && w.values().get("parent_need_id") != null) {
        return w.subject()
            + ": parent need "
            + w.values().get("parent_need_id")
            + " does not exist";
      }
      if (w.table().equals("tasks") && w.values().get("assigned_agent_id") != null) {
        return w.subject() + ": agent " + w.values().get("assigned_agent_id") + " does not exist";
      }
    }
    if ((m = TYPE.matcher(sqlite)).find()) {
      return m.group(3)
          + "."
          + m.group(4)
          + " must be "
          + m.group(2)
          + ", was "
          + literal(w.values().get(m.group(4)));
    }
    return w.subject() + ": " + sqlite;
  }

  /**
   * "2 of its tasks are open, assigned, in_progress or failed (task 3 open, task 4 assigned)", at
   * most 10 named.
   */
  private static String liveTasks(Connection connection, Long needId) {
    String generic = "one of its tasks is open, assigned, in_progress or failed";
    if (needId == null) {
      return generic;
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT id, status, count(*) OVER () FROM tasks "
                + "WHERE need_id = ? AND status IN ('open', 'assigned', 'in_progress', 'failed')"
                + " ORDER BY id LIMIT 10")) {
      ps.setLong(1, needId);
      try (ResultSet rs = ps.executeQuery()) {
        StringBuilder named = new StringBuilder();
        int total = 0;
        while (rs.next()) {
          named
              .append(named.length() == 0 ? "" : ", ")
              .append("task ")
              .append(rs.getLong(1))
              .append(' ')
              .append(rs.getString(2));
          total = rs.getInt(3);
        }
        if (total == 0) {
          return generic;
        }
        return (total == 1 ? "1 of its tasks is" : total + " of its tasks are")
            + " open, assigned, in_progress or failed ("
            + named
            + (total > 10 ? ", ..." : "")
            + ")";
      }
    } catch (SQLException e) {
      return generic;
    }
  }

  private static String needStatus(Connection connection, Object needId) {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT status FROM needs WHERE id = ?")) {
      ps.setObject(1, needId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : "missing";
      }
    } catch (SQLException e) {
      return "not actionable";
    }
  }

  private static String literal(Object value) {
    if (value == null) {
      return "NULL";
    }
    return value instanceof Number ? value.toString() : MlosException.quoted(String.valueOf(value));
  }
}
