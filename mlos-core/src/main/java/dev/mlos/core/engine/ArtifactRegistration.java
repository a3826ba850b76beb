package dev.mlos.core.engine;

/**
 * What {@link Engine#registerArtifact} (or {@link Engine#rehashArtifact}) did to one file.
 *
 * @param artifact the row as it is now
 * @param outcome whether it was added, updated or left as it was
 */
public record ArtifactRegistration(Artifact artifact, Outcome outcome) {
  /**
   * The fields {@code asked} gave that this registration left as recorded: {@code title} and {@code
   * description}, in that order. A file registered again unchanged keeps its recorded title and
   * description (an import must not undo a person's title; {@link Engine#updateArtifact} changes
   * them), so a caller that passed a new one is told it was not taken, not answered as if it had
   * been.
   *
   * @param asked the spec this registration was made from
   */
  public java.util.List<String> notRecorded(ArtifactSpec asked) {
    if (outcome != Outcome.UNCHANGED) {
      return java.util.List.of();
    }
    java.util.List<String> fields = new java.util.ArrayList<>();
    if (asked.title() != null && !asked.title().strip().equals(artifact.title())) {
      fields.add("title");
    }
    if (asked.description() != null && !asked.description().equals(artifact.description())) {
      fields.add("description");
    }
    return java.util.List.copyOf(fields);
  }

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
