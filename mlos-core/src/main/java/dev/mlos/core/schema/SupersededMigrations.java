package dev.mlos.core.schema;

import dev.mlos.core.db.SqlScript;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Texts of a migration that builds of mlos applied while it was still being written, before it took
 * the text this mlos ships. A database one of them migrated records that text's checksum, so every
 * later mlos refused it as a changed migration, with a fix (restore the checksum) that leaves the
 * old triggers in place. Each migration listed here only drops and creates triggers, indexes and
 * views: init re-creates them as this mlos ships them and records the shipped checksum, after a
 * backup, in one transaction; no table and no row changes.
 */
public final class SupersededMigrations {
  /** "set/version" to the checksums of its earlier texts (the commits that shipped them). */
  private static final Map<String, Set<String>> EARLIER =
      Map.of(
          // 32c20c7 (V7 as first written; fc06568 changed its wait-cycle walk and
          // needs_follow_tasks)
          "mlos/7", Set.of("8161e4d653557d121eddf5bf2ceaa946edb71ab7f4d9211082e0c544f3b5d370"),
          // 78c152f (V8 as first written; ae3e93c added mlos_changes_no_replace)
          "mlos/8", Set.of("d0e86330d1e54a4dc9f752ae2edb2a3c231981f1f2d682d9e5378fe8ddd9f5e1"));

  private static final Pattern OBJECT =
      Pattern.compile(
          "(?is)^\\s*(CREATE|DROP)\\s+(?:UNIQUE\\s+)?(INDEX|TRIGGER|VIEW)\\s+"
              + "(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?([A-Za-z_][A-Za-z0-9_]*)");

  private SupersededMigrations() {}

  /** True when {@code recordedChecksum} is an earlier text of {@code migration}. */
  public static boolean isEarlierText(Migration migration, String recordedChecksum) {
    return EARLIER
        .getOrDefault(migration.schemaSet() + "/" + migration.version(), Set.of())
        .contains(recordedChecksum);
  }

  /** The applied migrations of {@code migrator}'s set whose recorded text is an earlier one. */
  public static List<Migration> in(Connection connection, Migrator migrator) {
    List<Migration> out = new ArrayList<>();
    for (AppliedMigration a : migrator.applied(connection)) {
      for (Migration m : migrator.migrations()) {
        if (m.version() == a.version()
            && !m.checksum().equals(a.checksum())
            && isEarlierText(m, a.checksum())) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /**
   * Drops every trigger, index and view {@code migration} creates and creates it again from the
   * shipped text, then records the shipped checksum. Runs in the caller's transaction.
   */
  public static void replace(Connection connection, Migration migration) throws SQLException {
    try (Statement s = connection.createStatement()) {
      for (SqlScript.Statement st :
          SqlScript.parse(migration.resource(), migration.sql()).statements()) {
        Matcher m = OBJECT.matcher(st.sql());
        if (!m.find()) {
          throw new IllegalStateException(
              migration.resource()
                  + " line "
                  + st.line()
                  + " is not a CREATE or DROP of an object");
        }
        if (m.group(1).equalsIgnoreCase("CREATE")) {
          s.execute("DROP " + m.group(2) + " IF EXISTS " + m.group(3));
          s.execute(st.sql());
        }
      }
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "UPDATE schema_migrations SET checksum = ? WHERE schema_set = ? AND version = ?")) {
      ps.setString(1, migration.checksum());
      ps.setString(2, migration.schemaSet());
      ps.setInt(3, migration.version());
      ps.executeUpdate();
    }
  }
}
