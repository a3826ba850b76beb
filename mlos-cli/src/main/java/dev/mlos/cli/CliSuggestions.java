package dev.mlos.cli;

import dev.mlos.core.Remedy;
import dev.mlos.core.RemedyWording;

/**
 * The core's {@link Remedy remedies} in the {@code mlos} command's words. Remedies this command has
 * no subcommand for (the Maven plugin's settings) keep the core's own words ({@link
 * RemedyWording#OPERATIONS}); accepting a drifted artifact is re-hashing it.
 */
public final class CliSuggestions implements RemedyWording {
  /** The one instance; the MCP server names the command line's import with it. */
  public static final CliSuggestions INSTANCE = new CliSuggestions();

  private CliSuggestions() {}

  /**
   * A path as one shell word that picocli hands over as it is: a word that starts with '@' it reads
   * as a file of arguments (even after {@code --}), unless written with a second '@', which it
   * takes off.
   */
  static String argument(String path) {
    return RemedyWording.shellWord(path.startsWith("@") ? "@" + path : path);
  }

  @Override
  public String word(Remedy r) {
    return switch (r.kind()) {
      case RUN_COMPILE -> "`mlos compile`";
      case RUN_COMPILE_FULL -> "`mlos compile --full`";
      case RUN_INIT -> "`mlos init`";
      case RUN_CLEAN -> "`mlos clean`";
      case RUN_GUARD -> "`mlos guard`";
      case PULL_TEXT_FORM -> "`mlos init --pull-text`";
      // One shell word, after `--` when picocli would read it as an option.
      case RUN_IMPORT ->
          RemedyWording.code(
              "mlos import"
                  + (r.value() == null
                      ? ""
                      : (r.value().startsWith("-") ? " -- " : " ") + argument(r.value())));
      // Accepting a reviewed drift is `artifact rehash ID`, which records the file's hash and
      // nothing else.
      case ACCEPT_ARTIFACT ->
          r.name() != null || r.value() == null
              ? "`mlos artifact rehash " + (r.name() == null ? "<id>" : r.name()) + "`"
              : RemedyWording.code(
                  "mlos artifact register "
                      // picocli reads a word that starts with '-' as an option, unless after `--`.
                      + (r.value().startsWith("-") ? "-- " : "")
                      + argument(r.value()));
      case ACCEPT_ALL_ARTIFACTS ->
          "`mlos artifact rehash <id>` for each drifted artifact (the id its line names)";
      case GRADUATE_MORE -> "`mlos need graduate " + r.value() + " --more --task <description>`";
      case CLAIM_TASK -> "`mlos task claim " + r.value() + " --for <agent id>`";
      // Starting an open task needs the agent that will hold it: without one it is refused.
      case START_TASK ->
          "`mlos task start "
              + r.value()
              + " --agent "
              + (r.name() == null ? "<agent id>" : r.name())
              + "`";
      case RETRY_TASK -> "`mlos task retry " + r.value() + "`";
      case CANCEL_TASK -> "`mlos task cancel " + r.value() + "`";
      case RELEASE_TASK -> "`mlos task release " + r.value() + "`";
      case REMOVE_ARTIFACT -> "`mlos artifact remove " + r.value() + "`";
      case MOVE_ARTIFACT -> "`mlos artifact move " + r.value() + " <new path>`";
      case MOVE_NEED -> "`mlos need move " + r.value() + " <status>`";
      case START_AGENT -> "`mlos agent start " + r.value() + "`";
      case SHOW_HISTORY -> "`mlos history " + r.value() + "`";
      case SHOW_AGENT -> "`mlos agent show " + r.value() + "`";
      case TAKE_READY_WORK ->
          "`mlos ready --agent " + (r.value() == null ? "<agent id>" : r.value()) + "`";
      case REGISTER_AGENT ->
          "`mlos agent register "
              + (r.value() == null ? "<agent type>" : RemedyWording.shellWord(r.value()))
              + "`";
      case AS_AGENT -> "with `--agent <agent id>`";
      case FIND_IDS ->
          switch (r.value()) {
            case "task" ->
                "take a task's id from `mlos ready` or `mlos need show <need id>` (a need item of"
                    + " `mlos ready` is a need: `mlos need graduate` cuts it into tasks)";
            case "need" -> "find the need's id with `mlos search <words>` or `mlos ready`";
            case "artifact" -> "find the artifact's id with `mlos search <words> --kind artifact`";
            case "lens" ->
                "find the lens's id with `mlos agent show <agent id>` (lens:1); `mlos agent lens`"
                    + " prints it when it sets one";
            case "relationship" ->
                "find the relationship's id with `mlos need show <need id>` of a need it touches"
                    + " (relationship 4)";
            default -> "find the agent's id with `mlos agent list`";
          };
      // The command is `java -jar mlos.jar` (or an alias for it): the JVM reads JAVA_TOOL_OPTIONS
      // itself, where no launcher script would read JAVA_OPTS.
      case GIVE_MORE_MEMORY ->
          "`JAVA_TOOL_OPTIONS=-Xmx"
              + r.value()
              + "m mlos ...` (or -Xmx"
              + r.value()
              + "m before -jar where `java -jar mlos.jar` is run)";
      // The command line has no --database: the workspace's mlos.yaml is where a user sets it.
      case SET_SETTING ->
          "database".equals(r.name()) && r.value() == null
              ? "`database:` in the workspace's mlos.yaml"
              : RemedyWording.OPERATIONS.word(r);
      default -> RemedyWording.OPERATIONS.word(r);
    };
  }
}
