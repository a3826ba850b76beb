package dev.mlos.core;

/**
 * The invisible characters that change how a line of text reads, named in one place for every
 * output and input rule that handles them: the bidirectional embedding, override and isolate
 * controls (U+202A..U+202E, U+2066..U+2069), which reorder the span after them ("Trojan Source"),
 * and U+FEFF, which makes two titles that look alike differ. The bidirectional marks (U+200E,
 * U+200F, U+061C) are not among them: they set the direction of the characters beside them, which
 * right-to-left scripts need, and reorder no span.
 */
public final class InvisibleText {
  private InvisibleText() {}

  /** An embedding, override or isolate control: U+202A..U+202E or U+2066..U+2069. */
  public static boolean reorders(char c) {
    return c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069';
  }

  /** {@link #reorders}, or U+FEFF. */
  public static boolean isInvisible(char c) {
    return reorders(c) || c == '\uFEFF';
  }
}
