package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code mlos mcp}'s stderr is a byte stream, and its log quoted a recompile's warnings and a
 * template's error (a cloned workspace's {@code #stop} text) as they were: an ESC or a CSI there
 * drove the terminal of whoever ran the server. It shows them as the other commands' stderr does,
 * byte for byte the same text.
 */
class ShownOnTerminalTest {
  private static final String ALPHABET =
      "a \t\n\r\u0000\u0007\u0008\u001b\u007f\u0080\u0085\u009b\u009f\u00a0\u00e9\u0100\u2028:#[";

  @Test
  void theByteStreamShowsWhatTheWriterShows() {
    Random random = new Random(7);
    for (int n = 0; n < 2000; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(12); i > 0; i--) {
        text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      if (random.nextInt(4) == 0) {
        text.append("\uD83D\uDE00");
      }
      assertEquals(writer(text.toString()), bytes(text.toString()), text.toString());
    }
  }

  @Test
  void aControlWhoseBytesArriveInTwoWritesIsShownToo() {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream log = ShownOnTerminal.of(sink);
    log.write(new byte[] {'x', (byte) 0xC2}, 0, 2);
    log.write(new byte[] {(byte) 0x9B, '2', 'J', '\r'}, 0, 4);
    log.write(new byte[] {'\n', (byte) 0xC2}, 0, 2);
    log.write(new byte[] {(byte) 0xA0, '\r', 'y'}, 0, 3);
    log.close();
    assertEquals("x\\u009B2J\r\n\u00a0\\u000Dy", sink.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aTemplatesStopTextLoggedByTheServerDrivesNoTerminal() {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream log = ShownOnTerminal.of(sink);
    log.println("mlos mcp: compile: s.ftl:1:1: \u001b]0;owned\u0007\u001b[2K\rok \u009b2J");
    assertEquals(
        "mlos mcp: compile: s.ftl:1:1: \\u001B]0;owned\\u0007\\u001B[2K\\u000Dok \\u009B2J"
            + System.lineSeparator(),
        sink.toString(StandardCharsets.UTF_8));
  }

  /**
   * The writer (the command line's stdout and stderr) showed a CR written alone, its LF in the next
   * write, as {@code \\u000D}, where the byte stream held it: a line break on Windows printed in
   * two writes came out as text.
   */
  @Test
  void theWriterHoldsACrForItsLfAsTheByteStreamDoes() {
    StringWriter sink = new StringWriter();
    PrintWriter out = ShownOnTerminal.of(new PrintWriter(sink));
    out.print("a\r");
    out.flush();
    out.print("\nb\r");
    out.print("c");
    out.close();
    assertEquals("a\r\nb\\u000Dc", sink.toString());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream log = ShownOnTerminal.of(bytes);
    log.print("a\r");
    log.print("\nb\r");
    log.print("c");
    log.close();
    assertEquals(sink.toString(), bytes.toString(StandardCharsets.UTF_8));
  }

  /**
   * A CR that was the very last character a command wrote, no LF after it, was dropped: the writer
   * held it for its LF, and nothing closed or ended the writer when the command returned. The end
   * of a run (Main.execute, what Main.run does) now shows it, on stdout and stderr alike.
   */
  @Test
  void aCrThatEndsTheOutputIsShown() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(new PrintWriter(out), new PrintWriter(err));
    cl.addSubcommand(new CommandLine(new EndsInCr()));
    assertEquals(Main.OK, Main.execute(cl, "ends-in-cr"));
    assertEquals("a\\u000D", out.toString());
    assertEquals("b\r\nc\\u000D", err.toString());
  }

  @CommandLine.Command(name = "ends-in-cr")
  static final class EndsInCr implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    // The root's writers: a subcommand added after setOut keeps picocli's own.
    @Override
    public void run() {
      spec.root().commandLine().getOut().print("a\r");
      spec.root().commandLine().getErr().print("b\r");
      spec.root().commandLine().getErr().print("\nc\r");
    }
  }

  /** Both streams start no line with a CI runner's command, whatever the writes. */
  @Test
  void noLineOfEitherStreamStartsAWorkflowCommand() {
    String text = "x\n::stop-commands::t\n \u00a0::add-mask::s ##[error]e";
    String shown = "x\n:\\u003Astop-commands::t\n \u00a0:\\u003Aadd-mask::s ##\\u005Berror]e";
    assertEquals(shown, writer(text));
    assertEquals(shown, bytes(text));
  }

  private static String writer(String text) {
    StringWriter sink = new StringWriter();
    PrintWriter out = ShownOnTerminal.of(new PrintWriter(sink));
    out.print(text);
    out.close();
    return sink.toString();
  }

  private static String bytes(String text) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream out = ShownOnTerminal.of(sink);
    out.print(text);
    out.close();
    return sink.toString(StandardCharsets.UTF_8);
  }
}
