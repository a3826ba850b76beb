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
   * @return why the value cannot go where it is, or null when it was taken
   */
  String take(String option, String value) {
    if (option.equals("--task")) {
      descriptions.add(value);
      priorities.add(null);
      return null;
    }
    if (descriptions.isEmpty()) {
      return "--task-priority "
          + MlosException.quoted(value)
          + " comes before any --task: a priority belongs to the --task just before it, as in"
          + " --task 'Write the parser' --task-priority "
          + value;
    }
    int last = descriptions.size() - 1;
    if (priorities.get(last) != null) {
      return "--task "
          + MlosException.quoted(descriptions.get(last))
          + " has two priorities (--task-priority "
          + priorities.get(last)
          + ", then "
          + MlosException.quoted(value)
          + "): give each --task at most one --task-priority, right after it";
    }
    int priority;
    try {
      priority = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      return "--task-priority "
          + MlosException.quoted(value)
          + " is not a priority: give a whole number, 1 (critical) .. 5 (background)";
    }
    priorities.set(last, priority);
    return null;
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
      String problem = ((NeedCommand.Graduate) commandSpec.userObject()).tasks.take(name, value);
      if (problem != null) {
        throw new ParameterException(commandSpec.commandLine(), problem, argSpec, value);
      }
    }
  }
}
