package dev.mlos.core.engine;

/**
 * What {@link Engine#updateArtifact} changes of a registered artifact: its title, description and
 * type (its file and hash change with {@link Engine#rehashArtifact}). A null field is left as it
 * is.
 *
 * @param title the new title (one line), or null
 * @param description the new description, or null
 * @param type the new type ({@link Engine#ARTIFACT_TYPES}), or null
 * @param clearDescription true to remove the description (then {@code description} must be null)
 */
public record ArtifactChange(
    String title, String description, String type, boolean clearDescription) {
  /** Changes nothing: start here and add what changes. */
  public static ArtifactChange none() {
    return new ArtifactChange(null, null, null, false);
  }

  public ArtifactChange title(String value) {
    return new ArtifactChange(value, description, type, clearDescription);
  }

  public ArtifactChange description(String value) {
    return new ArtifactChange(title, value, type, clearDescription);
  }

  public ArtifactChange type(String value) {
    return new ArtifactChange(title, description, value, clearDescription);
  }

  /** Removes the description. */
  public ArtifactChange withoutDescription() {
    return new ArtifactChange(title, description, type, true);
  }

  /** True when it names no change at all. */
  public boolean isEmpty() {
    return title == null && description == null && type == null && !clearDescription;
  }
}
