package dev.mlos.maven;

import dev.mlos.core.Remedy;
import dev.mlos.core.RemedyWording;

/**
 * The one place the core's {@link Remedy remedies} become Maven words: the goal to run ({@code `mvn
 * mlos:compile`}) and the property to set ({@code mlos.database}, {@code -Dmlos.accept=<path>}). A
 * core setting {@code name} is the property {@code mlos.name}.
 */
final class MavenSuggestions implements RemedyWording {
  static final MavenSuggestions INSTANCE = new MavenSuggestions();

  private MavenSuggestions() {}

  @Override
  public String word(Remedy r) {
    return switch (r.kind()) {
      case RUN_COMPILE -> "`mvn mlos:compile`";
      // Said after the goal already ran, as the property to add to it.
      case RUN_COMPILE_FULL -> "-Dmlos.compile.full";
      case PULL_TEXT_FORM -> "`mvn mlos:init -Dmlos.pullText`";
      case RUN_CLEAN -> "`mvn mlos:clean`";
      case RUN_INIT -> "`mvn mlos:init`";
      case RUN_IMPORT ->
          "`mvn mlos:import" + (r.value() == null ? "" : " -Dmlos.import=" + r.value()) + "`";
      case ACCEPT_ARTIFACT ->
          "`mvn mlos:accept -Dmlos.accept=" + (r.value() == null ? "<path>" : r.value()) + "`";
      case ACCEPT_ALL_ARTIFACTS -> "`mvn mlos:accept -Dmlos.accept.all=true`";
      // A setting lives in mlos.yaml as well as on the command line: name both places.
      case SET_SETTING ->
          r.value() == null
              ? "`" + r.name() + ":` in mlos.yaml (or -Dmlos." + r.name() + ")"
              : "-Dmlos." + r.name() + "=" + r.value();
      // The plugin changes no needs: the engine's own words.
      case GRADUATE_MORE, CLAIM_TASK, AS_AGENT -> RemedyWording.OPERATIONS.word(r);
    };
  }
}
