package dev.mlos.core.write;

import dev.mlos.core.MlosException;
import java.nio.file.Path;

/** A file could not be written or deleted. Carries the file; the old content is intact. */
public class FileWriteException extends MlosException {
  private final Path file;

  public FileWriteException(Path file, String problem, String fix, Throwable cause) {
    super(file + ": " + problem, fix, cause);
    this.file = file;
  }

  /** The file that was being written or deleted. */
  public Path file() {
    return file;
  }
}
