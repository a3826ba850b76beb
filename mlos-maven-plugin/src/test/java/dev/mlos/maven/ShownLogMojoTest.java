package dev.mlos.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.render.TemplateRenderException;
import java.util.List;
import org.apache.maven.exception.DefaultExceptionHandler;
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

  /**
   * Under {@code -X} the core's exception is the cause, and under {@code -e} Maven prints every
   * cause's stack: a template's {@code #stop} text reached the log raw there ({@code Caused by:
   * ...}, then its second line {@code ::error::forged} at the start of a line). The cause keeps its
   * class and stack; its message is shown.
   */
  @Test
  void theCauseMavenPrintsUnderDashEIsShownSoToo() {
    IllegalStateException cause = new IllegalStateException(HOSTILE);
    MojoExecutionException broken =
        assertThrows(
            MojoExecutionException.class,
            () ->
                new AbstractMlosMojo() {
                  @Override
                  protected void run() throws MojoExecutionException {
                    throw new MojoExecutionException("broken", cause);
                  }
                }.execute());
    assertEquals("java.lang.IllegalStateException: " + SHOWN, broken.getCause().toString());
    assertArrayEquals(cause.getStackTrace(), broken.getCause().getStackTrace());
    java.io.StringWriter trace = new java.io.StringWriter();
    broken.printStackTrace(new java.io.PrintWriter(trace));
    assertTrue(trace.toString().contains("Caused by: java.lang.IllegalStateException: " + SHOWN));
    assertTrue(
        trace.toString().lines().noneMatch(l -> l.strip().startsWith("::")), trace.toString());
    assertTrue(trace.toString().chars().noneMatch(c -> c == 0x1b || c == 0x9b), trace.toString());
  }

  /**
   * Under {@code -X} Maven's renderer prints a cause as its class's name, then its message: since
   * the cause is shown (MavenShownCause), it read {@code dev.mlos.maven.MavenShownCause: View 'x',
   * template ...}, and the class that failed (TemplateRenderException) was nowhere. Its message now
   * starts with that class's name, and the build's error, which Maven follows with each cause's
   * message it does not already hold, says it once.
   */
  @Test
  void theCauseUnderDashXNamesTheOriginalClass() {
    MojoExecutionException broken =
        assertThrows(
            MojoExecutionException.class,
            () ->
                new AbstractMlosMojo() {
                  {
                    setLog(
                        new org.apache.maven.plugin.logging.SystemStreamLog() {
                          @Override
                          public boolean isDebugEnabled() {
                            return true; // mvn -X
                          }
                        });
                  }

                  @Override
                  protected void run() {
                    throw new TemplateRenderException(
                        "sessions", "session.ftl", 3, 5, null, HOSTILE, null);
                  }
                }.execute());
    Throwable cause = broken.getCause();
    // What MavenSimpleLogger.renderThrowable prints first: getClass().getName(), ": ", message.
    String rendered = cause.getClass().getName() + ": " + cause.getMessage();
    assertTrue(
        rendered.startsWith(
            "dev.mlos.maven.MavenShownCause: dev.mlos.core.render.TemplateRenderException: View"
                + " 'sessions', template session.ftl"),
        rendered);
    assertTrue(rendered.lines().noneMatch(l -> l.strip().startsWith("::")), rendered);
    assertEquals(cause.getMessage(), cause.toString());
    // The fault of mlos, whose cause Maven attaches always: its error names the class once.
    IllegalStateException bug = new IllegalStateException("boom");
    MojoExecutionException fault =
        assertThrows(
            MojoExecutionException.class,
            () ->
                new AbstractMlosMojo() {
                  @Override
                  protected void run() {
                    throw bug;
                  }
                }.execute());
    String summary = new DefaultExceptionHandler().handleException(fault).getMessage();
    assertEquals(1, summary.split("IllegalStateException", -1).length - 1, summary);
    assertTrue(summary.contains("mlos failed (java.lang.IllegalStateException: boom)"), summary);
  }
}
