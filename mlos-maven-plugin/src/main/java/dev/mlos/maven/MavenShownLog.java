package dev.mlos.maven;

import dev.mlos.core.TerminalText;
import org.apache.maven.plugin.logging.Log;

/**
 * Maven's log, each message shown by the core's {@link TerminalText} rule, as the mlos command's
 * stdout and stderr are: Maven puts its {@code [INFO]} before a message's first line only, so a
 * row's title or a file name holding a line break then {@code ::stop-commands::} started a line of
 * a CI log that GitHub Actions' runner took for a command, and an ESC in a template's error drove
 * the terminal. A throwable is shown by its class and message alone: its stack would print the
 * message raw.
 */
final class MavenShownLog implements Log {
  private final Log log;

  MavenShownLog(Log log) {
    this.log = log;
  }

  private static String shown(CharSequence message) {
    return TerminalText.of(message);
  }

  private String shown(CharSequence message, Throwable e) {
    return TerminalText.of(
        (message == null ? "" : message + ": ")
            + e.getClass().getName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
  }

  @Override
  public boolean isDebugEnabled() {
    return log.isDebugEnabled();
  }

  @Override
  public void debug(CharSequence content) {
    log.debug(shown(content));
  }

  @Override
  public void debug(CharSequence content, Throwable error) {
    log.debug(shown(content, error));
  }

  @Override
  public void debug(Throwable error) {
    log.debug(shown(null, error));
  }

  @Override
  public boolean isInfoEnabled() {
    return log.isInfoEnabled();
  }

  @Override
  public void info(CharSequence content) {
    log.info(shown(content));
  }

  @Override
  public void info(CharSequence content, Throwable error) {
    log.info(shown(content, error));
  }

  @Override
  public void info(Throwable error) {
    log.info(shown(null, error));
  }

  @Override
  public boolean isWarnEnabled() {
    return log.isWarnEnabled();
  }

  @Override
  public void warn(CharSequence content) {
    log.warn(shown(content));
  }

  @Override
  public void warn(CharSequence content, Throwable error) {
    log.warn(shown(content, error));
  }

  @Override
  public void warn(Throwable error) {
    log.warn(shown(null, error));
  }

  @Override
  public boolean isErrorEnabled() {
    return log.isErrorEnabled();
  }

  @Override
  public void error(CharSequence content) {
    log.error(shown(content));
  }

  @Override
  public void error(CharSequence content, Throwable error) {
    log.error(shown(content, error));
  }

  @Override
  public void error(Throwable error) {
    log.error(shown(null, error));
  }
}
