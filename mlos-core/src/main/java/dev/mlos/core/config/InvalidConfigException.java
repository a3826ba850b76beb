package dev.mlos.core.config;

import dev.mlos.core.Remedy;
import dev.mlos.core.yaml.InvalidYamlException;
import dev.mlos.core.yaml.YamlNode;

/**
 * A configuration file (a workspace's {@code mlos.yaml} or a pack's {@code pack.yaml}) or a setting
 * is wrong. Carries the source and the 1-based line and column when known.
 *
 * <p>The YAML layer ({@code dev.mlos.core.yaml}) sits below {@code config} and knows nothing of it:
 * its errors are {@link InvalidYamlException}s, which {@link ConfigLoader} turns into this type
 * (same file, line, column and words) where they leave the configuration.
 */
public class InvalidConfigException extends InvalidYamlException {

  public InvalidConfigException(String source, int line, int column, String problem, String fix) {
    super(source, line, column, problem, fix);
  }

  public InvalidConfigException(
      String source, int line, int column, String problem, String fix, Throwable cause) {
    super(source, line, column, problem, fix, cause);
  }

  /** An error at {@code node} starting with its path: {@code views.problem.output: problem}. */
  static InvalidConfigException at(YamlNode node, String problem, String fix) {
    return new InvalidConfigException(
        node.source(), node.line(), node.column(), node.path() + ": " + problem, fix);
  }

  /** The same error as a configuration error: same position, words and fix. */
  static InvalidConfigException of(InvalidYamlException e) {
    if (e instanceof InvalidConfigException c) {
      return c;
    }
    InvalidConfigException c =
        new InvalidConfigException(
            e.source(), e.line(), e.column(), e.statement(), e.fixTemplate(), e);
    c.suggesting(e.remedies().toArray(new Remedy[0]));
    return c;
  }
}
