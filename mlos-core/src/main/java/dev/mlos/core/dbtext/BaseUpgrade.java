package dev.mlos.core.dbtext;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * The base of a {@link TextFormReview} written by an older mlos (a pull request that upgrades mlos
 * and edits rows): brought to the current text's migrations in memory, as init upgrades a clone's
 * database, so the current rows can be compared with it and replayed on it.
 */
final class BaseUpgrade {
  private BaseUpgrade() {}

  /**
   * The text form of {@code base} brought to {@code current}'s migrations (each schema set to its
   * version there), as init upgrades a database; null when it cannot be (a set this mlos does not
   * ship, a base newer than the current text, a migration that fails on its rows).
   */
  static String text(MergeSide base, MergeSide current) throws SQLException {
    Map<String, Integer> want = versions(current.migrations);
    for (Map.Entry<String, Integer> e : versions(base.migrations).entrySet()) {
      if (want.getOrDefault(e.getKey(), -1) < e.getValue()) {
        return null;
      }
    }
    try (java.sql.Connection c =
            dev.mlos.core.db.Database.allowLongStatements(
                java.sql.DriverManager.getConnection("jdbc:sqlite::memory:"));
        Statement s = c.createStatement()) {
      s.execute("PRAGMA foreign_keys = OFF");
      c.setAutoCommit(false);
      for (String ddl : base.tableStatements) {
        s.execute(ddl);
      }
      try (RowInserts rows = new RowInserts(c)) {
        for (String row : base.lines(base.tables)) {
          rows.run(row);
        }
      }
      if (!base.sequence.isEmpty()) {
        try (PreparedStatement ps =
            c.prepareStatement("INSERT INTO sqlite_sequence VALUES (?, ?)")) {
          for (Map.Entry<String, Long> e : base.sequence.entrySet()) {
            ps.setString(1, e.getKey());
            ps.setLong(2, e.getValue());
            ps.executeUpdate();
          }
        }
      }
      for (String other : base.otherSchema) {
        s.execute(other);
      }
      c.commit();
      c.setAutoCommit(true);
      s.execute("PRAGMA foreign_keys = ON");
      for (Map.Entry<String, Integer> set : want.entrySet()) {
        dev.mlos.core.schema.Migrator.forSet(set.getKey()).migrate(c, set.getValue());
      }
      return DatabaseText.dump(c, Path.of("base"));
    } catch (SQLException | RuntimeException cannot) {
      return null;
    }
  }

  /** The highest version of each schema set in {@link MergeSide#migrations}' entries. */
  private static Map<String, Integer> versions(List<String> migrations) {
    Map<String, Integer> top = new java.util.TreeMap<>();
    for (String m : migrations) {
      String[] p = m.split(" ");
      if (p.length >= 2 && p[1].matches("V[0-9]{1,9}")) {
        top.merge(p[0], Integer.parseInt(p[1].substring(1)), Math::max);
      }
    }
    return top;
  }
}
