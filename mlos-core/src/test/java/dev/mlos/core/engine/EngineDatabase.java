package dev.mlos.core.engine;

import dev.mlos.core.db.Database;
import dev.mlos.core.schema.Migrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh mlos database file for engine tests, and plain-JDBC reads to check what the engine wrote.
 */
final class EngineDatabase {
  private EngineDatabase() {}

  /** Creates {@code file} with the current mlos schema. */
  static Path create(Path file) {
    try (Connection c = Database.at(file).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return file;
  }

  /** Every row of {@code sql}, each as its columns' text joined by '|'. */
  static List<String> rows(Path db, String sql) {
    try (Connection c = Database.at(db).open(false)) {
      return rows(c, sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          if (i > 1) {
            b.append('|');
          }
          b.append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }
}
