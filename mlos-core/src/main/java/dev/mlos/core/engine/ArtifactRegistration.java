package dev.mlos.core.engine;

/**
 * What {@link Engine#registerArtifact} (or {@link Engine#rehashArtifact}) did to one file.
 *
 * @param artifact the row as it is now
 * @param outcome whether it was added, updated or left as it was
 */
public record ArtifactRegistration(Artifact artifact, Outcome outcome) {
  /** What happened to the row. */
  public enum Outcome {
    /** Registered for the first time. */
    ADDED,
    /** Already registered; its content hash (and title, description or type) recorded again. */
    UPDATED,
    /** Already registered with the same content; nothing written. */
    UNCHANGED
  }
}
