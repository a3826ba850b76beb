package dev.mlos.core.frontmatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files declare a top-level {@code compiled_at:} line, and the volatile-line reads. */
class FrontMatterLinesTest {
  @TempDir Path dir;

  private int files;

  private boolean declares(byte[] content) throws IOException {
    Path file = dir.resolve("f" + files++ + ".md");
    Files.write(file, content);
    return FrontMatterLines.declaresCompiledAt(file);
  }

  private boolean declares(String content) throws IOException {
    return declares(content.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void frontMatterWithCompiledAtDeclaresIt() throws IOException {
    assertTrue(declares("---\ntitle: x\ncompiled_at: 2026-01-01T00:00:00Z\n---\n# Body\n"));
    assertTrue(declares("---\ncompiled_at: x"));
    assertTrue(declares("---\ncompiled_at:"));
  }

  @Test
  void aByteOrderMarkBeforeTheFirstLineIsSkippedOnce() throws IOException {
    assertTrue(declares("\uFEFF---\ncompiled_at: x\n---\n"));
    assertFalse(declares("\uFEFF\uFEFF---\ncompiled_at: x\n---\n"));
    assertFalse(declares(new byte[] {(byte) 0xEF, (byte) 0xBB, '-', '-', '-', '\n', 'c'}));
    assertFalse(declares(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}));
  }

  @Test
  void crlfAndLoneCrEndLinesLikeReadLine() throws IOException {
    assertTrue(declares("---\r\ntitle: x\r\ncompiled_at: x\r\n---\r\n"));
    assertTrue(declares("---\rtitle: x\rcompiled_at: x\r---\r"));
    assertTrue(declares("---\r\n\r\n\rcompiled_at: x\n"));
  }

  @Test
  void theFirstLineMayEndInWhitespace() throws IOException {
    assertTrue(declares("---  \ncompiled_at: x\n"));
    assertTrue(declares("---\t \u000B\f\u001F\r\ncompiled_at: x\n"));
    assertTrue(declares("---\u2003\ncompiled_at: x\n"));
    assertFalse(declares("---\u00A0\ncompiled_at: x\n"));
    assertFalse(declares("---x\ncompiled_at: x\n"));
    assertFalse(declares("----\ncompiled_at: x\n"));
    assertFalse(declares(" ---\ncompiled_at: x\n"));
    assertFalse(declares("---\u0000\ncompiled_at: x\n"));
    assertFalse(
        declares(
            new byte[] {
              '-',
              '-',
              '-',
              (byte) 0xFF,
              '\n',
              'c',
              'o',
              'm',
              'p',
              'i',
              'l',
              'e',
              'd',
              '_',
              'a',
              't',
              ':'
            }));
  }

  @Test
  void noFrontMatterOrNoCompiledAtInItIsNotDeclared() throws IOException {
    assertFalse(declares(""));
    assertFalse(declares("---"));
    assertFalse(declares("---\n"));
    assertFalse(declares("# Title\n\ncompiled_at: x\n"));
    assertFalse(declares("\n---\ncompiled_at: x\n"));
    assertFalse(declares("---\ntitle: x\n---\ncompiled_at: x\n"));
    assertFalse(declares("---\ntitle: x\n...\ncompiled_at: x\n"));
    assertFalse(declares("---\ntitle: x\n----- \ncompiled_at: x\n"));
    assertFalse(declares("---\n  compiled_at: x\n"));
    assertFalse(declares("---\ncompiled_at x\n"));
    assertFalse(declares("---\ncompiled_a\n"));
    assertFalse(declares("---\ncompiled_atx: x\n"));
    assertFalse(declares("---\nCOMPILED_AT: x\n"));
    assertTrue(declares("---\n--\n..\n-.\n--x\ncompiled_at: x\n"));
    assertTrue(declares("---\nx: \u00E9\u2003\ncompiled_at: x\n"));
  }

  @Test
  void onlyTheFirstTenThousandFrontMatterLinesAreRead() throws IOException {
    assertTrue(declares("---\n" + "a: b\n".repeat(9_999) + "compiled_at: x\n"));
    assertFalse(declares("---\n" + "a: b\n".repeat(10_000) + "compiled_at: x\n"));
    assertTrue(declares("---\r\n" + "\r\n".repeat(9_999) + "compiled_at: x\r\n"));
    assertFalse(declares("---\r\n" + "\r\n".repeat(10_000) + "compiled_at: x\r\n"));
    assertFalse(declares("---\r" + "\r".repeat(10_000) + "compiled_at: x\r"));
  }

  @Test
  void aLongFrontMatterIsReadAcrossBuffers() throws IOException {
    String filler = "description: " + "word ".repeat(300) + "\n";
    assertTrue(declares("---\n" + filler.repeat(20) + "compiled_at: x\n---\n"));
    assertFalse(declares("---\n" + filler.repeat(20) + "---\ncompiled_at: x\n"));
  }

  @Test
  void aDiffOfCompiledTextTakesTheFilesVolatileLinesSoOnlyContentDiffers() {
    String compiled =
        "---\nid: n1\ncompiled_at: 2026-01-01T00:00:00Z\ncontent_hash: aaa\n---\nbody\n";
    String onDisk =
        "---\nid: n1\ncompiled_at: 2026-02-02T00:00:00Z\ncontent_hash: bbb\n---\nbody edited\n";
    assertEquals(
        "---\nid: n1\ncompiled_at: 2026-02-02T00:00:00Z\ncontent_hash: bbb\n---\nbody\n",
        FrontMatterLines.alignVolatileLines(compiled, onDisk));
    // A body line that looks like a volatile key is content, and a file without front matter
    // changes nothing.
    assertEquals(
        "---\nid: n1\n---\ncompiled_at: x\n",
        FrontMatterLines.alignVolatileLines(
            "---\nid: n1\n---\ncompiled_at: x\n", "---\ncompiled_at: y\n---\n"));
    assertEquals(compiled, FrontMatterLines.alignVolatileLines(compiled, "no front matter\n"));
  }

  @Test
  void lineEndingsBecomeLf() {
    assertEquals("a\nb\nc\n", FrontMatterLines.normalizeLineEndings("a\r\nb\rc\n"));
    assertEquals("a\n\nb", FrontMatterLines.normalizeLineEndings("a\n\r\nb"));
  }

  @Test
  void theEditedLineIsTheFirstDifferenceOutsideTheVolatileFrontMatterLines() {
    String compiled = "---\nid: n1\nupdated: 2026-01-01\ncompiled_at: x\n---\n# N1\n\nold text\n";
    String file = "---\nid: n1\nupdated: 2031-05-05\ncompiled_at: y\n---\n# N1\n\nnew text\n";
    assertEquals(8, FrontMatterLines.firstEditedLine(compiled, file));
    // Only volatile lines differ: the first difference.
    assertEquals(
        3,
        FrontMatterLines.firstEditedLine(compiled, compiled.replace("2026-01-01", "2027-01-01")));
    // A body line that looks like a volatile key is content.
    assertEquals(
        6,
        FrontMatterLines.firstEditedLine(
            "---\na: 1\n---\n\nx\nupdated: 1\n", "---\na: 1\n---\n\nx\nupdated: 2\n"));
    // Lines added at the end: the first added line; lines removed at the end: the file's last line.
    assertEquals(3, FrontMatterLines.firstEditedLine("a\nb\n", "a\nb\nc\n"));
    assertEquals(2, FrontMatterLines.firstEditedLine("a\nb\nc\n", "a\nb\n"));
    assertEquals(0, FrontMatterLines.firstEditedLine("same\n", "same\n"));
  }
}
