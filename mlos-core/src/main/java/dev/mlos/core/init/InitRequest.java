package dev.mlos.core.init;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code mlos:init} should do.
 *
 * @param database the SQLite file to create or upgrade
 * @param schemas schema sets to apply, in order (for example {@code ["mlos"]})
 * @param seedScripts SQL files run once, only when the database is created by this call
 * @param backupDir where a backup copy goes before an in-place upgrade (null: next to the database)
 */
public record InitRequest(Path database, List<String> schemas, List<Path> seedScripts, Path backupDir) {
  public InitRequest {
    schemas = List.copyOf(schemas);
    seedScripts = List.copyOf(seedScripts);
  }
}
