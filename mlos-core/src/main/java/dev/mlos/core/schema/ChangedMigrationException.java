package dev.mlos.core.schema;

/**
 * A migration this database already has was edited afterwards: its text no longer matches the
 * checksum recorded when it was applied. Nothing was changed.
 */
public class ChangedMigrationException extends SchemaException {
  private final String recordedChecksum;
  private final String currentChecksum;

  public ChangedMigrationException(Migration migration, String databaseFile, String recordedChecksum) {
    super(
        migration.schemaSet(),
        migration.version(),
        migration.resource(),
        "Database " + databaseFile + ": schema set " + migration.schemaSet() + " migration V" + migration.version()
            + " (" + migration.resource() + ") was changed after it was applied (checksum recorded "
            + recordedChecksum + ", now " + migration.checksum() + ")",
        "restore the original text of " + migration.resource()
            + " and put the change in a new migration with the next version",
        null);
    this.recordedChecksum = recordedChecksum;
    this.currentChecksum = migration.checksum();
  }

  public String recordedChecksum() {
    return recordedChecksum;
  }

  public String currentChecksum() {
    return currentChecksum;
  }
}
