package dev.mlos.core.compile;

/**
 * One row of the compile record ({@code mlos_outputs}): a file a workspace's last compile produced.
 *
 * @param path relative to the workspace's output directory
 * @param view the view that produced it
 * @param sourceKeys JSON naming the source row
 * @param contentHash the file's content hash (front matter {@code content_hash}; independent of
 *     {@code compiled_at} and of line endings)
 * @param fileHash SHA-256 of the bytes written
 * @param compiledAt the file's {@code compiled_at}
 * @param inputHash what the page was rendered from, hashed (see {@link PageInputs}); null when
 *     unknown (recorded by an older mlos, or not read)
 */
public record OutputRecord(
    String path,
    String view,
    String sourceKeys,
    String contentHash,
    String fileHash,
    String compiledAt,
    String inputHash) {}
