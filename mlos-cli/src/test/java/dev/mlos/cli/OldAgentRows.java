package dev.mlos.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/** Agent rows as an older schema allowed them, written past the triggers that now refuse them. */
public final class OldAgentRows {
  private OldAgentRows() {}

  /**
   * Agent 1's kernel version set to {@code value} as schema V13 allowed, V15's trigger put back.
   */
  public static void preV15KernelVersion(Path db, String value) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      String trigger;
      try (ResultSet rs =
          s.executeQuery("SELECT sql FROM sqlite_schema WHERE name = 'agents_one_line_update'")) {
        trigger = rs.getString(1);
      }
      s.execute("DROP TRIGGER agents_one_line_update");
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE agents SET kernel_version = ? WHERE id = 1")) {
        ps.setString(1, value);
        ps.executeUpdate();
      }
      s.execute(trigger);
    }
  }
}
