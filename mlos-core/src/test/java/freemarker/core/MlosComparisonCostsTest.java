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

  /**
   * A comparison normalises both strings (NFKC): each character is charged what it normalises to, a
   * combining mark (composed around) and each half of a surrogate pair more.
   */
  @Test
  void aComparedStringCostsWhatItNormalisesTo() {
    assertEquals(0, MlosComparisonCosts.normalisedLength(""));
    assertEquals(3, MlosComparisonCosts.normalisedLength("abc"));
    assertEquals(2, MlosComparisonCosts.normalisedLength("\u00e9\u4e2d"));
    assertEquals(18, MlosComparisonCosts.normalisedLength("\uFDFA"));
    assertEquals(3, MlosComparisonCosts.normalisedLength("\uFB03")); // the ligature ffi
    assertEquals(
        1 + MlosComparisonCosts.MARK_STEPS, MlosComparisonCosts.normalisedLength("e\u0301"));
    assertEquals(6, MlosComparisonCosts.normalisedLength("\uD835\uDC00"));
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

  /**
   * Titles a workspace's template sorts mostly differ in their first letters, where the collator
   * stops: charged both whole lengths, a sort of 10,000 titles of 60 characters cost almost half
   * the bound. Charged up to just past their first difference where the collator surely stops
   * there; both lengths where it may read on (a difference of case only, a combining mark after it,
   * a locale's rules that make the two letters one, no difference at all).
   */
  @Test
  void aComparisonThatStopsAtAnEarlyDifferenceCostsUpToIt() throws Exception {
    java.text.Collator root = java.text.Collator.getInstance(java.util.Locale.ROOT);
    String x = "x".repeat(1000);
    assertEquals(
        8 * 2 * 2 + (11 + 10) / 16 + 8,
        MlosComparisonCosts.collationCost(root, "Alpha title", "Beta title"));
    assertEquals(
        8 * 2 * 1002 + 4002 / 16 + 8,
        MlosComparisonCosts.collationCost(root, x + "a" + x, x + "b" + x));
    assertEquals(
        8 * 2 * 2 + 1002 / 16 + 8,
        MlosComparisonCosts.collationCost(root, "1" + x, "2"),
        "the copy of both is paid however early they differ");
    assertEquals(
        8 * (3 + 3), MlosComparisonCosts.collationCost(root, "abc", "Abc"), "case only: read on");
    assertEquals(
        8 * (2 + 1000 + 1 + 1000),
        MlosComparisonCosts.collationCost(root, "a\u0301" + x, "b" + x),
        "a combining mark after the difference: read on");
    assertEquals(8 * 2 * 2000, MlosComparisonCosts.collationCost(root, x + x, x + x), "equal");
    assertEquals(
        8 * (1000 + 1001),
        MlosComparisonCosts.collationCost(root, x, x + "a"),
        "one the other's beginning: read to its end");
    java.text.Collator vIsW = new java.text.RuleBasedCollator("< a < b < v ; w < x");
    assertEquals(
        8 * (1001 + 1001),
        MlosComparisonCosts.collationCost(vIsW, "v" + x, "w" + x),
        "rules that make v and w one letter: read on");
    assertEquals(
        8 * 2 * 2 + 2002 / 16 + 8, MlosComparisonCosts.collationCost(vIsW, "b" + x, "v" + x));
    assertEquals(
        8 * 2 * 2 + 2002 / 16 + 8, MlosComparisonCosts.collationCost(root, "v" + x, "w" + x));
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
