package dev.mlos.cli;

import java.util.List;
import picocli.CommandLine.Command;

/**
 * The {@code mlos} command: only subcommands; each one is a thin adapter over one core operation.
 */
@Command(
    name = "mlos",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Change and read the state of an mlos workspace (needs, tasks, agents, artifacts), or serve it over MCP.",
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  done",
      "  1  refused by a rule (the message names the rule and what is allowed)",
      "  2  broken setup or bad arguments (no workspace, no database, bad option)"
    })
public final class MlosCommand {
  /**
   * The subcommands, in the order help lists them. Not in the annotation: picocli would build every
   * command's model (reflection over each class and its options) on every run; {@link Main} adds
   * only the one a command line names (all of them for help, a typo, or no command).
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          InitCommand.class,
          NeedCommand.class,
          TaskCommand.class,
          AgentCommand.class,
          ArtifactCommand.class,
          ImportCommand.class,
          RelateCommand.class,
          UnrelateCommand.class,
          ReadyCommand.class,
          SearchCommand.class,
          HistoryCommand.class,
          CompileCommand.class,
          GuardCommand.class,
          CheckTextCommand.class,
          CleanCommand.class,
          McpCommand.class,
          MergeDbCommand.class);
}
