package dev.mlos.cli;

import dev.mlos.core.MlosException;
import dev.mlos.core.RemedyWording;
import dev.mlos.core.Reporter;
import dev.mlos.core.engine.RefusedException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
      if (!r.remedies().isEmpty()) {
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

  /** Bad options or arguments: the message and a pointer to the command's help. */
  static int badArguments(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    // picocli starts some of its messages with its own "Error: ".
    String message = e.getMessage() == null ? "" : e.getMessage();
    err.println("error: " + (message.startsWith("Error: ") ? message.substring(7) : message));
    if (e instanceof picocli.CommandLine.MissingParameterException) {
      // picocli reads an argument that starts with '-' as an option, so "- a title" went missing.
      for (String a : args) {
        if (a.startsWith("-")
            && !a.equals("--")
            && !cl.getCommandSpec().optionsMap().containsKey(a.split("=", 2)[0])) {
          err.println(
              "  hint: "
                  + MlosException.quoted(a)
                  + " was read as an option; put a value that starts with '-' after `--`, after"
                  + " every option, as in `"
                  + cl.getCommandSpec().qualifiedName()
                  + " -- "
                  + MlosException.quoted(a)
                  + "`");
          break;
        }
      }
    }
    err.println("  see: " + cl.getCommandSpec().qualifiedName() + " --help");
    err.flush();
    return Main.BROKEN;
  }
}
