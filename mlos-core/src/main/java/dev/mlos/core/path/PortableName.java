package dev.mlos.core.path;

import java.util.Locale;
import java.util.Set;

/**
 * Whether every name in a workspace path can be a file on every machine a team clones to: Windows
 * refuses some names that Linux and macOS take, and git for Windows then cannot check the
 * repository out at all ({@code error: invalid path 'aux.md'}), so one such file breaks the clone
 * of every teammate on Windows. The rules are those of git's own check for Windows ({@code
 * is_valid_win32_path}) and of Microsoft's "Naming Files, Paths, and Namespaces":
 *
 * <ul>
 *   <li>no name Windows reserves for a device, in any case, alone or before an extension or spaces:
 *       {@code CON}, {@code PRN}, {@code AUX}, {@code NUL}, {@code CONIN$}, {@code CONOUT$}, {@code
 *       COM0}-{@code COM9} and {@code LPT0}-{@code LPT9} (with {@code ¹ ² ³} too), so {@code
 *       aux.md}, {@code con.txt}, {@code nul}, {@code com1.log}, {@code docs/lpt9/a.md};
 *   <li>no name ending in a dot or a space (Windows drops them: {@code notes.} is {@code notes});
 *   <li>none of {@code < > : " | ? *} and no control character.
 * </ul>
 *
 * Schema mlos V18's triggers apply the same rules to {@code artifacts.file_path} for every client.
 */
public final class PortableName {
  /** The rule's name in messages and the docs. */
  public static final String RULE = "a name every clone can check out, Windows included";

  private static final Set<String> DEVICES =
      Set.of("con", "prn", "aux", "nul", "conin$", "conout$");

  private static final String FORBIDDEN = "<>:\"|?*";

  private PortableName() {}

  /**
   * Why {@code path} (a valid {@link WorkspacePath}, '/' separated) has a name Windows cannot hold,
   * naming the name and what is wrong with it; null when every name is portable (or there is no
   * path).
   */
  public static String problemWith(String path) {
    if (path == null) {
      return null;
    }
    for (String segment : path.split("/", -1)) {
      String problem = problemWithName(segment);
      if (problem != null) {
        return "the name " + InvalidPathException.quote(segment) + " " + problem;
      }
    }
    return null;
  }

  /**
   * The fix for a path {@link #problemWith} refused: what to register instead.
   *
   * @param path the refused path
   */
  public static String fix(String path) {
    return "rename the file (or directory) to a name Windows accepts too, for example with `git mv "
        + path
        + " <new name>`, then register the new path: a clone on Windows cannot check out "
        + InvalidPathException.quote(path)
        + ", so git fails there for the whole repository";
  }

  private static String problemWithName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "holds a control character, which Windows does not allow in a file name";
      }
      if (FORBIDDEN.indexOf(c) >= 0) {
        return "holds '" + c + "', one of " + FORBIDDEN + " that Windows does not allow in a name";
      }
    }
    // The part before the first dot, spaces after it dropped, as Windows reads a device name.
    int dot = name.indexOf('.');
    String base = (dot < 0 ? name : name.substring(0, dot)).toLowerCase(Locale.ROOT);
    int end = base.length();
    while (end > 0 && base.charAt(end - 1) == ' ') {
      end--;
    }
    base = base.substring(0, end);
    if (isDevice(base)) {
      return "is "
          + base.toUpperCase(Locale.ROOT)
          + (base.length() == name.length() ? "" : " with an extension")
          + ", a device name Windows reserves (in any case, with any extension)";
    }
    if (name.endsWith(".") || name.endsWith(" ")) {
      return "ends in " + (name.endsWith(".") ? "a dot" : "a space") + ", which Windows drops";
    }
    return null;
  }

  private static boolean isDevice(String base) {
    if (DEVICES.contains(base)) {
      return true;
    }
    if (base.length() != 4 || !(base.startsWith("com") || base.startsWith("lpt"))) {
      return false;
    }
    char n = base.charAt(3);
    return (n >= '0' && n <= '9') || n == '\u00b9' || n == '\u00b2' || n == '\u00b3';
  }
}
