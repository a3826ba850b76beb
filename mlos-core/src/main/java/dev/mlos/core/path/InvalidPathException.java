package dev.mlos.core.path;

import dev.mlos.core.MlosException;
import java.util.Locale;

/**
 * A workspace-relative path is malformed or would lead outside the workspace. Carries the offending
 * value and the reason. (Not to be confused with {@code java.nio.file.InvalidPathException}.)
 */
public class InvalidPathException extends MlosException {
  private final String value;
  private final String reason;
  private final String link;
  private final String linkTarget;

  public InvalidPathException(String value, String reason) {
    this(value, reason, null);
  }

  /** The fix when the path's text is malformed. */
  public static final String FIX_MALFORMED =
      "Use a relative path inside the workspace with '/' separators, for example 'docs/tasks/task-1.md'.";

  public InvalidPathException(String value, String reason, Throwable cause) {
    this(value, reason, FIX_MALFORMED, null, null, cause);
  }

  /** With a fix of its own, for a path that is well formed but cannot be used (a name too long). */
  public InvalidPathException(String value, String reason, String fix, Throwable cause) {
    this(value, reason, fix, null, null, cause);
  }

  /**
   * A path that goes through a symlink leading outside the workspace (or to nothing).
   *
   * @param link the symlink, relative to the workspace root
   * @param linkTarget where it points, as the link says (null when it cannot be read)
   */
  public InvalidPathException(
      String value, String reason, String link, String linkTarget, Throwable cause) {
    this(
        value,
        reason,
        link == null
            ? FIX_MALFORMED
            : "mlos reads and writes only files inside the workspace: replace the symlink "
                + quote(link)
                + " by the directory or file itself, or point it inside the workspace.",
        link,
        linkTarget,
        cause);
  }

  /** With a fix of its own and the symlink that leads outside (or to nothing). */
  public InvalidPathException(
      String value, String reason, String fix, String link, String linkTarget, Throwable cause) {
    super("Invalid workspace path " + quote(value) + ": " + reason, fix, cause);
    this.value = value;
    this.reason = reason;
    this.link = link;
    this.linkTarget = linkTarget;
  }

  /**
   * The symlink that leads outside the workspace, relative to its root; null for other problems.
   */
  public String link() {
    return link;
  }

  /** Where {@link #link()} points, as the link says; null when unknown or for other problems. */
  public String linkTarget() {
    return linkTarget;
  }

  /**
   * What was refused, for a page or a log line: the path and, for a symlink, the link and its
   * target, without the workspace's absolute location (so a page stays the same on every machine).
   */
  public String shortReason() {
    if (link == null) {
      return quote(value) + " " + reason;
    }
    return quote(value)
        + " goes through the symlink "
        + quote(link)
        + " -> "
        + (linkTarget == null ? "(unreadable)" : quote(linkTarget))
        + (reason.contains("does not exist")
            ? ", whose target does not exist"
            : reason.endsWith(WorkspacePath.CANNOT_BE_FOLLOWED)
                ? ", which cannot be followed"
                : ", outside the workspace");
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
  public static String quote(String value) {
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
        sb.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('\'').toString();
  }
}
