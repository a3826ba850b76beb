package freemarker.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A sort of n entries costs n * ceil(log2 n) steps, and each comparison of two strings 8 steps a
 * character of both, without overflow for any n or string.
 */
class MlosComparisonCostsTest {
  @Test
  void aValueComparedManyTimesCostsItsLengthEachTime() {
    assertEquals(6, MlosComparisonCosts.times(2, 3));
    assertEquals(5, MlosComparisonCosts.times(5, 1));
    assertEquals(Long.MAX_VALUE, MlosComparisonCosts.times(Long.MAX_VALUE / 2, 3));
  }

  @Test
  void aComparisonOfStringsCostsBothLengths() {
    assertEquals(0, MlosComparisonCosts.collationCost(0, 0));
    assertEquals(8 * (3 + 4), MlosComparisonCosts.collationCost(3, 4));
    assertEquals(16_000_000, MlosComparisonCosts.collationCost(1_000_000, 1_000_000));
    assertEquals(
        8 * 2 * (long) Integer.MAX_VALUE,
        MlosComparisonCosts.collationCost(Integer.MAX_VALUE, Integer.MAX_VALUE));
  }

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
