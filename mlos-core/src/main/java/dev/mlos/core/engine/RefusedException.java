package dev.mlos.core.engine;

import dev.mlos.core.MlosException;
import java.util.List;
import java.util.Locale;

/**
 * A rule said no: the operation changed nothing. Carries the rule's id (e.g. {@code
 * need.lifecycle}, {@code task.claimed}, {@code not_found}; every id is listed in docs/engine.md),
 * the sentence for people, and what is allowed instead (e.g. the allowed next states), so an
 * adapter can word it for its audience: a CLI exit code for "refused", an MCP tool result marked as
 * an error.
 *
 * <p>A broken setup (no database, not an mlos database, schema too old, mlos's own failure) is a
 * {@link dev.mlos.core.db.DatabaseException} instead, never this.
 */
public class RefusedException extends MlosException {
  private final String rule;
  private final List<String> allowed;
  private final EntityRef subject;
  private final boolean fixGiven;

  /**
   * @param rule the rule's id
   * @param message what was refused and why, naming the row and the value
   * @param allowed what is allowed instead (states, types, values); empty when nothing is listed
   * @param subject the row concerned, or null
   */
  public RefusedException(String rule, String message, List<String> allowed, EntityRef subject) {
    this(rule, message, allowed, subject, null);
  }

  /**
   * A refusal with a way out besides the allowed values: {@code fix} says what to do instead, its
   * remedies as {@code {0}}, {@code {1}}, ... (given with {@link #suggesting}), so each adapter
   * names its own switch ({@code --more} on the command line, {@code more: true} over MCP).
   *
   * @param fix what to do instead, or null (then the fix is the allowed list)
   */
  public RefusedException(
      String rule, String message, List<String> allowed, EntityRef subject, String fix) {
    super(
        message,
        fix != null
            ? fix
            : allowed == null || allowed.isEmpty()
                ? null
                : "allowed: " + String.join(", ", allowed));
    this.rule = rule;
    this.allowed = allowed == null ? List.of() : List.copyOf(allowed);
    this.subject = subject;
    this.fixGiven = fix != null;
  }

  /**
   * {@code value} in single quotes for a message, with control characters (bidirectional controls
   * and U+FEFF among them) and half of a surrogate pair shown as {@code \\uXXXX} and cut at 200
   * characters: a refused value must not break or forge a log line. "(none)" for null.
   */
  public static String quoted(String value) {
    if (value == null) {
      return "(none)";
    }
    StringBuilder b = new StringBuilder("'");
    int end = Math.min(value.length(), 200);
    if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // never cut a character in half
    }
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      // A bidirectional control or U+FEFF quoted raw would reorder or hide part of the message.
      if (Character.isISOControl(c)
          || c == '\u2028'
          || c == '\u2029'
          || dev.mlos.core.InvisibleText.isInvisible(c)
          || dev.mlos.core.InvisibleText.isHalfAPair(value, i)) {
        b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(value.length() > end ? "...'" : "'").toString();
  }

  /** The rule's id, e.g. {@code need.lifecycle}. */
  public String rule() {
    return rule;
  }

  /** What is allowed instead, e.g. the allowed next states; empty when nothing is listed. */
  public List<String> allowed() {
    return allowed;
  }

  /**
   * Whether the fix was given on purpose (the {@code fix} of the constructor), to be shown beside
   * the allowed values: without one, the fix is the allowed list again, which an adapter already
   * shows as such.
   */
  public boolean fixGiven() {
    return fixGiven;
  }

  /** The row concerned, or null. */
  public EntityRef subject() {
    return subject;
  }
}
