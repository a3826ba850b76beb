package dev.mlos.core.path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;

/**
 * A validated path relative to the workspace root, as written in the manifest and in messages: '/'
 * separators, no empty, {@code .} or {@code ..} segments, not absolute (no leading '/', no drive
 * letter such as {@code C:}), no backslash, no control characters, at most {@value #MAX_LENGTH}
 * characters. Validation happens on construction, so every instance is valid.
 *
 * @param value the path, for example {@code docs/tasks/task-1.md}
 */
public record WorkspacePath(String value) implements Comparable<WorkspacePath> {
  /** Longest accepted path, in characters ({@link String#length()}). */
  public static final int MAX_LENGTH = 240;

  /**
   * Validates {@code value}.
   *
   * @throws InvalidPathException naming the value and the reason when it is not a valid workspace
   *     path
   */
  /**
   * Longest file or directory name, in UTF-8 bytes: the limit of ext4, APFS, NTFS and most others.
   */
  public static final int MAX_NAME_BYTES = 255;

  public WorkspacePath {
    String problem = problemWith(value);
    if (problem != null) {
      throw new InvalidPathException(
          value,
          problem,
          problem.startsWith("is too long") || problem.endsWith("the limit is " + MAX_LENGTH)
              ? "Shorten it: the output pattern's fixed text, or the values put into it (each {column} is cut to 60"
                  + " characters), so the path has at most "
                  + MAX_LENGTH
                  + " characters and each name at most "
                  + MAX_NAME_BYTES
                  + " bytes."
              : InvalidPathException.FIX_MALFORMED,
          null);
    }
  }

  /**
   * Validates and wraps a workspace-relative path.
   *
   * @throws InvalidPathException naming the value and the reason when it is not valid
   */
  public static WorkspacePath of(String value) {
    return new WorkspacePath(value);
  }

  /** The last segment, for example {@code task-1.md}. */
  public String fileName() {
    return value.substring(value.lastIndexOf('/') + 1);
  }

  /** The segments between the '/' separators, in order. */
  public List<String> segments() {
    return List.of(value.split("/", -1));
  }

  /**
   * The absolute path of this file under {@code workspaceRoot}, after checking that no symlink
   * along the way leads outside the root. The check resolves the deepest part of the path that
   * exists with {@link Path#toRealPath}, so files that do not exist yet can be checked too. The
   * returned path is lexical (symlinks are not resolved in it).
   *
   * @throws InvalidPathException naming this path and the symlink when it resolves outside the
   *     workspace, or when a symlink along the way is dangling
   */
  public Path resolveIn(Path workspaceRoot) {
    return locateIn(workspaceRoot, null).path();
  }

  /**
   * The first directory on this path's way under {@code directory} that is a symbolic link, as a
   * '/'-separated path under it ({@code pages/kernel} for {@code pages/kernel/1.md} when {@code
   * pages/kernel} is a link); null when every directory on the way is a plain one (or missing). The
   * file itself is not looked at. For a caller about to delete the file: a link inside the
   * workspace passes {@link #resolveIn}, yet what it leads to (a directory in {@code .git}) is not
   * mlos's to delete. One {@code lstat} per directory.
   */
  public String linkOnTheWay(Path directory) {
    List<String> parts = segments();
    Path at = directory;
    for (int i = 0; i < parts.size() - 1; i++) {
      at = at.resolve(parts.get(i));
      if (java.nio.file.Files.isSymbolicLink(at)) {
        return String.join("/", parts.subList(0, i + 1));
      }
    }
    return null;
  }

  /**
   * {@link #resolveIn}, for a caller that is about to look at the target anyway: also says what
   * {@code lstat} found there, so the target is looked at once, not twice.
   *
   * @param plainDirectories directories already found to be plain directories (no symlinks) during
   *     this run, as absolute path strings, shared by the caller's threads; the walk skips them and
   *     adds the ones it finds. Null to check every component.
   * @throws InvalidPathException as {@link #resolveIn}
   */
  public Target locateIn(Path workspaceRoot, Set<String> plainDirectories) {
    Path root = workspaceRoot.toAbsolutePath().normalize();
    // The value has no empty, "." or ".." segments: the root plus the value is already normal.
    Path target;
    try {
      target = root.resolve(value);
    } catch (java.nio.file.InvalidPathException e) {
      // Valid text the JVM cannot encode as a file name (a non-UTF-8 locale): a broken setup.
      throw new UnnameablePathException(value, e);
    }
    String base = root.toString();
    String separator = root.getFileSystem().getSeparator();
    String prefix = base.endsWith(separator) ? base : base + separator;
    // Fast path, a few lstat calls and no realpath: when none of the components below the root
    // that exist is a symlink (or anything but a plain file or directory), the deepest existing
    // one is the root's real path plus its relative path, so it cannot be outside the root. Any
    // link, odd file type or unexpected error leaves the decision to the full check below.
    // Directories are known by strings: building a Path per component cost more than the lstat.
    int end = value.indexOf('/');
    while (true) {
      boolean last = end < 0;
      String directory = last ? null : prefix + value.substring(0, end);
      if (!last && plainDirectories != null && plainDirectories.contains(directory)) {
        end = value.indexOf('/', end + 1);
        continue;
      }
      Path current = last ? target : root.resolve(value.substring(0, end));
      BasicFileAttributes attributes;
      try {
        attributes =
            Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        // Nothing below a missing component exists: neither does the target.
        return new Target(target, null, true);
      } catch (IOException | RuntimeException e) {
        return new Target(checkedThroughLinks(root, target), null, false);
      }
      if (attributes.isSymbolicLink()
          || attributes.isOther()
          // A file where a directory should be: the caller looks itself and names the file. (Java
          // 17 reaches here through the next lstat's "Not a directory"; Java 24 and later would
          // report that as no such file.)
          || (!last && !attributes.isDirectory())) {
        return new Target(checkedThroughLinks(root, target), null, false);
      }
      if (last) {
        return new Target(target, attributes, true);
      }
      if (plainDirectories != null && attributes.isDirectory()) {
        plainDirectories.add(directory);
      }
      end = value.indexOf('/', end + 1);
    }
  }

  /**
   * Where a workspace path leads, and what was found there.
   *
   * @param path the absolute, lexical path of the target
   * @param attributes the target's own attributes (it is then a plain file or directory, not a
   *     link), or null when it does not exist or was not looked at
   * @param looked true when {@code attributes} tells the truth about the target; false when the
   *     path goes through a symlink and the caller has to look itself
   */
  public record Target(Path path, BasicFileAttributes attributes, boolean looked) {}

  /**
   * Why a link that exists cannot be followed: it loops back on itself (directly or through other
   * links), or a directory on its way cannot be searched.
   */
  static final String CANNOT_BE_FOLLOWED =
      " that cannot be followed (a loop of links, or a directory on its way that cannot be read)";

  /** The full check: resolves the deepest existing component and compares with the real root. */
  private Path checkedThroughLinks(Path root, Path target) {
    if (!Files.exists(root)) {
      // Nothing below a missing root can be a symlink.
      return target;
    }
    Path realRoot;
    try {
      realRoot = root.toRealPath();
    } catch (IOException e) {
      throw new InvalidPathException(
          value, "cannot resolve the workspace root " + root + ": " + e.getMessage(), e);
    }
    Path existing = target;
    while (!existing.equals(root) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    Path real;
    try {
      real = existing.toRealPath();
    } catch (IOException e) {
      Path link = firstSymlink(root, existing);
      Path culprit = link != null ? link : existing;
      // A link to nothing, or one that cannot be followed: a loop of links (ELOOP), or a directory
      // on its way that cannot be searched. Told apart by the exception's type, not its text,
      // which is the system's and may be in the machine's language (a page must not depend on it).
      boolean dangling = e instanceof NoSuchFileException;
      throw new InvalidPathException(
          value,
          "goes through the symlink "
              + describeLink(root, culprit)
              + (dangling ? " whose target does not exist" : CANNOT_BE_FOLLOWED),
          dangling
              ? "Remove the dangling link, or create what it points to inside the workspace; then"
                  + " run again."
              : "Remove the link, or point it at a file or directory inside the workspace (a link"
                  + " that leads back to itself, directly or through other links, leads nowhere);"
                  + " then run again.",
          relative(root, culprit),
          linkTarget(culprit),
          e);
    }
    if (!real.startsWith(realRoot)) {
      Path link = firstSymlink(root, existing);
      Path culprit = link != null ? link : existing;
      throw new InvalidPathException(
          value,
          "leads outside the workspace "
              + root
              + " through the symlink "
              + describeLink(root, culprit),
          "mlos does not write, read or delete through a link that leaves the workspace. Remove the link '"
              + relative(root, culprit)
              + (directoryLink(culprit, target)
                  ? "' (what it points to is not touched), or replace it with a plain directory"
                  : "' (the file it points to is not touched), or replace it with a plain file")
              + " inside the workspace; then run again.",
          relative(root, culprit),
          linkTarget(culprit),
          null);
    }
    return target;
  }

  /**
   * Whether the link to blame stands for a directory: one on the way to the target, or the target
   * itself when it leads to a directory ({@code target/mlos/replaced -> /elsewhere}).
   */
  private static boolean directoryLink(Path culprit, Path target) {
    return !culprit.equals(target) || java.nio.file.Files.isDirectory(culprit);
  }

  /**
   * The one check every file mlos reads or writes goes through, for a path known as an absolute (or
   * root-relative) {@link Path}, such as the output directory or a file under {@code target/}: it
   * must lie inside {@code workspaceRoot}, and no symlink along the way may lead outside it (see
   * {@link #resolveIn}). The root itself is accepted as it is.
   *
   * @return {@code path}, absolute and normalized
   * @throws InvalidPathException naming the path, and the symlink and its target when one leads
   *     outside
   */
  public static Path checkedIn(Path workspaceRoot, Path path) {
    Path root = workspaceRoot.toAbsolutePath().normalize();
    Path absolute = root.resolve(path).toAbsolutePath().normalize();
    if (absolute.equals(root)) {
      return absolute;
    }
    if (!absolute.startsWith(root)) {
      throw new InvalidPathException(absolute.toString(), "is outside the workspace " + root);
    }
    return of(relative(root, absolute)).resolveIn(root);
  }

  @Override
  public int compareTo(WorkspacePath other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }

  /** The first component between {@code root} (exclusive) and {@code end} that is a symlink. */
  private static Path firstSymlink(Path root, Path end) {
    Path current = root;
    for (Path name : root.relativize(end)) {
      current = current.resolve(name);
      if (Files.isSymbolicLink(current)) {
        return current;
      }
    }
    return null;
  }

  /**
   * {@code path} from {@code root}, '/'-separated: the file system's separator turned into '/', not
   * every backslash. On Linux or macOS a backslash is part of a name ({@code a\\b.yaml}): read as a
   * separator, that file was checked as {@code a/b.yaml}, another path, and an import of its
   * directory failed with "Record file .../a/b.yaml cannot be read" instead of this check's refusal
   * of a backslash.
   */
  public static String relative(Path root, Path path) {
    return slashed(root.relativize(path));
  }

  /**
   * {@code relative} (a path relative to some directory, as {@link Path#relativize} gives it) with
   * '/' between its names: the file system's separator turned into '/', a backslash in a name kept
   * where the separator is '/' (Linux, macOS). The one place mlos turns a file system's path into
   * the '/'-separated form its records, messages and pages use.
   */
  public static String slashed(Path relative) {
    String separator = relative.getFileSystem().getSeparator();
    String text = relative.toString();
    return separator.equals("/") ? text : text.replace(separator, "/");
  }

  /**
   * The fix for a file whose own name holds a backslash (Linux and macOS allow one): no workspace
   * path names it, and writing '/' for the backslash would name another file, so it is renamed.
   * {@code quotedPath} is the path as the refusal quotes it.
   */
  public static String backslashNameFix(String quotedPath) {
    return backslashNameFix(quotedPath, "register");
  }

  /**
   * {@link #backslashNameFix(String)} for {@code verb}, what is done with the file by its new path
   * ("register", "import").
   */
  public static String backslashNameFix(String quotedPath, String verb) {
    return "rename "
        + quotedPath
        + " so that its name holds no backslash (mlos takes none in a path), then "
        + verb
        + " it by its new path";
  }

  /**
   * What is refused when {@code path}, holding a backslash, names a file of the workspace as it is
   * (Linux and macOS allow a backslash in a name): said so, not the path rule's "use '/' as the
   * separator", which leads to another file ({@code docs/a/b.md} for {@code docs/a\b.md}).
   */
  public static String backslashNameFound(String path) {
    return dev.mlos.core.MlosException.quoted(path)
        + " names a file of the workspace whose own name holds a backslash, and mlos takes no"
        + " backslash in a path ('/' in its place would name another file)";
  }

  /**
   * What a user typed that names a path ({@code docs\notes.md}, a command's argument), with '/' for
   * each separator of this machine's file system: where that is a backslash (Windows) a backslash
   * becomes '/'; elsewhere a backslash is part of a name, kept, so the path check refuses it by its
   * rule instead of taking another file ({@code docs/a\b.md} is not {@code docs/a/b.md}).
   */
  public static String typed(String input) {
    String separator = java.nio.file.FileSystems.getDefault().getSeparator();
    return separator.equals("/") ? input : input.replace(separator, "/");
  }

  private static String linkTarget(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  private static String describeLink(Path root, Path link) {
    String relative = relative(root, link);
    try {
      return "'" + relative + "' -> '" + Files.readSymbolicLink(link) + "'";
    } catch (IOException | UnsupportedOperationException e) {
      return "'" + relative + "'";
    }
  }

  private static String problemWith(String value) {
    if (value == null) {
      return "is missing";
    }
    if (value.isEmpty()) {
      return "is empty";
    }
    if (value.length() > MAX_LENGTH) {
      // Counted as Java (and the database's rule) count: a tool schema or a person counts an emoji
      // as one character, so say why the count is higher than theirs.
      boolean pairs = value.codePointCount(0, value.length()) != value.length();
      return "is "
          + value.length()
          + " characters long"
          + (pairs
              ? ", a character outside the Basic Multilingual Plane (such as an emoji) counting as"
                  + " two"
              : "")
          + "; the limit is "
          + MAX_LENGTH;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\') {
        return "contains a backslash; use '/' as the separator";
      }
      if (Character.isISOControl(c)) {
        return "contains a control character at index " + i;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        // No character, so no file can have it: the JDK's refusal to encode it was reported as a
        // JVM started without a UTF-8 locale, with that fix, to a user whose JVM has one.
        return String.format(
            java.util.Locale.ROOT,
            "holds half of a surrogate pair (U+%04X at index %d), which is no character",
            (int) c,
            i);
      }
    }
    if (value.startsWith("/")) {
      return "is absolute; it must be relative to the workspace root";
    }
    if (startsWithDriveLetter(value)) {
      return "starts with a drive letter; it must be relative to the workspace root";
    }
    int start = 0;
    while (start <= value.length()) {
      int end = value.indexOf('/', start);
      if (end < 0) {
        end = value.length();
      }
      int length = end - start;
      if (length == 0) {
        return "contains an empty segment (a trailing '/' or '//')";
      }
      if (length == 1 && value.charAt(start) == '.') {
        return "contains a '.' segment";
      }
      if (length == 2 && value.charAt(start) == '.' && value.charAt(start + 1) == '.') {
        return "contains a '..' segment";
      }
      // A name longer than the file system allows fails only when written, with an error that
      // reads like a permission problem; 3 bytes per char is the most a char takes in UTF-8.
      if (length * 3 > MAX_NAME_BYTES) {
        int bytes = value.substring(start, end).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
          return "is too long: the name "
              + InvalidPathException.quote(value.substring(start, end))
              + " is "
              + bytes
              + " bytes long in UTF-8; file systems allow at most "
              + MAX_NAME_BYTES;
        }
      }
      start = end + 1;
    }
    return null;
  }

  /**
   * An ASCII letter followed by ':', like {@code C:} (what the regex {@code [A-Za-z]:.*} matched).
   */
  private static boolean startsWithDriveLetter(String value) {
    if (value.length() < 2 || value.charAt(1) != ':') {
      return false;
    }
    char c = value.charAt(0);
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
