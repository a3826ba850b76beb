package dev.mlos.core.frontmatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The byte-level front matter check gives the line reader's answer, however the bytes arrive. */
class FrontMatterLinesTest {
  @TempDir Path dir;

  private int files;

  /**
   * The fast check, checked against the line reader and against every way of splitting the bytes.
   */
  private boolean declares(byte[] content) throws IOException {
    Path file = dir.resolve("f" + files++ + ".md");
    Files.write(file, content);
    boolean fast = FrontMatterLines.declaresCompiledAt(file);
    assertEquals(
        FrontMatterLines.declaresCompiledAtByLines(file),
        fast,
        () -> "differs from the line reader on " + show(content));
    if (content.length < 200) {
      for (int chunk = 1; chunk <= 5; chunk++) {
        FrontMatterLines.Answer a = byChunks(content, chunk);
        if (a != FrontMatterLines.Answer.BY_LINES) {
          assertEquals(
              fast,
              a == FrontMatterLines.Answer.YES,
              "chunks of " + chunk + " on " + show(content));
        }
      }
    }
    return fast;
  }

  private boolean declares(String content) throws IOException {
    return declares(content.getBytes(StandardCharsets.UTF_8));
  }

  private static FrontMatterLines.Answer byChunks(byte[] content, int chunk) {
    FrontMatterLines.Scan scan = new FrontMatterLines.Scan();
    FrontMatterLines.Answer a = FrontMatterLines.Answer.MORE;
    for (int i = 0; i < content.length && a == FrontMatterLines.Answer.MORE; i += chunk) {
      a = scan.feed(content, i, Math.min(chunk, content.length - i));
    }
    return a == FrontMatterLines.Answer.MORE ? scan.end() : a;
  }

  private static String show(byte[] content) {
    StringBuilder b = new StringBuilder();
    for (byte x : content) {
      b.append(
          x >= 0x20 && x < 0x7F ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xFF));
    }
    return b.toString();
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

  /** Random files made of the bytes that matter agree with the line reader. */
  @Test
  void randomInputsAgreeWithTheLineReader() throws IOException {
    SplittableRandom r = new SplittableRandom(20261122);
    String[] pieces = {
      "---",
      "...",
      "-",
      ".",
      "\n",
      "\r",
      "\r\n",
      " ",
      "\t",
      "compiled_at:",
      "compiled_at",
      "c",
      "x: y",
      "\uFEFF",
      "\u2003",
      "\u00A0",
      "\u00E9"
    };
    byte[][] raw = {
      {(byte) 0xEF, (byte) 0xBB},
      {(byte) 0xBF},
      {(byte) 0xE2, (byte) 0x80},
      {(byte) 0x80},
      {(byte) 0xFF},
      {(byte) 0xC3},
      {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}
    };
    for (int i = 0; i < 3000; i++) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      if (r.nextInt(4) > 0) {
        b.writeBytes((r.nextInt(5) == 0 ? "\uFEFF---" : "---").getBytes(StandardCharsets.UTF_8));
      }
      int n = r.nextInt(12);
      for (int k = 0; k < n; k++) {
        if (r.nextInt(6) == 0) {
          b.writeBytes(raw[r.nextInt(raw.length)]);
        } else {
          b.writeBytes(pieces[r.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
        }
      }
      declares(b.toByteArray());
    }
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
