package dev.mlos.core.db;

import dev.mlos.core.MlosException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens SQLite connections the way every part of mlos needs them: foreign keys on, a busy
 * timeout so a concurrent writer (an agent, the sqlite3 shell) is waited for, UTF-8.
 */
public final class Database {
  private final Path file;

  private Database(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  /** A database at {@code file}; nothing is opened yet. */
  public static Database at(Path file) {
    return new Database(file);
  }

  public Path file() {
    return file;
  }

  public boolean exists() {
    return Files.isRegularFile(file);
  }

  /**
   * Opens a connection to an existing database (or creates it when {@code create} is true).
   *
   * @throws DatabaseException naming the file when it is missing, not SQLite, or unreadable
   */
  public Connection open(boolean create) {
    Path dir = file.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new DatabaseException(
          file, "its directory " + dir + " does not exist", "create the directory or point mlos.database elsewhere");
    }
    if (!create && !Files.exists(file)) {
      throw new DatabaseException(file, "it does not exist", "run `mvn mlos:init` to create it, or set mlos.database");
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new DatabaseException(file, "it is not a regular file", "point mlos.database at a SQLite database file");
    }
    try {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA foreign_keys = ON");
        s.execute("PRAGMA busy_timeout = 10000");
        // Touch the file header: a non-SQLite file fails here, not later in the middle of work.
        s.executeQuery("SELECT count(*) FROM sqlite_schema").close();
      }
      return c;
    } catch (SQLException e) {
      String why = e.getMessage();
      if (why != null && (why.contains("NOTADB") || why.contains("not a database"))) {
        throw new DatabaseException(file, "it is not a SQLite database", "point mlos.database at a SQLite file, or move this file away", e);
      }
      throw new DatabaseException(file, "it cannot be opened: " + why, null, e);
    }
  }

  /**
   * Opens an existing database read-only (for the guard): SQLite refuses every write on this
   * connection, so a check can never change the database, its journal or its history.
   *
   * @throws DatabaseException naming the file when it is missing, not SQLite, or unreadable
   */
  public Connection openReadOnly() {
    if (!Files.exists(file)) {
      throw new DatabaseException(file, "it does not exist", "run `mvn mlos:init` to create it, or set mlos.database");
    }
    if (!Files.isRegularFile(file)) {
      throw new DatabaseException(file, "it is not a regular file", "point mlos.database at a SQLite database file");
    }
    try {
      org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
      config.setReadOnly(true);
      config.setBusyTimeout(10000);
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT count(*) FROM sqlite_schema").close();
      }
      return c;
    } catch (SQLException e) {
      String why = e.getMessage();
      if (why != null && (why.contains("NOTADB") || why.contains("not a database"))) {
        throw new DatabaseException(file, "it is not a SQLite database", "point mlos.database at a SQLite file, or move this file away", e);
      }
      throw new DatabaseException(file, "it cannot be opened for reading: " + why, null, e);
    }
  }
}
