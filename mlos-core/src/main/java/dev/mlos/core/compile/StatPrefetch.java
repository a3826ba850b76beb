package dev.mlos.core.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The files of the last compile's outputs, looked at (one stat each) in the background while the
 * compile opens the database, checks its templates and decides what to render (issue 20): {@link
 * KeptPages} then takes a kept page's attributes from here instead of making the stat on its own
 * time, which at 100,000 pages is most of what keeping them costs. Started under the workspace lock
 * once the no-op check failed, so an answer here is as current as a stat made when the page is kept
 * would be: either may miss an edit made while the compile runs, which the next compile or guard
 * finds. A file that could not be looked at has no answer here: the caller looks itself.
 */
final class StatPrefetch implements AutoCloseable {
  /** Below this many outputs the compile looks at each file itself. */
  static final int MIN_FILES = 1024;

  private final Map<String, BasicFileAttributes> attributes;
  private final ExecutorService pool;
  private final List<Future<?>> parts;

  private StatPrefetch(
      Map<String, BasicFileAttributes> attributes, ExecutorService pool, List<Future<?>> parts) {
    this.attributes = attributes;
    this.pool = pool;
    this.parts = parts;
  }

  /**
   * Starts looking at the files at {@code paths} (relative to {@code out}) on {@code threads}
   * background threads; null (nothing started) for fewer than {@code minFiles} paths ({@link
   * #MIN_FILES}; tests use fewer).
   */
  static StatPrefetch start(Path out, Collection<String> paths, int threads, int minFiles) {
    if (paths.isEmpty() || paths.size() < minFiles) {
      return null;
    }
    String[] all = paths.toArray(new String[0]);
    Map<String, BasicFileAttributes> found = new ConcurrentHashMap<>(all.length * 2);
    int n = Math.max(1, threads);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            n,
            r -> {
              Thread t = new Thread(r, "mlos-stat");
              t.setDaemon(true);
              return t;
            });
    List<Future<?>> parts = new java.util.ArrayList<>();
    for (int part = 0; part < n; part++) {
      int first = part;
      parts.add(
          pool.submit(
              () -> {
                for (int i = first; i < all.length; i += n) {
                  if (Thread.currentThread().isInterrupted()) {
                    return;
                  }
                  try {
                    found.put(
                        all[i],
                        Files.readAttributes(out.resolve(all[i]), BasicFileAttributes.class));
                  } catch (IOException | RuntimeException e) {
                    // no answer: the caller looks at it itself
                  }
                }
              }));
    }
    return new StatPrefetch(found, pool, parts);
  }

  /**
   * The attributes of the file at {@code path} as looked at in the background (waiting for that to
   * finish), or null when there is none: then look at the file now.
   */
  BasicFileAttributes of(String path) {
    try {
      for (Future<?> f : parts) {
        f.get();
      }
    } catch (ExecutionException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    return attributes.get(path);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
