package dev.mlos.core.init;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import java.nio.file.Path;

/**
 * A seed script failed; the database init had just created was removed, so a re-run starts clean.
 */
public class SeedScriptException extends MlosException {
  private final Path script;
  private final int line;

  /** {@code script} failed at {@code line} (0: not at a statement) because of {@code problem}. */
  public SeedScriptException(Path script, int line, String problem, Throwable cause) {
    super(
        "Seed script "
            + script
            + (line > 0 ? " failed at line " + line : " failed")
            + ": "
            + problem
            + " (the new database was removed)",
        "fix " + script + (line > 0 ? " at line " + line : "") + " and run {0} again",
        cause);
    suggesting(Remedy.init());
    this.script = script;
    this.line = line;
  }

  /** The seed script that failed. */
  public Path script() {
    return script;
  }

  /** 1-based line of the failing statement, 0 when the file could not be read. */
  public int line() {
    return line;
  }
}
