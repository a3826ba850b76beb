package dev.mlos.core.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Tests that plant a row a rule refuses: the SQL that created the rule, to put it back after. */
public final class SchemaObjects {
  private SchemaObjects() {}

  /** The SQL that created the schema object {@code name}, or null when there is none. */
  public static String createdAs(Path db, String name) throws SQLException {
    try (Connection c = Database.at(db).openReadOnly();
        PreparedStatement ps = c.prepareStatement("SELECT sql FROM sqlite_schema WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
