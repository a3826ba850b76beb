package dev.mlos.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
  @Test
  void showsAChangedLineWithContext() {
    String expected = "a\nb\nc\nd\ne\nf\n";
    String actual = "a\nb\nc\nD\ne\nf\n";
    assertEquals(
        "--- expected/x.md\n"
            + "+++ docs/x.md\n"
            + "@@ -2,5 +2,5 @@\n"
            + " b\n"
            + " c\n"
            + "-d\n"
            + "+D\n"
            + " e\n"
            + " f\n",
        UnifiedDiff.between("expected/x.md", expected, "docs/x.md", actual, 2, 100));
  }

  @Test
  void equalTextsGiveAnEmptyDiff() {
    assertEquals("", UnifiedDiff.between("a", "same\n", "b", "same\n", 3, 10));
  }

  @Test
  void truncatesLongDiffsWithACountOfWhatWasCut() {
    StringBuilder expected = new StringBuilder();
    StringBuilder actual = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      expected.append("line ").append(i).append('\n');
      actual.append("LINE ").append(i).append('\n');
    }
    String full = UnifiedDiff.between("e", expected.toString(), "a", actual.toString(), 0, 1000);
    int fullLines = full.split("\n").length;
    assertEquals(2 + 1 + 100, fullLines, "headers, one hunk, 50 removed and 50 added");

    String cut = UnifiedDiff.between("e", expected.toString(), "a", actual.toString(), 0, 10);
    String[] lines = cut.split("\n");
    assertEquals(11, lines.length);
    assertEquals("... (" + (fullLines - 10) + " more lines)", lines[10]);
    assertTrue(full.startsWith(cut.substring(0, cut.lastIndexOf("..."))));
    assertTrue(cut.endsWith("\n"));
  }

  @Test
  void exactlyMaxLinesIsNotTruncated() {
    String diff = UnifiedDiff.between("e", "x\n", "a", "y\n", 3, 5);
    assertEquals("--- e\n+++ a\n@@ -1,1 +1,1 @@\n-x\n+y\n", diff);
    assertEquals(
        "--- e\n+++ a\n@@ -1,1 +1,1 @@\n-x\n... (1 more lines)\n",
        UnifiedDiff.between("e", "x\n", "a", "y\n", 3, 4));
  }

  @Test
  void missingFinalNewlineIsVisible() {
    String diff = UnifiedDiff.between("e", "a\nb\n", "a", "a\nb", 1, 100);
    assertTrue(diff.endsWith("-b\n+b\n" + UnifiedDiff.NO_NEWLINE + "\n"), diff);
  }

  @Test
  void addedFileAgainstEmptyText() {
    String diff = UnifiedDiff.between("e", "", "a", "new\n", 3, 100);
    assertTrue(diff.startsWith("--- e\n+++ a\n@@ -"), diff);
    assertTrue(diff.endsWith("+new\n"), diff);
  }

  @Test
  void rejectsNegativeLimits() {
    assertThrows(
        IllegalArgumentException.class, () -> UnifiedDiff.between("e", "a", "a", "b", -1, 5));
    assertThrows(
        IllegalArgumentException.class, () -> UnifiedDiff.between("e", "a", "a", "b", 1, -5));
  }

  @Test
  void firstDifferentLineIsOneBasedOrMinusOne() {
    assertEquals(-1, UnifiedDiff.firstDifferentLine("a\nb\n", "a\nb\n"));
    assertEquals(-1, UnifiedDiff.firstDifferentLine("", ""));
    assertEquals(1, UnifiedDiff.firstDifferentLine("a\nb\n", "x\nb\n"));
    assertEquals(2, UnifiedDiff.firstDifferentLine("a\nb\nc\n", "a\nB\nc\n"));
    assertEquals(3, UnifiedDiff.firstDifferentLine("a\nb\nc", "a\nb\nc d"));
    assertEquals(2, UnifiedDiff.firstDifferentLine("a\nb\n", "a\nb"), "missing final newline");
    assertEquals(3, UnifiedDiff.firstDifferentLine("a\nb\n", "a\nb\nc\n"), "appended line");
    assertEquals(1, UnifiedDiff.firstDifferentLine("a\r\nb\r\n", "a\nb\n"), "CRLF");
    assertEquals(1, UnifiedDiff.firstDifferentLine("", "x"));
  }
}
