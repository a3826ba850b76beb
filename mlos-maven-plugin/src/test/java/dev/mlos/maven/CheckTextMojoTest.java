package dev.mlos.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.dbtext.DatabaseText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wiring of {@code mlos:check-text}: a hand edit of mlos.db.sql that a trigger refuses fails the
 * build naming its line and rule; a base that is no revision is a broken setup naming the
 * parameter.
 */
@MojoTest
class CheckTextMojoTest {
  private static final Path SCRATCH = Path.of("target", "mojo-tests");
  private static final Path WS = SCRATCH.resolve("check-text");

  private final RecordingLog log = new RecordingLog();

  private static String text(String value) {
    return DatabaseText.HEADER
        + "\nCREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\n"
        + "INSERT INTO \"t\" VALUES(1,"
        + value
        + ");\n"
        + "CREATE TRIGGER t_short BEFORE UPDATE ON t WHEN length(new.v) > 3\n"
        + "BEGIN SELECT RAISE(ABORT, 't: v must be at most 3 characters'); END;\n"
        + "PRAGMA user_version = 0;\n";
  }

  private static void git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", WS.toString()));
    command.addAll(List.of("-c", "user.name=t", "-c", "user.email=t@example.org"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join(" ", args) + ": " + out);
  }

  /** A repository of its own (not this checkout's) with a committed text form, then edited. */
  @BeforeEach
  void repository() throws Exception {
    ScratchWorkspace.fresh(SCRATCH);
    Files.createDirectories(WS);
    Files.writeString(WS.resolve("mlos.db.sql"), text("'abc'"));
    git("init", "-q", "-b", "main");
    git("add", "mlos.db.sql");
    git("commit", "-q", "-m", "base");
    Files.writeString(WS.resolve("mlos.db.sql"), text("'abcdef'"));
  }

  @Test
  @Basedir("target/mojo-tests/check-text")
  @InjectMojo(goal = "check-text")
  @MojoParameter(name = "textBase", value = "main")
  void aHandEditTheTriggersRefuseFailsTheBuildNamingItsLineAndRule(CheckTextMojo mojo)
      throws IOException {
    mojo.setLog(log);
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    List<String> lines = e.getMessage().lines().toList();
    assertEquals(
        "mlos.db.sql:3: t: v must be at most 3 characters (t 1 changed by hand since main)",
        lines.get(0),
        e.getMessage());
    assertTrue(
        lines.get(1).startsWith("  Fix: restore line 3 to its version at main"), lines.get(1));
    assertTrue(lines.get(2).contains("(rule dbtext.hand_edit_breaks_rule)"), lines.get(2));
  }

  @Test
  @Basedir("target/mojo-tests/check-text")
  @InjectMojo(goal = "check-text")
  @MojoParameter(name = "textBase", value = "-x")
  void aBaseStartingWithADashIsABrokenSetupNamingTheParameter(CheckTextMojo mojo) {
    mojo.setLog(log);
    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
    assertTrue(e.getMessage().startsWith("-Dmlos.textBase (textBase): '-x'"), e.getMessage());
    assertTrue(e.getMessage().contains("\nFix: "), e.getMessage());
  }
}
