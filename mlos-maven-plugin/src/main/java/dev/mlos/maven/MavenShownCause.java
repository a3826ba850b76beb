package dev.mlos.maven;

import dev.mlos.core.TerminalText;

/**
 * The cause of a failed goal as Maven prints it (its stack under {@code -e} and {@code -X}, its
 * message after the build's error under {@code -X}): the same class name, message and stack, the
 * message shown by the core's {@link TerminalText} rule. A template's error under {@code -X}
 * printed FreeMarker's words raw at the start of a line ({@code Caused by: ...}, then the {@code
 * #stop} text's second line, {@code ::error::forged}), which GitHub Actions' runner took for a
 * command. Maven's renderer names the class of what it prints, {@code MavenShownCause}, so the
 * message starts with the original class's name ({@code dev.mlos.maven.MavenShownCause:
 * dev.mlos.core.render.TemplateRenderException: ...}): whoever reads the stack sees what failed.
 */
final class MavenShownCause extends Exception {
  private static final int DEPTH = 16;

  private MavenShownCause(Throwable t, int depth) {
    super(
        // Maven's renderer prints this class's name, then the message: the message starts with the
        // original class's, as its toString() would.
        t.getMessage() == null
            ? t.getClass().getName()
            : t.getClass().getName() + ": " + TerminalText.of(t.getMessage()),
        t.getCause() == null || t.getCause() == t || depth >= DEPTH
            ? null
            : new MavenShownCause(t.getCause(), depth + 1),
        false,
        true);
    setStackTrace(t.getStackTrace());
  }

  /** {@code t} and its causes (at most 16) as Maven may print them; null for null. */
  static Throwable of(Throwable t) {
    return t == null ? null : new MavenShownCause(t, 0);
  }

  /** The original's {@code toString()}: its class name, then its message shown. */
  @Override
  public String toString() {
    return getMessage();
  }
}
