package dev.mlos.core.engine;

/**
 * An artifact as the engine returns it.
 *
 * @param id row id
 * @param title never blank
 * @param description or null
 * @param filePath relative to the workspace root, '/'-separated, or null
 * @param type {@code document}, {@code code}, {@code config}, {@code context_pack}, {@code
 *     transcript}, {@code image}, {@code schema}, or null
 * @param contentHash SHA-256 of the file's bytes (64 lower-case hex digits), or null
 * @param sourceTranscript or null
 * @param createdAt UTC ISO-8601
 * @param updatedAt UTC ISO-8601
 */
public record Artifact(
    long id,
    String title,
    String description,
    String filePath,
    String type,
    String contentHash,
    String sourceTranscript,
    String createdAt,
    String updatedAt) {
  /** The title as a reader is shown it: the file's path when it shows nothing. */
  public String shownTitle() {
    return dev.mlos.core.ShownText.artifactTitle(title, filePath);
  }

  /** {@code artifact:<id>}. */
  public EntityRef ref() {
    return EntityRef.artifact(id);
  }
}
