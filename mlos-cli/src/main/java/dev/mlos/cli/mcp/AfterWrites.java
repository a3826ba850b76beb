package dev.mlos.cli.mcp;

import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.CompileResult;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.config.WorkspaceConfig;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What follows writes, debounced: a burst of tool calls is followed by one recompile of the
 * workspace's files (the core {@link Compiler}, with its no-churn and never-clobber rules) and one
 * round of {@code resources/updated} notifications for the views whose bytes changed. Runs on one
 * background thread, so a tool call never waits for it; a failure is logged on stderr and the next
 * write tries again.
 */
final class AfterWrites implements AutoCloseable {
  private final WorkspaceConfig config;
  private final boolean recompile;
  private final long delayMillis;
  private final ViewResources resources;
  private final Consumer<String> notifyUpdated;
  private final PrintStream log;
  private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "mlos-mcp-after-writes");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    return t;
  });
  private ScheduledFuture<?> pending;

  /**
   * @param recompile false to leave the files alone (setting {@code --no-recompile})
   * @param delayMillis how long after the last write the work starts
   * @param notifyUpdated sends {@code resources/updated} for one URI to its subscribers
   */
  AfterWrites(WorkspaceConfig config, boolean recompile, long delayMillis, ViewResources resources,
      Consumer<String> notifyUpdated, PrintStream log) {
    this.config = config;
    this.recompile = recompile;
    this.delayMillis = delayMillis;
    this.resources = resources;
    this.notifyUpdated = notifyUpdated;
    this.log = log;
  }

  /** Renders the watched views once in the background: the baseline later writes are compared to. */
  void start() {
    worker.execute(() -> {
      try {
        resources.changed();
      } catch (RuntimeException e) {
        log.println("mlos mcp: cannot render the views: " + e.getMessage());
      }
    });
  }

  /** A write happened: (re)start the countdown. */
  synchronized void written() {
    if (worker.isShutdown()) {
      return; // stopping: close() runs what is pending
    }
    if (pending != null) {
      pending.cancel(false);
    }
    pending = worker.schedule(this::work, delayMillis, TimeUnit.MILLISECONDS);
  }

  private void work() {
    if (recompile) {
      try {
        CompileResult r = new Compiler(AfterWrites.class.getClassLoader())
            // One render thread: the agent's next tool call matters more than the files' freshness.
            .compile(new CompileRequest(config, null, false, false, 1), new Reporter() {
              @Override
              public void info(String message) {}

              @Override
              public void warn(String message) {
                log.println("mlos mcp: compile: " + message);
              }
            });
        log.println("mlos mcp: recompiled: " + r.summary());
      } catch (RuntimeException e) {
        log.println("mlos mcp: background recompile failed (the write itself is saved): " + e.getMessage());
      }
    }
    try {
      List<String> changed = resources.changed();
      for (String uri : changed) {
        notifyUpdated.accept(uri);
      }
    } catch (RuntimeException e) {
      log.println("mlos mcp: cannot check the views for changes: " + e.getMessage());
    }
  }

  /** Runs what is pending now (at shutdown) and stops the thread. */
  @Override
  public void close() {
    ScheduledFuture<?> last;
    synchronized (this) {
      last = pending;
    }
    worker.shutdown();
    try {
      if (last != null && !last.isDone()) {
        worker.awaitTermination(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
