package dev.mlos.core.schema;

/**
 * A row of {@code schema_migrations}: a migration some mlos applied to this database.
 *
 * @param schemaSet the set, e.g. {@code mlos}
 * @param version the version applied
 * @param description as recorded when it was applied
 * @param checksum the SHA-256 of the text that was applied
 * @param appliedAt UTC ISO-8601 time it was applied
 */
public record AppliedMigration(
    String schemaSet, int version, String description, String checksum, String appliedAt) {}
