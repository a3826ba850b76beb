package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
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

  /**
   * Runs {@code args --workspace dir}; fails the test unless it exits {@code expected}. Standard
   * input is empty meanwhile: in Surefire's forked JVM it carries Surefire's own commands, and
   * {@code mlos mcp} refused at start reads it for the client's request (StartupFailure), which
   * took the fork's end-of-run acknowledgement: the fork waited 30 s and killed itself.
   */
  static Run run(Path dir, int expected, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--workspace";
    all[args.length + 1] = dir.toString();
    InputStream stdin = System.in;
    System.setIn(new ByteArrayInputStream(new byte[0]));
    int code;
    try {
      code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(all);
    } finally {
      System.setIn(stdin);
    }
    assertEquals(expected, code, String.join(" ", args) + ": " + err);
    return new Run(out.toString(), err.toString());
  }
}
