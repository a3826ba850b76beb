package dev.mlos.core.path;

import dev.mlos.core.MlosException;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The one walk of a workspace's files, with the one rule for what it does not enter: hidden
 * directories ({@code .git}, {@code .idea}, ...), {@code target} (build output) and {@code
 * node_modules} (dependencies), wherever they are below the start, and a directory below the start
 * that holds an {@code mlos.yaml}: another workspace, with its own compiled pages and artifacts (as
 * git does not enter a nested repository). The guard's search for unknown compiled files and the
 * import's patterns and directories walk with it, so both agree on what is part of the workspace.
 *
 * <p>Symbolic links are neither listed nor entered: a link could lead out of the workspace, or in a
 * circle. The start itself is listed as given (the caller has checked it is a place mlos may read).
 * The walk goes at most {@link #MAX_DEPTH} directories deep (or less, when the caller says so): a
 * hostile tree deeper than any workspace has cannot keep it busy, and it needs no stack.
 */
public final class WorkspaceWalker {
  /**
   * How many directories deep a walk goes unless told otherwise: files directly in the start are at
   * depth 1. Far beyond any real workspace's layout, far below what a file system allows.
   */
  public static final int MAX_DEPTH = 64;

  /**
   * The file that makes a directory a workspace: a walk does not enter a directory below its start
   * that holds one. Its pages name another workspace, and the guard reported them {@code UNKNOWN}
   * with the fix to rename this workspace after it.
   */
  public static final String WORKSPACE_CONFIG = "mlos.yaml";

  private WorkspaceWalker() {}

  /** True for a directory the walk never enters: hidden, a build tree or a dependency tree. */
  public static boolean skipsDirectory(String name) {
    return name.startsWith(".") || name.equals("target") || name.equals("node_modules");
  }

  /**
   * The regular files below {@code start} that {@code wanted} accepts, as '/'-separated paths
   * relative to {@code start}, sorted. Empty when {@code start} is not a directory.
   *
   * @param passed asked first for every entry (file or directory), with its relative path: an entry
   *     it accepts is passed over without being looked at (no file system call), which spares a
   *     large walk one call per file the caller already knows about
   * @param wanted asked for each regular file the walk finds
   * @throws MlosException naming the directory when one cannot be listed
   */
  public static List<String> regularFiles(
      Path start, Predicate<String> passed, Predicate<String> wanted) {
    return regularFiles(start, MAX_DEPTH, passed, wanted);
  }

  /**
   * As {@link #regularFiles(Path, Predicate, Predicate)}, going at most {@code maxDepth} levels
   * deep: 1 lists the files directly in {@code start} and enters no directory. Files deeper are not
   * listed.
   *
   * @throws IllegalArgumentException when {@code maxDepth} is not between 1 and {@link #MAX_DEPTH}
   */
  public static List<String> regularFiles(
      Path start, int maxDepth, Predicate<String> passed, Predicate<String> wanted) {
    return regularFiles(start, maxDepth, passed, wanted, (rel, what) -> {});
  }

  /**
   * As {@link #regularFiles(Path, int, Predicate, Predicate)}, telling {@code notListed} of each
   * wanted entry that is neither a regular file nor a directory, by its path and what it is ("a
   * symbolic link", "a FIFO, socket or device"): a caller that reports what it left out (an import)
   * names them instead of leaving them out without a word.
   */
  public static List<String> regularFiles(
      Path start,
      int maxDepth,
      Predicate<String> passed,
      Predicate<String> wanted,
      java.util.function.BiConsumer<String, String> notListed) {
    if (maxDepth < 1 || maxDepth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "maxDepth " + maxDepth + " is not between 1 and " + MAX_DEPTH);
    }
    List<String> found = new ArrayList<>();
    if (!Files.isDirectory(start)) {
      return found;
    }
    Deque<Pending> pending = new ArrayDeque<>();
    pending.push(new Pending("", 1));
    while (!pending.isEmpty()) {
      Pending next = pending.pop();
      String prefix = next.prefix();
      Path dir = prefix.isEmpty() ? start : start.resolve(prefix);
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          String rel = prefix + name;
          if (passed.test(rel)) {
            continue;
          }
          BasicFileAttributes attrs;
          try {
            attrs =
                Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          } catch (NoSuchFileException gone) {
            continue; // deleted while the walk ran
          }
          if (attrs.isDirectory()) {
            if (next.depth() < maxDepth
                && !skipsDirectory(name)
                && !Files.isRegularFile(entry.resolve(WORKSPACE_CONFIG))) {
              refuseUndecoded(rel);
              pending.push(new Pending(rel + "/", next.depth() + 1));
            }
          } else if (attrs.isRegularFile() && wanted.test(rel)) {
            refuseUndecoded(rel);
            found.add(rel);
          } else if (!attrs.isRegularFile() && wanted.test(rel)) {
            notListed.accept(
                rel, attrs.isSymbolicLink() ? "a symbolic link" : "a FIFO, socket or device");
          }
        }
      } catch (NoSuchFileException gone) {
        continue; // deleted while the walk ran
      } catch (IOException | DirectoryIteratorException e) {
        throw new MlosException(
            "Cannot list " + dir + ": " + e.getMessage(), "check its permissions", e);
      }
    }
    found.sort(null);
    return found;
  }

  /**
   * A name listed by a JVM that does not name files in UTF-8 (started with LC_ALL=C, or without
   * LANG, as CI containers, cron and MCP clients start processes) has U+FFFD for every byte outside
   * ASCII: the caller could not open it by that name (the JDK refuses to encode U+FFFD), and the
   * guard failed with the JDK's 'Malformed input or input contains unmappable characters'. The
   * setup is what is broken, so the refusal names the locale's fix, as an argument's does.
   */
  private static void refuseUndecoded(String rel) {
    UnnameablePathException lost = UnnameablePathException.ifUndecoded("the file", rel);
    if (lost != null) {
      throw lost;
    }
  }

  /** A directory still to list: its path relative to the start ending in '/', and its depth. */
  private record Pending(String prefix, int depth) {}
}
