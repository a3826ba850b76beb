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

  /** The fix when the path's text is malformed. */
  public static final String FIX_MALFORMED =
      "Use a relative path inside the workspace with '/' separators, for example 'docs/tasks/task-1.md'.";

  public InvalidPathException(String value, String reason, Throwable cause) {
    this(value, reason, FIX_MALFORMED, cause);
  }

  /** With a fix of its own, for a path that is well formed but cannot be used (a link, a name too long). */
  public InvalidPathException(String value, String reason, String fix, Throwable cause) {
    super("Invalid workspace path " + quote(value) + ": " + reason, fix, cause);
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

  /**
   * Quotes the value for a message, escaping control characters so the message stays one line, and
   * cutting a long one as {@link MlosException#quoted} does.
   */
  static String quote(String value) {
    if (value == null) {
      return "(null)";
    }
    if (value.length() > MlosException.QUOTED_MAX) {
      return MlosException.quoted(value);
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
