package dev.mlos.core.init;

import java.nio.file.Path;
import java.util.List;

/**
 * What an init did, in words a log can print one per line.
 *
 * @param created true when the database file did not exist before
 * @param appliedMigrations e.g. {@code "mlos V1 core tables"}, empty when up to date
 * @param backup the backup written before an upgrade, or null
 * @param actions further lines (legacy adoption counts, seeds run)
 */
public record InitResult(
    boolean created, List<String> appliedMigrations, Path backup, List<String> actions) {
  public InitResult {
    appliedMigrations = List.copyOf(appliedMigrations);
    actions = List.copyOf(actions);
  }
}
