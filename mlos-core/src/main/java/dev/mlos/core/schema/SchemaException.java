package dev.mlos.core.schema;

import dev.mlos.core.MlosException;

/**
 * A schema set cannot be loaded or applied: unknown set, malformed index, or a migration that
 * failed to run. Nothing of the failing migration is left in the database.
 */
public class SchemaException extends MlosException {
  private final String schemaSet;
  private final int version;
  private final String resource;

  /**
   * A problem with {@code schemaSet} (and {@code version}/{@code resource} when it concerns one
   * migration).
   */
  public SchemaException(
      String schemaSet, int version, String resource, String message, String fix, Throwable cause) {
    super(message, fix, cause);
    this.schemaSet = schemaSet;
    this.version = version;
    this.resource = resource;
  }

  /** The schema set concerned. */
  public String schemaSet() {
    return schemaSet;
  }

  /** The migration version concerned, 0 when the problem is not about one migration. */
  public int version() {
    return version;
  }

  /** The migration's classpath resource, or null. */
  public String resource() {
    return resource;
  }
}
