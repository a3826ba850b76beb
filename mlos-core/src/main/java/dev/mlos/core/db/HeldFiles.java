package dev.mlos.core.db;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
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
 * path (another inode: {@code mlos init --pull-text} renames the merged database over it) gets a
 * new descriptor; the old one is retired, not closed, since this process's connections may still
 * hold locks on the old file. A retired descriptor is closed at a later read once its file has no
 * name left (no connection can open it any more) and no other descriptor of this process refers to
 * it (no connection has it open, so the process holds no lock on it), as the process's descriptor
 * table ({@code /proc/self/fd}, {@code /dev/fd}) shows; where that table cannot be read, or does
 * not show the retired descriptor itself, it stays open. So a long-running MCP server keeps neither
 * a descriptor nor the disk space of each database a pull replaced. A {@link RandomAccessFile}, not
 * a {@code FileChannel}: a channel is closed by an interrupt of the thread reading it (a compile's
 * cancelled task), which would drop the locks again.
 */
final class HeldFiles {
  static final int MAX_OPEN = 32;

  private record Held(RandomAccessFile file, Object fileKey) {}

  /**
   * Where a process's open descriptors are listed, one entry (a link to the file) per descriptor.
   */
  private static final List<Path> DESCRIPTOR_TABLES =
      List.of(Path.of("/proc/self/fd"), Path.of("/dev/fd"));

  private static final Map<Path, Held> OPEN = new LinkedHashMap<>(16, 0.75f, true);

  /**
   * Descriptors of files replaced at their paths: kept until {@link #release} finds them safe to
   * close (see the class comment).
   */
  private static final List<Held> RETIRED = new ArrayList<>();

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
        RETIRED.add(held);
      }
      held = new Held(new RandomAccessFile(file.toFile(), "r"), key);
      OPEN.put(at, held);
      if (OPEN.size() > MAX_OPEN) {
        Iterator<Held> eldest = OPEN.values().iterator();
        eldest.next().file().close();
        eldest.remove();
      }
    }
    release();
    return held.file();
  }

  /**
   * Closes each retired descriptor whose file has no name left and no other descriptor in this
   * process: no connection of the process has the file open or can open it, so closing drops no
   * lock (the file's locks went with the last of the connections' descriptors).
   */
  private static void release() {
    if (RETIRED.isEmpty()) {
      return;
    }
    Map<Object, Integer> descriptors = new HashMap<>();
    Map<Object, Integer> links = new HashMap<>();
    if (!listDescriptors(descriptors, links)) {
      return;
    }
    Map<Object, Integer> ours = new HashMap<>();
    for (Held h : OPEN.values()) {
      ours.merge(h.fileKey(), 1, Integer::sum);
    }
    for (Held h : RETIRED) {
      ours.merge(h.fileKey(), 1, Integer::sum);
    }
    for (Iterator<Held> it = RETIRED.iterator(); it.hasNext(); ) {
      Held h = it.next();
      int seen = descriptors.getOrDefault(h.fileKey(), 0);
      // The table must show our own descriptors, else it does not tell what the process has open.
      if (links.getOrDefault(h.fileKey(), -1) == 0 && seen == ours.get(h.fileKey())) {
        try {
          h.file().close();
        } catch (IOException e) {
          // closed or not, the descriptor is of no more use
        }
        it.remove();
      }
    }
  }

  /**
   * Counts, per file, this process's open descriptors and the file's names (hard links), from the
   * first descriptor table that can be read; false when none can.
   */
  private static boolean listDescriptors(
      Map<Object, Integer> descriptors, Map<Object, Integer> links) {
    for (Path table : DESCRIPTOR_TABLES) {
      if (!Files.isDirectory(table)) {
        continue;
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(table)) {
        for (Path fd : entries) {
          try {
            // Followed: the attributes of the file the descriptor has open, named or not.
            Object key = Files.readAttributes(fd, BasicFileAttributes.class).fileKey();
            if (key == null) {
              continue;
            }
            if (descriptors.merge(key, 1, Integer::sum) == 1) {
              links.put(key, ((Number) Files.getAttribute(fd, "unix:nlink")).intValue());
            }
          } catch (NoSuchFileException closedMeanwhile) {
            // a descriptor closed since the table was listed holds no lock
          }
        }
        return true;
      } catch (IOException
          | SecurityException
          | UnsupportedOperationException
          | IllegalArgumentException e) {
        // A descriptor that cannot be looked at may be a connection's: the table tells nothing.
        descriptors.clear();
        links.clear();
      }
    }
    return false;
  }
}
