package dev.mlos.core.path;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The places in a workspace no compiled page may be written to, whatever a view's output says: the
 * workspace's configuration file ({@code mlos.yaml}, and the file the {@code mlos.config} setting
 * names: a page there would replace the workspace's settings), the database's own files (SQLite
 * rewrites them, and markdown written into a journal breaks the next transaction) and git's
 * directory ({@code .git}, or a {@code .git} file, at any depth). Paths are compared
 * case-insensitively: on macOS and Windows {@code MLOS.DB-journal} is the journal of {@code
 * mlos.db}, and a workspace committed on Linux is checked out there too.
 */
public final class ReservedPlaces {
  /** The rule, as a refusal words it. */
  public static final String RULE =
      "compiled pages are never written over the database, its journals (-journal, -wal, -shm) or"
          + " its text form (.sql), nor over the workspace's configuration file (mlos.yaml), nor in"
          + " git's .git or mlos's own state directory (target/mlos)";

  private static final String GIT = ".git";

  private final Path root;

  /** mlos's state directory, lower-cased and absolute, or null. */
  private final String stateDirectory;

  /** As given, for messages. */
  private final Path stateShown;

  /** The database's files, keyed by their lower-cased absolute path, with what each one is. */
  private final Map<String, String> databaseFiles = new LinkedHashMap<>();

  /**
   * The database's files and the configuration files, keyed as {@link #databaseFiles}: every file
   * no page may be written over.
   */
  private final Map<String, String> files = new LinkedHashMap<>();

  /**
   * The reserved places of the workspace at {@code workspaceRoot} whose database is {@code
   * database}.
   */
  public ReservedPlaces(Path workspaceRoot, Path database) {
    this(workspaceRoot, database, null);
  }

  /**
   * As above, with mlos's own state directory ({@code target/mlos} by default): a page written
   * there would overwrite the compile's record of itself (and be overwritten by it), so a compile
   * would never settle.
   */
  public ReservedPlaces(Path workspaceRoot, Path database, Path stateDirectory) {
    this(workspaceRoot, database, stateDirectory, null);
  }

  /**
   * As above, with the configuration file the workspace was loaded from ({@code configFile}, null
   * when it has none). The workspace's {@code mlos.yaml} is reserved in any case: a page written
   * there would be the settings the next command reads.
   */
  public ReservedPlaces(Path workspaceRoot, Path database, Path stateDirectory, Path configFile) {
    this.stateDirectory = stateDirectory == null ? null : key(stateDirectory);
    this.stateShown = stateDirectory;
    this.root = workspaceRoot.toAbsolutePath().normalize();
    List<Path> own = databaseFiles(database);
    String[] what = {
      "the workspace's database",
      "the database's write-ahead log",
      "the database's shared-memory index",
      "the database's rollback journal",
      "the database's text form",
      "the base of the database's text form"
    };
    for (int i = 0; i < own.size(); i++) {
      databaseFiles.put(key(own.get(i)), what[i]);
    }
    this.files.put(key(root.resolve(CONFIG_FILE)), CONFIGURATION_FILE);
    if (configFile != null) {
      this.files.put(key(root.resolve(configFile)), CONFIGURATION_FILE);
    }
    this.files.putAll(databaseFiles);
  }

  /** The name of a workspace's configuration file in its root. */
  private static final String CONFIG_FILE = "mlos.yaml";

  /** What {@link #whatIs} says of the workspace's configuration file. */
  public static final String CONFIGURATION_FILE = "the workspace's configuration file";

  /**
   * The files a SQLite database keeps beside the workspace's own: the database, its journals
   * ({@code -wal}, {@code -shm}, {@code -journal}), its text form ({@code <database>.sql}) and the
   * text form's base ({@code <database>.sql.base}). Their bytes change with every write.
   */
  public static List<Path> databaseFiles(Path database) {
    Path db = database.toAbsolutePath().normalize();
    String name = db.getFileName().toString();
    return List.of(
        db,
        db.resolveSibling(name + "-wal"),
        db.resolveSibling(name + "-shm"),
        db.resolveSibling(name + "-journal"),
        db.resolveSibling(name + ".sql"),
        db.resolveSibling(name + ".sql.base"));
  }

  /**
   * What {@code file} is when no page may be written there, such as {@code "the database's rollback
   * journal"} or {@code "in git's own '.git'"}; null when it is free.
   *
   * @param file an absolute path, or one relative to the workspace root
   */
  public String whatIs(Path file) {
    Path absolute = root.resolve(file).toAbsolutePath().normalize();
    String k = key(absolute);
    String reservedFile = files.get(k);
    if (reservedFile != null) {
      return reservedFile;
    }
    if (stateDirectory != null
        && (k.equals(stateDirectory) || k.startsWith(stateDirectory + File.separator))) {
      Path shown = stateShown.toAbsolutePath().normalize();
      return "in mlos's own state directory '"
          + (shown.startsWith(root) ? root.relativize(shown) : shown)
          + "'";
    }
    if (absolute.startsWith(root)) {
      for (Path segment : root.relativize(absolute)) {
        if (segment.toString().equalsIgnoreCase(GIT)) {
          return "in git's own '" + segment + "'";
        }
      }
    }
    return null;
  }

  /**
   * What {@code file} is when it is one of the database's own files ({@link #databaseFiles}), such
   * as {@code "the database's text form"}; null otherwise.
   *
   * @param file an absolute path, or one relative to the workspace root
   */
  public String databaseFile(Path file) {
    return databaseFiles.get(key(root.resolve(file)));
  }

  /**
   * The refusal to write a page at {@code file}, naming it as {@code shown} and the rule; null when
   * the place is free.
   */
  public String refusal(Path file, String shown) {
    String what = whatIs(file);
    return what == null ? null : "'" + shown + "' is " + what + ": " + RULE;
  }

  /**
   * The key of {@code directory} for {@link #mayBeReserved}: its lower-cased absolute path and a
   * separator.
   */
  public static String directoryKey(Path directory) {
    return key(directory) + File.separator;
  }

  /**
   * False when a page at {@code relative} ('/'-separated, normalised) under the directory of {@code
   * directoryKey} is surely free: string tests only, for a compile's every page (a path per page
   * would cost more than the page's other work). True means {@link #refusal} decides.
   *
   * <p>What the directory decides is worked out once per directory ({@link Under}), so a page costs
   * a lower-casing (no copy for a lower-case path) and a few lookups, no string built (issue 20:
   * 100,000 kept pages in a compile after one changed row).
   */
  public boolean mayBeReserved(String directoryKey, String relative) {
    return mayBeReservedLowerCase(directoryKey, PathKey.of(relative));
  }

  /**
   * As {@link #mayBeReserved}, with {@code relative}'s {@link PathKey} made by the caller, which
   * compares paths so anyway.
   */
  public boolean mayBeReservedLowerCase(String directoryKey, String lower) {
    Under u = under;
    if (u == null || !u.directoryKey.equals(directoryKey)) {
      u = new Under(directoryKey);
      under = u;
    }
    if (u.always) {
      return true;
    }
    if (File.separatorChar != '/' && lower.indexOf(File.separatorChar) >= 0) {
      return true; // a separator the '/'-separated forms below do not know: let the refusal decide
    }
    return u.files.contains(lower)
        || (u.stateDirectory != null
            && lower.startsWith(u.stateDirectory)
            && (lower.length() == u.stateDirectory.length()
                || lower.charAt(u.stateDirectory.length()) == '/'))
        || hasGitSegment(lower);
  }

  /** The last directory {@link #mayBeReserved} was asked about, with what it decides. */
  private volatile Under under;

  /**
   * What a directory decides for {@link #mayBeReserved}: whether every page under it is reserved
   * (it lies in the state directory or in a {@code .git}), and, '/'-separated and relative to it,
   * the reserved files (configuration, database) and the state directory that lie under it.
   */
  private final class Under {
    final String directoryKey;
    final boolean always;
    final java.util.Set<String> files = new java.util.HashSet<>();
    final String stateDirectory;

    Under(String directoryKey) {
      this.directoryKey = directoryKey;
      String sep = File.separator;
      String state = ReservedPlaces.this.stateDirectory;
      this.always =
          directoryKey.contains(sep + GIT + sep)
              || (state != null && (directoryKey.startsWith(state + sep)));
      for (String f : ReservedPlaces.this.files.keySet()) {
        if (f.startsWith(directoryKey)) {
          files.add(f.substring(directoryKey.length()).replace(File.separatorChar, '/'));
        }
      }
      this.stateDirectory =
          state != null && state.startsWith(directoryKey)
              ? state.substring(directoryKey.length()).replace(File.separatorChar, '/')
              : null;
    }
  }

  /** True when a segment of the lower-cased '/'-separated {@code path} is {@code .git}. */
  private static boolean hasGitSegment(String path) {
    for (int i = path.indexOf(GIT); i >= 0; i = path.indexOf(GIT, i + 1)) {
      int end = i + GIT.length();
      if ((i == 0 || path.charAt(i - 1) == '/')
          && (end == path.length() || path.charAt(end) == '/')) {
        return true;
      }
    }
    return false;
  }

  private static String key(Path p) {
    return PathKey.of(p.toAbsolutePath().normalize().toString());
  }
}
