package dev.mlos.core;

/**
 * Base of every exception mlos-core throws for a "broken" setup: bad configuration, an unreadable
 * database, a template error. Each subclass carries the offending value so adapters (the Maven
 * plugin) can name the file, line, view or setting and the fix.
 */
public class MlosException extends RuntimeException {
  private final String fix;

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

  /** What the user should do about it, or {@code null} when the message already says it. */
  public String fix() {
    return fix;
  }

  /** Message followed by the fix, for logs. */
  public String describe() {
    return fix == null ? getMessage() : getMessage() + System.lineSeparator() + "  Fix: " + fix;
  }
}
