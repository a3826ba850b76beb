package dev.mlos.cli;

import dev.mlos.core.engine.Actor;
import picocli.CommandLine.Option;

/**
 * Who makes a write, recorded in every history row it causes: {@code --agent ID} (an agent run) or
 * {@code --as NAME} (a person); neither: the person logged in ({@code user.name}). {@code
 * --session} and {@code --reason} go into the same history rows.
 */
public final class ActorOptions {
  @Option(
      names = "--agent",
      paramLabel = "ID",
      description = "Act as this agent (its id); its lens applies to ready work.")
  Long agentId;

  @Option(
      names = "--as",
      paramLabel = "NAME",
      description = "Act as this person. Default: your login name.")
  String person;

  @Option(
      names = "--session",
      paramLabel = "ID",
      description = "The session or transcript this write belongs to (recorded in history).")
  String session;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded in history).")
  String reason;

  /** The actor for this command's writes. */
  public Actor actor() {
    if (agentId != null && person != null) {
      throw new UsageException("--agent and --as both name who acts; give one");
    }
    Actor a;
    if (agentId != null) {
      a = Actor.agent(agentId);
    } else if (person != null) {
      a = Actor.person(person);
    } else {
      a = loginName();
    }
    return a.withSession(session).withReason(reason);
  }

  /** The agent named with {@code --agent}, or null. */
  public Long agentId() {
    return agentId;
  }

  /** The reason given with {@code --reason}, or null. */
  public String reason() {
    return reason;
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
