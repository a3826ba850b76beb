package dev.mlos.core;

import java.util.List;
import java.util.Locale;

/**
 * Base of every exception mlos-core throws for a "broken" setup: bad configuration, an unreadable
 * database, a template error. Each subclass carries the offending value so adapters (the Maven
 * plugin) can name the file, line, view or setting and the fix.
 */
public class MlosException extends RuntimeException {
  private final String fix;
  private volatile List<Remedy> remedies = List.of();

  public MlosException(String message) {
    this(message, null, null);
  }

  public MlosException(String message, String fix) {
    this(message, fix, null);
  }

  public MlosException(String message, String fix, Throwable cause) {
    super(message, cause);
    this.fix = fix;
  }

  /**
   * What the user should do about it, or {@code null} when the message already says it; its
   * remedies worded by the core ({@link RemedyWording#OPERATIONS}). An adapter uses {@link
   * #fix(RemedyWording)}.
   */
  public String fix() {
    return fix(RemedyWording.OPERATIONS);
  }

  /** The fix with its remedies in {@code wording}'s words. */
  public String fix(RemedyWording wording) {
    return Remedy.format(fix, remedies, wording);
  }

  /**
   * The fix as written, its remedies still {@code {0}}, {@code {1}}, ...; for an exception that
   * passes it on.
   */
  public String fixTemplate() {
    return fix;
  }

  /**
   * The fixes the text of {@link #fix()} refers to as {@code {0}}, {@code {1}}, ...; empty when
   * none.
   */
  public List<Remedy> remedies() {
    return remedies;
  }

  /**
   * Says which remedies the fix text's {@code {0}}, {@code {1}}, ... stand for, so each adapter can
   * word them (called where the exception is made: {@code throw new X(...).suggesting(...)}).
   *
   * @return this exception
   */
  public final MlosException suggesting(Remedy... remedies) {
    this.remedies = List.of(remedies);
    return this;
  }

  /** Longest value, in characters, that {@link #quoted} shows whole. */
  public static final int QUOTED_MAX = 200;

  /**
   * How every user-supplied value appears in a message: in single quotes, control characters
   * escaped (so a value cannot forge a log line), and bidirectional controls and U+FEFF too (an
   * override reverses the rest of the terminal's line, the fix included), and half of a surrogate
   * pair (an MCP client's {@code "\\ud800"}, which UTF-8 output showed as '?'), and cut after
   * {@value #QUOTED_MAX} characters with {@code ...} and the original length, so a 4 MB value is
   * never echoed whole. {@code null} is {@code null}.
   */
  public static String quoted(String value) {
    if (value == null) {
      return "null";
    }
    int shown = Math.min(value.length(), QUOTED_MAX);
    if (shown < value.length() && Character.isHighSurrogate(value.charAt(shown - 1))) {
      shown--; // never cut a character in half
    }
    StringBuilder out = new StringBuilder(shown + 40).append('\'');
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20
              || c == 0x7f
              || (c >= 0x80 && c < 0xa0)
              || c == '\u2028'
              || c == '\u2029'
              || InvisibleText.isInvisible(c)
              || InvisibleText.isHalfAPair(value, i)) {
            out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('\'');
    if (shown < value.length()) {
      out.insert(out.length() - 1, "...");
      out.append(" (").append(value.length()).append(" characters)");
    }
    return out.toString();
  }

  /** Message followed by the fix, for logs. */
  public String describe() {
    return describe(RemedyWording.OPERATIONS);
  }

  /** Message followed by the fix in {@code wording}'s words, for an adapter's log. */
  public String describe(RemedyWording wording) {
    return fix == null
        ? getMessage()
        : getMessage() + System.lineSeparator() + "  Fix: " + fix(wording);
  }
}
