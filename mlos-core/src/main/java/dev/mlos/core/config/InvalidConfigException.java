package dev.mlos.core.config;

import dev.mlos.core.MlosException;

/**
 * A configuration file (a workspace's {@code mlos.yaml} or a pack's {@code pack.yaml}) or a
 * setting is wrong. Carries the source and the 1-based line and column when known.
 */
public class InvalidConfigException extends MlosException {
  private final String source;
  private final int line;
  private final int column;

  public InvalidConfigException(String source, int line, int column, String problem, String fix) {
    this(source, line, column, problem, fix, null);
  }

  public InvalidConfigException(
      String source, int line, int column, String problem, String fix, Throwable cause) {
    super(location(source, line, column) + ": " + problem, fix, cause);
    this.source = source;
    this.line = line;
    this.column = column;
  }

  private static String location(String source, int line, int column) {
    if (line <= 0) {
      return source;
    }
    return source + ":" + line + (column > 0 ? ":" + column : "");
  }

  /** The file (or setting) at fault. */
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
}
