package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
            p.submit(() -> {
              if (n % 50 < 3) {
                Thread.sleep(n % 3); // finish out of order
              }
              return n;
            }, got::add);
          }
          p.finish();
        }
        assertEquals(IntStream.range(0, count).boxed().toList(), got, threads + " threads, " + count + " tasks");
      }
    }
  }

  @Test
  void theEarliestFailureIsThrownAfterEveryResultBeforeItWasDelivered() {
    for (int threads : new int[] {1, 2, 3}) {
      List<Integer> got = new ArrayList<>();
      OrderedPipeline p = new OrderedPipeline(threads);
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
        for (int i = 0; i < 50; i++) {
          int n = i;
          p.submit(() -> {
            if (n == 13 || n == 17) {
              throw new IllegalStateException("task " + n);
            }
            return n;
          }, got::add);
        }
        p.finish();
      });
      p.close();
      assertEquals("task 13", e.getMessage(), threads + " threads");
      assertEquals(IntStream.range(0, 13).boxed().toList(), got.subList(0, Math.min(13, got.size())));
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
      p.abandon();
    }
    assertEquals(IntStream.range(0, 13).boxed().toList(), got,
        "as in a sequential run, every page submitted before a failure is rendered and recorded");
  }
}
