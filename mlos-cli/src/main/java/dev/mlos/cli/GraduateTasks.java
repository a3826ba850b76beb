package dev.mlos.cli;

import dev.mlos.core.MlosException;
import dev.mlos.core.engine.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The tasks of {@code mlos need graduate}, as the command line gives them: each {@code --task
 * DESCRIPTION} starts a task, and one {@code --task-priority P} right after it sets that task's
 * priority. A priority before any --task, or a second one for the same task, is refused while the
 * command line is read, with the order that works.
 */
final class GraduateTasks {
  private final List<String> descriptions = new ArrayList<>();
  private final List<Integer> priorities = new ArrayList<>();

  /** The tasks in command-line order; a task without a priority takes the need's. */
  List<TaskSpec> specs() {
    List<TaskSpec> specs = new ArrayList<>();
    for (int i = 0; i < descriptions.size(); i++) {
      specs.add(new TaskSpec(descriptions.get(i), priorities.get(i)));
    }
    return specs;
  }

  /**
   * Takes the value of one {@code --task} or {@code --task-priority}.
   *
   * @return why the value cannot go where it is, and the fix, or null when it was taken
   */
  Refusal take(String option, String value) {
    if (option.equals("--task")) {
      descriptions.add(value);
      priorities.add(null);
      return null;
    }
    if (descriptions.isEmpty()) {
      return new Refusal(
          "--task-priority " + MlosException.quoted(value) + " comes before any --task",
          "a priority belongs to the --task just before it, as in --task 'Write the parser'"
              + " --task-priority "
              + value);
    }
    int last = descriptions.size() - 1;
    if (priorities.get(last) != null) {
      return new Refusal(
          "--task "
              + MlosException.quoted(descriptions.get(last))
              + " has two priorities (--task-priority "
              + priorities.get(last)
              + ", then "
              + MlosException.quoted(value)
              + ")",
          "give each --task at most one --task-priority, right after it");
    }
    int priority;
    try {
      priority = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      return new Refusal(
          "--task-priority "
              + MlosException.quoted(value)
              + " is not a priority, 1 (critical) .. 5 (background)",
          "give --task-priority a whole number from 1 to 5, right after its --task");
    }
    priorities.set(last, priority);
    return null;
  }

  /**
   * A --task or --task-priority that cannot go where it is: what is wrong, and the fix, which is
   * printed on its own line (it was written into the message).
   */
  record Refusal(String message, String fix) {}

  /** picocli's refusal of the command line, with the fix its message no longer holds. */
  static final class Refused extends ParameterException {
    private final transient String fix;

    Refused(picocli.CommandLine cl, Refusal r, ArgSpec argSpec, String value) {
      super(cl, r.message(), argSpec, value);
      this.fix = r.fix();
    }

    String fix() {
      return fix;
    }
  }

  /** picocli hands each --task and --task-priority to the command's {@link GraduateTasks}. */
  static final class Consumer implements IParameterConsumer {
    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
      OptionSpec option = (OptionSpec) argSpec;
      String name = option.longestName();
      if (args.isEmpty() || commandSpec.optionsMap().containsKey(args.peek().split("=", 2)[0])) {
        throw new ParameterException(
            commandSpec.commandLine(),
            "Missing required parameter for option '" + name + "' (" + option.paramLabel() + ")");
      }
      String value = args.pop();
      Refusal problem = ((NeedCommand.Graduate) commandSpec.userObject()).tasks.take(name, value);
      if (problem != null) {
        throw new Refused(commandSpec.commandLine(), problem, argSpec, value);
      }
    }
  }
}
