package dev.mlos.core.db;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the first bytes of a database file through a descriptor kept open, never closed after the
 * read. On POSIX systems closing any descriptor of a file drops every lock the process holds on it
 * (fcntl locks belong to the process and the file, not to the descriptor): a header read that
 * opened and closed the file released the SQLite locks of this process's connections on it (an MCP
 * server's upsert inside its write transaction, a compile's read), so another process could read a
 * half-written database or write beside the writer, and an agent saw {@code SQLITE_IOERR} (SQLite's
 * "How To Corrupt An SQLite Database File", 2.2). SQLite itself defers such closes; this class does
 * the same by keeping the descriptor.
 *
 * <p>At most {@link #MAX_OPEN} files are held (the least recently read one is closed beyond that: a
 * process that works on that many databases at once is not one mlos runs). A file replaced at its
 * path (another inode) gets a new descriptor; the old one stays open, since connections may still
 * hold locks on the old file. A {@link RandomAccessFile}, not a {@code FileChannel}: a channel is
 * closed by an interrupt of the thread reading it (a compile's cancelled task), which would drop
 * the locks again.
 */
final class HeldFiles {
  static final int MAX_OPEN = 32;

  private record Held(RandomAccessFile file, Object fileKey) {}

  private static final Map<Path, Held> OPEN = new LinkedHashMap<>(16, 0.75f, true);

  /** Descriptors of files replaced at their paths: kept, never closed (see the class comment). */
  private static final List<RandomAccessFile> RETIRED = new ArrayList<>();

  private HeldFiles() {}

  /**
   * Reads up to {@code into.length} bytes from the start of {@code file} into {@code into}; returns
   * how many were read.
   */
  static synchronized int read(Path file, byte[] into) throws IOException {
    RandomAccessFile held = held(file);
    if (held == null) {
      // No file identity (Windows): its locks belong to the handle, closing another drops none.
      try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        return in.readNBytes(into, 0, into.length);
      }
    }
    held.seek(0);
    int n = 0;
    while (n < into.length) {
      int r = held.read(into, n, into.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n;
  }

  /** The SHA-256 of the whole of {@code file}, read through the held descriptor. */
  static synchronized String sha256(Path file) throws IOException {
    RandomAccessFile held = held(file);
    if (held == null) {
      return dev.mlos.core.hash.Sha256.ofFile(file);
    }
    held.seek(0);
    // Not the file's channel: an interrupt closes a channel, and with it the descriptor.
    return dev.mlos.core.hash.Sha256.ofStream(
        new java.io.InputStream() {
          @Override
          public int read() throws IOException {
            return held.read();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return held.read(b, off, len);
          }
        });
  }

  /** The held descriptor of {@code file}, opened now if needed; null without file identities. */
  private static RandomAccessFile held(Path file) throws IOException {
    Object key =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    if (key == null) {
      return null;
    }
    Path at = file.toAbsolutePath().normalize();
    Held held = OPEN.get(at);
    if (held == null || !held.fileKey().equals(key)) {
      if (held != null) {
        RETIRED.add(held.file());
      }
      held = new Held(new RandomAccessFile(file.toFile(), "r"), key);
      OPEN.put(at, held);
      if (OPEN.size() > MAX_OPEN) {
        Iterator<Held> eldest = OPEN.values().iterator();
        eldest.next().file().close();
        eldest.remove();
      }
    }
    return held.file();
  }
}
