package dev.mlos.core.init;

import dev.mlos.core.config.WorkspaceConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * What an init should do.
 *
 * @param database the SQLite file to create or upgrade
 * @param schemas schema sets to apply, in order (for example {@code ["mlos"]})
 * @param seedScripts SQL files run once, only when the database is created by this call
 * @param backupDir where a backup copy goes before an in-place upgrade (null: next to the database)
 * @param stateDirectory the workspace's state directory, where a database rebuilt from its text
 *     form keeps that text as the base ({@link dev.mlos.core.dbtext.DatabaseText#baseFileOf}); null
 *     outside a workspace: no base is kept
 */
public record InitRequest(
    Path database,
    List<String> schemas,
    List<Path> seedScripts,
    Path backupDir,
    Path stateDirectory) {
  public InitRequest {
    schemas = List.copyOf(schemas);
    seedScripts = List.copyOf(seedScripts);
  }

  /** A request outside a workspace: no state directory. */
  public InitRequest(Path database, List<String> schemas, List<Path> seedScripts, Path backupDir) {
    this(database, schemas, seedScripts, backupDir, null);
  }

  /**
   * The request for a workspace: its database, and the schema sets given, or when none are given
   * the schemas of the workspace's pack ({@link WorkspaceConfig#schemas}).
   *
   * @param schemas schema sets named by the user, or null/empty for the pack's
   * @param seedScripts SQL files run once when the database is created, or null for none
   * @param backupDir where a backup goes before an upgrade, or null for next to the database
   */
  public static InitRequest forWorkspace(
      WorkspaceConfig config, List<String> schemas, List<Path> seedScripts, Path backupDir) {
    return new InitRequest(
        config.database(),
        schemas == null || schemas.isEmpty() ? config.schemas() : schemas,
        seedScripts == null ? List.of() : seedScripts,
        backupDir,
        config.stateDirectory());
  }
}
