package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The render pipeline: results in submission order, the earliest failure, nothing lost. */
class OrderedPipelineTest {

  @Test
  void resultsReachTheConsumerInSubmissionOrderForAnyCountAndThreads() {
    for (int threads : new int[] {1, 2, 3}) {
      for (int count : new int[] {0, 1, 3, 4, 9, 103, 1000}) {
        List<Integer> got = new ArrayList<>();
        try (OrderedPipeline p = new OrderedPipeline(threads)) {
          for (int i = 0; i < count; i++) {
            int n = i;
            p.submit(
                () -> {
                  if (n % 50 < 3) {
                    Thread.sleep(n % 3); // finish out of order
                  }
                  return n;
                },
                got::add);
          }
          p.finish();
        }
        assertEquals(
            IntStream.range(0, count).boxed().toList(),
            got,
            threads + " threads, " + count + " tasks");
      }
    }
  }

  @Test
  void theEarliestFailureIsThrownAfterEveryResultBeforeItWasDelivered() {
    for (int threads : new int[] {1, 2, 3}) {
      List<Integer> got = new ArrayList<>();
      OrderedPipeline p = new OrderedPipeline(threads);
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> {
                for (int i = 0; i < 50; i++) {
                  int n = i;
                  p.submit(
                      () -> {
                        if (n == 13 || n == 17) {
                          throw new IllegalStateException("task " + n);
                        }
                        return n;
                      },
                      got::add);
                }
                p.finish();
              });
      p.close();
      assertEquals("task 13", e.getMessage(), threads + " threads");
      assertEquals(
          IntStream.range(0, 13).boxed().toList(), got.subList(0, Math.min(13, got.size())));
      assertTrue(got.size() >= 13 && !got.contains(13), threads + " threads: " + got);
    }
  }

  @Test
  void abandoningStillDeliversEveryTaskSubmittedBeforeIt() {
    List<Integer> got = new ArrayList<>();
    try (OrderedPipeline p = new OrderedPipeline(2)) {
      for (int i = 0; i < 13; i++) {
        int n = i;
        p.submit(() -> n, got::add);
      }
      RuntimeException failing = new RuntimeException("the caller's failure");
      p.abandon(failing);
      assertEquals(0, failing.getSuppressed().length, "no task failed");
    }
    assertEquals(
        IntStream.range(0, 13).boxed().toList(),
        got,
        "as in a sequential run, every page submitted before a failure is rendered and recorded");
  }

  @Test
  void anErrorInATaskIsThrownAsItselfAfterTheOthersFinishedWithTheirFailuresSuppressed() {
    for (int threads : new int[] {1, 2, 3}) {
      List<Integer> got = new ArrayList<>();
      OrderedPipeline p = new OrderedPipeline(threads);
      int t = threads;
      StackOverflowError error = new StackOverflowError("task 17");
      // With several threads the tasks wait until all 50 are submitted: a task that failed before
      // the Error's task was submitted would make that submit throw (fail fast), before the Error
      // exists, which is not the case under test (it ended CI once).
      java.util.concurrent.CountDownLatch submitted = new java.util.concurrent.CountDownLatch(1);
      StackOverflowError thrown =
          assertThrows(
              StackOverflowError.class,
              () -> {
                for (int i = 0; i < 50; i++) {
                  int n = i;
                  p.submit(
                      () -> {
                        if (t > 1) {
                          submitted.await();
                        }
                        if (n == 13
                            && t > 1) { // with one thread, a failure at 13 would stop the run there
                          throw new IllegalStateException("task 13");
                        }
                        if (n == 17) {
                          throw error;
                        }
                        return n;
                      },
                      got::add);
                }
                submitted.countDown();
                p.finish();
              },
              threads
                  + " threads: an Error is neither wrapped nor demoted below an ordinary failure");
      p.close();
      assertSame(error, thrown, threads + " threads");
      if (threads > 1) {
        // every task submitted before the Error was waited for; the earlier ordinary failure is
        // kept
        List<String> suppressed =
            Arrays.stream(thrown.getSuppressed()).map(Throwable::getMessage).toList();
        assertEquals(List.of("task 13"), suppressed, threads + " threads");
      }
      assertEquals(
          IntStream.range(0, 13).boxed().toList(), got.subList(0, 13), threads + " threads");
      assertTrue(!got.contains(17), threads + " threads");
    }
  }

  @Test
  void laterFailuresAreSuppressedOnTheEarliest() {
    OrderedPipeline p = new OrderedPipeline(2);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> {
              for (int i = 0; i < 4; i++) {
                int n = i;
                p.submit(
                    () -> {
                      throw new IllegalStateException("task " + n);
                    },
                    r -> fail("no task succeeds"));
              }
              p.finish();
            });
    p.close();
    assertEquals("task 0", e.getMessage());
    for (Throwable t : e.getSuppressed()) {
      assertTrue(t.getMessage().matches("task [1-3]"), t.getMessage());
    }
  }

  @Test
  void abandoningAddsTheTasksFailuresToTheCallersAndCloseThrowsWhatNobodyCollected() {
    RuntimeException failing = new RuntimeException("the caller's failure");
    OutOfMemoryError oom = new OutOfMemoryError("task 2");
    // The tasks wait until all four are submitted: a task that failed before the next submit would
    // make that submit throw (fail fast), which is not the case under test.
    java.util.concurrent.CountDownLatch submitted = new java.util.concurrent.CountDownLatch(1);
    try (OrderedPipeline p = new OrderedPipeline(2)) {
      for (int i = 0; i < 4; i++) {
        int n = i;
        p.submit(
            () -> {
              submitted.await();
              if (n == 2) {
                throw oom;
              }
              return n;
            },
            r -> {});
      }
      submitted.countDown();
      p.abandon(failing);
    }
    assertEquals(
        List.of(oom),
        Arrays.asList(failing.getSuppressed()),
        "the Error reaches the caller's failure");

    // Left in flight and closed without finish or abandon: close throws it, it is not dropped.
    OrderedPipeline p = new OrderedPipeline(2);
    p.submit(
        () -> {
          throw oom;
        },
        r -> {});
    assertSame(oom, assertThrows(OutOfMemoryError.class, p::close));
  }
}
