package dev.mlos.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard's search for unknown compiled files passes a recorded page by name: macOS may list a
 * page in another Unicode form than the one recorded (café with a composed é, or with e and a
 * combining accent), which is the same file there, so it is passed in composed form too (found by
 * the review: it was reported UNKNOWN, beside a MISSING).
 */
class UnrecordedMarkdownTest {
  @TempDir Path out;

  @Test
  void aRecordedPageListedInAnotherUnicodeFormIsNotUnknown() throws Exception {
    String composed = "caf\u00e9.md";
    String decomposed = "cafe\u0301.md";
    Files.writeString(out.resolve(decomposed), "---\ncompiled_at: x\n---\n");
    Files.writeString(out.resolve("other.md"), "---\ncompiled_at: x\n---\n");

    assertEquals(
        List.of("other.md"), UnknownFiles.unrecordedMarkdown(out, Set.of(composed, "x.md")));
    assertEquals(
        List.of(decomposed, "other.md"),
        UnknownFiles.unrecordedMarkdown(out, Set.of("cafe.md", "x.md")),
        "a path without the accent is another name");
  }
}
