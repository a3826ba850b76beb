package dev.mlos.core.config;

import dev.mlos.core.yaml.InvalidYamlException;

/**
 * A configuration file (a workspace's {@code mlos.yaml} or a pack's {@code pack.yaml}) or a
 * setting is wrong. Carries the source and the 1-based line and column when known.
 */
public class InvalidConfigException extends InvalidYamlException {

  public InvalidConfigException(String source, int line, int column, String problem, String fix) {
    super(source, line, column, problem, fix);
  }

  public InvalidConfigException(
      String source, int line, int column, String problem, String fix, Throwable cause) {
    super(source, line, column, problem, fix, cause);
  }
}
