package dev.mlos.core.compile;

import dev.mlos.core.Reporter;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.write.AtomicWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import java.util.zip.Checksum;

/**
 * The outputs of the last successful compile, one line per file ({@code path TAB view TAB file_hash
 * TAB source_keys TAB 1 or 0 (whether the record has an input hash) TAB stat key}), kept next to
 * the {@link CompileState} in {@code target/mlos/compile-outputs}. It is a copy of the workspace's
 * rows in {@code mlos_outputs} as that compile committed them, written as the pages were recorded,
 * so the no-op check can verify the outputs without opening the database: while the database is
 * unchanged (which the state checks) so is that record. The state names the file's line count,
 * length and CRC-32C, so a truncated, damaged or edited copy is never trusted. A checksum, not a
 * cryptographic hash: the file guards against accidents (a compile that stopped, a copy from
 * elsewhere), and whoever can write it can write the state beside it too. At 100,000 pages the list
 * is about 18 MB, whose SHA-256 cost a no-op compile about 0.1 s of a cold JVM (issue 20).
 *
 * <p>The stat key (size, modification time in nanoseconds, device and inode) is what the compile
 * saw right after writing or checking the file. As in git's index, a file whose key is unchanged is
 * taken to hold the recorded bytes without reading it, unless it was modified less than {@link
 * #RACY_NANOS} before the manifest itself: a file system with coarse timestamps could give an edit
 * made just after the compile the same time. Any other difference means the file is hashed.
 *
 * <p>Paths cannot hold a tab or a line break: {@link dev.mlos.core.path.WorkspacePath} refuses
 * control characters. Source keys are JSON, which escapes them; a record that holds one anyway is
 * not listed (the manifest is then not written, and the next compile reads the record).
 *
 * <p>The manifest's {@link #stamp} sums a checksum of each line without its stat key, in any order;
 * the compile records it in the database with its pages ({@link #STAMP_KEY}). When the database
 * changed since, a manifest whose stamp is the record's lists the record's rows as they are, so an
 * incremental compile takes each kept page's view, source key and input hash from it instead of
 * reading the record (issue 20).
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

  /**
   * Where the compile record notes its manifest's {@link Stamp}: a key of {@code
   * mlos_compile_reads.view_seeds} that no view's name can be (names start with a letter or digit).
   */
  static final String STAMP_KEY = "#outputs";

  /** Files modified this close to the manifest (or later) are hashed whatever their key says. */
  static final long RACY_NANOS = 2_000_000_000L;

  /**
   * One recorded output.
   *
   * @param sourceKeys its record's {@code source_keys}
   * @param hasInputHash whether its record has an {@code input_hash}
   * @param key the file's {@link #key stat key} as the compile left it, or null when unknown
   */
  record Entry(
      String path,
      String view,
      String fileHash,
      String sourceKeys,
      boolean hasInputHash,
      String key) {
    /** An entry of a page with no source key and no input hash (tests). */
    Entry(String path, String view, String fileHash, String key) {
      this(path, view, fileHash, "[]", false, key);
    }
  }

  /**
   * Sums, in any order, the CRC-32C of each line's part before its stat key, and its square: two
   * compiles that record the same rows get the same stamp whatever order they list them in.
   */
  static final class Stamp {
    private final CRC32C crc = new CRC32C();
    private long count;
    private long sum;
    private long squares;

    /** Adds a line ({@code len} bytes before its stat key) and returns its CRC-32C. */
    int line(byte[] b, int off, int len) {
      crc.reset();
      crc.update(b, off, len);
      int c = (int) crc.getValue();
      add(c);
      return c;
    }

    /** Adds a line whose CRC-32C is {@code c}. */
    void add(int c) {
      long u = Integer.toUnsignedLong(c);
      count++;
      sum += u;
      squares += u * u;
    }

    /** {@code <lines>-<hex sum>-<hex sum of squares>}. */
    String value() {
      return count + "-" + Long.toHexString(sum) + "-" + Long.toHexString(squares);
    }
  }

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

    /** The line being built, and its length. */
    private byte[] scratch = new byte[512];

    private int line;
    private final Stamp stamp = new Stamp();

    Writer(Path target) {
      this.file = AtomicWriter.open(target);
      this.out = new CheckedOutputStream(file.stream(), checksum);
    }

    /** A line of a page with no source key and no input hash (tests). */
    void add(String path, String view, String fileHash, String key) throws IOException {
      add(path, view, fileHash, "[]", false, key);
    }

    /**
     * Lists a page.
     *
     * @throws IOException when it cannot be written, or its source keys hold a tab or a line break
     *     (a hand-made record): no manifest is then trusted
     */
    void add(
        String path,
        String view,
        String fileHash,
        String sourceKeys,
        boolean hasInputHash,
        String key)
        throws IOException {
      if (sourceKeys.indexOf('\t') >= 0 || sourceKeys.indexOf('\n') >= 0) {
        throw new IOException("a record's source keys hold a tab or a line break: " + sourceKeys);
      }
      line = 0;
      encode(path);
      encode('\t');
      encode(view);
      encode('\t');
      encode(fileHash);
      encode('\t');
      encode(sourceKeys);
      encode('\t');
      encode(hasInputHash ? '1' : '0');
      stamp.line(scratch, 0, line);
      encode('\t');
      encode(key == null ? "-" : key);
      encode('\n');
      if (line > buffer.length - buffered) {
        drain();
        if (line > buffer.length) {
          out.write(scratch, 0, line);
          count++;
          return;
        }
      }
      System.arraycopy(scratch, 0, buffer, buffered, line);
      buffered += line;
      count++;
    }

    /**
     * Appends whole lines of the last compile's manifest as they are ({@code length} bytes of
     * {@code bytes} from {@code offset}): the pages a compile keeps, whose stat keys are unchanged.
     * Each line must also be counted with {@link #copied}.
     */
    void copy(byte[] bytes, int offset, int length) throws IOException {
      if (length > buffer.length - buffered) {
        drain();
        out.write(bytes, offset, length);
        return;
      }
      System.arraycopy(bytes, offset, buffer, buffered, length);
      buffered += length;
    }

    /** Counts a line {@link #copy} appended, whose part of the {@link Stamp} is {@code crc}. */
    void copied(int crc) {
      stamp.add(crc);
      count++;
    }

    /** The {@link Stamp} of the lines so far: what the record notes about this manifest. */
    String stamp() {
      return stamp.value();
    }

    /** Appends {@code s} to the line being built, as UTF-8 (a byte per char when ASCII). */
    private void encode(String s) {
      int n = s.length();
      ensure(n);
      for (int i = 0; i < n; i++) {
        char ch = s.charAt(i);
        if (ch >= 0x80) {
          byte[] b = s.getBytes(StandardCharsets.UTF_8);
          ensure(b.length);
          System.arraycopy(b, 0, scratch, line, b.length);
          line += b.length;
          return;
        }
      }
      for (int i = 0; i < n; i++) {
        scratch[line + i] = (byte) s.charAt(i);
      }
      line += n;
    }

    private void encode(char ascii) {
      ensure(1);
      scratch[line++] = (byte) ascii;
    }

    private void ensure(int more) {
      if (scratch.length - line < more) {
        scratch = java.util.Arrays.copyOf(scratch, Math.max(scratch.length * 2, line + more));
      }
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
    return readLines(
            file, expected, (e, bytes, offset, length) -> each.accept(complete(e, bytes, offset)))
        != null;
  }

  /**
   * What a whole manifest says about the record it copies ({@link Summing}).
   *
   * @param stamp its {@link Stamp}
   * @param totals its rows' {@link RecordTotals}, as the record would give them
   */
  record Listing(String stamp, String totals) {}

  /** As {@link #read}; returns the manifest's {@link Stamp}, or null. */
  static String readStamped(Path file, Summary expected, Consumer<Entry> each) {
    Summing sums = new Summing();
    byte[] read =
        readLines(
            file,
            expected,
            (e, bytes, offset, length) -> {
              sums.add(bytes, offset);
              each.accept(complete(e, bytes, offset));
            });
    return read == null ? null : sums.listing().stamp();
  }

  /** Takes a manifest's lines as they are read. */
  interface Lines {
    /**
     * @param e the line's entry, without its source keys ({@link #complete} adds them)
     * @param bytes the whole manifest, which the line is part of
     * @param offset where the line starts in it
     * @param length its length, its line break included
     */
    void accept(Entry e, byte[] bytes, int offset, int length);
  }

  /**
   * As {@link #read}, with each entry's line; returns the manifest's bytes when it was read whole
   * and is the file {@code expected} describes, else null. The file is read at once (about 25 MB at
   * 100,000 pages), so that a compile can copy the lines of the pages it keeps as they are ({@link
   * Writer#copy}). The entries come without their source keys, and nothing is summed: a no-op
   * compile needs neither, and the compile that follows it works them out from the bytes.
   */
  static byte[] readLines(Path file, Summary expected, Lines each) {
    long count = 0;
    String view = null;
    int viewFrom = 0;
    int viewTo = 0;
    byte[] buffer;
    try {
      long size = Files.size(file);
      if (!expected.checksum().endsWith("-" + size) || size > Integer.MAX_VALUE - 16) {
        return null;
      }
      buffer = Files.readAllBytes(file);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    Counted checksum = new Counted();
    checksum.update(buffer, 0, buffer.length);
    if (!checksum(checksum).equals(expected.checksum())) {
      return null;
    }
    int start = 0;
    int end = buffer.length;
    try {
      for (int nl = indexOf(buffer, (byte) '\n', start, end);
          nl >= 0;
          nl = indexOf(buffer, (byte) '\n', start, end)) {
        int a = indexOf(buffer, (byte) '\t', start, nl);
        int b = a < 0 ? -1 : indexOf(buffer, (byte) '\t', a + 1, nl);
        int c = b < 0 ? -1 : indexOf(buffer, (byte) '\t', b + 1, nl);
        int d = c < 0 ? -1 : indexOf(buffer, (byte) '\t', c + 1, nl);
        int e = d < 0 ? -1 : indexOf(buffer, (byte) '\t', d + 1, nl);
        if (e != d + 2 || (buffer[d + 1] != '0' && buffer[d + 1] != '1')) {
          return null;
        }
        if (++count > expected.count()) {
          return null;
        }
        // A view's name is shared by its lines, which follow each other.
        if (view == null || !java.util.Arrays.equals(buffer, a + 1, b, buffer, viewFrom, viewTo)) {
          view = new String(buffer, a + 1, b - a - 1, StandardCharsets.UTF_8);
          viewFrom = a + 1;
          viewTo = b;
        }
        String key =
            nl - e - 1 == 1 && buffer[e + 1] == '-'
                ? null
                : new String(buffer, e + 1, nl - e - 1, StandardCharsets.UTF_8);
        each.accept(
            new Entry(
                new String(buffer, start, a - start, StandardCharsets.UTF_8),
                view,
                new String(buffer, b + 1, c - b - 1, StandardCharsets.UTF_8),
                null,
                buffer[d + 1] == '1',
                key),
            buffer,
            start,
            nl + 1 - start);
        start = nl + 1;
      }
    } catch (RuntimeException e) {
      return null;
    }
    // Bytes after the last line break: the writer ends every line with one.
    return start == end && count == expected.count() ? buffer : null;
  }

  /** The tabs of the line at {@code offset} of a manifest {@link #readLines} checked. */
  private static int[] tabs(byte[] b, int offset) {
    int[] t = new int[5];
    int from = offset;
    for (int i = 0; i < 5; i++) {
      t[i] = indexOf(b, (byte) '\t', from, b.length);
      from = t[i] + 1;
    }
    return t;
  }

  /** {@code e} with its source keys, from its line at {@code offset}. */
  static Entry complete(Entry e, byte[] b, int offset) {
    return complete(e, b, tabs(b, offset));
  }

  /** {@code e} with its source keys, from its line, whose {@link #tabs} are {@code t}. */
  private static Entry complete(Entry e, byte[] b, int[] t) {
    return new Entry(
        e.path(),
        e.view(),
        e.fileHash(),
        new String(b, t[2] + 1, t[3] - t[2] - 1, StandardCharsets.UTF_8),
        e.hasInputHash(),
        e.key());
  }

  /** Sums a manifest's lines into its {@link Listing}: its stamp and its record's totals. */
  static final class Summing {
    private final Stamp stamp = new Stamp();
    private long count;
    private long inputs;
    private long paths;
    private long views;
    private long hashes;
    private long keys;

    /** Adds the line at {@code offset}; returns its part of the stamp. */
    int add(byte[] b, int offset) {
      return add(b, offset, tabs(b, offset));
    }

    /**
     * Adds the line at {@code offset} and sets {@code entries[i]} to its entry completed with its
     * source keys ({@link #complete}); returns the line's part of the stamp.
     */
    int addCompleting(byte[] b, int offset, List<Entry> entries, int i) {
      int[] t = tabs(b, offset);
      entries.set(i, complete(entries.get(i), b, t));
      return add(b, offset, t);
    }

    private int add(byte[] b, int offset, int[] t) {
      count++;
      if (b[t[3] + 1] == '1') {
        inputs++;
      }
      paths += t[0] - offset;
      views += t[1] - t[0] - 1;
      hashes += digest(b, t[1] + 1, t[2]);
      keys += t[3] - t[2] - 1;
      return stamp.line(b, offset, t[4] - offset);
    }

    Listing listing() {
      return new Listing(
          stamp.value(), RecordTotals.format(count, inputs, paths, views, hashes, keys));
    }
  }

  /**
   * A file hash's part of {@link RecordTotals}: its length, and where its first {@code a}, {@code
   * e}, {@code c} and {@code 7} are (1-based, 0 when absent), as SQLite's {@code instr} finds them.
   */
  private static long digest(byte[] b, int from, int to) {
    return (to - from)
        + 128L * position(b, (byte) 'a', from, to)
        + 16384L * position(b, (byte) 'e', from, to)
        + 2097152L * position(b, (byte) 'c', from, to)
        + 268435456L * position(b, (byte) '7', from, to);
  }

  /** Where the first {@code x} of {@code b[from, to)} is, counted from 1; 0 when absent. */
  private static int position(byte[] b, byte x, int from, int to) {
    int i = indexOf(b, x, from, to);
    return i < 0 ? 0 : i - from + 1;
  }

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
