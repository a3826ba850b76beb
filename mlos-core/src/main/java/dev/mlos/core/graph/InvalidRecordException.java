package dev.mlos.core.graph;

import dev.mlos.core.yaml.InvalidYamlException;
import dev.mlos.core.yaml.YamlNode;

/**
 * A record cannot be imported: no or an unknown shape, a value that cannot be coerced to its field's
 * type, a relation whose target cannot be found. Names the file, line, column, record and field;
 * nothing of the import is written.
 */
public class InvalidRecordException extends InvalidYamlException {
  private final String record;
  private final String field;

  InvalidRecordException(YamlNode at, String record, String field, String problem, String fix) {
    super(at.source(), at.line(), at.column(), record + (field == null ? "" : ", field '" + field + "'") + ": " + problem, fix);
    this.record = record;
    this.field = field;
  }

  /** The record, e.g. {@code record 2 (book)}. */
  public String record() {
    return record;
  }

  /** The field or relation at fault, or null when it is the record itself. */
  public String field() {
    return field;
  }
}
