package dev.mlos.core.graph.shape;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The value types a shape field may declare. {@code text} is long text: it is stored in the {@code
 * content} table (full-text indexed) rather than as a node value.
 */
public enum FieldType {
  STRING,
  INTEGER,
  NUMBER,
  BOOLEAN,
  DATE,
  DATETIME,
  URL,
  TEXT;

  /** The name as written in a shape file, e.g. {@code datetime}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<FieldType> byName(String name) {
    return Arrays.stream(values()).filter(t -> t.yamlName().equals(name)).findFirst();
  }

  /** The names, for messages. */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(FieldType::yamlName).toList());
  }
}
