package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code mlos history} prints, in this JVM. */
class HistoryCommandTest {
  @TempDir Path dir;

  private String run(int expected, String... args) {
    InProcess.Run r = InProcess.run(dir, expected, args);
    return r.out() + r.err();
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
