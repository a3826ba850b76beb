package dev.mlos.core.scaffold;

import java.util.List;

/**
 * What a scaffold did.
 *
 * @param workspace the workspace name written to {@code mlos.yaml} (or that it would have had)
 * @param written the files created, workspace-relative, in creation order
 * @param kept the files that already existed and were left exactly as they were
 * @param nextSteps what the user runs next, one command or action a line
 */
public record ScaffoldResult(
    String workspace, List<String> written, List<String> kept, List<String> nextSteps) {
  public ScaffoldResult {
    written = List.copyOf(written);
    kept = List.copyOf(kept);
    nextSteps = List.copyOf(nextSteps);
  }
}
