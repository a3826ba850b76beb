package dev.mlos.cli;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.Task;
import dev.mlos.core.engine.TaskClaim;
import dev.mlos.core.engine.Written;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlos task ...}: show, claim, release, start, finish and retry tasks. */
@Command(
    name = "task",
    mixinStandardHelpOptions = true,
    description =
        "Tasks: show, update, claim for an agent, release, start, complete / fail / cancel with a"
            + " result, retry.",
    subcommands = {
      TaskCommand.Show.class,
      TaskCommand.Update.class,
      TaskCommand.Claim.class,
      TaskCommand.Release.class,
      TaskCommand.Start.class,
      TaskCommand.Complete.class,
      TaskCommand.Fail.class,
      TaskCommand.Cancel.class,
      TaskCommand.Retry.class
    })
public final class TaskCommand {

  /** A write on one task, printing the task as it is afterwards. */
  abstract static class OnTask extends WriteCommand {
    @Parameters(
        index = "0",
        paramLabel = "TASK_ID",
        description = "The task's id (mlos ready and mlos need show list them).")
    long id;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      Written<Task> w = written(engine);
      if (w == null) {
        Task t = apply(engine);
        return new Printed(Rows.task(t), verb() + Words.task(t));
      }
      return Words.written(w, verb(), "is " + w.row().status() + " already");
    }

    abstract Task apply(Engine engine);

    /**
     * The write of a move that may find its status held already (release, start, retry), or null
     * for one that always writes (a finish).
     */
    Written<Task> written(Engine engine) {
      return null;
    }

    abstract String verb();
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One task.")
  static final class Show extends EngineCommand {
    @Parameters(
        index = "0",
        paramLabel = "TASK_ID",
        description = "The task's id (mlos ready and mlos need show list them).")
    long id;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      Task t = engine.getTask(id);
      // A retried task keeps its last result: whoever takes it reads why it failed.
      return new Printed(
          Rows.task(t),
          Words.task(t) + (t.result() == null ? "" : "\n" + Words.block("result", t.result())));
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = {
        "Change a task's description or priority (its status moves with claim, start, complete"
            + " and retry).",
        "Example: mlos task update 3 --priority 1 --reason \"the release waits for it\""
      })
  static final class Update extends WriteCommand {
    @Parameters(
        index = "0",
        paramLabel = "TASK_ID",
        description = "The task's id (mlos ready and mlos need show list them).")
    long id;

    @Option(
        names = "--description",
        paramLabel = "TEXT",
        description = "The task's new description: one line, at most 500 characters.")
    String description;

    @Option(
        names = "--priority",
        paramLabel = "1..5",
        description = "The task's new priority, 1 (most urgent) to 5.")
    Integer priority;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      return Words.written(
          engine.updateTask(id, description, priority), "Updated ", "holds these values already");
    }
  }

  @Command(
      name = "claim",
      mixinStandardHelpOptions = true,
      description = {
        "Claim an open task for an agent, atomically: of several claimers exactly one wins.",
        "The agent is --for, else --agent."
      })
  static final class Claim extends OnTask {
    @Option(
        names = "--for",
        paramLabel = "AGENT_ID",
        description = "The agent that takes the task (a person may claim for an agent).")
    Long forAgent;

    @Override
    Printed run(Engine engine, WorkspaceConfig config) {
      TaskClaim c = engine.claim(id, agent());
      Map<String, Object> data = new LinkedHashMap<>(Rows.task(c.task()));
      data.put("blocked_by", c.blockedBy().stream().map(Rows::blocker).toList());
      data.put("changed", c.changed());
      if (!c.blockedBy().isEmpty()) {
        // Claimed all the same (work may be handed out ahead of time), but it is not ready work.
        PrintWriter err = spec.commandLine().getErr();
        err.println(
            "warning: task "
                + c.task().id()
                + " is blocked by "
                + c.blockedBy().stream()
                    .map(b -> b.ref() + " [" + b.status() + "]")
                    .collect(Collectors.joining(", "))
                + ": it is not ready work until that is done");
        err.flush();
      }
      return new Printed(
          data,
          c.changed()
              ? verb() + Words.task(c.task())
              : "Nothing changed: task "
                  + c.task().id()
                  + " is claimed by agent "
                  + c.task().assignedAgentId()
                  + " already (nothing written, no history row)\n"
                  + Words.task(c.task()));
    }

    @Override
    Task apply(Engine engine) {
      return engine.claimTask(id, agent());
    }

    private long agent() {
      Long agent = forAgent != null ? forAgent : who.agentId();
      if (agent == null) {
        throw new UsageException(
            "claim needs an agent",
            // A new user reading only --help has no id yet: say where ids come from.
            "pass --agent ID (act as that agent) or --for ID (a person claims for that agent);"
                + " `mlos agent list` lists the agents' ids, and `mlos agent register <agent"
                + " type>` registers one when there is none");
      }
      return agent;
    }

    @Override
    String verb() {
      return "Claimed ";
    }
  }

  @Command(
      name = "release",
      mixinStandardHelpOptions = true,
      description = "Give a claimed or started task back: open, no agent.")
  static final class Release extends OnTask {
    @Override
    Task apply(Engine engine) {
      return engine.releaseTask(id);
    }

    @Override
    Written<Task> written(Engine engine) {
      return engine.release(id);
    }

    @Override
    String verb() {
      return "Released ";
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Start work on a task (in_progress).")
  static final class Start extends OnTask {
    @Override
    Task apply(Engine engine) {
      return engine.startTask(id);
    }

    @Override
    Written<Task> written(Engine engine) {
      return engine.start(id);
    }

    @Override
    String verb() {
      return "Started ";
    }
  }

  /** Finishing a task: the outcome is the subcommand, the result an option. */
  abstract static class Finish extends OnTask {
    @Option(names = "--result", paramLabel = "TEXT", description = "What came of it.")
    String result;

    @Override
    Task apply(Engine engine) {
      return engine.finishTask(id, outcome(), result);
    }

    abstract String outcome();
  }

  @Command(
      name = "complete",
      mixinStandardHelpOptions = true,
      description =
          "Finish a task as completed; when it was its need's last open task, the need is resolved.")
  static final class Complete extends Finish {
    @Override
    String outcome() {
      return "completed";
    }

    @Override
    String verb() {
      return "Completed ";
    }
  }

  @Command(
      name = "fail",
      mixinStandardHelpOptions = true,
      description = "Finish a task as failed (its need stays in progress; retry or cancel it).")
  static final class Fail extends Finish {
    @Override
    String outcome() {
      return "failed";
    }

    @Override
    String verb() {
      return "Failed ";
    }
  }

  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description = "Finish a task as cancelled.")
  static final class Cancel extends Finish {
    @Override
    String outcome() {
      return "cancelled";
    }

    @Override
    String verb() {
      return "Cancelled ";
    }
  }

  @Command(
      name = "retry",
      mixinStandardHelpOptions = true,
      description = "Open a failed task again.")
  static final class Retry extends OnTask {
    @Override
    Task apply(Engine engine) {
      return engine.retryTask(id);
    }

    @Override
    Written<Task> written(Engine engine) {
      return engine.retry(id);
    }

    @Override
    String verb() {
      return "Reopened ";
    }
  }
}
