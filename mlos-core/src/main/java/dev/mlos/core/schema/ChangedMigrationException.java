package dev.mlos.core.schema;

import dev.mlos.core.MlosException;

/**
 * A migration this database already has was edited afterwards: its text no longer matches the
 * checksum recorded when it was applied. Nothing was changed.
 */
public class ChangedMigrationException extends SchemaException {
  private final String recordedChecksum;
  private final String currentChecksum;

  /** {@code migration} as shipped now, against the checksum recorded in {@code databaseFile}. */
  public ChangedMigrationException(
      Migration migration, String databaseFile, String recordedChecksum) {
    super(
        migration.schemaSet(),
        migration.version(),
        migration.resource(),
        "Database "
            + databaseFile
            + ": schema set "
            + migration.schemaSet()
            + " migration V"
            + migration.version()
            + " ("
            + migration.resource()
            + "): the checksum the database recorded when it applied it ("
            + MlosException.quoted(recordedChecksum)
            + ") does not match the migration this mlos ships ("
            + migration.checksum()
            + ")"
            + (SupersededMigrations.isEarlierText(migration, recordedChecksum)
                ? ": it is the text a build of mlos applied before V"
                    + migration.version()
                    + " was final, whose triggers this mlos ships changed (no table or row differs)"
                : looksLikeSha256(recordedChecksum)
                    ? ": either the database's record in schema_migrations was changed, or the migration's text was changed after it was applied"
                    : ": the recorded value is not a SHA-256 at all, so the database's record in schema_migrations was changed"),
        SupersededMigrations.isEarlierText(migration, recordedChecksum)
            ? "nothing was changed. Run {0}: it backs the database up and creates that migration's"
                + " triggers again as this mlos ships them, then applies the migrations after it"
            : "nothing was changed. If someone edited the database's schema_migrations row (the shipped migrations of a"
                + " released mlos never change), check that the schema's tables and triggers are intact, then restore the"
                + " recorded checksum: UPDATE schema_migrations SET checksum = '"
                + migration.checksum()
                + "' WHERE schema_set = '"
                + migration.schemaSet()
                + "' AND version = "
                + migration.version()
                + "; or restore the database from a backup."
                + " If you develop mlos and edited "
                + migration.resource()
                + ", restore its original text and put the change"
                + " in a new migration with the next version",
        null);
    if (SupersededMigrations.isEarlierText(migration, recordedChecksum)) {
      suggesting(dev.mlos.core.Remedy.init());
    }
    this.recordedChecksum = recordedChecksum;
    this.currentChecksum = migration.checksum();
  }

  private static boolean looksLikeSha256(String s) {
    return s != null && s.matches("[0-9a-f]{64}");
  }

  /** SHA-256 of the text that was applied. */
  public String recordedChecksum() {
    return recordedChecksum;
  }

  /** SHA-256 of the text this mlos ships. */
  public String currentChecksum() {
    return currentChecksum;
  }
}
