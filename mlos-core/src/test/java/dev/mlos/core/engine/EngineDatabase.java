package dev.mlos.core.engine;

import dev.mlos.core.db.Database;
import dev.mlos.core.schema.Migrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
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
      return dev.mlos.core.db.JdbcRows.rows(c, sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
