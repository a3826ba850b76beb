package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A row-by-row merge too large for the JVM's heap is refused before it starts, naming the sizes and
 * the setting that lifts the limit (a pull at 10,000 needs with -Xmx512m ended in an
 * OutOfMemoryError and a stack trace half way).
 */
class MergeHeapTest {
  private static final long MB = 1024L * 1024;

  @Test
  void aMergeThatDoesNotFitIsRefusedWithTheSizesAndTheSetting() {
    MlosException e =
        assertThrows(
            MlosException.class,
            () ->
                TextFiles.requireHeapToMerge(
                    "merge row by row the pulled mlos.db.sql into mlos.db", 67 * MB, 512 * MB));

    assertTrue(
        e.getMessage()
            .equals(
                "mlos cannot merge row by row the pulled mlos.db.sql into mlos.db: it holds the"
                    + " texts (up to 67 MiB here) in memory and needs about 536 MiB, more than"
                    + " this Java process may use (512 MiB); nothing was changed"),
        e.getMessage());
    // The heap as a remedy, which each client words for the JVM it starts (MAVEN_OPTS for mvn,
    // JAVA_TOOL_OPTIONS for the mlos command, the server's args for MCP): the fix named
    // MAVEN_OPTS and JAVA_TOOL_OPTIONS whichever of them ran.
    assertEquals(List.of(Remedy.moreMemory(768)), e.remedies());
    assertEquals(
        "give Java more memory and run it again: a heap of 768 MiB (-Xmx768m for the JVM that runs"
            + " mlos)",
        e.fix());
  }

  @Test
  void aMergeThatFitsOrAnUnboundedHeapGoesAhead() {
    assertDoesNotThrow(() -> TextFiles.requireHeapToMerge("x", 67 * MB, 700 * MB));
    assertDoesNotThrow(() -> TextFiles.requireHeapToMerge("x", 67 * MB, Long.MAX_VALUE));
  }

  @Test
  void aTextLargerThanAnyHeapIsRefusedThoughItsSizeTimesEightOverflows() {
    // A sparse file (XFS and btrfs hold files of exabytes): 2^61 bytes times 8 wrapped to a
    // negative need, and the merge went ahead to read it.
    long huge = 1L << 61;
    MlosException e =
        assertThrows(
            MlosException.class,
            () -> TextFiles.requireHeapToMerge("merge row by row x", huge, 512 * MB));

    assertTrue(e.getMessage().contains("(up to " + (huge / MB) + " MiB here)"), e.getMessage());
    assertTrue(e.fix().contains("-Xmx") && !e.fix().contains("-Xmx-"), e.fix());
    assertThrows(
        MlosException.class,
        () -> TextFiles.requireHeapToMerge("merge row by row x", Long.MAX_VALUE, 512 * MB));
  }
}
