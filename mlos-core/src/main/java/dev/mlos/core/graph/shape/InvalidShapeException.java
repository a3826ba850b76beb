package dev.mlos.core.graph.shape;

import dev.mlos.core.yaml.InvalidYamlException;
import dev.mlos.core.yaml.YamlNode;

/**
 * A shape file is wrong: a bad type, an unknown {@code also} shape, a cycle. Names file, line and
 * column.
 */
public class InvalidShapeException extends InvalidYamlException {
  private final String shape;

  InvalidShapeException(YamlNode at, String shape, String problem, String fix) {
    super(
        at.source(),
        at.line(),
        at.column(),
        (shape == null ? "" : "shape '" + shape + "': ") + problem,
        fix);
    this.shape = shape;
  }

  InvalidShapeException(String source, String problem, String fix) {
    super(source, 0, 0, problem, fix);
    this.shape = null;
  }

  /** The shape at fault, or null when the file did not get as far as naming one. */
  public String shape() {
    return shape;
  }
}
