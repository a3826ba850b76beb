package dev.mlos.core.engine;

/**
 * What {@link ArtifactMoves#move} did.
 *
 * @param artifact the artifact as it is now (same id, its new path)
 * @param fromPath the path it had before the move (its new one when nothing was moved)
 * @param changed false when the artifact had that path already: nothing was written
 * @param fileHash SHA-256 of the file at the new path, as the move read it
 */
public record ArtifactMoved(Artifact artifact, String fromPath, boolean changed, String fileHash) {
  /**
   * True when the file at the new path differs from what the artifact recorded (moved and edited):
   * the recorded hash is kept, so the guard reports the change as drift until it is reviewed and
   * recorded ({@link Engine#rehashArtifact}).
   */
  public boolean contentDiffers() {
    return artifact.contentHash() != null && !artifact.contentHash().equals(fileHash);
  }
}
