package dev.mlos.core.init;

import java.nio.file.Path;
import java.util.List;

/**
 * What an init did, in words a log can print one per line.
 *
 * @param created true when the database file did not exist before
 * @param appliedMigrations e.g. {@code "mlos V1 core tables"}, empty when up to date
 * @param backup the backup written before an upgrade, or null (always null for a database created
 *     or rebuilt by this init: there was nothing to back up)
 * @param actions further lines (legacy adoption counts, seeds run)
 * @param rebuiltFrom the text form ({@code mlos.db.sql}) the database was rebuilt from, or null
 *     when it was not (a new database, or one that existed)
 * @param warnings what the person running init should act on though init succeeded (other processes
 *     that had the database open while it was upgraded), one per line
 */
public record InitResult(
    boolean created,
    List<String> appliedMigrations,
    Path backup,
    List<String> actions,
    Path rebuiltFrom,
    List<String> warnings) {
  public InitResult {
    appliedMigrations = List.copyOf(appliedMigrations);
    actions = List.copyOf(actions);
    warnings = List.copyOf(warnings);
  }

  /** A result with no warnings. */
  public InitResult(
      boolean created,
      List<String> appliedMigrations,
      Path backup,
      List<String> actions,
      Path rebuiltFrom) {
    this(created, appliedMigrations, backup, actions, rebuiltFrom, List.of());
  }

  /** A result of an init that did not rebuild the database from its text form. */
  public InitResult(
      boolean created, List<String> appliedMigrations, Path backup, List<String> actions) {
    this(created, appliedMigrations, backup, actions, null);
  }

  /** This result with {@code more} added to its warnings. */
  public InitResult warning(List<String> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<String> all = new java.util.ArrayList<>(warnings);
    all.addAll(more);
    return new InitResult(created, appliedMigrations, backup, actions, rebuiltFrom, all);
  }

  /**
   * The first line an adapter prints for this result: what happened to {@code database} ("Rebuilt
   * database ... from its text form ...", "Created database ...", "Upgraded database ...", or that
   * it is up to date).
   */
  public String headline(Path database) {
    if (rebuiltFrom != null) {
      return "Rebuilt database " + database + " from its text form " + rebuiltFrom;
    }
    if (created) {
      return "Created database " + database;
    }
    if (!appliedMigrations.isEmpty() || backup != null) {
      return "Upgraded database " + database;
    }
    return "Database " + database + " is up to date";
  }
}
