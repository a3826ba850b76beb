package dev.mlos.core.frontmatter;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import java.nio.file.Path;

/** The YAML front matter of a markdown file cannot be read. Carries the file and the line. */
public class InvalidFrontMatterException extends MlosException {
  private final Path file;
  private final int line;
  private final String problem;

  /**
   * @param file the file, or {@code null} when the text did not come from a file
   * @param line 1-based line in the file where the problem is
   * @param problem what is wrong, for example {@code "found duplicate key title"}
   */
  public InvalidFrontMatterException(Path file, int line, String problem, Throwable cause) {
    super(
        (file == null ? "line " + line : file + ":" + line)
            + ": invalid YAML front matter: "
            + problem,
        "Fix the YAML between the two '---' lines (quote values that contain ': ' or start with"
            + " a special character); for a generated file, run {0} to rewrite it.",
        cause);
    suggesting(Remedy.compile());
    this.file = file;
    this.line = line;
    this.problem = problem;
  }

  /** The file, or {@code null} when the text did not come from a file. */
  public Path file() {
    return file;
  }

  /** 1-based line in the file. */
  public int line() {
    return line;
  }

  /** What is wrong, without the location. */
  public String problem() {
    return problem;
  }
}
