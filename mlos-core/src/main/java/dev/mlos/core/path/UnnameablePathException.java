package dev.mlos.core.path;

import dev.mlos.core.MlosException;

/**
 * A well-formed workspace path the running JVM cannot hand to the file system: it names files in
 * the character set of the locale it was started in ({@code sun.jnu.encoding}), and a JVM started
 * without a UTF-8 locale (no {@code LANG} or {@code LC_ALL}, or {@code C}/{@code POSIX}, as MCP
 * clients start their servers) encodes file names in ASCII. The setup is broken, not the path: so
 * this is not an {@link InvalidPathException}, which an operation would report as a refusal of the
 * caller's path. {@code -Dsun.jnu.encoding} on the command line does not change it; only the locale
 * does.
 */
public class UnnameablePathException extends MlosException {
  /** The fix, in any adapter's words: the locale is set in the environment of the process. */
  public static final String FIX =
      "Start mlos with a UTF-8 locale in its environment, e.g. LC_ALL=C.UTF-8 (the locale sets how"
          + " the JVM names files; -Dsun.jnu.encoding does not).";

  private final String value;

  /**
   * @param value the workspace path, as given
   * @param cause the JDK's refusal to encode it
   */
  public UnnameablePathException(String value, java.nio.file.InvalidPathException cause) {
    super(
        "the file name "
            + InvalidPathException.quote(value)
            + " cannot be handed to the file system: this JVM encodes file names in "
            + encoding()
            + " (set from the locale it was started in), which has no bytes for some of its"
            + " characters",
        FIX,
        cause);
    this.value = value;
  }

  private UnnameablePathException(String value, String message) {
    super(message, FIX);
    this.value = value;
  }

  /**
   * The refusal of a text handed to mlos from outside (a command-line argument such as {@code
   * --workspace}, the current directory) that the JVM could not decode: started in a locale whose
   * character set is not UTF-8 (ASCII under {@code LC_ALL=C} or without {@code LANG}), it turns
   * each byte it has no character for into U+FFFD, so the name or text is lost before mlos sees it.
   * Null when {@code value} has no U+FFFD or this JVM reads UTF-8 (a U+FFFD is then meant).
   *
   * @param what what the value is, for the message ("the argument", "the current directory")
   */
  public static UnnameablePathException ifUndecoded(String what, String value) {
    if (value == null || value.indexOf('\uFFFD') < 0 || namesFilesInUtf8()) {
      return null;
    }
    return new UnnameablePathException(
        value,
        what
            + " "
            + InvalidPathException.quote(value)
            + " has characters this JVM could not read (shown as U+FFFD): it reads arguments and"
            + " names files in "
            + encoding()
            + ", set from the locale it was started in (LC_ALL, LC_CTYPE and LANG unset, or C or"
            + " POSIX), so every character outside ASCII is lost");
  }

  /** The path that could not be encoded. */
  public String value() {
    return value;
  }

  /** The character set this JVM names files in. */
  public static String encoding() {
    return System.getProperty("sun.jnu.encoding", "(unknown)");
  }

  /** Whether this JVM can name files with characters outside ASCII in general. */
  public static boolean namesFilesInUtf8() {
    String e = encoding();
    return e.equalsIgnoreCase("UTF-8") || e.equalsIgnoreCase("UTF8");
  }
}
