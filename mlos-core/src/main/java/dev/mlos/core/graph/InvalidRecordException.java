package dev.mlos.core.graph;

import dev.mlos.core.yaml.InvalidYamlException;
import dev.mlos.core.yaml.YamlNode;

/**
 * A record cannot be imported: no or an unknown shape, a value that cannot be coerced to its
 * field's type, a relation whose target cannot be found. Names the file, line, column, record and
 * field; nothing of the import is written.
 */
public class InvalidRecordException extends InvalidYamlException {
  /** What kind of mistake the record has, for callers that word or count refusals by kind. */
  public enum Problem {
    /** The record has no shape, names a shape that is not defined, or is not a mapping. */
    SHAPE,
    /**
     * A key is not usable as given: a malformed {@code _id}, a list for a one-target relation, a
     * relation value of the wrong kind.
     */
    FIELD,
    /** A value cannot be coerced to its field's type. */
    VALUE,
    /** A relation names a node that does not exist or is not of the relation's shape. */
    RELATION,
    /** The record's {@code _id} and its identity values name two different nodes. */
    IDENTITY
  }

  private final Problem problem;
  private final String record;
  private final String field;
  private final String statement;

  InvalidRecordException(
      Problem problem, YamlNode at, String record, String field, String text, String fix) {
    super(
        at.source(),
        at.line(),
        at.column(),
        record + (field == null ? "" : ", field '" + field + "'") + ": " + text,
        fix);
    this.problem = problem;
    this.record = record;
    this.field = field;
    this.statement = record + (field == null ? "" : ", field '" + field + "'") + ": " + text;
  }

  /** The kind of mistake. */
  public Problem problem() {
    return problem;
  }

  /** The record, e.g. {@code record 2 (book)}. */
  public String record() {
    return record;
  }

  /** The field or relation at fault, or null when it is the record itself. */
  public String field() {
    return field;
  }

  /** The message without the file position, for callers whose record did not come from a file. */
  public String statement() {
    return statement;
  }
}
