package dev.mlos.core.compile;

import dev.mlos.core.write.AtomicWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directories one compile writes pages into. A missing directory whose parent exists is filled
 * under a hidden name and moved into place by {@link #publish} when the compile ends, so readers
 * see it complete or not at all, and its pages are written without a temporary file each. Deeper
 * missing paths are created as they are. Safe for the render threads.
 */
final class StagedDirectories {
  private final Path outAbsolute;
  private final boolean fsync;

  /** Directories this compile made sure exist, so each page need not ask again. */
  private final Set<Path> known = ConcurrentHashMap.newKeySet();

  /**
   * Directories this compile is creating, with the hidden directory they are filled under until it
   * ends.
   */
  private final Map<Path, Path> staged = new ConcurrentHashMap<>();

  /**
   * Directories this compile created (they did not exist when it looked): new, so empty but for its
   * own pages.
   */
  private final Set<Path> created = ConcurrentHashMap.newKeySet();

  StagedDirectories(Path outAbsolute, boolean fsync) {
    this.outAbsolute = outAbsolute;
    this.fsync = fsync;
  }

  /**
   * Makes sure the directory of {@code file} exists, once per directory.
   *
   * @return the hidden directory to write {@code file}'s name into, or null to write {@code file}
   *     itself
   */
  Path prepare(Path file) {
    Path dir = file.getParent();
    if (!known.contains(dir)) {
      synchronized (staged) {
        if (!known.contains(dir)) {
          create(dir, file);
        }
      }
    }
    return staged.get(dir);
  }

  private void create(Path dir, Path file) {
    // Anything there, a link to a directory included, may hold older files: only an absent entry
    // makes the directory this compile's own.
    boolean existed = Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
    Path parent = dir.getParent();
    if (!existed
        && parent != null
        && dir.startsWith(outAbsolute)
        && !dir.equals(outAbsolute)
        && Files.isDirectory(parent)) {
      AtomicWriter.removeLeftStagingDirectories(dir);
      staged.put(dir, AtomicWriter.createStagingDirectory(dir));
    } else {
      AtomicWriter.createDirectories(file);
    }
    if (!existed) {
      created.add(dir);
    }
    known.add(dir);
  }

  /** True when this compile created {@code dir}: nothing in it is older than this compile. */
  boolean created(Path dir) {
    return created.contains(dir);
  }

  /**
   * Moves the directories filled under a hidden name into place; after every page is written, and
   * also when the compile fails.
   */
  void publish() {
    RuntimeException first = null;
    for (Map.Entry<Path, Path> e : new TreeMap<>(staged).entrySet()) {
      staged.remove(e.getKey());
      try {
        AtomicWriter.publishDirectory(e.getValue(), e.getKey(), fsync);
      } catch (RuntimeException failure) {
        if (first == null) {
          first = failure;
        } else {
          first.addSuppressed(failure);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
