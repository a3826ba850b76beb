package freemarker.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A sort of n entries costs n * ceil(log2 n) steps, without overflow for any n. */
class MlosComparisonCostsTest {
  @Test
  void aSortCostsItsComparisons() {
    assertEquals(0, MlosComparisonCosts.sortCost(0));
    assertEquals(1, MlosComparisonCosts.sortCost(1));
    assertEquals(2, MlosComparisonCosts.sortCost(2));
    assertEquals(3 * 2, MlosComparisonCosts.sortCost(3));
    assertEquals(1024 * 10, MlosComparisonCosts.sortCost(1024));
    assertEquals(1025 * 11, MlosComparisonCosts.sortCost(1025));
    assertEquals(200_000L * 18, MlosComparisonCosts.sortCost(200_000));
  }

  @Test
  void aHugeSortIsChargedAtMostTheLargestCount() {
    assertEquals(Long.MAX_VALUE, MlosComparisonCosts.sortCost(1L << 62));
    assertEquals(Long.MAX_VALUE, MlosComparisonCosts.sortCost(Long.MAX_VALUE));
    assertEquals((1L << 57) * 57, MlosComparisonCosts.sortCost(1L << 57));
  }
}
