package dev.mlos.core.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Sha256#ofFileWithLineEndings}, one read, gives the hashes the three reads gave: of the
 * bytes, with LF line endings, with CRLF ones, also where a CR and its LF lie in two reads.
 */
class Sha256LineEndingsTest {
  @TempDir Path dir;

  private static final int B = Sha256.BUFFER_SIZE;

  private void assertSameAsThreeReads(byte[] bytes, String what) throws Exception {
    Path file = Files.write(dir.resolve("f"), bytes);
    String exact = Sha256.ofFile(file);
    String lf = Sha256.of(withLf(bytes));
    String crlf = Sha256.of(withCrlf(bytes));
    for (long size : new long[] {bytes.length, -1}) {
      Sha256.LineEndingHashes h = Sha256.ofFileWithLineEndings(file, size, "0".repeat(64));
      assertEquals(exact, h.exact(), what);
      assertEquals(lf, h.lf(), what);
      assertEquals(crlf, h.crlf(), what);
      // The hash recorded in upper case (a row written by another client) is the same hash.
      Sha256.LineEndingHashes same = Sha256.ofFileWithLineEndings(file, size, lf.toUpperCase());
      assertEquals(exact, same.exact(), what);
      if (!exact.equals(lf)) {
        assertEquals(lf, same.lf(), what);
      }
    }
  }

  @Test
  void oneReadGivesTheThreeHashesOfTheThreeReads() throws Exception {
    List<byte[]> cases = new ArrayList<>();
    for (String text :
        new String[] {
          "", "a", "\r", "\n", "\r\n", "\n\r", "a\nb\n", "a\r\nb\r\n", "a\rb\r", "a\r\nb\nc\rd"
        }) {
      cases.add(text.getBytes(StandardCharsets.UTF_8));
    }
    // Sizes around the read's 64 KiB, with the first CR, the first bare LF and a CRLF on either
    // side of a read's end.
    for (int size : new int[] {B - 1, B, B + 1, 2 * B + 3}) {
      for (int at : new int[] {0, 1, B - 2, B - 1, B, B + 1}) {
        if (at + 1 >= size) {
          continue;
        }
        cases.add(filled(size, at, "\r\n"));
        cases.add(filled(size, at, "\n"));
        cases.add(filled(size, at, "\r"));
        cases.add(filled(size, at, "\n\r"));
      }
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 40; i++) {
      byte[] bytes = new byte[random.nextInt(3 * B)];
      for (int j = 0; j < bytes.length; j++) {
        // Mostly text, CR and LF often; some files binary throughout.
        int r = random.nextInt(i % 4 == 0 ? 256 : 20);
        bytes[j] = (byte) (i % 4 == 0 ? r : r == 0 ? '\r' : r == 1 ? '\n' : 'a' + r);
      }
      cases.add(bytes);
    }
    for (int i = 0; i < cases.size(); i++) {
      assertSameAsThreeReads(cases.get(i), "case " + i + " of " + cases.get(i).length + " bytes");
    }
  }

  /** A file one read holds whole, with the hash expected: no other hash is taken. */
  @Test
  void aSmallFileWithTheHashExpectedIsHashedOnce() throws Exception {
    Path file = Files.writeString(dir.resolve("f"), "a\r\nb\n");
    String exact = Sha256.ofFile(file);
    Sha256.LineEndingHashes h = Sha256.ofFileWithLineEndings(file, Files.size(file), exact);
    assertEquals(exact, h.exact());
    assertNull(h.lf());
    assertNull(h.crlf());
  }

  private static byte[] filled(int size, int at, String ending) {
    byte[] bytes = new byte[size];
    java.util.Arrays.fill(bytes, (byte) 'x');
    byte[] e = ending.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(e, 0, bytes, at, Math.min(e.length, size - at));
    // Line endings after it too, of both kinds.
    for (int i = at + 7; i < size; i += 97) {
      bytes[i] = (byte) (i % 2 == 0 ? '\n' : '\r');
    }
    return bytes;
  }

  /** {@code bytes} with every CRLF and every lone CR as LF. */
  private static byte[] withLf(byte[] bytes) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\r') {
        out.write('\n');
        if (i + 1 < bytes.length && bytes[i + 1] == '\n') {
          i++;
        }
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toByteArray();
  }

  /** {@code bytes} with every LF not after a CR as CRLF. */
  private static byte[] withCrlf(byte[] bytes) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length * 2);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) {
        out.write('\r');
      }
      out.write(bytes[i]);
    }
    return out.toByteArray();
  }
}
