package dev.mlos.cli.mcp;

import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.CompileResult;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.compile.PagesTooLargeException;
import dev.mlos.core.compile.TooManyPagesException;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What follows writes, debounced: a burst of tool calls is followed by one recompile of the
 * workspace's files (the core {@link Compiler}, with its no-churn and never-clobber rules) and one
 * round of {@code resources/updated} notifications for the subscribed views whose content changed.
 *
 * <p>Other processes' writes (another agent's server, the CLI, the sqlite3 shell) are noticed while
 * the client has subscriptions, and only then: every {@code watchMillis} one {@code PRAGMA
 * data_version} on a connection of its own (a few microseconds; it changes when another connection
 * committed), and when it moved, the subscribed views are rendered again and compared. Nothing of
 * this runs before the first subscription, so a server starts and answers without rendering a view.
 *
 * <p>Everything runs on one background thread at low priority, so a tool call never waits for it; a
 * failure is logged on stderr. A recompile that failed (another process held the database or the
 * workspace longer than the compile waits, say) is tried again {@value #RETRIES} times, after the
 * delay, then twice and four times the delay, unless a write schedules one first: the last write of
 * a session must not leave the files stale for want of a next write. One that wrote every page but
 * those past {@code max_page_bytes} is not tried again: the same rows give the same pages.
 */
final class AfterWrites implements AutoCloseable {
  private final WorkspaceConfig config;
  private final boolean recompile;
  private final long delayMillis;
  private final long watchMillis;
  private final ViewResources resources;
  private final Consumer<String> notifyUpdated;
  private final PrintStream log;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "mlos-mcp-after-writes");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
          });

  /** The URIs the client subscribed to (guarded by this). */
  private final Set<String> subscribed = new LinkedHashSet<>();

  private ScheduledFuture<?> pending;
  private ScheduledFuture<?> watch;

  /** How many times a failed recompile is tried again before the next write tries. */
  static final int RETRIES = 3;

  /** Writes seen so far, so a failed recompile knows whether one is scheduled after it. */
  private long writes;

  /** Failed recompiles in a row since the last write (guarded by this). */
  private int failures;

  /** The watch's own connection and the data_version it last saw (guarded by watchLock). */
  private final Object watchLock = new Object();

  private Connection watchConnection;
  private long dataVersion;

  /**
   * @param recompile false to leave the files alone (setting {@code --no-recompile})
   * @param delayMillis how long after the last write the work starts
   * @param watchMillis how often to look for other processes' writes while subscribed; 0 never
   * @param notifyUpdated sends {@code resources/updated} for one URI to its subscribers
   */
  AfterWrites(
      WorkspaceConfig config,
      boolean recompile,
      long delayMillis,
      long watchMillis,
      ViewResources resources,
      Consumer<String> notifyUpdated,
      PrintStream log) {
    this.config = config;
    this.recompile = recompile;
    this.delayMillis = delayMillis;
    this.watchMillis = watchMillis;
    this.resources = resources;
    this.notifyUpdated = notifyUpdated;
    this.log = log;
  }

  /** A write happened: (re)start the countdown. */
  synchronized void written() {
    if (closed || worker.isShutdown()) {
      return; // stopping: close() runs what is pending
    }
    if (pending != null) {
      pending.cancel(false);
    }
    writes++;
    failures = 0;
    pending = worker.schedule(this::work, delayMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * After a failed recompile: schedules it again and returns in how many ms, or -1 when it is not
   * (stopping, tried {@link #RETRIES} times, or a write since scheduled one).
   */
  private synchronized long retry(long writesBefore) {
    if (closed || worker.isShutdown() || writes != writesBefore || failures >= RETRIES) {
      return -1;
    }
    long after = Math.max(1, delayMillis) << failures;
    failures++;
    pending = worker.schedule(this::work, after, TimeUnit.MILLISECONDS);
    return after;
  }

  private synchronized long writesSoFar() {
    return writes;
  }

  /** Most resources one session follows (each is rendered again after another process wrote). */
  static final int MAX_SUBSCRIPTIONS = 100;

  /**
   * The client subscribed to {@code uri} (called as the request passes, before it is answered):
   * note where the database is now, render the view once in the background (the content later
   * changes are compared to) and, at the first subscription, start watching for other processes'
   * writes. A write that lands between the subscription and that first rendering is reported too.
   */
  void subscribed(String uri) {
    if (!resources.watched(uri)) {
      return; // no resource (the gate refused the subscription): nothing here to watch
    }
    long since = -1;
    if (watchMillis > 0) {
      try {
        since = currentVersion();
      } catch (SQLException | RuntimeException e) {
        log.println("mlos mcp: cannot read the database's data_version: " + e.getMessage());
      }
    }
    long at = since;
    synchronized (this) {
      if (worker.isShutdown() || subscribed.contains(uri)) {
        return;
      }
      if (subscribed.size() >= MAX_SUBSCRIPTIONS) {
        // Each one is rendered again after every write by another process: bounded.
        log.println(
            "mlos mcp: not watching "
                + uri
                + ": a session follows at most "
                + MAX_SUBSCRIPTIONS
                + " resources; unsubscribe from some first");
        return;
      }
      subscribed.add(uri);
      worker.execute(() -> baseline(uri, at));
      if (watch == null && watchMillis > 0) {
        watch =
            worker.scheduleWithFixedDelay(
                this::check, watchMillis, watchMillis, TimeUnit.MILLISECONDS);
      }
    }
  }

  private void baseline(String uri, long since) {
    try {
      resources.changed(Set.of(uri));
      if (since >= 0 && currentVersion() != since) {
        notifyUpdated.accept(
            uri); // the rendering above may already hold a write made after the subscription
      }
    } catch (SQLException | RuntimeException e) {
      log.println("mlos mcp: cannot render " + uri + ": " + e.getMessage());
    }
  }

  /** The client unsubscribed from {@code uri}; after the last one, the watch stops. */
  synchronized void unsubscribed(String uri) {
    if (!subscribed.remove(uri) || !subscribed.isEmpty() || watch == null) {
      return;
    }
    watch.cancel(false);
    watch = null;
    if (!worker.isShutdown()) {
      worker.execute(this::closeWatch);
    }
  }

  private synchronized Set<String> subscriptions() {
    return Set.copyOf(subscribed);
  }

  /** Whether the client is subscribed to {@code uri} (and it is followed). */
  synchronized boolean isSubscribed(String uri) {
    return subscribed.contains(uri);
  }

  private void work() {
    if (recompile) {
      long writesBefore = writesSoFar();
      try {
        CompileResult r =
            new Compiler(AfterWrites.class.getClassLoader())
                // One render thread: the agent's next tool call matters more than the files'
                // freshness.
                .compile(
                    new CompileRequest(config, null, false, false, 1),
                    new Reporter() {
                      @Override
                      public void info(String message) {}

                      @Override
                      public void warn(String message) {
                        log.println("mlos mcp: compile: " + message);
                      }
                    });
        log.println("mlos mcp: recompiled: " + r.summary());
      } catch (PagesTooLargeException e) {
        // A rule failed, not the compile: every other page is written, and trying again renders
        // the same rows to the same pages, so it waits for the next write.
        log.println(
            "mlos mcp: recompiled, but "
                + e.describe()
                + System.lineSeparator()
                + "mlos mcp: not tried again before the next write (the same rows give the same"
                + " pages)");
      } catch (TooManyPagesException e) {
        // The same rows stop at the same row: trying again would render up to the cap each time.
        log.println(
            "mlos mcp: recompile stopped (the write itself is saved): "
                + e.getMessage()
                + System.lineSeparator()
                + "mlos mcp: fix: "
                + e.fix()
                + System.lineSeparator()
                + "mlos mcp: not tried again before the next write (the same rows stop at the same"
                + " row)");
      } catch (RuntimeException e) {
        long again = retry(writesBefore);
        log.println(
            "mlos mcp: background recompile failed (the write itself is saved): "
                + e.getMessage()
                + (again >= 0
                    ? "; tried again in " + again + " ms"
                    : "; the next write tries again"));
      }
    }
    notifyChanged();
  }

  private void notifyChanged() {
    Set<String> uris = subscriptions();
    if (uris.isEmpty()) {
      return;
    }
    try {
      List<String> changed = resources.changed(uris);
      for (String uri : changed) {
        notifyUpdated.accept(uri);
      }
    } catch (RuntimeException e) {
      log.println("mlos mcp: cannot check the views for changes: " + e.getMessage());
    }
  }

  /** One look at the database: did another connection commit since the last look? */
  private void check() {
    boolean moved;
    synchronized (watchLock) {
      try {
        long before = watchConnection == null ? -1 : dataVersion;
        openWatch();
        long now = dataVersion(watchConnection);
        dataVersion = now;
        moved = before >= 0 && now != before;
      } catch (SQLException | RuntimeException e) {
        log.println(
            "mlos mcp: cannot check the database for other writers (tried again in "
                + watchMillis
                + " ms): "
                + e.getMessage());
        closeWatch();
        return;
      }
    }
    if (moved) {
      notifyChanged();
    }
  }

  /** The database's data_version as the watch connection sees it now. */
  private long currentVersion() throws SQLException {
    synchronized (watchLock) {
      openWatch();
      return dataVersion(watchConnection);
    }
  }

  private void openWatch() throws SQLException {
    if (watchConnection != null) {
      return;
    }
    Connection c = Database.at(config.database()).openReadOnly();
    try {
      dataVersion = dataVersion(c);
      watchConnection = c;
    } catch (SQLException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private static long dataVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA data_version")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void closeWatch() {
    synchronized (watchLock) {
      if (watchConnection != null) {
        closeQuietly(watchConnection);
        watchConnection = null;
      }
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // a read-only connection with nothing to keep
    }
  }

  /** Whether {@link #close} ran (guarded by this). */
  private boolean closed;

  /**
   * Runs what is pending now (at shutdown), without waiting out the countdown, and stops the
   * thread; waits at most 30 s for it. Called when stdin ends and from the JVM's shutdown hook
   * (SIGTERM); a second call waits as the first does.
   */
  @Override
  public void close() {
    boolean first;
    ScheduledFuture<?> last;
    synchronized (this) {
      first = !closed;
      closed = true;
      last = pending;
      if (watch != null) {
        watch.cancel(false);
        watch = null;
      }
    }
    if (first) {
      // The countdown gathers a burst of writes into one compile; none comes after this, and a
      // client stopping its server does not wait long (the TypeScript SDK sends SIGTERM 2 s after
      // closing stdin): a compile left to the countdown was cut off there, the files stale.
      if (last != null && last.cancel(false)) {
        worker.execute(this::work);
      }
      worker.execute(this::closeWatch);
      worker.shutdown();
    }
    try {
      worker.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
