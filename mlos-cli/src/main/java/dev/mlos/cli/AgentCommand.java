package dev.mlos.cli;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.engine.Agent;
import dev.mlos.core.engine.AgentList;
import dev.mlos.core.engine.AgentSpec;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.Lens;
import dev.mlos.core.engine.LensSet;
import dev.mlos.core.engine.LensSpec;
import dev.mlos.core.engine.Task;
import dev.mlos.core.engine.Written;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlos agent ...}: register agent runs, start and finish them, set lenses. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description =
        "Agents: register a run, start it, finish it, show it, list the runs, set the lens of an"
            + " agent or an agent type.",
    subcommands = {
      AgentCommand.Register.class,
      AgentCommand.Show.class,
      AgentCommand.ListRuns.class,
      AgentCommand.Start.class,
      AgentCommand.Finish.class,
      AgentCommand.SetLens.class
    })
public final class AgentCommand {

  static String words(Agent a) {
    return "agent "
        + a.id()
        + " ("
        + a.agentType()
        + ") ["
        + a.status()
        + "]"
        // Words.oneLine: a run registered before schema V15 may keep a kernel version of several
        // lines, which printed raw put lines of its own under the run's (a forged field or row).
        + (a.kernelVersion() == null ? "" : " kernel " + Words.oneLine(a.kernelVersion()));
  }

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description = "Register an agent run; it starts provisioning.")
  static final class Register extends WriteCommand {
    @Parameters(
        index = "0",
        paramLabel = "AGENT_TYPE",
        description = "lower_snake_case, e.g. architect.")
    String type;

    @Option(
        names = "--kernel-version",
        paramLabel = "VERSION",
        description = "The kernel version the run works against.")
    String kernelVersion;

    @Option(
        names = "--session-transcript",
        paramLabel = "PATH",
        description = "The run's session transcript: a path or URL.")
    String transcript;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      Agent a = engine.registerAgent(new AgentSpec(type, kernelVersion, transcript));
      return new Printed(Rows.agent(a), "Registered " + words(a));
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "The agent runs not finished (provisioning or active), in id order: the ids to give"
            + " --agent and an MCP server's --agent. --all lists the finished ones too."
      })
  static final class ListRuns extends EngineCommand {
    @Option(names = "--all", description = "Also the finished runs (completed or failed).")
    boolean all;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "" + Engine.DEFAULT_AGENTS_LISTED,
        description = "At most N runs, 1..1000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      AgentList list = engine.listAgents(all, limit);
      Map<String, Object> data = new java.util.LinkedHashMap<>();
      data.put("agents", list.agents().stream().map(Rows::agent).toList());
      data.put("total", list.total());
      StringBuilder t =
          new StringBuilder()
              .append(list.total())
              .append(all ? " agent run(s)" : " agent run(s) not finished")
              .append(
                  list.total() > list.agents().size() ? ", the first " + list.agents().size() : "")
              .append(list.total() == 0 ? "" : ":");
      for (Agent a : list.agents()) {
        t.append("\n  ").append(words(a));
      }
      if (list.total() == 0) {
        t.append(" (register one with `mlos agent register <agent type>`)");
      }
      return new Printed(data, t.toString());
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "An agent run and its lens.")
  static final class Show extends EngineCommand {
    @Parameters(
        index = "0",
        paramLabel = "AGENT_ID",
        description = "The agent run's id (mlos agent register printed it).")
    long id;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      Agent a = engine.getAgent(id);
      Map<String, Object> data = Rows.agent(a);
      String text = words(a);
      Lens lens = engine.lensOf(id).orElse(null);
      data.put("lens", lens == null ? null : Rows.lens(lens));
      if (lens != null) {
        text +=
            "\nlens:"
                + lens.id()
                + " ("
                + lens.owner()
                + "): scopes "
                + lens.scopes()
                + ", tags "
                + lens.tags()
                + ", weights "
                + lens.weights()
                + ", token budget "
                + (lens.tokenBudget() == null ? "-" : lens.tokenBudget());
      }
      // The tasks the run holds: for a finished run (one finished before schema V14, whose
      // finish named none) the person who gives them back needs their ids, and the command.
      List<Task> held = engine.heldTasks(id, Finish.HELD_LISTED);
      data.put("held", held.stream().map(Rows::task).toList());
      boolean finished = a.status().equals("completed") || a.status().equals("failed");
      if (!held.isEmpty()) {
        StringBuilder b = new StringBuilder(text).append("\nholds:");
        for (Task t : held) {
          b.append("\n  ").append(Words.task(t));
          if (finished) {
            b.append(
                "failed".equals(t.status())
                    ? ": retry it with `mlos task retry " + t.id() + "`"
                    : ": give it back with `mlos task release " + t.id() + "`");
          }
        }
        if (held.size() == Finish.HELD_LISTED) {
          b.append("\n  (the first ").append(Finish.HELD_LISTED).append(" are listed)");
        }
        text = b.toString();
      }
      return new Printed(data, text);
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Mark an agent run active.")
  static final class Start extends WriteCommand {
    @Parameters(
        index = "0",
        paramLabel = "AGENT_ID",
        description = "The agent run's id (mlos agent register printed it).")
    long id;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      Written<Agent> w = engine.startAgent(id);
      Map<String, Object> data = new LinkedHashMap<>(Rows.agent(w.row()));
      data.put("changed", w.changed());
      return new Printed(
          data,
          w.changed()
              ? "Started " + words(w.row())
              : "Nothing changed: agent "
                  + id
                  + " is active already (nothing written, no history row)\n"
                  + words(w.row()));
    }
  }

  @Command(
      name = "finish",
      mixinStandardHelpOptions = true,
      description = "Finish an agent run: completed (default) or failed.")
  static final class Finish extends WriteCommand {
    /** Most held tasks a finish names. */
    static final int HELD_LISTED = 50;

    @Parameters(
        index = "0",
        paramLabel = "AGENT_ID",
        description = "The agent run's id (mlos agent register printed it).")
    long id;

    @Option(
        names = "--status",
        paramLabel = "STATUS",
        defaultValue = "completed",
        description = "completed or failed.")
    String status;

    @Option(names = "--summary", paramLabel = "TEXT", description = "The run's result summary.")
    String summary;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      Agent a = engine.finishAgent(id, status, summary);
      // A finished run can take no more work, and no other agent can claim the tasks it still
      // holds: they drop out of everyone's ready work until a person gives them back.
      List<Task> held = engine.heldTasks(id, HELD_LISTED);
      Map<String, Object> data = Rows.agent(a);
      data.put("held", held.stream().map(Rows::task).toList());
      if (!held.isEmpty()) {
        PrintWriter err = spec.commandLine().getErr();
        for (Task t : held) {
          err.println(
              "warning: agent "
                  + id
                  + " is finished but still holds "
                  + Words.task(t)
                  + ": no agent can claim it, and it is in no one's ready work, until "
                  + ("failed".equals(t.status())
                      ? "it is retried: `mlos task retry " + t.id() + "`"
                      : "it is given back: `mlos task release " + t.id() + "`"));
        }
        if (held.size() == HELD_LISTED) {
          err.println(
              "warning: the first "
                  + HELD_LISTED
                  + " are listed; `mlos need show` of their needs lists the tasks of each");
        }
        err.flush();
      }
      return new Printed(data, "Finished " + words(a));
    }
  }

  @Command(
      name = "lens",
      mixinStandardHelpOptions = true,
      description = {
        "Set the lens of one agent or of every agent of a type (replaces the previous one).",
        "Example: mlos agent lens --for 3 --tag kernel --weight tag:kernel=2 --token-budget 4000"
      })
  static final class SetLens extends WriteCommand {
    /** Exactly one owner. */
    static final class Owner {
      @Option(
          names = "--for",
          paramLabel = "AGENT_ID",
          required = true,
          description = "The agent run the lens is for.")
      Long agentId;

      @Option(
          names = "--type",
          paramLabel = "AGENT_TYPE",
          required = true,
          description =
              "The agent type the lens is for: every run of it without a lens of its own, those"
                  + " registered later too (a type with no run yet is noted in the answer).")
      String agentType;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Owner owner;

    @Option(
        names = "--scope",
        paramLabel = "SCOPE",
        split = ",",
        description =
            "A scope the lens shows (repeat it, or separate by commas). A need shows when its"
                + " scope or one of its tags is in the lens; no --scope and no --tag: every need.")
    List<String> scopes = new ArrayList<>();

    @Option(
        names = "--tag",
        paramLabel = "TAG",
        split = ",",
        description = "A tag the lens shows (repeat it, or separate by commas).")
    List<String> tags = new ArrayList<>();

    @Option(
        names = "--weight",
        paramLabel = "KEY=N",
        description =
            "tag:<tag>=N or scope:<scope>=N, N in (0, 100]. A scope's weight needs the scope in"
                + " --scope too when the lens has scopes and no tags (else it can never apply).")
    Map<String, Double> weights = new LinkedHashMap<>();

    @Option(
        names = "--token-budget",
        paramLabel = "TOKENS",
        description = "How many tokens the agent's context pack may take, 1..10,000,000.")
    Integer tokenBudget;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      // A map keeps the last value of a key given twice: --weight tag:x=2 --weight tag:x=3 set 3
      // without a word.
      var given = spec.commandLine().getParseResult().matchedOption("--weight");
      java.util.Set<String> keys = new java.util.HashSet<>();
      for (String kv : given == null ? List.<String>of() : given.stringValues()) {
        if (!keys.add(kv.split("=", 2)[0])) {
          throw new UsageException(
              "--weight " + kv.split("=", 2)[0] + " is given twice", "give each key one weight");
        }
      }
      // `agent lens --for 3` alone looks like a way to see the lens, but it sets an empty one: the
      // agent then sees every need, its own lens or its type's gone without a word.
      boolean nothingGiven =
          scopes.isEmpty() && tags.isEmpty() && weights.isEmpty() && tokenBudget == null;
      Lens before =
          !nothingGiven
              ? null
              : owner.agentId != null
                  ? engine.lensOf(owner.agentId).orElse(null)
                  : engine.lensOfType(owner.agentType).orElse(null);
      LensSet set =
          engine.setLens(
              new LensSpec(owner.agentId, owner.agentType, scopes, tags, weights, tokenBudget));
      Lens l = set.lens();
      if (before != null
          && (!before.seesEverything()
              || !before.weights().isEmpty()
              || before.tokenBudget() != null)) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(
            "warning: no --scope, --tag, --weight or --token-budget was given, so the lens of "
                + l.owner()
                + " now sees every need, unweighted, with no token budget; before, it had "
                + lensWords(before)
                + (before.id() == l.id()
                    ? " (`mlos history lens:" + l.id() + "` keeps it)"
                    : " (the lens of " + before.owner() + ", lens:" + before.id() + ")")
                + ". To see a lens without changing it, run `mlos agent show "
                + (owner.agentId != null ? owner.agentId : "<id of a " + owner.agentType + ">")
                + "`; to set it back, run `mlos agent lens` with its values");
        err.flush();
      }
      Map<String, Object> data = new LinkedHashMap<>(Rows.lens(l));
      data.put("notes", set.notes());
      StringBuilder text =
          new StringBuilder("Set the lens of " + l.owner() + " (lens:" + l.id() + "): ");
      text.append(lensWords(l));
      // In the answer, not on stderr: a type with no runs is allowed, but it is also how a
      // misspelt type looks.
      set.notes().forEach(n -> text.append("\nnote: ").append(n));
      return new Printed(data, text.toString());
    }

    private static String lensWords(Lens l) {
      return "scopes "
          + l.scopes()
          + ", tags "
          + l.tags()
          + ", weights "
          + l.weights()
          + ", token budget "
          + (l.tokenBudget() == null ? "-" : l.tokenBudget());
    }
  }
}
