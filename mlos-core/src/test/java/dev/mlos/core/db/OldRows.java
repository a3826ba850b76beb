package dev.mlos.core.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Tests that plant rows a client could write before schema mlos V11, V13, V15, V17, V18 and V19 (or
 * a text form restores as they were): a title, scope or task description holding a line break, a
 * bidirectional control or U+FEFF (V11), a text longer than the engine's limit or a blank title
 * (V13), a kernel version holding a line break (V15), an artifact in git's own .git (V17), an
 * artifact at a name Windows refuses or differing from another's only in case (V18), a title of
 * only invisible characters (V19). The triggers of V11, V13, V15, V17, V18 and V19 are dropped for
 * the statements and created again with the SQL that created them, so the schema is the one the
 * migrations create (the integrity check agrees) and only the rows are old.
 */
public final class OldRows {
  private OldRows() {}

  /**
   * Runs {@code statements} on the database file {@code db} as written before V11, V13, V15, V17,
   * V18 and V19.
   */
  public static void write(Path db, String... statements) {
    try (Connection c = Database.at(db).open(false)) {
      write(c, statements);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code statements} on {@code c} as written before V11, V13, V15, V17, V18 and V19. */
  public static void write(Connection c, String... statements) throws SQLException {
    List<String[]> triggers = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'"
                    + " AND (name GLOB '*_one_line_*' OR name GLOB '*_text_limits_*'"
                    + " OR name GLOB 'artifacts_not_in_git_*' OR name GLOB 'artifacts_portable_*'"
                    + " OR name GLOB '*_shown_text_*')"
                    + " ORDER BY rowid")) {
      while (rs.next()) {
        triggers.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    if (triggers.size() != 8 + 14 + 2 + 2 + 4 + 8) {
      throw new IllegalStateException(
          "V11's 8, V13's 14, V15's 2, V17's 2, V18's 4 and V19's 8 triggers, found "
              + triggers.size());
    }
    try (Statement s = c.createStatement()) {
      for (String[] t : triggers) {
        s.execute("DROP TRIGGER " + t[0]);
      }
      for (String st : statements) {
        s.execute(st);
      }
      for (String[] t : triggers) {
        s.execute(t[1]);
      }
    }
  }
}
