package dev.mlos.core.schema;

/**
 * The database has a migration of a set that this mlos does not know: it was written by a newer
 * mlos. Nothing was changed.
 */
public class SchemaTooNewException extends SchemaException {
  private final int knownVersion;

  /**
   * {@code newest} is the highest applied migration of the set; this mlos ships up to {@code
   * knownVersion}.
   */
  public SchemaTooNewException(
      String schemaSet, String databaseFile, AppliedMigration newest, int knownVersion) {
    super(
        schemaSet,
        newest.version(),
        null,
        "Database "
            + databaseFile
            + ": schema set "
            + schemaSet
            + " is at version "
            + newest.version()
            + " (\""
            + newest.description()
            + "\", applied "
            + newest.appliedAt()
            + ") but this mlos knows only up to V"
            + knownVersion,
        "use the newer mlos that upgraded this database, or restore a backup made before the upgrade",
        null);
    this.knownVersion = knownVersion;
  }

  /** The highest version of the set this mlos ships. */
  public int knownVersion() {
    return knownVersion;
  }
}
