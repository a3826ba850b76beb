package dev.mlos.core.compile;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs tasks on a few threads and hands their results to one consumer on the submitting thread, in
 * submission order. At most {@value #WINDOW_PER_THREAD} tasks per thread are in flight, so memory
 * stays bounded however many pages a view has. With one thread, tasks run on the caller's thread.
 *
 * <p>The window is wide because results are handed over in order: with a few tasks per thread, one
 * page held up (a slow file creation, a garbage collection) stopped the submitting thread, which
 * runs every query, while the other threads ran out of work. At 100k pages a window of 64 per
 * thread made the cold compile about 10% faster than one of 4 (bench/RESULTS.md); a page in flight
 * holds its query results and its rendered text, a few kilobytes.
 *
 * <p>When a task fails, nothing more is submitted: the tasks already in flight finish, their
 * results still reach the consumer (a page written to disk is recorded), and the failure of the
 * earliest failed task is thrown (an {@link Error} ahead of it), the others suppressed on it. Since
 * tasks are submitted in page order, that is the same failure a sequential run would have reported.
 */
final class OrderedPipeline implements AutoCloseable {
  static final int WINDOW_PER_THREAD = 64;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ExecutorService pool;
  private final int maxInFlight;
  private final ArrayDeque<Pending<?>> inFlight = new ArrayDeque<>();
  private volatile boolean failed;

  private record Pending<R>(Future<R> future, Consumer<R> consumer) {}

  OrderedPipeline(int threads) {
    if (threads <= 1) {
      this.pool = null;
      this.maxInFlight = 0;
    } else {
      int id = POOLS.incrementAndGet();
      AtomicInteger n = new AtomicInteger();
      this.pool =
          Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "mlos-render-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      this.maxInFlight = threads * WINDOW_PER_THREAD;
    }
  }

  /**
   * Runs {@code task} on its own, outside the ordered results (on this thread when there is only
   * one); the caller waits for it through the future.
   */
  <R> Future<R> async(Callable<R> task) {
    if (pool == null) {
      CompletableFuture<R> done = new CompletableFuture<>();
      try {
        done.complete(task.call());
      } catch (Exception e) {
        done.completeExceptionally(e);
      }
      return done;
    }
    return pool.submit(task);
  }

  /** Runs {@code task}; its result reaches {@code consumer} on this thread, in order. */
  <R> void submit(Callable<R> task, Consumer<R> consumer) {
    if (pool == null) {
      consumer.accept(call(task));
      return;
    }
    if (failed) {
      finish();
    }
    inFlight.add(
        new Pending<>(
            pool.submit(
                () -> {
                  try {
                    return task.call();
                  } catch (Throwable t) {
                    failed = true;
                    throw t;
                  }
                }),
            consumer));
    while (inFlight.size() > maxInFlight) {
      takeOne();
    }
  }

  /**
   * Hands a result that needs no work to {@code consumer} on this thread, in order with the tasks
   * in flight (at once when none is).
   */
  <R> void passOn(R result, Consumer<R> consumer) {
    if (pool == null || inFlight.isEmpty()) {
      consumer.accept(result);
      return;
    }
    inFlight.add(new Pending<>(CompletableFuture.completedFuture(result), consumer));
    while (inFlight.size() > maxInFlight) {
      takeOne();
    }
  }

  /**
   * Waits for every task in flight and hands over their results. Throws the earliest failure, after
   * every other task finished, with the later ones as suppressed exceptions; an {@link Error} (out
   * of memory, a linkage error) is thrown as itself, ahead of any ordinary failure, never wrapped
   * or dropped.
   */
  void finish() {
    rethrow(primary(drain()));
  }

  /** Takes every task in flight, in order; the failures, in the order met. */
  private List<Throwable> drain() {
    List<Throwable> failures = new ArrayList<>();
    while (!inFlight.isEmpty()) {
      try {
        takeOne();
      } catch (RuntimeException | Error e) {
        failures.add(e);
      }
    }
    return failures;
  }

  /**
   * The failure to report: the first Error if there is one, else the first failure; every other one
   * added to it as suppressed. Null when there is none.
   */
  private static Throwable primary(List<Throwable> failures) {
    Throwable main = null;
    for (Throwable t : failures) {
      if (t instanceof Error) {
        main = t;
        break;
      }
    }
    if (main == null && !failures.isEmpty()) {
      main = failures.get(0);
    }
    for (Throwable t : failures) {
      if (t != main) {
        main.addSuppressed(t);
      }
    }
    return main;
  }

  private static void rethrow(Throwable t) {
    if (t instanceof Error e) {
      throw e;
    }
    if (t != null) {
      throw (RuntimeException) t; // takeOne throws only unchecked exceptions
    }
  }

  private <R> void takeOne() {
    @SuppressWarnings("unchecked")
    Pending<R> p = (Pending<R>) inFlight.poll();
    R result;
    try {
      result = p.future().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rendering", e);
    } catch (CancellationException e) {
      throw new IllegalStateException("rendering was cancelled", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
    p.consumer().accept(result);
  }

  private static <R> R call(Callable<R> task) {
    try {
      return task.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits for the tasks still in flight, handing over what succeeded: used when the caller is
   * already failing with {@code failure}, so that every page written is still recorded. Their
   * failures are added to {@code failure} as suppressed exceptions, for the caller to throw.
   */
  void abandon(Throwable failure) {
    for (Throwable t : drain()) {
      if (t != failure) {
        failure.addSuppressed(t);
      }
    }
  }

  /**
   * Waits for the tasks still in flight, handing over what succeeded, then stops the threads. Their
   * failures are thrown as {@link #finish()} throws them (in a try-with-resources that is already
   * failing, they end up suppressed on that failure).
   */
  @Override
  public void close() {
    List<Throwable> failures;
    try {
      failures = drain();
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    rethrow(primary(failures));
  }
}
