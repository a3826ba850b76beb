package dev.mlos.core.scaffold;

import dev.mlos.core.Remedy;
import dev.mlos.core.RemedyWording;
import java.util.List;

/**
 * What a scaffold did.
 *
 * @param workspace the workspace name written to {@code mlos.yaml} (or that it would have had)
 * @param written the files created, workspace-relative, in creation order
 * @param kept the files that already existed and were left exactly as they were
 * @param nextStepTemplates what the user runs next, one command or action a line, in no tool's
 *     words: the mlos operations they name are {@code {0}}, {@code {1}}, ... of {@code remedies}
 * @param remedies the operations the next steps name
 * @param warnings what the user must know about the files written, in no tool's words (the workflow
 *     could not go where GitHub runs it, say)
 */
public record ScaffoldResult(
    String workspace,
    List<String> written,
    List<String> kept,
    List<String> nextStepTemplates,
    List<Remedy> remedies,
    List<String> warnings) {
  public ScaffoldResult {
    warnings = List.copyOf(warnings);
    written = List.copyOf(written);
    kept = List.copyOf(kept);
    nextStepTemplates = List.copyOf(nextStepTemplates);
    remedies = List.copyOf(remedies);
  }

  /** The next steps, the operations they name in {@code wording}'s words. */
  public List<String> nextSteps(RemedyWording wording) {
    return nextStepTemplates.stream().map(s -> Remedy.format(s, remedies, wording)).toList();
  }

  /** The next steps in the core's own words ({@link RemedyWording#OPERATIONS}). */
  public List<String> nextSteps() {
    return nextSteps(RemedyWording.OPERATIONS);
  }
}
