package dev.mlos.cli;

import dev.mlos.cli.mcp.McpSuggestions;
import dev.mlos.core.Remedy;
import dev.mlos.core.RemedyWording;
import dev.mlos.core.path.UnnameablePathException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code mlos.jar}. Exit codes: {@link #OK}, {@link #REFUSED} (a rule said no),
 * {@link #BROKEN} (no workspace, no database, bad configuration or arguments, or a failure of mlos
 * itself). Data goes to stdout, messages to stderr; no stack trace unless {@code MLOS_DEBUG} is
 * set.
 */
public final class Main {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** A rule refused the operation; the message names the rule and what is allowed. */
  public static final int REFUSED = 1;

  /** The setup is broken or the arguments are bad; the message names the setting or argument. */
  public static final int BROKEN = 2;

  private Main() {}

  public static void main(String[] args) {
    // A worker thread that runs out of heap (a compile's render threads, the tokenizer's loader)
    // would print its stack trace before the command says what happened: one line instead.
    Thread.UncaughtExceptionHandler plain = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> {
          if (ranOutOfMemory(e)) {
            System.err.println("mlos: thread " + thread.getName() + " ran out of memory");
          } else if (plain != null) {
            plain.uncaughtException(thread, e);
          } else {
            thread.getThreadGroup().uncaughtException(thread, e);
          }
        });
    System.exit(run(args));
  }

  /** Runs one command line and returns its exit code (no {@code System.exit}, for tests). */
  public static int run(String... args) {
    // UTF-8 whatever the platform charset: on Java 17 in a C/POSIX locale that is ASCII, and every
    // non-ASCII title or message would come out as '?'.
    PrintWriter err = utf8(System.err);
    UnnameablePathException lost = undecoded(args, System.getProperty("user.dir"));
    if (lost != null) {
      err.println("error: " + lost.getMessage());
      boolean mcp = args.length > 0 && args[0].equals("mcp");
      err.println("  fix: " + lost.fix() + (mcp ? " " + McpCommand.CLIENT_LOCALE_FIX : ""));
      if (mcp) {
        // A client starting the server without a UTF-8 locale (none in its config's env) on a
        // workspace path with an accent showed only "Connection closed" (a trial).
        McpCommand.tellClientItCannotStart(lost);
      }
      return BROKEN;
    }
    try {
      return execute(commandLine(utf8(System.out), err, args.length == 0 ? null : args[0]), args);
    } catch (Error e) {
      if (!ranOutOfMemory(e)) {
        throw e;
      }
      // mlos's own limit, not the person's mistake: say so, and how to lift it, not a stack trace.
      // In the words of the client that started this JVM: an MCP server's heap is set in its
      // client's configuration, not on a command line.
      boolean mcp = args.length > 0 && args[0].equals("mcp");
      err.println(
          outOfMemory(
              Runtime.getRuntime().maxMemory(),
              mcp ? McpSuggestions.INSTANCE : CliSuggestions.INSTANCE));
      return BROKEN;
    }
  }

  /**
   * Runs {@code args} on {@code cl} (one of {@link #commandLine}'s), then ends its stdout and
   * stderr: a CR that is the last character of either, with no LF after it, is shown as {@code
   * \\u000D} (it was held for its LF and dropped).
   */
  static int execute(CommandLine cl, String... args) {
    try {
      return cl.execute(args);
    } finally {
      ShownOnTerminal.end(cl.getOut());
      ShownOnTerminal.end(cl.getErr());
    }
  }

  /**
   * True when {@code e} is, or came of, running out of heap: an {@link OutOfMemoryError} among its
   * causes and suppressed errors, or the error a class whose initializer ran out of heap leaves
   * behind ({@code NoClassDefFoundError: Could not initialize class ...}, whose cause only names
   * the {@code OutOfMemoryError} in its message). Looks at no more than 64 throwables.
   */
  static boolean ranOutOfMemory(Throwable e) {
    java.util.Deque<Throwable> todo = new java.util.ArrayDeque<>(List.of(e));
    java.util.Set<Throwable> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    while (!todo.isEmpty() && seen.size() < 64) {
      Throwable t = todo.pop();
      if (!seen.add(t)) {
        continue;
      }
      if (t instanceof OutOfMemoryError
          || (t instanceof ExceptionInInitializerError
              && String.valueOf(t.getMessage()).contains("java.lang.OutOfMemoryError"))) {
        return true;
      }
      if (t.getCause() != null) {
        todo.push(t.getCause());
      }
      for (Throwable s : t.getSuppressed()) {
        todo.push(s);
      }
    }
    return false;
  }

  /**
   * What a command that ran out of heap says (its two lines): the heap it may use, in MiB, and more
   * heap ({@link Remedy#moreMemoryThan}) in {@code wording}'s words.
   */
  static String outOfMemory(long maxHeap, RemedyWording wording) {
    long mib = Remedy.heapMiB(maxHeap);
    return "error: mlos ran out of memory: this Java process may use "
        + mib
        + " MiB of heap, and the command needed more (each change of the database is one"
        + " transaction: one cut off was rolled back)"
        + System.lineSeparator()
        + "  fix: give Java more heap and run it again: "
        + wording.word(Remedy.moreMemoryThan(mib))
        + "; if it keeps happening, report the command and the workspace's size";
  }

  /**
   * An argument or the current directory the JVM could not decode in its locale (LC_ALL=C and a
   * workspace named café): picocli said only 'cannot convert ... to interface java.nio.file.Path
   * (Malformed input ...)', and a need's title lost its accents silently. Null when all are intact.
   */
  static UnnameablePathException undecoded(String[] args, String currentDirectory) {
    for (String a : args) {
      UnnameablePathException e = UnnameablePathException.ifUndecoded("the argument", a);
      if (e != null) {
        return e;
      }
    }
    return UnnameablePathException.ifUndecoded("the current directory", currentDirectory);
  }

  private static PrintWriter utf8(OutputStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  /** The whole command tree. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, null);
  }

  /**
   * The tree for a command line whose first argument is {@code first}: when it names a subcommand,
   * only that one is built (start-up time: each command's model is built by reflection), else all
   * of them (top-level help, suggestions for a typo).
   */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, String first) {
    CommandLine cl = new CommandLine(new MlosCommand());
    Class<?> named = null;
    for (Class<?> c : MlosCommand.SUBCOMMANDS) {
      if (c.getAnnotation(Command.class).name().equals(first)) {
        named = c;
      }
    }
    for (Class<?> c : MlosCommand.SUBCOMMANDS) {
      if (named == null || c == named) {
        // A CommandLine of its own, not the class: picocli applies a command's modelTransformer
        // (McpCommand's tool list) only in the CommandLine constructor.
        cl.addSubcommand(new CommandLine(c));
      }
    }
    // Every command offers -V (mixinStandardHelpOptions): each one prints mlos's version.
    withVersion(cl, new Version());
    UnbrokenCommands.install(cl);
    cl.setOut(ShownOnTerminal.of(out));
    cl.setErr(ShownOnTerminal.of(err));
    cl.setExecutionExceptionHandler(new Failures());
    cl.setParameterExceptionHandler(Failures::badArguments);
    return cl;
  }

  private static void withVersion(CommandLine cl, Version version) {
    cl.getCommandSpec().versionProvider(version);
    for (CommandLine sub : cl.getSubcommands().values()) {
      withVersion(sub, version);
    }
  }
}
