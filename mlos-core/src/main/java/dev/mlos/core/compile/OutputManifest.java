package dev.mlos.core.compile;

import dev.mlos.core.Reporter;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.write.AtomicWriter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
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
    private final BufferedWriter out;
    private long count;
    private Summary published;

    Writer(Path target) {
      this.file = AtomicWriter.open(target);
      this.out =
          new BufferedWriter(
              new OutputStreamWriter(
                  new CheckedOutputStream(file.stream(), checksum), StandardCharsets.UTF_8),
              64 * 1024);
    }

    void add(String path, String view, String fileHash, String key) throws IOException {
      out.write(path);
      out.write('\t');
      out.write(view);
      out.write('\t');
      out.write(fileHash);
      out.write('\t');
      out.write(key == null ? "-" : key);
      out.write('\n');
      count++;
    }

    /** Puts the manifest in place and returns what the state must say about it. */
    Summary publish() throws IOException {
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
   */
  static boolean read(Path file, Summary expected, Consumer<Entry> each) {
    Counted checksum = new Counted();
    long count = 0;
    try (InputStream in = new CheckedInputStream(Files.newInputStream(file), checksum);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024)) {
      String line;
      while ((line = reader.readLine()) != null) {
        int a = line.indexOf('\t');
        int b = a < 0 ? -1 : line.indexOf('\t', a + 1);
        int c = b < 0 ? -1 : line.indexOf('\t', b + 1);
        if (c < 0 || ++count > expected.count()) {
          return false;
        }
        String key = line.substring(c + 1);
        each.accept(
            new Entry(
                line.substring(0, a),
                line.substring(a + 1, b),
                line.substring(b + 1, c),
                key.equals("-") ? null : key));
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return count == expected.count() && checksum(checksum).equals(expected.checksum());
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
