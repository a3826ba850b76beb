package dev.mlos.core.artifacts;

import java.util.List;

/**
 * What an import did, each list in path order.
 *
 * @param added files registered for the first time
 * @param updated registered files whose content (or explicit type) changed, now recorded again
 * @param unchanged registered files left untouched
 * @param skipped files a pattern matched but that were not imported, with the reason
 */
public record ImportResult(
    List<ImportedArtifact> added,
    List<ImportedArtifact> updated,
    List<ImportedArtifact> unchanged,
    List<String> skipped) {
  public ImportResult {
    added = List.copyOf(added);
    updated = List.copyOf(updated);
    unchanged = List.copyOf(unchanged);
    skipped = List.copyOf(skipped);
  }

  /**
   * One imported file.
   *
   * @param id the artifacts row
   * @param path relative to the workspace root
   * @param title as recorded
   * @param artifactType as recorded, or null
   * @param contentHash SHA-256 of the file's bytes
   */
  public record ImportedArtifact(
      long id, String path, String title, String artifactType, String contentHash) {}
}
