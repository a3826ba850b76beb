package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code mlos history} prints, in this JVM. */
class HistoryCommandTest {
  @TempDir Path dir;

  private String run(int expected, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--workspace";
    all[args.length + 1] = dir.toString();
    int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(all);
    assertEquals(expected, code, String.join(" ", args) + ": " + err);
    return out + err.toString();
  }

  @Test
  void theHistoryOfALensSaysWhoSetItAndWhoChangedIt() {
    run(Main.OK, "init");
    run(Main.OK, "agent", "register", "architect");
    String set = run(Main.OK, "agent", "lens", "--for", "1", "--tag", "kernel", "--as", "alice");
    assertTrue(set.startsWith("Set the lens of agent 1 (lens:1): "), set);
    run(
        Main.OK,
        "agent",
        "lens",
        "--for",
        "1",
        "--tag",
        "boot",
        "--as",
        "bob",
        "--reason",
        "moved");

    String shown = run(Main.OK, "history", "lens:1");
    assertTrue(shown.startsWith("lens 1: 2 change(s)\n"), shown);
    assertTrue(shown.contains("  insert  by person:alice"), shown);
    assertTrue(shown.contains("  update  by person:bob: moved"), shown);

    assertTrue(
        run(Main.REFUSED, "history", "lens:9")
            .startsWith("refused (not_found): lens 9 does not exist"));
  }
}
