package dev.mlos.core.schema;

import java.util.List;

/**
 * What {@link Migrator#migrate} did.
 *
 * @param schemaSet the set migrated
 * @param applied the migrations applied by this call, in order; empty when it was up to date
 * @param version the set's version in the database afterwards (0: none)
 */
public record MigrationReport(String schemaSet, List<Migration> applied, int version) {
  public MigrationReport {
    applied = List.copyOf(applied);
  }
}
