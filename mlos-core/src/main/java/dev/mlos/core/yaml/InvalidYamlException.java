package dev.mlos.core.yaml;

import dev.mlos.core.MlosException;

/**
 * A YAML (or JSON) file is malformed or holds a value of the wrong kind. Carries the file and the
 * 1-based line and column, so the message can say exactly where to look.
 */
public class InvalidYamlException extends MlosException {
  private final String source;
  private final int line;
  private final int column;
  private final String statement;

  public InvalidYamlException(String source, int line, int column, String problem, String fix) {
    this(source, line, column, problem, fix, null);
  }

  public InvalidYamlException(
      String source, int line, int column, String problem, String fix, Throwable cause) {
    super(location(source, line, column) + ": " + problem, fix, cause);
    this.source = source;
    this.line = line;
    this.column = column;
    this.statement = problem;
  }

  static String location(String source, int line, int column) {
    if (line <= 0) {
      return source;
    }
    return source + ":" + line + (column > 0 ? ":" + column : "");
  }

  /** The file at fault. */
  public String source() {
    return source;
  }

  /** 1-based line, or 0 when not known. */
  public int line() {
    return line;
  }

  /** 1-based column, or 0 when not known. */
  public int column() {
    return column;
  }

  /** What is wrong, without the file position. */
  public String statement() {
    return statement;
  }
}
