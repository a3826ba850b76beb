package dev.mlos.core.engine;

/**
 * A file to register with {@link Engine#registerArtifact}. The engine computes the SHA-256 itself.
 *
 * @param filePath relative to the workspace root, '/'-separated; checked with {@link
 *     dev.mlos.core.path.WorkspacePath}, symlinks resolved (none may lead outside the workspace)
 * @param title or null: a new artifact is then titled by its file name, a registered one keeps its
 *     title
 * @param description or null: a registered artifact whose content changed then keeps its recorded
 *     description, unless {@code descriptionFromFile}
 * @param type {@code document}, {@code code}, {@code config}, {@code context_pack}, {@code
 *     transcript}, {@code image}, {@code schema}, or null
 * @param typeGuessed true when {@code type} was guessed (e.g. from the extension), not named by a
 *     person: a guessed type does not replace a recorded one
 * @param sourceTranscript or null
 * @param descriptionFromFile true when {@code description} is what the file itself says (an import
 *     reads it from the front matter): null then removes a recorded description, as the file has
 *     none any more
 */
public record ArtifactSpec(
    String filePath,
    String title,
    String description,
    String type,
    boolean typeGuessed,
    String sourceTranscript,
    boolean descriptionFromFile) {
  /** A spec whose description, when null, keeps a recorded one. */
  public ArtifactSpec(
      String filePath,
      String title,
      String description,
      String type,
      boolean typeGuessed,
      String sourceTranscript) {
    this(filePath, title, description, type, typeGuessed, sourceTranscript, false);
  }

  /** The file at {@code filePath}, with no title, description or type. */
  public static ArtifactSpec of(String filePath) {
    return new ArtifactSpec(filePath, null, null, null, false, null);
  }

  public ArtifactSpec withTitle(String value) {
    return new ArtifactSpec(
        filePath, value, description, type, typeGuessed, sourceTranscript, descriptionFromFile);
  }

  /** Given by a person or an agent: null keeps a recorded description. */
  public ArtifactSpec withDescription(String value) {
    return new ArtifactSpec(filePath, title, value, type, typeGuessed, sourceTranscript, false);
  }

  /** What the file itself says (an import): null removes a recorded description. */
  public ArtifactSpec withDescriptionFromFile(String value) {
    return new ArtifactSpec(filePath, title, value, type, typeGuessed, sourceTranscript, true);
  }

  /** Named by a person: replaces a recorded type. */
  public ArtifactSpec withType(String value) {
    return new ArtifactSpec(
        filePath, title, description, value, false, sourceTranscript, descriptionFromFile);
  }

  /** Guessed: recorded only when the artifact has no type yet. */
  public ArtifactSpec withGuessedType(String value) {
    return new ArtifactSpec(
        filePath, title, description, value, true, sourceTranscript, descriptionFromFile);
  }

  public ArtifactSpec withSourceTranscript(String value) {
    return new ArtifactSpec(
        filePath, title, description, type, typeGuessed, value, descriptionFromFile);
  }
}
