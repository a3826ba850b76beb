package dev.mlos.core.adopt;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A TaskEngine database as found in the wild: one loosely typed tasks table, plus a column mlos
 * does not know.
 */
public final class TaskEngineFixture {
  public static final String TABLE =
      "CREATE TABLE tasks ("
          + " id INTEGER PRIMARY KEY AUTOINCREMENT, description TEXT NOT NULL, status TEXT DEFAULT 'pending',"
          + " priority INTEGER DEFAULT 3, sprint_context TEXT, source_line INTEGER, source_transcript TEXT,"
          + " created_at TEXT DEFAULT CURRENT_TIMESTAMP, updated_at TEXT DEFAULT CURRENT_TIMESTAMP, assigned_date TEXT,"
          + " tags TEXT)";

  private static final String[] STATUSES = {
    "pending",
    "TODO",
    "open",
    " Done ",
    "done",
    "completed",
    "in progress",
    "in-progress",
    "Doing",
    "assigned",
    "failed",
    "error",
    "Cancelled",
    "canceled",
    "skipped"
  };
  private static final String[] CONTEXTS = {null, "sprint-1", "sprint-2", "", "infra work"};

  private TaskEngineFixture() {}

  /** Creates {@code file} with {@code rows} generated tasks (deterministic), ids 1..rows. */
  public static void create(Path file, int rows) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        s.execute(TABLE);
        s.execute("CREATE INDEX idx_tasks_status ON tasks (status)");
      }
      c.setAutoCommit(false);
      Random random = new Random(42);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO tasks (description, status, priority, sprint_context, "
                  + "source_line, source_transcript, created_at, updated_at, assigned_date, tags) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
        for (int i = 1; i <= rows; i++) {
          ps.setString(1, "Task " + i + (i % 7 == 0 ? " with 'quotes', ünïcode and\nnewline" : ""));
          ps.setString(2, STATUSES[random.nextInt(STATUSES.length)]);
          ps.setObject(3, i % 10 == 0 ? null : 1 + random.nextInt(5));
          ps.setString(4, CONTEXTS[random.nextInt(CONTEXTS.length)]);
          ps.setObject(5, i % 3 == 0 ? null : i * 10);
          ps.setString(6, i % 4 == 0 ? null : "transcripts/t" + (i % 9) + ".md");
          ps.setString(
              7, i % 50 == 0 ? null : String.format("2026-01-%02d 10:%02d:00", 1 + i % 28, i % 60));
          ps.setString(
              8, i % 25 == 0 ? null : String.format("2026-02-%02d 11:%02d:00", 1 + i % 28, i % 60));
          ps.setString(9, i % 5 == 0 ? "2026-02-0" + (1 + i % 9) : null);
          ps.setString(10, i % 6 == 0 ? "alpha,beta" : null);
          ps.executeUpdate();
        }
        // Needs whose tasks are all finished, or all untouched, to see where their need ends up.
        for (String status : List.of("done", "Completed", "cancelled")) {
          ps.setString(1, "finished");
          ps.setString(2, status);
          ps.setObject(3, 2);
          ps.setString(4, "finished sprint");
          for (int k = 5; k <= 10; k++) {
            ps.setObject(k, null);
          }
          ps.executeUpdate();
        }
        for (int j = 0; j < 2; j++) {
          ps.setString(1, "untouched");
          ps.setString(2, "pending");
          ps.setString(4, "next sprint");
          ps.executeUpdate();
        }
      }
      c.commit();
    }
  }

  /** Every row of {@code table} in id order, each as column name to value. */
  public static List<Map<String, Object>> rows(Connection c, String table) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY id")) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnName(i), rs.getObject(i));
        }
        out.add(row);
      }
    }
    return out;
  }
}
