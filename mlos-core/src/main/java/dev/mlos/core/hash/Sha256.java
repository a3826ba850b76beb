package dev.mlos.core.hash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests as lowercase hex (64 characters). Files are streamed through a 64 KiB buffer, so
 * hashing never loads a large file whole; a file that fits the buffer is read with one read call.
 *
 * <p>Each thread reuses one digest and one buffer (hashing 100k small files no longer allocates 64
 * KiB and looks up a digest for each). A nested call on the same thread, from inside a stream being
 * hashed, gets fresh ones, and every call starts from a reset digest, so a hash that failed
 * half-way cannot leak into the next.
 *
 * <p>A caller that may no longer want a hash (an MCP call its client cancelled) runs it under a
 * {@link StopSignal}, and {@link #ofFileUnlessStopped} asks it before every read of 64 KiB.
 */
public final class Sha256 {
  static final int BUFFER_SIZE = 64 * 1024;
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private Sha256() {}

  /** Hash of the bytes. */
  public static String of(byte[] bytes) {
    Scratch s = Scratch.acquire();
    try {
      s.digest.update(bytes);
      return HEX.formatHex(s.digest.digest());
    } finally {
      s.release();
    }
  }

  /** Hash of the string encoded as UTF-8. */
  public static String of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Hash of the file's bytes, exactly as stored. */
  public static String ofFile(Path file) throws IOException {
    return ofFile(file, -1);
  }

  /**
   * Like {@link #ofFile(Path)}, for a caller that has just read the file's size: a read that stops
   * short of a full buffer exactly at that size has met the end of the file (a regular file returns
   * fewer bytes than asked only there), so the read that would return end-of-file is spared. A file
   * that grew meanwhile is read to its new end as usual.
   *
   * @param size the size a stat of the file reported, or -1 when unknown
   */
  public static String ofFile(Path file, long size) throws IOException {
    return ofFile(file, size, false);
  }

  /**
   * Like {@link #ofFile(Path)}, for a hash whose caller may stop wanting it (a file registered as
   * an artifact may be a dataset of terabytes): each read of 64 KiB first asks this thread's {@link
   * StopSignal}. Only a hash taken before anything is written may stop so; the others (the text
   * form's, the compile's) always run to their end.
   *
   * @throws StoppedException when the signal said stop
   */
  public static String ofFileUnlessStopped(Path file) throws IOException {
    return ofFile(file, -1, true);
  }

  private static String ofFile(Path file, long size, boolean stoppable) throws IOException {
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      Scratch s = Scratch.acquire();
      try {
        ByteBuffer buffer = s.byteBuffer;
        long total = 0;
        while (true) {
          if (stoppable) {
            StopSignal.check();
          }
          buffer.clear();
          int n = channel.read(buffer);
          if (n < 0) {
            break;
          }
          s.digest.update(s.buffer, 0, n);
          total += n;
          if (total == size && buffer.hasRemaining()) {
            break;
          }
        }
        return HEX.formatHex(s.digest.digest());
      } finally {
        s.release();
      }
    }
  }

  /** Hash of everything left in the stream; the stream is read to its end but not closed. */
  public static String ofStream(InputStream in) throws IOException {
    Scratch s = Scratch.acquire();
    try {
      byte[] buffer = s.buffer;
      int n;
      while ((n = in.read(buffer)) != -1) {
        s.digest.update(buffer, 0, n);
      }
      return HEX.formatHex(s.digest.digest());
    } finally {
      s.release();
    }
  }

  /**
   * The hashes a file is compared with a recorded hash by: of its bytes ({@link #ofFile(Path,
   * long)}), and, where they are not {@code expected}, of its bytes with LF line endings (every
   * CRLF and every lone CR as LF: a file checked out with Windows line endings hashes like its LF
   * original) and with CRLF ones (every LF not after a CR as CRLF, as git's {@code core.autocrlf}
   * checks it out on Windows: an LF file hashes like the CRLF copy it was registered from). A CRLF
   * split across two reads counts once.
   *
   * @param exact the hash of the file's bytes
   * @param lf the hash with LF line endings, or null when {@code exact} was the one expected
   * @param crlf the hash with CRLF line endings, or null when {@code exact} was the one expected
   */
  public record LineEndingHashes(String exact, String lf, String crlf) {}

  /**
   * {@link LineEndingHashes} of the file: the guard used to read a drifted file three times (its
   * bytes, then as LF, then as CRLF), 3 GB for an artifact of 1 GB. A file whose bytes hash as
   * {@code expected}, what nearly every check finds, is read once and hashed once, as {@link
   * #ofFile(Path, long)} does; one that does not is read a second time for both other hashes at
   * once, or, when one read held it whole (under 64 KiB), they are taken from that read. Each of
   * the two is the bytes' own hash up to its first byte that line endings change (a CR; an LF after
   * no CR), so an LF file has no LF hash to take, a CRLF file no CRLF one.
   *
   * @param size the size a stat of the file reported, or -1 when unknown
   * @param expected the hash recorded for the file (any case), or null
   */
  public static LineEndingHashes ofFileWithLineEndings(Path file, long size, String expected)
      throws IOException {
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      Scratch s = Scratch.acquire();
      try {
        ByteBuffer buffer = s.byteBuffer;
        buffer.clear();
        int n = Math.max(0, channel.read(buffer));
        boolean whole = n == size && buffer.hasRemaining(); // a regular file reads short at its end
        s.digest.update(s.buffer, 0, n);
        while (!whole) {
          buffer.clear();
          int more = channel.read(buffer);
          if (more < 0) {
            break;
          }
          s.digest.update(s.buffer, 0, more);
        }
        String exact = HEX.formatHex(s.digest.digest());
        if (exact.equalsIgnoreCase(expected)) {
          return new LineEndingHashes(exact, null, null);
        }
        LineEndings hashes = new LineEndings(s.digest);
        if (whole) {
          hashes.update(s.buffer, n);
          return hashes.done();
        }
        channel.position(0);
        while (true) {
          buffer.clear();
          n = channel.read(buffer);
          if (n < 0) {
            return hashes.done();
          }
          hashes.update(s.buffer, n);
        }
      } finally {
        s.release();
      }
    }
  }

  /**
   * The three hashes of {@link #ofFileWithLineEndings}, fed one buffer at a time. The LF and CRLF
   * hashes are the bytes' own until the first byte they change: each starts as a copy of the bytes'
   * digest there.
   */
  private static final class LineEndings {
    private final MessageDigest exact;
    private MessageDigest lf; // null while no CR was read: the bytes' own hash so far
    private MessageDigest crlf; // null while no LF without a CR before it was read
    private boolean afterCr; // the last byte read was a CR
    private final byte[] out = new byte[2 * BUFFER_SIZE];

    LineEndings(MessageDigest exact) {
      this.exact = exact;
      exact.reset();
    }

    void update(byte[] b, int n) {
      int cr = -1;
      int bare = -1;
      for (int i = 0; i < n && ((lf == null && cr < 0) || (crlf == null && bare < 0)); i++) {
        if (b[i] == '\r' && lf == null && cr < 0) {
          cr = i;
        } else if (b[i] == '\n'
            && crlf == null
            && bare < 0
            && !(i == 0 ? afterCr : b[i - 1] == '\r')) {
          bare = i;
        }
      }
      int lfFrom = lf != null ? 0 : cr;
      int crlfFrom = crlf != null ? 0 : bare;
      int from = 0;
      for (int cut : cr < bare ? new int[] {cr, bare} : new int[] {bare, cr}) {
        if (cut >= 0) {
          exact.update(b, from, cut - from);
          from = cut;
          if (cut == cr) {
            lf = copy(exact);
          } else {
            crlf = copy(exact);
          }
        }
      }
      exact.update(b, from, n - from);
      if (lfFrom >= 0) {
        int o = 0;
        boolean prev = lfFrom == 0 ? afterCr : b[lfFrom - 1] == '\r';
        for (int i = lfFrom; i < n; i++) {
          byte c = b[i];
          if (c == '\r') {
            out[o++] = '\n';
          } else if (!(c == '\n' && prev)) {
            out[o++] = c;
          }
          prev = c == '\r';
        }
        lf.update(out, 0, o);
      }
      if (crlfFrom >= 0) {
        int o = 0;
        boolean prev = crlfFrom == 0 ? afterCr : b[crlfFrom - 1] == '\r';
        for (int i = crlfFrom; i < n; i++) {
          byte c = b[i];
          if (c == '\n' && !prev) {
            out[o++] = '\r';
          }
          out[o++] = c;
          prev = c == '\r';
        }
        crlf.update(out, 0, o);
      }
      if (n > 0) {
        afterCr = b[n - 1] == '\r';
      }
    }

    LineEndingHashes done() {
      String bytes = HEX.formatHex(exact.digest());
      return new LineEndingHashes(
          bytes,
          lf == null ? bytes : HEX.formatHex(lf.digest()),
          crlf == null ? bytes : HEX.formatHex(crlf.digest()));
    }

    private static MessageDigest copy(MessageDigest digest) {
      try {
        return (MessageDigest) digest.clone();
      } catch (CloneNotSupportedException e) {
        // The JDK's SHA-256 can be cloned; a provider's that cannot is a failure of this platform.
        throw new IllegalStateException("the SHA-256 digest cannot be copied", e);
      }
    }
  }

  /** A digest and buffers for one hash at a time on one thread. */
  private static final class Scratch {
    final MessageDigest digest = newDigest();
    final byte[] buffer = new byte[BUFFER_SIZE];
    final ByteBuffer byteBuffer = ByteBuffer.wrap(buffer);
    private boolean busy;

    /** This thread's scratch, reset; a fresh one when it is already in use further up the stack. */
    static Scratch acquire() {
      Scratch s = SCRATCH.get();
      if (s.busy) {
        return new Scratch();
      }
      s.busy = true;
      s.digest.reset();
      return s;
    }

    void release() {
      digest.reset();
      busy = false;
    }
  }

  /**
   * A fresh SHA-256 digest, for a caller that feeds it as it streams (a file it writes or reads).
   */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
