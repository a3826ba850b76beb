package dev.mlos.core.engine;

import static dev.mlos.core.engine.Engine.TASK_OUTCOMES;
import static dev.mlos.core.engine.InputRules.MAX_TEXT;
import static dev.mlos.core.engine.InputRules.text;

import dev.mlos.core.Remedy;
import java.util.List;

/**
 * Claiming, starting, finishing and retrying tasks. Reached through {@link Engine}, which documents
 * each operation.
 */
final class TaskOperations extends EngineOperations {
  /** The fix of a lost race for a task; {@code {0}} is {@link Remedy#takeReadyWork()}. */
  private static final String TAKE_ANOTHER =
      "take another task from {0}, which lists only tasks no one holds";

  TaskOperations(StateStore store, Actor actor) {
    super(store, actor);
  }

  Task getTask(long taskId) {
    return store.read(() -> taskOrRefuse(taskId));
  }

  TaskClaim claimTask(long taskId, long agentId) {
    EntityRef ref = EntityRef.task(taskId);
    if (actor.agentId() != null && actor.agentId() != agentId) {
      // For an agent no one registered, "let a person claim it for agent 99" led nowhere.
      store.read(() -> agentOrRefuse(agentId));
      throw new RefusedException(
          "task.owner",
          "agent "
              + actor.agentId()
              + " cannot claim "
              + ref.words()
              + " for agent "
              + agentId
              + "; an agent claims only for itself",
          // The agent's own id is not a value of this refusal: every adapter would print it as what
          // is allowed. The way out is a fix of its own, on its own line (an MCP agent was given
          // it inside the message, with no "Fix:").
          List.of(),
          ref,
          "claim it for agent "
              + actor.agentId()
              + " (yourself), or let a person claim it for agent "
              + agentId);
    }
    return write(
        null,
        () -> {
          refuseFinishedRun(agentId, taskId);
          if (store.claimTask(taskId, agentId)) {
            return claimed(store.task(taskId).orElseThrow(), true);
          }
          Task task = taskOrRefuse(taskId);
          if (task.assignedAgentId() != null
              && (task.status().equals("assigned") || task.status().equals("in_progress"))) {
            if (task.assignedAgentId() == agentId && task.status().equals("assigned")) {
              return claimed(task, false); // its own claim again: nothing to write
            }
            // The loser of a claim race: in every multi-agent run, most refusals.
            throw (RefusedException)
                new RefusedException(
                        "task.claimed",
                        ref.words()
                            + " is already claimed by "
                            + holder(task.assignedAgentId())
                            + (task.status().equals("in_progress") ? ", in progress" : ""),
                        List.of(),
                        ref,
                        TAKE_ANOTHER + heldByAFinishedRun(task.assignedAgentId()))
                    .suggesting(Remedy.takeReadyWork(agentId));
          }
          throw claimOfDone(task, agentId, ref);
        });
  }

  /**
   * A claim of a task that is not open and held by no one: finished, or failed. In a run of several
   * agents, most often one listed as ready a moment before another agent finished it; the refusal
   * said so without a way on.
   */
  private RefusedException claimOfDone(Task task, long agentId, EntityRef ref) {
    String message = ref.words() + " is " + task.status() + "; only an open task can be claimed";
    List<String> allowed = List.of("open");
    if (task.status().equals("failed")) {
      return task.assignedAgentId() != null && task.assignedAgentId() == agentId
          ? lifecycle(
              message,
              allowed,
              ref,
              "agent "
                  + agentId
                  + " failed it: open it again with {0}, then claim it, or take another task from"
                  + " {1}",
              Remedy.retryTask(task.id()),
              Remedy.takeReadyWork(agentId))
          : lifecycle(
              message,
              allowed,
              ref,
              "take another task from {0}; a failed task is opened again by the agent that failed"
                  + " it (retry) or by a person",
              Remedy.takeReadyWork(agentId));
    }
    if (store.taskTransitionsFrom(task.status()).isEmpty()) {
      return lifecycle(
          message + " (" + task.status() + " is final" + finished(task) + ")",
          allowed,
          ref,
          TAKE_ANOTHER,
          Remedy.takeReadyWork(agentId));
    }
    return new RefusedException("task.lifecycle", message, allowed, ref);
  }

  /**
   * A finished run (completed or failed) takes no task, claimed for it by a person either (acting
   * as itself, it makes no change at all: {@link EngineOperations#write}).
   */
  private void refuseFinishedRun(long agentId, long taskId) {
    Agent agent = agentOrRefuse(agentId);
    if (agent.status().equals("completed") || agent.status().equals("failed")) {
      // The statuses a run claims in (provisioning, active) are not values of this operation, and
      // a finished run never gets back to them: the way out is a new run.
      throw (RefusedException)
          new RefusedException(
                  "agent.lifecycle",
                  "agent "
                      + agentId
                      + " is "
                      + agent.status()
                      + "; a finished agent run cannot claim tasks",
                  List.of(),
                  agent.ref(),
                  "register a new agent run with {0}, then {1}")
              .suggesting(Remedy.registerAgent(agent.agentType()), Remedy.claimTask(taskId));
    }
  }

  /** The claim's result, with what blocks the task now, read in the claim's transaction. */
  private TaskClaim claimed(Task task, boolean changed) {
    return new TaskClaim(task, store.blockersOfTask(task.id(), task.needId()), changed);
  }

  Written<Task> releaseTask(long taskId) {
    return move(taskId, "open", null, false, List.of("assigned", "in_progress"), "released");
  }

  Written<Task> startTask(long taskId) {
    return move(taskId, "in_progress", null, false, null, null);
  }

  Task finishTask(long taskId, String outcome, String result) {
    EntityRef ref = EntityRef.task(taskId);
    if (outcome == null || !TASK_OUTCOMES.contains(outcome)) {
      throw new RefusedException(
          "input",
          RefusedException.quoted(outcome) + " is not a way to finish a task",
          TASK_OUTCOMES,
          ref);
    }
    text(result, "result", MAX_TEXT, "task.text", ref);
    return move(taskId, outcome, result, true, null, null).row();
  }

  Written<Task> updateTask(long taskId, String description, Integer priority) {
    EntityRef ref = EntityRef.task(taskId);
    if (description == null && priority == null) {
      throw new RefusedException(
          "input",
          ref.words()
              + ": nothing to change (the status moves with claim, start, complete and retry)",
          List.of(),
          ref,
          "give a description or a priority");
    }
    String clean =
        description == null ? null : InputRules.title(description, "task.description", ref);
    InputRules.checkPriority(priority, "task.priority", ref);
    return write(
        null,
        () -> {
          Task t = taskOrRefuse(taskId);
          Long me = actor.agentId();
          if (me != null && t.assignedAgentId() != null && !t.assignedAgentId().equals(me)) {
            // Another agent's task (held, or finished while held): its description is what that
            // agent works or worked on, and its priority its order among them. An open task
            // (nobody's yet) is anyone's to edit, and a person's hand reaches every task.
            throw notTheHolder(
                ref,
                t.assignedAgentId(),
                me,
                store.taskTransitionsFrom(t.status()).isEmpty() ? "finished, as held" : "held",
                "its description or priority",
                ", or ask a person to change it",
                false);
          }
          String newDescription = clean != null ? clean : t.description();
          Integer newPriority = priority != null ? priority : t.priority();
          if (newDescription.equals(t.description())
              && java.util.Objects.equals(newPriority, t.priority())) {
            // What it holds already: no write, so updated_at does not move without a history row
            // (tasks_touch stamps any UPDATE), as updateNeed leaves an unchanged need alone.
            return new Written<>(t, false);
          }
          store.updateTaskFields(taskId, newDescription, newPriority);
          return new Written<>(store.task(taskId).orElseThrow(), true);
        });
  }

  Written<Task> retryTask(long taskId) {
    return move(taskId, "open", null, false, List.of("failed"), "retried");
  }

  /**
   * The refusal of an agent's change to a task another agent holds ({@code held}) or finished while
   * holding it: names the holder and the way out. The loser of a race to start an open task ({@code
   * startRace}: each start claims it) wants work, not this task: its fix is another one.
   */
  private RefusedException notTheHolder(
      EntityRef ref,
      long holder,
      long me,
      String held,
      String what,
      String wayOut,
      boolean startRace) {
    RefusedException e =
        new RefusedException(
            "task.owner",
            ref.words()
                + " is "
                + (startRace ? "claimed" : held)
                + " by "
                + holder(holder)
                + ", not by agent "
                + me
                + "; only its holder (or a person) can change "
                + what,
            // The holder is not a value the caller can pass: every adapter would print it as
            // what is allowed.
            List.of(),
            ref,
            // The way out on the fix line, as every refusal has it (it ended the message, and the
            // command line printed no fix line at all).
            startRace
                ? TAKE_ANOTHER + heldByAFinishedRun(holder)
                : finishedRun(holder)
                    // Waiting for it is no way out: a finished run changes nothing more.
                    ? "agent "
                        + holder
                        + "'s run is finished and changes nothing more: "
                        + wayOut.substring(5)
                    : "leave it to agent " + holder + wayOut);
    if (startRace) {
      e.suggesting(Remedy.takeReadyWork(me));
    }
    return e;
  }

  /**
   * The agent holding a task, for a refusal: {@code agent 3 (planner)}, its id and its type, so the
   * loser of a race (or a person reading the log) knows which run has it without another call; the
   * id alone when the row is gone. Read in the refusing transaction, whichever connection won.
   */
  private String holder(long agentId) {
    Agent agent = store.agent(agentId).orElse(null);
    if (agent == null || agent.agentType() == null) {
      return "agent " + agentId;
    }
    String type = agent.agentType();
    // A type the engine wrote is snake_case; one a raw SQL client wrote is quoted as it is.
    return "agent "
        + agentId
        + " ("
        + (type.matches("[a-z0-9_]{1,64}") ? type : RefusedException.quoted(type))
        + (finishedRun(agent) ? ", a finished run" : "")
        + ")";
  }

  /**
   * A run that is finished (completed, failed) holds its tasks until a person gives them back: it
   * changes nothing more (agent.lifecycle), and the tasks are in no one's ready work.
   */
  private boolean finishedRun(long agentId) {
    return store.agent(agentId).map(TaskOperations::finishedRun).orElse(false);
  }

  private static boolean finishedRun(Agent agent) {
    return "completed".equals(agent.status()) || "failed".equals(agent.status());
  }

  /**
   * The end of a lost claim's fix when the holder's run is finished: the agent was told only to
   * take another task, and no one that the task now waits for a person.
   */
  private String heldByAFinishedRun(long holder) {
    return finishedRun(holder)
        ? "; agent "
            + holder
            + "'s run is finished, so this task stays held until a person releases it"
        : "";
  }

  /**
   * Moves a task; {@code onlyFrom} (with {@code verb}) narrows the transitions for release and
   * retry. A task that has the status asked for already, with no result to write, is left alone
   * ({@code changed} false), as a need moved to its status is: a retried release, retry or start
   * succeeds. A finish is not such a call (it writes a result, and completed or cancelled is
   * final).
   */
  private Written<Task> move(
      long taskId,
      String to,
      String result,
      boolean setResult,
      List<String> onlyFrom,
      String verb) {
    EntityRef ref = EntityRef.task(taskId);
    return write(
        null,
        () -> {
          Task task = taskOrRefuse(taskId);
          if (onlyFrom != null && task.status().equals(to)) {
            // Open already (released or retried before, or never claimed): what was asked for
            // holds, and an open task has no holder whose claim this could take away.
            return new Written<>(task, false);
          }
          if (onlyFrom != null && !onlyFrom.contains(task.status())) {
            throw onlyFrom(task, onlyFrom, verb);
          }
          Long me = actor.agentId();
          Long holder = task.assignedAgentId();
          // A finished task (completed, cancelled) is final for everyone: the lifecycle refusal
          // below says so, where this one would send the agent to a person who cannot help.
          boolean isFinal = store.taskTransitionsFrom(task.status()).isEmpty();
          if (me != null && holder != null && !holder.equals(me) && !isFinal) {
            throw notTheHolder(
                ref,
                holder,
                me,
                "held",
                "it",
                // A failed task goes back to open by a retry; a release takes claimed ones.
                task.status().equals("failed")
                    ? ", or ask a person to retry it"
                    : ", or ask a person to release it",
                to.equals("in_progress") && onlyFrom == null);
          }
          if (to.equals("in_progress") && task.status().equals("open") && me == null) {
            // The agent that starts an open task holds it: started by no agent, it would be in
            // progress with no holder, and any agent could finish it.
            throw (RefusedException)
                new RefusedException(
                        "task.agent",
                        ref.words() + " is open: starting it needs an agent, who then holds it",
                        List.of(),
                        ref,
                        "start it {0}, or run {1} first")
                    .suggesting(Remedy.asAgent(), Remedy.claimTask(taskId));
          }
          if (task.status().equals(to) && !setResult && onlyFrom == null) {
            // Starting a task one already holds in progress: a no-op, as a claim of one's own.
            return new Written<>(task, false);
          }
          List<String> next = store.taskTransitionsFrom(task.status());
          if (!next.contains(to) && next.contains("in_progress") && setResult) {
            // Finishing a task never started (the usual slip: done without claim or start): its
            // allowed next states are not ways to finish, so say which call gets there.
            throw (RefusedException)
                new RefusedException(
                        "task.lifecycle",
                        ref.words()
                            + ": "
                            + task.status()
                            + " -> "
                            + to
                            + " is not allowed; a task is "
                            + to
                            + " from "
                            + String.join(" or ", statusesMovingTo(to)),
                        // Its next states (assigned, in_progress, cancelled) are not values a
                        // finish takes: every adapter would print them as what is allowed.
                        List.of(),
                        ref,
                        "start it first with {0}, then finish it")
                    .suggesting(Remedy.startTask(taskId, actor.agentId()));
          }
          if (!next.contains(to) && setResult && task.status().equals("failed")) {
            // Its holder finishing a failed task it holds (ready work lists it under held): its
            // next states were listed as allowed, "open" among them, which no finish takes.
            throw (RefusedException)
                new RefusedException(
                        "task.lifecycle",
                        ref.words()
                            + ": failed -> "
                            + to
                            + " is not allowed; a failed task is retried (open again, for an"
                            + " agent to claim and finish) or cancelled",
                        next.contains("cancelled") ? List.of("cancelled") : List.of(),
                        ref,
                        "open it again with {0}, claim it and finish it; or finish it as"
                            + " cancelled with {1}")
                    .suggesting(Remedy.retryTask(taskId), Remedy.cancelTask(taskId));
          }
          if (!next.contains(to)) {
            String move = ref.words() + ": " + task.status() + " -> " + to + " is not allowed";
            if (next.isEmpty()) {
              // Started or finished again once completed or cancelled (a call sent again after
              // 'Not answered'): it had no fix, and the command line printed none.
              throw stays(
                  task, move + " (" + task.status() + " is final" + finished(task) + ")", next);
            }
            throw new RefusedException(
                "task.lifecycle",
                move + "; from " + task.status() + " it can move to " + String.join(", ", next),
                next,
                ref);
          }
          // The moves the trigger judges: back into the work of a need that is done.
          if (List.of("open", "assigned", "in_progress").contains(to)
              && !task.status().equals(to)
              && needOrRefuse(task.needId()).status().equals("resolved")) {
            throw resolvedNeed(task, to);
          }
          // An agent starting an open task takes it; finishing one it does not hold leaves no
          // holder
          // (who did it is in the history row).
          Long agent =
              to.equals("open")
                  ? null
                  : holder != null ? holder : to.equals("in_progress") ? me : null;
          store.setTaskState(taskId, to, agent, setResult ? result : task.result());
          return new Written<>(store.task(taskId).orElseThrow(), true);
        });
  }

  /**
   * A task of a resolved need taken up again (schema mlos V2's "task: its need is resolved"). Only
   * a failed task is ever left under a resolved need: before schema V7 a need could be resolved
   * past its failed task (by hand, or by its other tasks completing), and V7 changed no row, so a
   * retry of such a task met the trigger and was told mlos had missed its check.
   */
  private static RefusedException resolvedNeed(Task task, String to) {
    return lifecycle(
        task.ref().words()
            + ": "
            + task.status()
            + " -> "
            + to
            + " is not allowed: its need "
            + task.needId()
            + " is resolved (resolved is final), so the task can only be cancelled",
        List.of("cancelled"),
        task.ref(),
        "finish it as cancelled with {0}; work still to do for need "
            + task.needId()
            + " is a new need",
        Remedy.cancelTask(task.id()));
  }

  /** A step of a completed or cancelled task: nothing to do, it stays so; other work is ready. */
  private RefusedException stays(Task task, String message, List<String> allowed) {
    Long me = actor.agentId();
    return lifecycle(
        message,
        allowed,
        task.ref(),
        "nothing to do: "
            + task.ref().words()
            + " is "
            + task.status()
            + " and stays so; take other work from {0}",
        me == null ? Remedy.takeReadyWork() : Remedy.takeReadyWork(me));
  }

  /**
   * A release or retry of a task in another status: its allowed statuses ("Allowed: assigned,
   * in_progress") were all an agent that released a task it had completed was told, which it could
   * not act on. The fix says what to do instead: nothing, for a finished task (take other work); a
   * retry, for a failed one given back.
   */
  private RefusedException onlyFrom(Task task, List<String> onlyFrom, String verb) {
    EntityRef ref = task.ref();
    String message =
        ref.words()
            + " is "
            + task.status()
            + "; only a task that is "
            + String.join(" or ", onlyFrom)
            + " can be "
            + verb;
    if (task.status().equals("failed")) {
      return lifecycle(
          message,
          onlyFrom,
          ref,
          "a failed task is not held: open it again with {0}, for an agent to claim",
          Remedy.retryTask(task.id()));
    }
    if (store.taskTransitionsFrom(task.status()).isEmpty()) {
      return stays(task, message, onlyFrom);
    }
    if (verb.equals("retried") && task.assignedAgentId() != null) {
      // Still held: "Allowed: failed" alone read as if the agent had to fail it first.
      if (task.assignedAgentId().equals(actor.agentId())) {
        // Its own holder was told to wait for that agent, itself (an MCP trial).
        return lifecycle(
            message,
            onlyFrom,
            ref,
            "you hold it (agent "
                + task.assignedAgentId()
                + ") and it has not failed: go on with it, or give it back with {0}"
                + " (it is then open, for any agent to claim)",
            Remedy.releaseTask(task.id()));
      }
      return lifecycle(
          message,
          onlyFrom,
          ref,
          "it is held by agent "
              + task.assignedAgentId()
              + ", not failed: wait for that agent to finish it, or give it back with {0}"
              + " (it is then open, for any agent to claim)",
          Remedy.releaseTask(task.id()));
    }
    return new RefusedException("task.lifecycle", message, onlyFrom, ref);
  }

  /** A task.lifecycle refusal with its allowed statuses, its fix and the remedies it names. */
  private static RefusedException lifecycle(
      String message, List<String> onlyFrom, EntityRef ref, String fix, Remedy... remedies) {
    return (RefusedException)
        new RefusedException("task.lifecycle", message, onlyFrom, ref, fix).suggesting(remedies);
  }

  /**
   * When and how a finished task was finished: a call answered "not answered" (the write may have
   * landed) and retried, or a second session of the same agent, was refused with no word that the
   * task was done, nor by whom.
   */
  private static String finished(Task task) {
    String result = task.result();
    if (result != null && result.codePointCount(0, result.length()) > 80) {
      result = result.substring(0, result.offsetByCodePoints(0, 80)) + "...";
    }
    return ": it was finished at "
        + task.updatedAt()
        + (task.assignedAgentId() == null ? "" : ", held by agent " + task.assignedAgentId())
        + (result == null
            ? ", with no result"
            : ", with the result " + RefusedException.quoted(result));
  }

  /**
   * The statuses {@code task_transitions} lets a task move to {@code to} from, in lifecycle order
   * ({@code assigned}, {@code in_progress} for {@code completed}): read from the rules, so a
   * refusal never names fewer ways than the database takes (a claimed task can be completed too).
   */
  private List<String> statusesMovingTo(String to) {
    return Engine.TASK_STATUSES.stream()
        .filter(from -> store.taskTransitionsFrom(from).contains(to))
        .toList();
  }
}
