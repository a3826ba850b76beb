package dev.mlos.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/**
 * A SHA-256 over every row of the five tables and the history, in id order, with each value's type:
 * two databases with the same digest hold the same content. Left out, because the schema stamps
 * them with the clock whatever the writer does: schema_migrations (when the schema was applied) and
 * the {@code changed_at} of the agents' history rows (agents_history_insert takes no time from the
 * row, unlike the other history triggers). No view shows either.
 */
public final class DatabaseDigest {
  static final List<String> TABLES =
      List.of("needs", "agents", "tasks", "artifacts", "relationships", "history");

  private DatabaseDigest() {}

  public static String of(Connection c) throws SQLException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (Statement s = c.createStatement()) {
      for (String table : TABLES) {
        md.update(("table " + table + "\n").getBytes(StandardCharsets.UTF_8));
        String select =
            table.equals("history")
                ? "SELECT id, entity, entity_id, operation, old_values, new_values,"
                    + " CASE WHEN entity = 'agent' THEN NULL ELSE changed_at END FROM history ORDER BY id"
                : "SELECT * FROM " + table + " ORDER BY id";
        try (ResultSet rs = s.executeQuery(select)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
              Object v = rs.getObject(i);
              row.append(
                      v == null ? "N" : v.getClass().getSimpleName().charAt(0) + String.valueOf(v))
                  .append('\u0001');
            }
            md.update(row.append('\n').toString().getBytes(StandardCharsets.UTF_8));
          }
        }
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
