package dev.mlos.core.db;

import dev.mlos.core.MlosException;
import java.nio.file.Path;

/** The database file is missing, unreadable, not SQLite, or refused an operation. */
public class DatabaseException extends MlosException {
  private final Path file;

  public DatabaseException(Path file, String problem, String fix) {
    this(file, problem, fix, null);
  }

  public DatabaseException(Path file, String problem, String fix, Throwable cause) {
    super("Database " + file + ": " + problem, fix, cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
