package dev.mlos.core.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
  @TempDir Path dir;

  @Test
  void matchesPublishedTestVectorsInLowercaseHex() {
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.of(""));
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.of("abc"));
    assertEquals(Sha256.of("abc"), Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void stringsAreHashedAsUtf8WhateverTheDefaultLocale() {
    String text = "İstanbul ünïcödé 🚀";
    assertEquals(Sha256.of(text.getBytes(StandardCharsets.UTF_8)), Sha256.of(text));
  }

  @Test
  void fileHashEqualsBytesHashForFilesLargerThanTheBuffer() throws IOException {
    byte[] bytes = randomBytes(3 * Sha256.BUFFER_SIZE + 17);
    Path file = Files.write(dir.resolve("big.bin"), bytes);
    assertEquals(Sha256.of(bytes), Sha256.ofFile(file));
  }

  @Test
  void aKnownSizeGivesTheSameHashWhateverTheSizeAndWhetherItIsStillTrue() throws IOException {
    for (int length :
        new int[] {
          0,
          1,
          4096,
          Sha256.BUFFER_SIZE - 1,
          Sha256.BUFFER_SIZE,
          Sha256.BUFFER_SIZE + 1,
          2 * Sha256.BUFFER_SIZE + 5
        }) {
      byte[] bytes = randomBytes(length);
      Path file = Files.write(dir.resolve("f" + length), bytes);
      assertEquals(Sha256.of(bytes), Sha256.ofFile(file, length), "size " + length);
      // A file that grew or shrank after its size was read is still hashed whole.
      assertEquals(
          Sha256.of(bytes), Sha256.ofFile(file, Math.max(0, length - 1)), "grew, size " + length);
      assertEquals(Sha256.of(bytes), Sha256.ofFile(file, length + 1), "shrank, size " + length);
    }
  }

  @Test
  void missingFileIsAnIoErrorNamingTheFile() {
    Path missing = dir.resolve("missing.md");
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Sha256.ofFile(missing));
    assertEquals(missing.toString(), e.getFile());
  }

  @Test
  void normalizingHashTreatsCrlfAndLoneCrAsLf() throws IOException {
    Path lf = Files.writeString(dir.resolve("lf.md"), "a\nb\n\nc\n");
    Path crlf = Files.writeString(dir.resolve("crlf.md"), "a\r\nb\r\n\r\nc\r\n");
    Path cr = Files.writeString(dir.resolve("cr.md"), "a\rb\r\rc\r");
    Path mixed = Files.writeString(dir.resolve("mixed.md"), "a\r\nb\r\n\rc\n");
    String expected = Sha256.of("a\nb\n\nc\n");
    assertEquals(expected, lf(lf));
    assertEquals(expected, lf(crlf));
    assertEquals(expected, lf(cr));
    assertEquals(expected, lf(mixed));
    assertNotEquals(expected, Sha256.ofFile(crlf), "the plain hash sees the CRs");
  }

  @Test
  void crlfSplitAcrossBufferBoundaryCountsAsOneLineBreak() throws IOException {
    int boundary = Sha256.BUFFER_SIZE;
    byte[] lfVersion = new byte[2 * boundary];
    Arrays.fill(lfVersion, (byte) 'x');
    lfVersion[boundary - 1] = '\n';
    // CR is the last byte of the first read, LF the first byte of the second.
    byte[] crlfVersion = new byte[lfVersion.length + 1];
    Arrays.fill(crlfVersion, (byte) 'x');
    crlfVersion[boundary - 1] = '\r';
    crlfVersion[boundary] = '\n';
    Path file = Files.write(dir.resolve("boundary.md"), crlfVersion);
    assertEquals(Sha256.of(lfVersion), lf(file));
  }

  @Test
  void loneCrAtBufferBoundaryFollowedByTextIsOneLineBreak() throws IOException {
    int boundary = Sha256.BUFFER_SIZE;
    byte[] crVersion = new byte[2 * boundary];
    Arrays.fill(crVersion, (byte) 'y');
    crVersion[boundary - 1] = '\r';
    crVersion[crVersion.length - 1] = '\r';
    byte[] lfVersion = crVersion.clone();
    lfVersion[boundary - 1] = '\n';
    lfVersion[lfVersion.length - 1] = '\n';
    Path file = Files.write(dir.resolve("cr-boundary.md"), crVersion);
    assertEquals(Sha256.of(lfVersion), lf(file));
  }

  @Test
  void normalizingHashOfAnLfFileEqualsThePlainHash() throws IOException {
    byte[] bytes = randomBytes(2 * Sha256.BUFFER_SIZE + 5);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\r') {
        bytes[i] = '\n';
      }
    }
    Path file = Files.write(dir.resolve("lf.bin"), bytes);
    assertEquals(Sha256.ofFile(file), lf(file));
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(42).nextBytes(bytes);
    return bytes;
  }

  @Test
  void anLfFileHashesAsItsCrlfCheckoutAcrossTheBuffersEdge() throws IOException {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("crlf");
    StringBuilder lf = new StringBuilder();
    while (lf.length() < 3 * Sha256.BUFFER_SIZE) {
      lf.append("line of text\n");
    }
    // An LF right at the end of the first read, and a CRLF kept as it is.
    String text = "x".repeat(Sha256.BUFFER_SIZE - 1) + "\n" + lf + "kept\r\nend";
    java.nio.file.Path file = dir.resolve("a.txt");
    java.nio.file.Files.writeString(file, text, StandardCharsets.UTF_8);
    String crlf = text.replace("\r\n", "\n").replace("\n", "\r\n");
    assertEquals(Sha256.of(crlf), crlf(file));
  }

  /** The file's hash with LF line endings, as the guard takes it. */
  private static String lf(Path file) throws java.io.IOException {
    return Sha256.ofFileWithLineEndings(file, -1, null).lf();
  }

  /** The file's hash with CRLF line endings, as the guard takes it. */
  private static String crlf(Path file) throws java.io.IOException {
    return Sha256.ofFileWithLineEndings(file, -1, null).crlf();
  }
}
