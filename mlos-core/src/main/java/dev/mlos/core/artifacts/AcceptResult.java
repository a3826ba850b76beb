package dev.mlos.core.artifacts;

import java.util.List;

/**
 * What an accept did, each list in path then id order.
 *
 * @param accepted artifacts whose new hash was recorded
 * @param alreadyCurrent named artifacts whose file already matched; nothing was written for them
 * @param missing artifacts skipped by {@code all} because their file does not exist (an
 *     ARTIFACT_MISSING is not fixed by accepting)
 */
public record AcceptResult(
    List<AcceptedArtifact> accepted,
    List<AcceptedArtifact> alreadyCurrent,
    List<AcceptedArtifact> missing) {
  public AcceptResult {
    accepted = List.copyOf(accepted);
    alreadyCurrent = List.copyOf(alreadyCurrent);
    missing = List.copyOf(missing);
  }

  /**
   * One artifact.
   *
   * @param id its row
   * @param path its file_path
   * @param oldHash the content_hash before, or null
   * @param newHash the file's SHA-256 now, or null when the file is missing
   */
  public record AcceptedArtifact(long id, String path, String oldHash, String newHash) {}
}
