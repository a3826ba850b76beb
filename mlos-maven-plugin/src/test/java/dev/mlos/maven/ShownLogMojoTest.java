package dev.mlos.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/**
 * What a goal logs and the message that fails its build reach Maven's console and a CI job's log,
 * where Maven puts {@code [INFO]} or {@code [ERROR]} before a message's first line only: a row's
 * title or a file name holding a line break then {@code ::stop-commands::} started a line that
 * GitHub Actions' runner took for a command, {@code ##[error]} counts anywhere in a line, and an
 * ESC or CSI in a template's error drove the terminal. Both are shown as the mlos command's output
 * is (the core's TerminalText).
 */
class ShownLogMojoTest {
  private static final String HOSTILE =
      "need 'a\n::stop-commands::t0k' ##[error]x \u001b]0;owned\u0007\u009b2J \u202eevil\r";
  private static final String SHOWN =
      "need 'a\n:\\u003Astop-commands::t0k' ##\\u005Berror]x \\u001B]0;owned\\u0007\\u009B2J"
          + " \\u202Eevil\\u000D";

  @Test
  void whatAGoalLogsIsShownAsTheCommandsOutputIs() throws Exception {
    RecordingLog log = new RecordingLog();
    AbstractMlosMojo mojo =
        new AbstractMlosMojo() {
          @Override
          protected void run() {
            getLog().info(HOSTILE);
            getLog().warn(HOSTILE);
            getLog().error(HOSTILE);
          }
        };
    mojo.setLog(log);
    mojo.execute();
    assertEquals(List.of(SHOWN, "[warn] " + SHOWN, "[error] " + SHOWN), log.lines);
  }

  @Test
  void theMessageThatFailsTheBuildIsShownSoToo() {
    MojoFailureException violated =
        assertThrows(
            MojoFailureException.class,
            () ->
                new AbstractMlosMojo() {
                  @Override
                  protected void run() throws MojoFailureException {
                    throw new MojoFailureException(HOSTILE);
                  }
                }.execute());
    assertEquals(SHOWN, violated.getMessage());
    MojoExecutionException broken =
        assertThrows(
            MojoExecutionException.class,
            () ->
                new AbstractMlosMojo() {
                  @Override
                  protected void run() throws MojoExecutionException {
                    throw new MojoExecutionException(HOSTILE);
                  }
                }.execute());
    assertEquals(SHOWN, broken.getMessage());
  }
}
