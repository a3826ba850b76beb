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

  /**
   * The words for a goal Maven ran without a project POM: the merge driver's branch for a text form
   * with no {@code pom.xml} above it (see {@code MergeDbMojo#driverCommand}). Such a workspace is
   * most likely the {@code mlos} command's, and {@code mvn mlos:init} needs a POM, so a fix the
   * command has names it first and the goal for a workspace a POM builds after it.
   */
  static final RemedyWording WITHOUT_POM =
      r ->
          switch (r.kind()) {
            case PULL_TEXT_FORM -> commandFirst("mlos init --pull-text", r);
            case RUN_INIT -> commandFirst("mlos init", r);
            case RUN_COMPILE -> commandFirst("mlos compile", r);
            default -> INSTANCE.word(r);
          };

  private static String commandFirst(String command, Remedy r) {
    return "`"
        + command
        + "` in the workspace (or "
        + INSTANCE.word(r)
        + " where a pom.xml builds it)";
  }

  private MavenSuggestions() {}

  /**
   * {@code -Dmlos.accept=} naming one artifact, as a shell word: by its path, or by its id when the
   * path holds a comma (Maven splits the property's list there, so the path cannot be named) or a
   * <code>${</code> (Maven reads it as an expression: {@code docs/${basedir}.md} named {@code
   * docs//work/ws.md}).
   */
  private static String acceptProperty(Remedy r) {
    if (r.value() == null) {
      return "-Dmlos.accept=<path>";
    }
    String named =
        (r.value().contains(",") || r.value().contains("${")) && r.name() != null
            ? r.name()
            : r.value();
    return RemedyWording.shellWord("-Dmlos.accept=" + named);
  }

  @Override
  public String word(Remedy r) {
    return switch (r.kind()) {
      case RUN_COMPILE -> "`mvn mlos:compile`";
      // Said after the goal already ran, as the property to add to it.
      case RUN_COMPILE_FULL -> "-Dmlos.compile.full";
      case PULL_TEXT_FORM -> "`mvn mlos:init -Dmlos.pullText`";
      case RUN_CLEAN -> "`mvn mlos:clean`";
      case RUN_INIT -> "`mvn mlos:init`";
      case RUN_GUARD -> "`mvn mlos:guard`";
      // One shell word: a path with a space (or a pattern zsh would expand) works when pasted; a
      // comma, or a ${, in it written as MavenPathList reads it back, or Maven would read two paths
      // (an expression).
      case RUN_IMPORT ->
          RemedyWording.code(
              "mvn mlos:import"
                  + (r.value() == null
                      ? ""
                      : " "
                          + RemedyWording.shellWord(
                              "-Dmlos.import=" + MavenPathList.escape(r.value()))));
      case ACCEPT_ARTIFACT -> RemedyWording.code("mvn mlos:accept " + acceptProperty(r));
      case ACCEPT_ALL_ARTIFACTS -> "`mvn mlos:accept -Dmlos.accept.all=true`";
      // A setting lives in mlos.yaml as well as on the command line: name both places. A value is
      // one shell word, so an example with a pattern (docs/**) works when pasted, in zsh too.
      case SET_SETTING ->
          r.value() == null
              ? "`" + r.name() + ":` in mlos.yaml (or -Dmlos." + r.name() + ")"
              : RemedyWording.shellWord("-Dmlos." + r.name() + "=" + r.value());
      // The plugin changes no needs: the engine's own words.
      case GRADUATE_MORE,
          CLAIM_TASK,
          START_TASK,
          RETRY_TASK,
          CANCEL_TASK,
          RELEASE_TASK,
          MOVE_NEED,
          AS_AGENT ->
          RemedyWording.OPERATIONS.word(r);
      // No goal moves an agent run: the mlos command does.
      case START_AGENT -> "`mlos agent start " + r.value() + "` (no goal of the plugin starts one)";
      case REMOVE_ARTIFACT ->
          "`mlos artifact remove " + r.value() + "` (no goal of the plugin unregisters one)";
      case MOVE_ARTIFACT ->
          "`mlos artifact move " + r.value() + " <new path>` (no goal of the plugin moves one)";
      case REGISTER_AGENT ->
          "`mlos agent register "
              + (r.value() == null ? "<agent type>" : RemedyWording.shellWord(r.value()))
              + "` (no goal of the plugin registers one)";
      case SHOW_HISTORY -> "`mlos history " + r.value() + "` (no goal of the plugin reads history)";
      case SHOW_AGENT ->
          "`mlos agent show " + r.value() + "` (no goal of the plugin reads an agent run)";
      case TAKE_READY_WORK -> "`mlos ready` (no goal of the plugin lists ready work)";
      case FIND_IDS ->
          "find its id with `mlos search` or `mlos agent list` (no goal of the plugin lists ids)";
      // The goals run in Maven's own JVM: its heap is MAVEN_OPTS's, or .mvn/jvm.config's.
      case GIVE_MORE_MEMORY ->
          "`MAVEN_OPTS=-Xmx"
              + r.value()
              + "m mvn ...` (or -Xmx"
              + r.value()
              + "m in the project's .mvn/jvm.config)";
    };
  }
}
