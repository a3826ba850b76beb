package dev.mlos.core.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The last compile's outputs as they are on disk now, looked at by the compiling thread while the
 * compile's setup is still under way on its own thread ({@link CompileSetup.Pending#start}): a
 * compile after one changed row otherwise waited idle for the setup, then looked at every kept
 * page's file (100,000 of them at 100k needs) before writing anything (issue 20).
 *
 * <p>Only what the manifest's stat key proves is remembered: a file whose size, modification time
 * and identity are as the last compile left them, and which was not modified in the racy window.
 * Anything else (an edited, missing or replaced file, or one without a stat key) is not remembered,
 * and {@link KeptPages} looks at it again as before, hashing it when needed. A file changed between
 * this look and the page's turn is the same race as a file changed just after the compile looked at
 * it.
 */
final class OutputsSeen {
  static final OutputsSeen NONE = new OutputsSeen(Map.of());

  /** Path to the stat key seen now, for the files found as the manifest lists them. */
  private final Map<String, String> intact;

  private OutputsSeen(Map<String, String> intact) {
    this.intact = intact;
  }

  /**
   * Looks at every listed output on {@code threads} threads.
   *
   * @param listed the last compile's outputs as its manifest lists them
   * @param out the output directory the paths are under
   * @param listedAt when that manifest was written, in nanoseconds (for the racy window)
   */
  static OutputsSeen look(
      Collection<OutputManifest.Entry> listed, Path out, long listedAt, int threads) {
    OutputManifest.Entry[] entries = listed.toArray(new OutputManifest.Entry[0]);
    String[] keys = new String[entries.length];
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
    try {
      pool.submit(
              () ->
                  IntStream.range(0, entries.length)
                      .parallel()
                      .forEach(i -> keys[i] = keyIfUnmodified(entries[i], out, listedAt)))
          .get();
    } catch (ExecutionException e) {
      // Only an optimisation: the kept pages' files are looked at as before.
      return NONE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return NONE;
    } finally {
      pool.shutdown();
    }
    Map<String, String> intact = new HashMap<>(Math.max(16, entries.length * 4 / 3 + 1));
    for (int i = 0; i < entries.length; i++) {
      if (keys[i] != null) {
        intact.put(entries[i].path(), keys[i]);
      }
    }
    return new OutputsSeen(intact);
  }

  /**
   * The stat key seen now of the file at {@code path}, when it is as the manifest entry for that
   * path lists it; else null (look at the file again).
   */
  String intactKey(String path) {
    return intact.get(path);
  }

  /** How many files were found as listed. */
  int size() {
    return intact.size();
  }

  private static String keyIfUnmodified(OutputManifest.Entry e, Path out, long listedAt) {
    if (e.key() == null) {
      return null;
    }
    try {
      // The page's own place, a link not followed: a page moved away and linked back is the same
      // file through the link, and must be rendered so the link is replaced and the user told.
      BasicFileAttributes a =
          Files.readAttributes(
              out.resolve(e.path()), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile()) {
        return null;
      }
      String now = OutputManifest.key(a);
      return OutputManifest.unmodified(a, e.key(), now, listedAt) ? now : null;
    } catch (IOException | RuntimeException unreadable) {
      // A missing file, or a listed path this platform cannot name: looked at again when kept. A
      // hand-made entry naming a path outside the output directory is only looked at, never read,
      // and never asked for: KeptPages asks for valid workspace paths only.
      return null;
    }
  }
}
