package dev.mlos.core;

/**
 * How one adapter words a {@link Remedy} for its audience: the command to type, the setting to set.
 * The Maven plugin has one ({@code MavenSuggestions}), the {@code mlos} command one; {@link
 * #OPERATIONS} is the core's own, naming the operation, for callers that have none.
 */
@FunctionalInterface
public interface RemedyWording {
  /**
   * The words for {@code remedy}, fit to follow "run" or "with" in a sentence ({@link
   * Remedy.Kind#AS_AGENT}: a verb, as in "start it as an agent").
   */
  String word(Remedy remedy);

  /**
   * The core's words: the operation and the setting by their core names, in backticks ({@code
   * `compile`}, {@code `accept docs/boot.md`}, {@code `database`}).
   */
  RemedyWording OPERATIONS =
      r ->
          switch (r.kind()) {
            case RUN_COMPILE -> "`compile`";
            case RUN_COMPILE_FULL -> "`compile` with `full`";
            case PULL_TEXT_FORM -> "`init` with `pullText`";
            case RUN_CLEAN -> "`clean`";
            case RUN_INIT -> "`init`";
            case RUN_GUARD -> "`guard`";
            case RUN_IMPORT -> code("import" + (r.value() == null ? "" : " " + r.value()));
            case ACCEPT_ARTIFACT -> code("accept " + (r.value() == null ? "<path>" : r.value()));
            case ACCEPT_ALL_ARTIFACTS -> "`accept` of every drifted artifact";
            case SET_SETTING -> "`" + r.name() + (r.value() == null ? "" : "=" + r.value()) + "`";
            case GRADUATE_MORE -> "`graduateMore`";
            case CLAIM_TASK -> "`claimTask` of task " + r.value() + " for an agent";
            case START_TASK -> "`startTask` of task " + r.value();
            case RETRY_TASK -> "`retryTask` of task " + r.value();
            case CANCEL_TASK -> "`finishTask` of task " + r.value() + " as cancelled";
            case RELEASE_TASK -> "`releaseTask` of task " + r.value();
            case REMOVE_ARTIFACT -> "`removeArtifact` of artifact " + r.value();
            case MOVE_ARTIFACT -> "`moveArtifact` of artifact " + r.value();
            case MOVE_NEED -> "`moveNeed` of need " + r.value();
            case START_AGENT -> "`startAgent` of agent run " + r.value();
            case REGISTER_AGENT ->
                r.value() == null ? "`registerAgent`" : "`registerAgent` of type " + r.value();
            case AS_AGENT -> "as an agent";
            case SHOW_HISTORY -> "`history` of " + r.value();
            case SHOW_AGENT -> "`getAgent` of agent run " + r.value();
            case TAKE_READY_WORK -> "`readyWork`";
            case GIVE_MORE_MEMORY ->
                "a heap of "
                    + r.value()
                    + " MiB (-Xmx"
                    + r.value()
                    + "m for the JVM that runs mlos)";
            case FIND_IDS ->
                switch (r.value()) {
                  case "agent" -> "find the agent's id with `listAgents`";
                  case "lens" -> "find the lens's id with `lensOf` of its agent run";
                  case "relationship" ->
                      "find the relationship's id with `getNeed` of a need it touches";
                  default -> "find the " + r.value() + "'s id with `search` or `readyWork`";
                };
          };

  /**
   * {@code command} as a code span in a fix: in backticks, or, when it holds a backtick itself (a
   * path {@code data/a`b.yaml} in it), between more backticks than any run inside, with a space
   * each side, as Markdown writes such a span: {@code `` mlos import 'data/a`b.yaml' ``}. In one
   * pair of backticks the path's own backtick read as the end of the command, and the rest as text.
   */
  static String code(String command) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < command.length(); i++) {
      run = command.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    if (longest == 0) {
      return "`" + command + "`";
    }
    String fence = "`".repeat(longest + 1);
    return fence + " " + command + " " + fence;
  }

  /**
   * {@code word} as one word for a POSIX shell: as it is when it holds only characters no shell
   * reads specially, else in single quotes. A fix names paths a user may have chosen ({@code
   * docs/my notes.md}), and the command it shows must work when pasted. A word that starts with '='
   * is quoted too: zsh replaces it by the path of the command it names ({@code =x.yaml}).
   */
  static String shellWord(String word) {
    return word.matches("[A-Za-z0-9_./:,@%+-][A-Za-z0-9_./:=,@%+-]*")
        ? word
        : "'" + word.replace("'", "'\\''") + "'";
  }
}
