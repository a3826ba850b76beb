package dev.mlos.cli;

import picocli.CommandLine.Command;

/** The {@code mlos} command: only subcommands; each one is a thin adapter over one core operation. */
@Command(
    name = "mlos",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Change and read the state of an mlos workspace (needs, tasks, agents, artifacts), or serve it over MCP.",
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  done",
      "  1  refused by a rule (the message names the rule and what is allowed)",
      "  2  broken setup or bad arguments (no workspace, no database, bad option)"
    },
    subcommands = {
      InitCommand.class,
      NeedCommand.class,
      TaskCommand.class,
      AgentCommand.class,
      ArtifactCommand.class,
      RelateCommand.class,
      ReadyCommand.class,
      SearchCommand.class,
      HistoryCommand.class,
      CompileCommand.class,
      GuardCommand.class,
      McpCommand.class
    })
public final class MlosCommand {}
