package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the {@code mlos} command in this JVM on one workspace, as a user would type it. */
final class InProcess {
  /** What a run printed. */
  record Run(String out, String err) {}

  private InProcess() {}

  /** Runs {@code args --workspace dir}; fails the test unless it exits 0. */
  static Run ok(Path dir, String... args) {
    return run(dir, Main.OK, args);
  }

  /** Runs {@code args --workspace dir}; fails the test unless it exits {@code expected}. */
  static Run run(Path dir, int expected, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--workspace";
    all[args.length + 1] = dir.toString();
    int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(all);
    assertEquals(expected, code, String.join(" ", args) + ": " + err);
    return new Run(out.toString(), err.toString());
  }
}
