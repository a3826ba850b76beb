package dev.mlos.core.store;

/**
 * An artifact to insert.
 *
 * @param title required
 * @param description or null
 * @param filePath workspace-relative with {@code /}, no {@code ..}; or null
 * @param artifactType one of the seed's types, or null
 * @param contentHash 64 lower-case hex digits, or null
 * @param sourceTranscript or null
 */
public record NewArtifact(
    String title,
    String description,
    String filePath,
    String artifactType,
    String contentHash,
    String sourceTranscript) {}
