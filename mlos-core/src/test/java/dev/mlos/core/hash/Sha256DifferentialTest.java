package dev.mlos.core.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlos.core.testing.NastyStrings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-thread digest and buffer give the same hashes as a fresh digest and buffer per call. */
class Sha256DifferentialTest {
  @TempDir Path dir;

  /** Sha256 as it was: a new digest and a new 64 KiB buffer for every hash. */
  private static final class Reference {
    static String of(byte[] bytes) {
      MessageDigest digest = newDigest();
      digest.update(bytes);
      return HexFormat.of().formatHex(digest.digest());
    }

    static String ofStream(InputStream in) throws IOException {
      MessageDigest digest = newDigest();
      byte[] buffer = new byte[Sha256.BUFFER_SIZE];
      int n;
      while ((n = in.read(buffer)) != -1) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    }

    static String ofStreamNormalizingLineEndings(InputStream in) throws IOException {
      MessageDigest digest = newDigest();
      byte[] buffer = new byte[Sha256.BUFFER_SIZE];
      byte[] out = new byte[Sha256.BUFFER_SIZE];
      boolean afterCr = false;
      int n;
      while ((n = in.read(buffer)) != -1) {
        int o = 0;
        for (int i = 0; i < n; i++) {
          byte b = buffer[i];
          if (b == '\r') {
            out[o++] = '\n';
            afterCr = true;
          } else {
            if (!(b == '\n' && afterCr)) {
              out[o++] = b;
            }
            afterCr = false;
          }
        }
        digest.update(out, 0, o);
      }
      return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static final int[] SIZES = {
    0,
    1,
    2,
    63,
    64,
    4095,
    4096,
    4097,
    Sha256.BUFFER_SIZE - 1,
    Sha256.BUFFER_SIZE,
    Sha256.BUFFER_SIZE + 1,
    2 * Sha256.BUFFER_SIZE,
    3 * Sha256.BUFFER_SIZE + 17,
  };

  @Test
  void randomBytesInFilesAndStreamsHashAsBefore() throws IOException {
    SplittableRandom random = new SplittableRandom(64L);
    for (int round = 0; round < 120; round++) {
      int size = round < SIZES.length ? SIZES[round] : random.nextInt(3 * Sha256.BUFFER_SIZE);
      byte[] bytes = randomBytes(random, size);
      Path file = Files.write(dir.resolve("f" + (round % 7)), bytes);
      String plain = Reference.of(bytes);
      String normalized = Reference.ofStreamNormalizingLineEndings(new ByteArrayInputStream(bytes));
      assertEquals(plain, Sha256.of(bytes), "size " + size);
      assertEquals(plain, Sha256.ofFile(file), "size " + size);
      assertEquals(plain, Sha256.ofStream(new ByteArrayInputStream(bytes)), "size " + size);
      assertEquals(
          plain, Sha256.ofStream(new TrickleStream(bytes, random.nextLong())), "size " + size);
      assertEquals(normalized, Sha256.ofFileWithLineEndings(file, -1, null).lf(), "size " + size);
    }
  }

  @Test
  void randomStringsHashAsBefore() {
    SplittableRandom random = new SplittableRandom(65L);
    for (int n = 0; n < 5_000; n++) {
      String s = NastyStrings.next(random, 40);
      assertEquals(Reference.of(s.getBytes(StandardCharsets.UTF_8)), Sha256.of(s));
    }
  }

  @Test
  void aHashThatFailsHalfWayDoesNotAffectTheNextOne() throws IOException {
    byte[] bytes = randomBytes(new SplittableRandom(66L), 3 * Sha256.BUFFER_SIZE);
    InputStream failing =
        new TrickleStream(bytes, 1L) {
          int reads;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (++reads == 3) {
              throw new IOException("disk on fire");
            }
            return super.read(b, off, len);
          }
        };
    assertThrows(IOException.class, () -> Sha256.ofStream(failing));
    assertEquals(Reference.of(bytes), Sha256.ofStream(new ByteArrayInputStream(bytes)));
    assertEquals(Reference.of("abc".getBytes(StandardCharsets.UTF_8)), Sha256.of("abc"));
    assertThrows(IOException.class, () -> Sha256.ofFile(dir));
    assertEquals(Reference.of(bytes), Sha256.ofFile(Files.write(dir.resolve("after"), bytes)));
  }

  @Test
  void aStreamThatHashesWhileBeingHashedGetsBothRight() throws IOException {
    byte[] bytes = randomBytes(new SplittableRandom(67L), 2 * Sha256.BUFFER_SIZE + 5);
    List<String> inner = new ArrayList<>();
    InputStream nested =
        new ByteArrayInputStream(bytes) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            inner.add(Sha256.of("inner"));
            try {
              inner.add(Sha256.ofStream(new ByteArrayInputStream(bytes, 0, 100)));
            } catch (IOException e) {
              throw new AssertionError(e);
            }
            return super.read(b, off, len);
          }
        };
    assertEquals(Reference.of(bytes), Sha256.ofStream(nested));
    String innerHash = Reference.of("inner".getBytes(StandardCharsets.UTF_8));
    String prefixHash = Reference.of(Arrays.copyOf(bytes, 100));
    for (int i = 0; i < inner.size(); i += 2) {
      assertEquals(innerHash, inner.get(i));
      assertEquals(prefixHash, inner.get(i + 1));
    }
  }

  @Test
  void threadsHashingAtOnceGetTheirOwnResults() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 32; t++) {
        long seed = t;
        futures.add(
            pool.submit(
                () -> {
                  SplittableRandom random = new SplittableRandom(seed);
                  for (int n = 0; n < 40; n++) {
                    byte[] bytes = randomBytes(random, random.nextInt(2 * Sha256.BUFFER_SIZE));
                    assertEquals(Reference.of(bytes), Sha256.of(bytes));
                    assertEquals(
                        Reference.of(bytes), Sha256.ofStream(new ByteArrayInputStream(bytes)));
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Bytes with many CR and LF, so line-ending normalisation has work to do. */
  private static byte[] randomBytes(SplittableRandom random, int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      int r = random.nextInt(8);
      bytes[i] = r == 0 ? (byte) '\r' : r == 1 ? (byte) '\n' : (byte) random.nextInt(256);
    }
    return bytes;
  }

  /** A stream that returns short reads of random length. */
  private static class TrickleStream extends InputStream {
    private final byte[] bytes;
    private final SplittableRandom random;
    private int pos;

    TrickleStream(byte[] bytes, long seed) {
      this.bytes = bytes;
      this.random = new SplittableRandom(seed);
    }

    @Override
    public int read() {
      return pos < bytes.length ? bytes[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (pos >= bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, 1 + random.nextInt(5000)), bytes.length - pos);
      System.arraycopy(bytes, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
