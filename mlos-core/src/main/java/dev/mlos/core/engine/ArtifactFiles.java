package dev.mlos.core.engine;

import dev.mlos.core.Remedy;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.FileIdentities;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The files of one register or re-hash call: each path checked against the workspace (real paths,
 * links followed) and hashed. One instance per call: it remembers the directories already found not
 * to be the state directory.
 */
final class ArtifactFiles {
  /** Larger markdown files are not read for front matter (a compiled page is far smaller). */
  private static final long MAX_COMPILED_BYTES = 16L << 20;

  /**
   * A file hashed.
   *
   * @param hash its SHA-256
   * @param realPath where it really is, relative to the workspace's real root ('/' separators);
   *     differs from the path asked for when a link (or the file system's spelling) leads there
   */
  record Hashed(String hash, String realPath) {}

  /** The fix for a path whose link leads out of the workspace. */
  private static final String OUTSIDE_FIX =
      "only a file in the workspace can be an artifact: copy the file the link leads to into the"
          + " workspace first, then register the copy by its path relative to the workspace root";

  private final ArtifactPlaces places;
  private final FileIdentities own;
  private final Set<Path> notState = new HashSet<>();
  private Path realRoot;
  private Path realState;
  private Object stateKey;
  private boolean stateLooked;

  ArtifactFiles(ArtifactPlaces places, FileIdentities own) {
    this.places = places;
    this.own = own;
  }

  /**
   * What a path written as a file system names the file calls for.
   *
   * @param words for the refusal's message: {@code " (register it as 'docs/a.md', ...)"}, or that
   *     the file is not in the workspace; empty for any other path
   * @param fix the fix: for a file outside the workspace, copy it in; else register it by the path
   *     to write instead (it had none, and the command line printed no fix line); null for the path
   *     rule's own fix
   * @param message the refusal's whole message, for a file whose name holds a backslash or a path
   *     naming a directory; null when the path rule's message and {@code words} say it
   * @param remedy the remedy the fix's {@code {0}} stands for, or null
   */
  record Instead(String words, String fix, String message, Remedy remedy) {
    static final Instead NONE = new Instead("", null);

    Instead(String words, String fix) {
      this(words, fix, null, null);
    }

    /** The refusal's message: the path rule's {@code ruleMessage} and these words, or its own. */
    String message(String ruleMessage) {
      return message != null ? message : ruleMessage + words;
    }

    /**
     * The path rule's refusal ({@code artifact.path}) of a path refused with {@code ruleMessage},
     * with these words and this fix, or {@code ruleFix} when there is none.
     */
    RefusedException refusal(String ruleMessage, String ruleFix) {
      RefusedException e =
          new RefusedException(
              "artifact.path", message(ruleMessage), List.of(), null, fix == null ? ruleFix : fix);
      return remedy == null ? e : (RefusedException) e.suggesting(remedy);
    }
  }

  /**
   * The fix for a directory given as an artifact's path; {@code {0}} is the import of the directory
   * ({@link Remedy#importPaths}), which each tool words as its own command.
   */
  static final String DIRECTORY_FIX =
      "register each file of it on its own, or import the directory with {0}, which registers"
          + " every file under it";

  /** The refusal's words for {@code path}, naming the workspace's directory {@code relative}. */
  private static String namesADirectory(String path, String relative) {
    return RefusedException.quoted(path)
        + (path.equals(relative)
            ? " is a directory"
            : " names the directory " + RefusedException.quoted(relative))
        + " of the workspace: an artifact is one regular file";
  }

  /**
   * Whether {@code relative} (a valid workspace path) is a directory inside the workspace, not
   * reached through a link leading out: only then is a directory named as one.
   */
  private static boolean isWorkspaceDirectory(Path root, String relative) {
    try {
      Path dir = root.resolve(relative);
      return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
          && dir.toRealPath().startsWith(root.toRealPath());
    } catch (IOException | java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  /**
   * For a path written as a file system names the file (absolute, or with {@code ./} first, as an
   * agent's own file tools write it), or with redundant segments ({@code data/raw/}), what to write
   * instead (see {@link Instead}).
   */
  /**
   * {@code path} ('/'-separated, relative) without its empty and '.' segments and with each '..'
   * taking the segment before it; null when it is empty then or a '..' would leave the root.
   */
  static String lexicallyNormal(String path) {
    java.util.ArrayDeque<String> kept = new java.util.ArrayDeque<>();
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (kept.isEmpty()) {
          return null;
        }
        kept.removeLast();
      } else {
        kept.addLast(segment);
      }
    }
    return kept.isEmpty() ? null : String.join("/", kept);
  }

  static Instead asWritten(String path, Path root) {
    String relative = null;
    if (path.startsWith("/")) {
      Path file;
      try {
        file = Path.of(path).normalize();
      } catch (java.nio.file.InvalidPathException e) {
        return Instead.NONE;
      }
      for (Path r : roots(root)) {
        if (file.startsWith(r) && !file.equals(r)) {
          relative = WorkspacePath.relative(r, file);
          break;
        }
      }
      if (relative == null) {
        // An agent passing a file of its own (/tmp/notes.md) was told the rule and no way on.
        Path name = file.getFileName();
        String example = "docs/" + (name == null ? "notes.md" : name);
        try {
          WorkspacePath.of(example);
        } catch (InvalidPathException e) {
          example = "docs/notes.md";
        }
        return new Instead(
            " (it is not under the workspace root "
                + root.toAbsolutePath().normalize()
                + ": only a file in the workspace can be an artifact)",
            "copy the file into the workspace first, then register the copy by its path"
                + " relative to the workspace root ("
                + RefusedException.quoted(example)
                + ")");
      }
    } else if (path.startsWith("./")) {
      relative = path;
      while (relative.startsWith("./")) {
        relative = relative.substring(2);
      }
    } else if (path.indexOf('\\') >= 0) {
      return backslashName(path, root);
    } else {
      // 'data/raw/', 'data/../plain.txt', 'docs//a.md': the path rule's generic fix left the user
      // to work out the path meant; it is said, and a directory is named as one (below).
      relative = lexicallyNormal(path);
      if (relative != null && relative.equals(path)) {
        relative = null;
      }
    }
    if (relative == null) {
      return Instead.NONE;
    }
    try {
      WorkspacePath.of(relative);
    } catch (InvalidPathException e) {
      return Instead.NONE;
    }
    if (isWorkspaceDirectory(root, relative)) {
      return new Instead(
          "", DIRECTORY_FIX, namesADirectory(path, relative), Remedy.importPaths(relative));
    }
    return new Instead(
        " (register it as "
            + RefusedException.quoted(relative)
            + ", its path relative to the workspace root "
            + root.toAbsolutePath().normalize()
            + ")",
        "register it as " + RefusedException.quoted(relative));
  }

  /**
   * A file whose own name holds a backslash (Linux, macOS allow one), named by that name: no path
   * mlos takes names it, and writing '/' for the backslash would name another file. Only a regular
   * file inside the workspace is told of, so a name leading out tells nothing of the file system.
   */
  private static Instead backslashName(String path, Path root) {
    if (!"/".equals(root.getFileSystem().getSeparator())) {
      return Instead.NONE; // a separator there: the path rule's own fix holds
    }
    try {
      Path base = root.toRealPath();
      Path file = base.resolve(path).normalize();
      if (!file.startsWith(base)
          || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          || !file.toRealPath().startsWith(base)) {
        return Instead.NONE;
      }
    } catch (IOException | java.nio.file.InvalidPathException e) {
      return Instead.NONE;
    }
    // Its own words: the path rule's "use '/' as the separator" leads to another file.
    return new Instead(
        " (a file of that name is in the workspace)",
        WorkspacePath.backslashNameFix(RefusedException.quoted(path)),
        WorkspacePath.backslashNameFound(path),
        null);
  }

  /**
   * The path rule's fix as an engine refusal gives one: the rule words it in sentences for the
   * compile's messages ("mlos does not ... . Remove the link ...; then run again."), where every
   * other fix is one clause, lower-case, without a full stop, and a registration is not run again.
   */
  static String clause(String fix) {
    if (fix == null) {
      return null;
    }
    String f = fix.strip();
    int sentence = f.indexOf(". ");
    // A first sentence saying why ("mlos does not write ... through a link that leaves the
    // workspace") repeats the message.
    if (f.startsWith("mlos ") && sentence > 0) {
      f = f.substring(sentence + 2);
    }
    f = f.replaceFirst("[;,] then run again\\.?$", "");
    if (f.endsWith(".")) {
      f = f.substring(0, f.length() - 1);
    }
    return f.isEmpty() ? f : Character.toLowerCase(f.charAt(0)) + f.substring(1);
  }

  /** The workspace's real path, or null when it cannot be resolved. */
  private Path realRootOrNull() {
    try {
      if (realRoot == null) {
        realRoot = places.root().toRealPath();
      }
      return realRoot;
    } catch (IOException e) {
      return null;
    }
  }

  /** The workspace root as given and as the file system resolves it (a linked /tmp, say). */
  private static List<Path> roots(Path root) {
    Path given = root.toAbsolutePath().normalize();
    try {
      Path real = root.toRealPath();
      return real.equals(given) ? List.of(given) : List.of(given, real);
    } catch (IOException e) {
      return List.of(given);
    }
  }

  /**
   * git rewrites its own files (the index with every add, HEAD with every commit): a registered one
   * would drift at once, never reviewable.
   */
  private static RefusedException inGitsOwn(String path, String segment) {
    return new RefusedException(
        "artifact.path",
        RefusedException.quoted(path)
            + " is in git's own '"
            + segment
            + "': git rewrites what it keeps there, so it cannot be an artifact",
        List.of(),
        null,
        ArtifactOperations.OWN_FILE_FIX);
  }

  Hashed hash(String path) {
    Path root = places.root();
    Path file;
    try {
      file = WorkspacePath.of(path).resolveIn(root);
    } catch (InvalidPathException e) {
      // The path's own fix (a link leading out of the workspace: remove or replace it) was lost.
      throw new RefusedException("artifact.path", e.getMessage(), List.of(), null, clause(e.fix()));
    }
    // As written: compared as the file system's own paths compare (exact on Linux).
    if (file.startsWith(places.stateDirectory())) {
      throw inStateDirectory(path);
    }
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      attributes = null;
    }
    if (attributes != null && attributes.isDirectory()) {
      throw (RefusedException)
          new RefusedException(
                  "artifact.file", namesADirectory(path, path), List.of(), null, DIRECTORY_FIX)
              .suggesting(Remedy.importPaths(path));
    }
    if (attributes == null) {
      // Not there: "write the file first" (or, for a move, "git mv it there") led into git's own.
      for (String segment : path.split("/")) {
        if (segment.equalsIgnoreCase(".git")) {
          throw inGitsOwn(path, segment);
        }
      }
    }
    String otherForm =
        attributes == null ? OtherUnicodeForm.of(path, file, realRootOrNull()) : null;
    if (otherForm != null) {
      throw OtherUnicodeForm.refusal(path, root, otherForm);
    }
    if (attributes == null || !attributes.isRegularFile()) {
      throw new RefusedException(
          "artifact.file",
          RefusedException.quoted(path)
              + " is not a file under the workspace "
              + root
              + (attributes != null
                  ? " (it is a special file: a named pipe, a socket or a device)"
                  : " (it does not exist; a path is relative to the workspace root, not to the"
                      + " current directory)"),
          List.of(),
          null,
          attributes != null
              ? "register the regular files your work produces instead: an artifact is one"
                  + " regular file"
              : "write the file first, then register it by its path from the workspace root"
                  + " (docs/spec.md)");
    }
    Path real = realPath(path, file);
    if (inStateDirectory(real)) {
      // Reached through a link (st -> target/mlos), or by another spelling on a file system that
      // ignores case (Target/mlos on macOS): the same directory under another name.
      throw inStateDirectory(path);
    }
    for (Path segment : realRoot.relativize(real)) {
      if (segment.toString().equalsIgnoreCase(".git")) {
        throw inGitsOwn(path, segment.toString());
      }
    }
    if (own.contains(file, attributes)) {
      throw new RefusedException(
          "artifact.path",
          RefusedException.quoted(path)
              + " is the workspace's database, one of its journals or its text form: mlos"
              + " rewrites it with every change, so it cannot be an artifact",
          List.of(),
          null,
          ArtifactOperations.OWN_FILE_FIX);
    }
    if (looksCompiled(file, attributes)) {
      throw ArtifactOperations.compiledPage(
          RefusedException.quoted(path)
              + " is a compiled page (compiled_at in its front matter), a copy of one or one"
              + " the compile wrote");
    }
    try {
      String hash = Sha256.ofFileUnlessStopped(file);
      // The path was checked before it was read: a link swapped in meanwhile must not get a file
      // outside the workspace recorded, so where the file really is is checked again after reading.
      Path after = file.toRealPath();
      if (!after.startsWith(realRoot) || !after.equals(real)) {
        throw new RefusedException(
            "artifact.path",
            RefusedException.quoted(path)
                + (after.startsWith(realRoot)
                    ? " was moved or relinked while it was read"
                    : " leads outside the workspace " + root + " (it changed while it was read)"),
            List.of(),
            null,
            after.startsWith(realRoot)
                ? "register it again once it is no longer changing"
                : OUTSIDE_FIX);
      }
      return new Hashed(hash, WorkspacePath.relative(realRoot, real));
    } catch (IOException e) {
      throw new RefusedException(
          "artifact.file",
          RefusedException.quoted(path) + " cannot be read: " + e.getMessage(),
          List.of(),
          null,
          "make the file readable to this process (its permissions), then register it again");
    }
  }

  /**
   * One file registered under two paths would be two artifacts that drift and are accepted apart: a
   * path that reaches its file through a link (loop -> .., notes.md -> docs/notes.md) is refused,
   * naming the path the file really has.
   */
  RefusedException notItsRealPath(String path, String realPath) {
    return notItsRealPath(path, realPath, null);
  }

  /**
   * As above, when the real path is registered already as artifact {@code other} (a registered file
   * replaced by a link to another registered one): recording it would make one file two artifacts,
   * so the way out is the file back, or the row gone ({@code id} is the row's own).
   */
  RefusedException alreadyAnArtifact(String path, String realPath, long id, long other) {
    return notItsRealPath(path, realPath, new long[] {id, other});
  }

  private RefusedException notItsRealPath(String path, String realPath, long[] ids) {
    Path link = firstLink(path);
    String how;
    if (link != null) {
      String target;
      try {
        target = " -> " + RefusedException.quoted(Files.readSymbolicLink(link).toString());
      } catch (IOException | UnsupportedOperationException e) {
        target = "";
      }
      how =
          " through the symlink "
              + RefusedException.quoted(WorkspacePath.relative(places.root(), link))
              + target;
    } else {
      how = " (the file system spells its path so)";
    }
    RefusedException e =
        new RefusedException(
            "artifact.path",
            RefusedException.quoted(path)
                + " is the file "
                + RefusedException.quoted(realPath)
                + ", reached"
                + how
                + (ids == null
                    ? ": one file is one artifact, registered by the path it really has"
                    : ", which is artifact " + ids[1] + " already: one file is one artifact"),
            List.of(),
            null,
            ids == null
                ? (realPath.indexOf('\\') >= 0
                    // A name holding a backslash (Linux, macOS): no path mlos takes names it.
                    ? WorkspacePath.backslashNameFix(RefusedException.quoted(realPath))
                    : "register it as " + RefusedException.quoted(realPath))
                : "put the file back in place of the link, or unregister artifact "
                    + ids[0]
                    + ": {0}");
    return ids == null ? e : (RefusedException) e.suggesting(Remedy.removeArtifact(ids[0]));
  }

  private Path firstLink(String path) {
    Path current = places.root();
    for (String name : path.split("/")) {
      current = current.resolve(name);
      if (Files.isSymbolicLink(current)) {
        return current;
      }
    }
    return null;
  }

  private Path realPath(String path, Path file) {
    try {
      if (realRoot == null) {
        realRoot = places.root().toRealPath();
      }
      Path real = file.toRealPath();
      if (!real.startsWith(realRoot)) {
        throw new RefusedException(
            "artifact.path",
            RefusedException.quoted(path) + " leads outside the workspace " + places.root(),
            List.of(),
            null,
            OUTSIDE_FIX);
      }
      return real;
    } catch (IOException e) {
      throw new RefusedException(
          "artifact.file",
          RefusedException.quoted(path) + " cannot be read: " + e.getMessage(),
          List.of(),
          null,
          "make the file readable to this process (its permissions), then register it again");
    }
  }

  /**
   * Whether {@code real} (a real path inside the real root) is in the state directory: by its real
   * path, else by the identity of each directory above it, so a file system that ignores case finds
   * Target/mlos to be target/mlos and one that does not (Linux) finds two directories.
   */
  private boolean inStateDirectory(Path real) {
    if (!stateLooked) {
      stateLooked = true;
      try {
        realState = places.stateDirectory().toRealPath();
        stateKey = Files.readAttributes(realState, BasicFileAttributes.class).fileKey();
      } catch (IOException e) {
        realState = null; // no state directory yet: nothing is in it
      }
    }
    if (realState == null) {
      return false;
    }
    if (real.startsWith(realState)) {
      return true;
    }
    for (Path p = real.getParent();
        p != null && p.startsWith(realRoot) && !p.equals(realRoot);
        p = p.getParent()) {
      if (notState.contains(p)) {
        break; // and so are the directories above it, added with it
      }
      if (sameDirectory(p)) {
        return true;
      }
    }
    for (Path p = real.getParent();
        p != null && p.startsWith(realRoot) && !p.equals(realRoot) && notState.add(p);
        p = p.getParent()) {
      // remembered: each is not the state directory
    }
    return false;
  }

  private boolean sameDirectory(Path directory) {
    try {
      if (stateKey != null) {
        Object key =
            Files.readAttributes(directory, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
        return Objects.equals(key, stateKey);
      }
      return Files.isSameFile(directory, realState);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Registered, a file in mlos's state directory would drift with the next compile or guard: never
   * reviewable.
   */
  private RefusedException inStateDirectory(String path) {
    return new RefusedException(
        "artifact.path",
        RefusedException.quoted(path)
            + " is in mlos's own state directory ("
            + places.stateName()
            + "): mlos rewrites what it keeps there (compile records, guard reports, copies of"
            + " replaced edits), so it cannot be an artifact",
        List.of(),
        null,
        ArtifactOperations.OWN_FILE_FIX);
  }

  /** Whether a markdown file's front matter says mlos compiled it, as the import's skip does. */
  private static boolean looksCompiled(Path file, BasicFileAttributes attributes) {
    if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".md")
        || attributes.size() > MAX_COMPILED_BYTES) {
      return false;
    }
    return CompiledFile.saysCompiled(file);
  }
}
