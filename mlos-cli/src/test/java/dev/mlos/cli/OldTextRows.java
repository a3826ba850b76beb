package dev.mlos.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Titles, scopes and task descriptions as schema mlos V18 allowed them (a zero-width space alone):
 * V19's triggers, which refuse such texts, are dropped for the statements and created again with
 * the SQL that created them, so only the rows are old.
 */
public final class OldTextRows {
  private OldTextRows() {}

  public static void write(Path db, String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      List<String[]> triggers = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'"
                  + " AND name GLOB '*_shown_text_*' ORDER BY rowid")) {
        while (rs.next()) {
          triggers.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
      if (triggers.size() != 8) {
        throw new IllegalStateException("V19's 8 triggers, found " + triggers.size());
      }
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
