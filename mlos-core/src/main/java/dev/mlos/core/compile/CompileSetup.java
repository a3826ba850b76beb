package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.schema.SchemaCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What a compile sets up before it looks at a page: the database opened and its schema checked, the
 * change horizon taken, every template parsed and every query prepared. None of it depends on the
 * last compile's outputs, so when the no-op check finds the database changed while it still reads
 * the manifest of those outputs, this is set up on another thread meanwhile ({@link
 * Pending#start}): a compile after one changed row spent about a fifth of its time on the two, one
 * after the other (issue 20).
 *
 * <p>Closing it closes the renderer, then the connection.
 */
final class CompileSetup implements AutoCloseable {
  final Connection connection;

  /** {@code PRAGMA data_version} when the database was opened. */
  final long dataVersion;

  final ChangePlan.Horizon horizon;
  final ViewRenderer renderer;

  /**
   * What the workspace's last compile read besides the database, as it recorded it; null for a full
   * compile or without a record.
   */
  final CompileReads reads;

  /** Whether every template and file of {@link #reads} is still as recorded. */
  final boolean readsUnchanged;

  /**
   * Each view's seed ({@link ViewRenderer#seed}) by name: what its pages' input hashes start from.
   */
  final Map<String, String> seeds;

  private CompileSetup(
      Connection connection,
      long dataVersion,
      ChangePlan.Horizon horizon,
      ViewRenderer renderer,
      CompileReads reads,
      boolean readsUnchanged,
      Map<String, String> seeds) {
    this.connection = connection;
    this.dataVersion = dataVersion;
    this.horizon = horizon;
    this.renderer = renderer;
    this.reads = reads;
    this.readsUnchanged = readsUnchanged;
    this.seeds = seeds;
  }

  /**
   * Opens the database, checks its schema, takes the horizon (before any view query: a change
   * committed after it is found by the next compile) and checks every view, so a broken one stops
   * the compile before any file is written; unless {@code full}, reads what the last compile read
   * besides the database and hashes it again.
   */
  static CompileSetup open(
      Database db, WorkspaceConfig config, ClassLoader classLoader, int threads, boolean full) {
    Connection c = db.open(false);
    ViewRenderer renderer = null;
    try {
      // A compile after a few changes reads most pages once; the renderer widens the cache when it
      // renders many pages (Database.narrowCache).
      Database.narrowCache(c);
      long dataVersion = Compiler.dataVersion(c);
      SchemaCheck.requireReady(c, "compile", false);
      ChangePlan.Horizon horizon = ChangePlan.horizon(c);
      renderer = new ViewRenderer(c, config, classLoader, threads);
      renderer.check();
      CompileReads reads = full ? null : CompileReads.read(c, db.file(), config.name());
      boolean unchanged = reads != null && reads.unchanged(config, classLoader);
      Map<String, String> seeds = new TreeMap<>();
      for (ViewDefinition view : config.views()) {
        seeds.put(view.name(), renderer.seed(view));
      }
      return new CompileSetup(c, dataVersion, horizon, renderer, reads, unchanged, seeds);
    } catch (SQLException e) {
      closeQuietly(renderer, c, e);
      throw new DatabaseException(db.file(), e.getMessage(), null, e);
    } catch (RuntimeException | Error e) {
      closeQuietly(renderer, c, e);
      throw e;
    }
  }

  private static void closeQuietly(ViewRenderer renderer, Connection c, Throwable failure) {
    try {
      if (renderer != null) {
        renderer.close();
      }
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
    try {
      c.close();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      renderer.close();
    } finally {
      connection.close();
    }
  }

  /**
   * A setup that may be started early on another thread, or else is made when it is asked for. Not
   * thread-safe: started, taken and abandoned by the compiling thread only.
   */
  static final class Pending {
    private final Database db;
    private final WorkspaceConfig config;
    private final ClassLoader classLoader;
    private final int threads;
    private final boolean full;
    private CompletableFuture<CompileSetup> started;
    private boolean taken;

    Pending(
        Database db, WorkspaceConfig config, ClassLoader classLoader, int threads, boolean full) {
      this.db = db;
      this.config = config;
      this.classLoader = classLoader;
      this.threads = threads;
      this.full = full;
    }

    /**
     * Starts setting up on another thread, once; a compile on one thread sets up when it is asked
     * for instead.
     */
    void start() {
      if (started == null && !taken && threads > 1) {
        started =
            CompletableFuture.supplyAsync(
                () -> open(db, config, classLoader, threads, full),
                r -> {
                  Thread t = new Thread(r, "mlos-compile-setup");
                  t.setDaemon(true);
                  t.start();
                });
      }
    }

    /** The setup, waiting for it when it was started; the caller closes it. */
    CompileSetup take() {
      taken = true;
      if (started == null) {
        return open(db, config, classLoader, threads, full);
      }
      try {
        return started.join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new MlosException(
            "mlos could not set up the compile: " + cause, "report this as a bug in mlos", cause);
      }
    }

    /** Closes the setup when it was started and is not taken (the compile had nothing to do). */
    void abandon() {
      if (started != null && !taken) {
        taken = true;
        started.whenComplete(
            (setup, failure) -> {
              if (setup != null) {
                try {
                  setup.close();
                } catch (SQLException | RuntimeException ignored) {
                  // nothing was read through it
                }
              }
            });
      }
    }
  }
}
