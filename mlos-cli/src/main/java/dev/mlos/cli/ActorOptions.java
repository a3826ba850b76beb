package dev.mlos.cli;

import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.RefusedException;
import picocli.CommandLine.Option;

/**
 * Who runs a command: {@code --agent ID} (an agent run) or {@code --as NAME} (a person); neither:
 * the person logged in ({@code user.name}). A write records it in every history row it causes; a
 * read uses the agent's lens where it has one ({@code ready}). What a write also records, {@code
 * --session} and {@code --reason}, is {@link HistoryNoteOptions}: only writes take it.
 */
public final class ActorOptions {
  @Option(
      names = "--agent",
      paramLabel = "ID",
      description =
          "Act as this agent (its id): a write is attributed to it in history, and `mlos"
              + " ready` uses its lens.")
  Long agentId;

  @Option(
      names = "--as",
      paramLabel = "NAME",
      description = "Act as this person. Default: your login name.")
  String person;

  /** The actor for this command. */
  public Actor actor() {
    if (agentId != null && person != null) {
      throw new UsageException(
          "--agent and --as both name who acts",
          "give one of them: --agent ID for an agent run, --as NAME for a person");
    }
    Actor a;
    if (agentId != null) {
      a = Actor.agent(agentId);
    } else if (person != null) {
      String name = personName(person);
      try {
        a = Actor.person(name);
      } catch (RefusedException e) {
        // The engine's "actor name ..." named no option.
        throw new UsageException(
            e.getMessage().startsWith("actor name")
                ? "--as" + e.getMessage().substring("actor name".length())
                : e.getMessage(),
            "give the person's name in those characters, or leave --as out to act as your login"
                + " name");
      }
    } else {
      a = loginName();
    }
    return a;
  }

  /**
   * The person {@code --as} names: {@code person:alice} as history writes it is {@code alice} (a
   * person's name holds no ':'); an agent written so is refused with the option that names it.
   */
  private static String personName(String as) {
    String s = as.strip();
    if (s.startsWith("person:")) {
      return s.substring("person:".length());
    }
    if (s.matches("agent:[1-9][0-9]{0,17}")) {
      throw new UsageException(
          "--as names a person, and '" + s + "' is an agent",
          "act as it with --agent " + s.substring("agent:".length()) + " instead of --as");
    }
    return as;
  }

  /** The agent named with {@code --agent}, or null. */
  public Long agentId() {
    return agentId;
  }

  private static Actor loginName() {
    String name = System.getProperty("user.name", "");
    try {
      return Actor.person(name);
    } catch (RuntimeException e) {
      // A login name the history cannot hold (spaces at the start, odd characters): say it was the
      // CLI.
      return Actor.tool("mlos-cli");
    }
  }
}
