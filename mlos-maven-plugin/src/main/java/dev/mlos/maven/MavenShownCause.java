package dev.mlos.maven;

import dev.mlos.core.TerminalText;

/**
 * The cause of a failed goal as Maven prints it (its stack under {@code -e} and {@code -X}, its
 * message after the build's error under {@code -X}): the same class name, message and stack, the
 * message shown by the core's {@link TerminalText} rule. A template's error under {@code -X}
 * printed FreeMarker's words raw at the start of a line ({@code Caused by: ...}, then the {@code
 * #stop} text's second line, {@code ::error::forged}), which GitHub Actions' runner took for a
 * command.
 */
final class MavenShownCause extends Exception {
  private static final int DEPTH = 16;

  private final String className;

  private MavenShownCause(Throwable t, int depth) {
    super(
        t.getMessage() == null ? null : TerminalText.of(t.getMessage()),
        t.getCause() == null || t.getCause() == t || depth >= DEPTH
            ? null
            : new MavenShownCause(t.getCause(), depth + 1),
        false,
        true);
    className = t.getClass().getName();
    setStackTrace(t.getStackTrace());
  }

  /** {@code t} and its causes (at most 16) as Maven may print them; null for null. */
  static Throwable of(Throwable t) {
    return t == null ? null : new MavenShownCause(t, 0);
  }

  @Override
  public String toString() {
    String message = getLocalizedMessage();
    return message == null ? className : className + ": " + message;
  }
}
