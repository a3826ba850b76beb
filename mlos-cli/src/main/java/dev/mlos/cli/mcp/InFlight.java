package dev.mlos.cli.mcp;

/**
 * Counts the requests a handler is working on, so a server whose client closed stdin right after
 * sending (as one-shot clients do) answers what it received before it stops, instead of dropping
 * requests that are queued behind the engine.
 */
final class InFlight {
  private int count;
  private long lastChange = System.nanoTime();

  synchronized void enter() {
    count++;
    lastChange = System.nanoTime();
  }

  synchronized void exit() {
    count--;
    lastChange = System.nanoTime();
    notifyAll();
  }

  /**
   * Waits until no request has been in flight for {@code quietMillis} (requests read just before
   * stdin ended are still being dispatched), at most {@code maxMillis}.
   */
  synchronized void awaitIdle(long quietMillis, long maxMillis) throws InterruptedException {
    long deadline = System.nanoTime() + maxMillis * 1_000_000;
    while (System.nanoTime() < deadline) {
      long quietFor = (System.nanoTime() - lastChange) / 1_000_000;
      if (count == 0 && quietFor >= quietMillis) {
        return;
      }
      wait(Math.max(1, count == 0 ? quietMillis - quietFor : 100));
    }
  }
}
