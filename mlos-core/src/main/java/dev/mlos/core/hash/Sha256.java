package dev.mlos.core.hash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests as lowercase hex (64 characters). Files are streamed through a 64 KiB buffer, so
 * hashing never loads a large file whole.
 */
public final class Sha256 {
  static final int BUFFER_SIZE = 64 * 1024;
  private static final HexFormat HEX = HexFormat.of();

  private Sha256() {}

  /** Hash of the bytes. */
  public static String of(byte[] bytes) {
    MessageDigest digest = newDigest();
    digest.update(bytes);
    return HEX.formatHex(digest.digest());
  }

  /** Hash of the string encoded as UTF-8. */
  public static String of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Hash of the file's bytes, exactly as stored. */
  public static String ofFile(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return ofStream(in);
    }
  }

  /** Hash of everything left in the stream; the stream is read to its end but not closed. */
  public static String ofStream(InputStream in) throws IOException {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[BUFFER_SIZE];
    int n;
    while ((n = in.read(buffer)) != -1) {
      digest.update(buffer, 0, n);
    }
    return HEX.formatHex(digest.digest());
  }

  /**
   * Hash of the file as if every CRLF and every lone CR were LF, so a file checked out with Windows
   * line endings hashes like its LF original. Streams; a CRLF split across two reads counts once.
   */
  public static String ofFileNormalizingLineEndings(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return ofStreamNormalizingLineEndings(in);
    }
  }

  /** Like {@link #ofFileNormalizingLineEndings(Path)}, for a stream (read to its end, not closed). */
  public static String ofStreamNormalizingLineEndings(InputStream in) throws IOException {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[BUFFER_SIZE];
    byte[] out = new byte[BUFFER_SIZE];
    // True when the last byte seen (possibly in the previous buffer) was a CR, already emitted as LF.
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
    return HEX.formatHex(digest.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
