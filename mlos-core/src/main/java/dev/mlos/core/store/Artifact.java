package dev.mlos.core.store;

/**
 * A row of {@code artifacts}: the metadata and index entry of a document, file or data asset.
 *
 * @param id the artifact's id
 * @param title human-readable name
 * @param description or null
 * @param filePath workspace-relative, {@code /}-separated, or null
 * @param artifactType {@code document}, {@code code}, {@code config}, {@code context_pack}, {@code
 *     transcript}, {@code image}, {@code schema} or null
 * @param contentHash SHA-256 of the content as 64 lower-case hex digits, or null
 * @param createdAt UTC ISO-8601
 * @param updatedAt UTC ISO-8601, maintained by the database
 * @param sourceTranscript or null
 */
public record Artifact(
    long id,
    String title,
    String description,
    String filePath,
    String artifactType,
    String contentHash,
    String createdAt,
    String updatedAt,
    String sourceTranscript) {}
