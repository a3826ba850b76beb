package dev.mlos.core.compile;

import dev.mlos.core.Reporter;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.write.AtomicWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import java.util.zip.Checksum;

/**
 * The outputs of the last successful compile, one line per file ({@code path TAB view TAB file_hash
 * TAB stat key}), kept next to the {@link CompileState} in {@code target/mlos/compile-outputs}. It
 * is a copy of the workspace's rows in {@code mlos_outputs} as that compile committed them, written
 * as the pages were recorded, so the no-op check can verify the outputs without opening the
 * database: while the database is unchanged (which the state checks) so is that record. The state
 * names the file's line count, length and CRC-32C, so a truncated, damaged or edited copy is never
 * trusted. A checksum, not a cryptographic hash: the file guards against accidents (a compile that
 * stopped, a copy from elsewhere), and whoever can write it can write the state beside it too. At
 * 100,000 pages the list is about 18 MB, whose SHA-256 cost a no-op compile about 0.1 s of a cold
 * JVM (issue 20).
 *
 * <p>The stat key (size, modification time in nanoseconds, device and inode) is what the compile
 * saw right after writing or checking the file. As in git's index, a file whose key is unchanged is
 * taken to hold the recorded bytes without reading it, unless it was modified less than {@link
 * #RACY_NANOS} before the manifest itself: a file system with coarse timestamps could give an edit
 * made just after the compile the same time. Any other difference means the file is hashed.
 *
 * <p>Paths cannot hold a tab or a line break: {@link dev.mlos.core.path.WorkspacePath} refuses
 * control characters.
 */
final class OutputManifest {
  private OutputManifest() {}

  static Path file(WorkspaceConfig config) {
    return CompileState.file(config).resolveSibling("compile-outputs");
  }

  /**
   * What the state records about the manifest: its line count, and {@link #checksum} of its bytes.
   */
  record Summary(long count, String checksum) {}

  /** {@code crc32c-<hex>-<length>}: the CRC-32C and the length of what {@code c} saw. */
  private static String checksum(Counted c) {
    return "crc32c-" + Long.toHexString(c.getValue()) + "-" + c.length;
  }

  /** A CRC-32C that also counts the bytes it saw. */
  private static final class Counted implements Checksum {
    private final CRC32C crc = new CRC32C();
    private long length;

    @Override
    public void update(int b) {
      crc.update(b);
      length++;
    }

    @Override
    public void update(byte[] b, int off, int len) {
      crc.update(b, off, len);
      length += len;
    }

    @Override
    public long getValue() {
      return crc.getValue();
    }

    @Override
    public void reset() {
      crc.reset();
      length = 0;
    }
  }

  /** Files modified this close to the manifest (or later) are hashed whatever their key says. */
  static final long RACY_NANOS = 2_000_000_000L;

  /**
   * One recorded output.
   *
   * @param key the file's {@link #key stat key} as the compile left it, or null when unknown
   */
  record Entry(String path, String view, String fileHash, String key) {}

  /**
   * A file's size, modification time and identity (device and inode), or null when the platform
   * cannot tell a file's identity.
   */
  static String key(BasicFileAttributes a) {
    Object identity = a.fileKey();
    if (identity == null) {
      return null;
    }
    String id = identity.toString();
    if (id.indexOf('\t') >= 0 || id.indexOf('\n') >= 0) {
      return null;
    }
    return a.size() + ":" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + ":" + id;
  }

  /** True when {@code a}'s key is {@code key} and the file was not modified in the racy window. */
  static boolean unmodified(BasicFileAttributes a, String key, long manifestModifiedNanos) {
    return key != null && unmodified(a, key, key(a), manifestModifiedNanos);
  }

  /** As above, with {@code a}'s key already made ({@code now}). */
  static boolean unmodified(
      BasicFileAttributes a, String key, String now, long manifestModifiedNanos) {
    return key != null
        && a.lastModifiedTime().to(TimeUnit.NANOSECONDS) < manifestModifiedNanos - RACY_NANOS
        && key.equals(now);
  }

  /**
   * Writes a manifest as the compile records its pages; nothing is visible before {@link #publish}.
   */
  static final class Writer implements AutoCloseable {
    private final AtomicWriter.StreamedFile file;
    private final Counted checksum = new Counted();
    private final CheckedOutputStream out;

    /**
     * Bytes not yet written: a line is encoded field by field into it (a copy for an ASCII path),
     * not through a character buffer and an encoder; 100,000 lines per compile at 100k (issue 20).
     */
    private final byte[] buffer = new byte[64 * 1024];

    private int buffered;
    private long count;
    private Summary published;

    Writer(Path target) {
      this.file = AtomicWriter.open(target);
      this.out = new CheckedOutputStream(file.stream(), checksum);
    }

    void add(String path, String view, String fileHash, String key) throws IOException {
      put(path);
      put('\t');
      put(view);
      put('\t');
      put(fileHash);
      put('\t');
      put(key == null ? "-" : key);
      put('\n');
      count++;
    }

    private void put(String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      if (b.length > buffer.length - buffered) {
        drain();
        if (b.length > buffer.length) {
          out.write(b);
          return;
        }
      }
      System.arraycopy(b, 0, buffer, buffered, b.length);
      buffered += b.length;
    }

    private void put(char ascii) throws IOException {
      if (buffered == buffer.length) {
        drain();
      }
      buffer[buffered++] = (byte) ascii;
    }

    private void drain() throws IOException {
      out.write(buffer, 0, buffered);
      buffered = 0;
    }

    /** Puts the manifest in place and returns what the state must say about it. */
    Summary publish() throws IOException {
      drain();
      out.flush();
      file.commit();
      published = new Summary(count, checksum(checksum));
      return published;
    }

    /** Removes the unpublished file (a failed or disturbed compile). */
    @Override
    public void close() {
      if (published == null) {
        try {
          out.close();
        } catch (IOException ignored) {
          // the file is removed next
        }
        file.abandon();
      }
    }
  }

  /**
   * Streams the manifest's entries to {@code each}. Returns false (possibly after some entries)
   * when the file is missing, unreadable or malformed, or is not exactly the file {@code expected}
   * describes.
   *
   * <p>Read as bytes, a line at a time from a buffer, each field decoded once, and a line's view
   * name shared with the line before when it is the same: every no-op compile reads 100,000 lines
   * at 100k (issue 20).
   */
  static boolean read(Path file, Summary expected, Consumer<Entry> each) {
    Counted checksum = new Counted();
    long count = 0;
    String view = null;
    byte[] viewBytes = new byte[0];
    byte[] buffer = new byte[64 * 1024];
    int start = 0;
    int end = 0;
    try (InputStream in = Files.newInputStream(file)) {
      while (true) {
        if (start > 0 && start == end) {
          start = end = 0;
        }
        if (end == buffer.length) {
          if (start == 0) {
            if (buffer.length >= MAX_LINE_BYTES) {
              return false; // no line mlos writes is that long
            }
            buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
          } else {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
          }
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
          break;
        }
        checksum.update(buffer, end, n);
        int scanFrom = end;
        end += n;
        for (int nl = indexOf(buffer, (byte) '\n', scanFrom, end);
            nl >= 0;
            nl = indexOf(buffer, (byte) '\n', start, end)) {
          int a = indexOf(buffer, (byte) '\t', start, nl);
          int b = a < 0 ? -1 : indexOf(buffer, (byte) '\t', a + 1, nl);
          int c = b < 0 ? -1 : indexOf(buffer, (byte) '\t', b + 1, nl);
          if (c < 0 || ++count > expected.count()) {
            return false;
          }
          if (view == null
              || !java.util.Arrays.equals(buffer, a + 1, b, viewBytes, 0, viewBytes.length)) {
            viewBytes = java.util.Arrays.copyOfRange(buffer, a + 1, b);
            view = new String(viewBytes, StandardCharsets.UTF_8);
          }
          String key =
              nl - c - 1 == 1 && buffer[c + 1] == '-'
                  ? null
                  : new String(buffer, c + 1, nl - c - 1, StandardCharsets.UTF_8);
          each.accept(
              new Entry(
                  new String(buffer, start, a - start, StandardCharsets.UTF_8),
                  view,
                  new String(buffer, b + 1, c - b - 1, StandardCharsets.UTF_8),
                  key));
          start = nl + 1;
        }
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    // Bytes after the last line break: the writer ends every line with one.
    return start == end
        && count == expected.count()
        && checksum(checksum).equals(expected.checksum());
  }

  /** No manifest line is longer: a path, a view's name, a hash and a stat key. */
  private static final int MAX_LINE_BYTES = 1 << 20;

  /** The index of the first {@code b} in {@code bytes[from, to)}, or -1. */
  private static int indexOf(byte[] bytes, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** Says that the outputs could not be recorded in {@code file}, and what that costs. */
  static void warnUnrecorded(Reporter reporter, Path file, Exception e) {
    reporter.warn(
        "Could not record the compile's outputs in "
            + file
            + " ("
            + e.getMessage()
            + "); the next compile renders every page again.");
  }
}
