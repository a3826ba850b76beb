package dev.mlos.cli;

import dev.mlos.core.MlosException;
import dev.mlos.core.RemedyWording;
import dev.mlos.core.Reporter;
import dev.mlos.core.engine.RefusedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command threw into one message on stderr and an exit code: a refusal by a rule
 * ({@link Main#REFUSED}), a broken setup or bad input ({@link Main#BROKEN}), or a failure of mlos
 * itself (also {@link Main#BROKEN}, worded as mlos's fault, never the user's).
 */
final class Failures implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (Refusals.isRefusal(e)) {
      RefusedException r = (RefusedException) e;
      err.println("refused (" + r.rule() + "): " + r.getMessage());
      if (!r.allowed().isEmpty()) {
        err.println("  allowed: " + String.join(", ", r.allowed()));
      }
      // A fix given on purpose, beside the allowed values or not (without one, the fix is the
      // allowed list again).
      if (r.fixGiven()) {
        err.println("  fix: " + r.fix(CliSuggestions.INSTANCE));
      }
      err.flush();
      return Main.REFUSED;
    }
    if (Refusals.isBadInput(e)) {
      RefusedException r = (RefusedException) e;
      err.println("error: " + r.getMessage());
      if (!r.allowed().isEmpty()) {
        err.println("  allowed: " + String.join(", ", r.allowed()));
      }
      // As a refusal's: a fix given on purpose (a bad cursor's, a lone surrogate's), which the
      // MCP server shows too.
      if (r.fixGiven()) {
        err.println("  fix: " + r.fix(CliSuggestions.INSTANCE));
      }
      err.println("  see: " + cl.getCommandSpec().qualifiedName() + " --help");
      err.flush();
      return Main.BROKEN;
    }
    if (e instanceof MlosException m) {
      err.println("error: " + m.getMessage());
      if (m.fix() != null) {
        err.println("  fix: " + m.fix(CliSuggestions.INSTANCE));
      }
    } else if (e instanceof UsageException u) {
      err.println("error: " + u.getMessage());
      if (u.fix() != null) {
        err.println("  fix: " + u.fix());
      }
      err.println("  see: " + cl.getCommandSpec().qualifiedName() + " --help");
    } else {
      err.println(
          "error: mlos failed ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + "). This is a fault in mlos, not in your input; nothing was half-written. "
              + "Set MLOS_DEBUG=1 for the stack trace and report it.");
    }
    if (System.getenv("MLOS_DEBUG") != null) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(trace);
    }
    err.flush();
    return Main.BROKEN;
  }

  /**
   * A core operation refused by a rule that is not an engine rule (a compile that would overwrite a
   * pulled text form, a pull whose rows conflict): the rule, the message and the fix in this
   * command's words on stderr; exit {@link Main#REFUSED}.
   */
  static int refused(PrintWriter err, String rule, MlosException e) {
    err.println("refused (" + rule + "): " + e.getMessage());
    if (e.fix() != null) {
      err.println("  fix: " + e.fix(CliSuggestions.INSTANCE));
    }
    err.flush();
    return Main.REFUSED;
  }

  /** A reporter for a core operation: warnings on stderr, remedies in this command's words. */
  static Reporter reporter(PrintWriter err) {
    return reporter(err, false);
  }

  /**
   * Warnings always go to stderr; the core's info lines (why a compile rendered every page, which
   * pages a guard rendered) only with {@code verbose}, as Maven logs them at INFO.
   */
  static Reporter reporter(PrintWriter err, boolean verbose) {
    return new Reporter() {
      @Override
      public void info(String message) {
        if (verbose) {
          err.println("info: " + message);
          err.flush();
        }
      }

      @Override
      public void warn(String message) {
        err.println("warning: " + message);
        err.flush();
      }

      @Override
      public RemedyWording wording() {
        return CliSuggestions.INSTANCE;
      }
    };
  }

  /**
   * picocli's message when a command that only groups others ({@code mlos need}, {@code mlos}) is
   * run without one of them.
   */
  private static final String MISSING_COMMAND = "Missing required subcommand";

  /** Bad options or arguments: the message and a pointer to the command's help. */
  static int badArguments(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    if (e.getClass() == ParameterException.class
        && MISSING_COMMAND.equals(e.getMessage())
        && !cl.getSubcommands().isEmpty()) {
      // The bare message named no command to type: the usage lists them, one line each.
      String command = cl.getCommandSpec().qualifiedName();
      err.println(
          "error: `" + command + "` needs one of its commands: `" + command + " <command>`");
      cl.usage(err, CommandLine.Help.Ansi.OFF);
      err.flush();
      return Main.BROKEN;
    }
    ArgumentWords words = ArgumentWords.of(e, args);
    err.println("error: " + words.message());
    if (words.fix() != null) {
      err.println("  fix: " + words.fix());
    }
    // A value that starts with '-', or the end-of-options delimiter itself, explains the refusal
    // better than picocli's reading of it does.
    String dash = hint(e, args);
    for (String hint : dash != null ? List.of(dash) : words.hints()) {
      err.println("  hint: " + hint);
    }
    err.println("  see: " + cl.getCommandSpec().qualifiedName() + " --help");
    err.flush();
    return Main.BROKEN;
  }

  /**
   * What the user most likely meant when picocli refused the line for a value that starts with '-',
   * or for the end-of-options delimiter {@code --}; null when nothing points there.
   */
  private static String hint(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
    String end = spec.parser().endOfOptionsDelimiter();
    String command = spec.qualifiedName();
    String values =
        String.join(" ", spec.positionalParameters().stream().map(p -> p.paramLabel()).toList());
    int endAt = java.util.Arrays.asList(args).indexOf(end);
    if (e instanceof CommandLine.MissingParameterException missing) {
      for (CommandLine.Model.ArgSpec a : missing.getMissing()) {
        if (a instanceof CommandLine.Model.OptionSpec o
            && String.valueOf(e.getMessage()).endsWith("but found '" + end + "'")) {
          // picocli never takes the delimiter as an option's value, attached (--title=--) or not.
          return "`"
              + end
              + "` ends the options, so it cannot be the value of "
              + o.longestName()
              + " (nor written as "
              + o.longestName()
              + "="
              + end
              + ")";
        }
      }
      // picocli reads an argument that starts with '-' as an option, so "- a title" went missing.
      // Not when what is missing is an option, nor for the value an option took (`agent lens
      // --token-budget -5` without --for): that '-5' was read as a value, and the hint misled.
      boolean valueMissing =
          missing.getMissing().stream().anyMatch(CommandLine.Model.ArgSpec::isPositional);
      for (int i = 0; valueMissing && i < args.length; i++) {
        String a = args[i];
        CommandLine.Model.OptionSpec before = i == 0 ? null : spec.optionsMap().get(args[i - 1]);
        if (a.startsWith("-")
            && !a.equals(end)
            && !spec.optionsMap().containsKey(a.split("=", 2)[0])
            && (before == null || before.arity().max() == 0)) {
          return MlosException.quoted(a)
              + " was read as an option; put a value that starts with '-' after `"
              + end
              + "`, after every option, as in `"
              + command
              + " "
              + end
              + " "
              + MlosException.quoted(a)
              + "`";
        }
      }
      if (endAt >= 0) {
        // A required option typed after the delimiter (`need graduate 6 -- --task x`) is a value
        // there, so the option went missing: the hint for a TITLE of `--` misled.
        List<String> after = java.util.Arrays.asList(args).subList(endAt + 1, args.length);
        for (CommandLine.Model.ArgSpec a : missing.getMissing()) {
          if (a instanceof CommandLine.Model.OptionSpec o
              && after.stream()
                  .anyMatch(x -> java.util.Arrays.asList(o.names()).contains(x.split("=", 2)[0]))) {
            return "every argument after `"
                + end
                + "` is a value, not an option (here "
                + o.longestName()
                + " too): put the options before `"
                + end
                + "`"
                + (values.isEmpty()
                    ? ""
                    : " and only "
                        + values
                        + " after it, as in `"
                        + command
                        + " [OPTIONS] "
                        + end
                        + " "
                        + values
                        + "`");
          }
        }
      }
      if (endAt >= 0 && !values.isEmpty()) {
        return "`"
            + end
            + "` ends the options and is no value itself; a "
            + values
            + " that is `"
            + end
            + "` goes after it, as in `"
            + command
            + " "
            + end
            + " "
            + end
            + "`";
      }
    }
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched
        && endAt >= 0
        && !values.isEmpty()
        && java.util.Arrays.asList(args)
            .subList(endAt + 1, args.length)
            .containsAll(unmatched.getUnmatched())) {
      return "every argument after `"
          + end
          + "` is a value, not an option (here "
          + String.join(
              ", ",
              java.util.Arrays.stream(args, endAt + 1, args.length)
                  .map(MlosException::quoted)
                  .toList())
          + "): put the options before `"
          + end
          + "` and only "
          + values
          + " after it, as in `"
          + command
          + " [OPTIONS] "
          + end
          + " "
          + values
          + "`";
    }
    return null;
  }
}
