package dev.mlos.core.path;

import dev.mlos.core.MlosException;

/**
 * A workspace-relative path is malformed or would lead outside the workspace. Carries the offending
 * value and the reason. (Not to be confused with {@code java.nio.file.InvalidPathException}.)
 */
public class InvalidPathException extends MlosException {
  private final String value;
  private final String reason;

  public InvalidPathException(String value, String reason) {
    this(value, reason, null);
  }

  public InvalidPathException(String value, String reason, Throwable cause) {
    super(
        "Invalid workspace path " + quote(value) + ": " + reason,
        "Use a relative path inside the workspace with '/' separators, for example"
            + " 'docs/tasks/task-1.md'.",
        cause);
    this.value = value;
    this.reason = reason;
  }

  /** The rejected path as given (may be {@code null}). */
  public String value() {
    return value;
  }

  /** Why it was rejected, for example {@code "contains a '..' segment"}. */
  public String reason() {
    return reason;
  }

  /** Quotes the value for a message, escaping control characters so the message stays one line. */
  static String quote(String value) {
    if (value == null) {
      return "(null)";
    }
    StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('\'').toString();
  }
}
