package dev.mlos.core.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes files so that readers see either the old or the new content, never a mix: the bytes go to
 * a temporary file {@code .<name>.mlos-tmp-<random>} in the same directory, are forced to disk, and
 * the temporary file is then atomically renamed over the target. On failure the temporary file is
 * removed and the old file is untouched.
 */
public final class AtomicWriter {
  /** Marker in the names of temporary files, so tools (and {@code .gitignore}) can spot them. */
  public static final String TEMP_MARKER = ".mlos-tmp-";

  private static final SecureRandom RANDOM = new SecureRandom();
  // Keeps temporary names within common 255-byte file name limits.
  private static final int MAX_NAME_PREFIX = 100;

  private AtomicWriter() {}

  /**
   * Writes {@code bytes} to {@code file} atomically, creating parent directories. An existing
   * file's POSIX permissions are kept.
   *
   * @throws FileWriteException naming the file when it cannot be written; the old file is intact
   *     and no temporary file is left behind
   */
  public static void write(Path file, byte[] bytes) {
    write(file, bytes, true);
  }

  /**
   * Like {@link #write(Path, byte[])}; with {@code durable} false the data is not forced to disk
   * before the rename. The rename is still atomic for readers; only a power cut right after the
   * write may lose it. Compiled files can always be compiled again, and forcing each of 100k small
   * files would dominate a compile's time.
   */
  public static void write(Path file, byte[] bytes, boolean durable) {
    Path target = file.toAbsolutePath().normalize();
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileWriteException(
          target, "is a directory", "Remove or rename the directory, then run again.", null);
    }
    createDirectories(target);
    if (!replace(target, bytes, durable, true)) {
      throw new FileWriteException(
          target,
          "its directory was removed while it was written",
          "Run again; check that no other process deletes " + target.getParent() + ".",
          null);
    }
  }

  /**
   * Creates the parent directories of {@code file}.
   *
   * @throws FileWriteException naming the blocking file when a parent is not a directory
   */
  public static void createDirectories(Path file) {
    Path target = file.toAbsolutePath().normalize();
    Path dir = target.getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      Path blocker = nonDirectoryAncestor(dir);
      if (blocker != null) {
        throw new FileWriteException(
            target,
            "cannot create the parent directory: " + blocker + " exists and is not a directory",
            "Remove or rename " + blocker + ", then run again.",
            e);
      }
      throw new FileWriteException(
          target,
          "cannot create the parent directory: " + e,
          "Check the permissions of the nearest existing directory above " + dir + ".",
          e);
    }
  }

  /**
   * Like {@link #write(Path, byte[], boolean)}, for a caller that has just looked at the target:
   * its parent directory exists and it is not a directory; {@code exists} tells whether there is a
   * file to replace (whose permissions are then kept). Spares the system calls those checks cost
   * when thousands of files are written; when the parent directory went away meanwhile, falls back
   * to {@link #write(Path, byte[], boolean)}.
   */
  public static void writeChecked(Path file, byte[] bytes, boolean durable, boolean exists) {
    Path target = file.toAbsolutePath().normalize();
    if (!replace(target, bytes, durable, exists)) {
      write(target, bytes, durable);
    }
  }

  /**
   * Creates {@code file}, which must not exist, with {@code bytes}, in place: for a directory no
   * reader can see yet (a staging directory that is renamed into place when complete), where the
   * temporary file and rename of {@link #write} would only cost time.
   *
   * @throws FileWriteException naming the file when it exists or cannot be written; a partly
   *     written file is removed
   */
  public static void writeNew(Path file, byte[] bytes, boolean durable) {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      if (durable) {
        channel.force(true);
      }
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new FileWriteException(file, "exists already", "Run again.", e);
    } catch (IOException e) {
      throw removedAfter(file, failure(file, file.getParent(), e));
    }
  }

  /**
   * A new, empty, hidden directory next to {@code dir} (named {@code .<name>.mlos-tmp-<random>}),
   * to fill and then {@link #publishDirectory publish} as {@code dir}.
   */
  public static Path createStagingDirectory(Path dir) {
    Path staging = dir.resolveSibling(tempName(dir));
    try {
      Files.createDirectory(staging);
      return staging;
    } catch (IOException e) {
      throw new FileWriteException(
          staging,
          "cannot create the directory: " + e,
          "Check that " + dir.getParent() + " is writable and the disk is not full.",
          e);
    }
  }

  /**
   * Moves a filled staging directory into place as {@code dir} with one rename, so readers see the
   * directory whole or not at all. When {@code dir} appeared meanwhile, its entries are moved into
   * it one by one instead (each an atomic rename, replacing a file of the same name, as {@link
   * #write} would have) and the staging directory is removed.
   *
   * @throws FileWriteException naming {@code dir} when neither works; the files are still in {@code
   *     staging}
   */
  public static void publishDirectory(Path staging, Path dir, boolean durable) {
    try {
      try {
        Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          throw e;
        }
        try (Stream<Path> entries = Files.list(staging)) {
          for (Path entry : (Iterable<Path>) entries::iterator) {
            Files.move(
                entry,
                dir.resolve(entry.getFileName().toString()),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
          }
        }
        Files.delete(staging);
      }
    } catch (IOException e) {
      throw new FileWriteException(
          dir,
          "cannot move the compiled files into place from " + staging + ": " + e,
          "Remove or rename what is at " + dir + " now, then run again.",
          e);
    }
    if (durable) {
      syncDirectory(dir.getParent());
    }
  }

  /**
   * Deletes the staging directories an interrupted run left for {@code dir} (hidden directories
   * named {@code .<name>.mlos-tmp-<16 hex digits>} next to it), without following links.
   *
   * @return how many were removed
   */
  public static int removeLeftStagingDirectories(Path dir) {
    String name = dir.getFileName().toString();
    String prefix =
        "."
            + (name.length() > MAX_NAME_PREFIX ? name.substring(0, MAX_NAME_PREFIX) : name)
            + TEMP_MARKER;
    int removed = 0;
    try (Stream<Path> siblings = Files.list(dir.getParent())) {
      for (Path p : (Iterable<Path>) siblings::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith(prefix)
            && n.length() == prefix.length() + 16
            && n.substring(prefix.length()).chars().allMatch(c -> Character.digit(c, 16) >= 0)
            && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          deleteTree(p);
          removed++;
        }
      }
    } catch (IOException e) {
      // Left over from an earlier run, hidden, and never read: not worth failing a compile for.
    }
    return removed;
  }

  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult visitFile(
              Path file, java.nio.file.attribute.BasicFileAttributes attrs) throws IOException {
            Files.delete(file);
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e)
              throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return java.nio.file.FileVisitResult.CONTINUE;
          }
        });
  }

  /**
   * Writes a temporary file next to {@code target} and renames it over the target. Returns false,
   * without writing anything, when the directory does not exist.
   */
  private static boolean replace(
      Path target, byte[] bytes, boolean durable, boolean keepPermissions) {
    Path dir = target.getParent();
    Path temp = dir.resolve(tempName(target));
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        if (durable) {
          channel.force(true);
        }
      }
      if (keepPermissions) {
        copyPermissions(target, temp);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (NoSuchFileException e) {
      if (temp.equals(Path.of(e.getFile() == null ? "" : e.getFile())) && !Files.isDirectory(dir)) {
        return false;
      }
      throw removedAfter(temp, failure(target, dir, e));
    } catch (IOException | RuntimeException e) {
      throw removedAfter(temp, failure(target, dir, e));
    }
    if (durable) {
      syncDirectory(dir);
    }
    return true;
  }

  /**
   * Starts writing {@code file} as a stream, for content too large to hold in memory: the bytes go
   * to a temporary file next to it (parent directories are created), which {@link
   * StreamedFile#commit} renames over {@code file} and {@link StreamedFile#abandon} removes.
   *
   * @throws FileWriteException naming the file when the temporary file cannot be created
   */
  public static StreamedFile open(Path file) {
    Path target = file.toAbsolutePath().normalize();
    createDirectories(target);
    Path temp = target.resolveSibling(tempName(target));
    try {
      return new StreamedFile(
          target,
          temp,
          new java.io.BufferedOutputStream(
              Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              64 * 1024));
    } catch (IOException e) {
      throw failure(target, target.getParent(), e);
    }
  }

  /** A file being written by {@link #open}: visible under its name only after {@link #commit}. */
  public static final class StreamedFile {
    private final Path target;
    private final Path temp;
    private final java.io.OutputStream out;
    private boolean closed;

    private StreamedFile(Path target, Path temp, java.io.OutputStream out) {
      this.target = target;
      this.temp = temp;
      this.out = out;
    }

    /** Where to write the content (closing it is optional: commit and abandon do). */
    public java.io.OutputStream stream() {
      return out;
    }

    /**
     * Closes the stream and returns the temporary file, to read back what was written before {@link
     * #commit} or {@link #abandon}.
     */
    public Path finish() throws IOException {
      if (!closed) {
        closed = true;
        out.close();
      }
      return temp;
    }

    /** Closes the stream and renames the temporary file over the target. */
    public void commit() {
      try {
        if (!closed) {
          closed = true;
          out.close();
        }
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException | RuntimeException e) {
        throw removedAfter(temp, failure(target, target.getParent(), e));
      }
    }

    /** Closes the stream and removes the temporary file; the target is untouched. */
    public void abandon() {
      if (!closed) {
        closed = true;
        try {
          out.close();
        } catch (IOException e) {
          // the file is removed next
        }
      }
      deleteQuietly(temp);
    }
  }

  private static FileWriteException failure(Path target, Path dir, Exception e) {
    String why = String.valueOf(e.getMessage());
    if (why.contains("File name too long") || why.contains("ENAMETOOLONG")) {
      return new FileWriteException(
          target,
          "cannot write: the file name is longer than the file system allows",
          "Shorten the name (the output pattern, or the values put into it): most file systems allow 255 bytes per name.",
          e);
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return new FileWriteException(
          target,
          "cannot write: permission denied (" + why + ")",
          "Make " + dir + " writable for this user, then run again.",
          e);
    }
    if (why.contains("No space left") || why.contains("Disk quota exceeded")) {
      return new FileWriteException(
          target,
          "cannot write: the disk is full (" + why + ")",
          "Free space on the disk that holds " + dir + ", then run again; the old file is intact.",
          e);
    }
    return new FileWriteException(
        target,
        "cannot write: " + e,
        "Check that " + dir + " is writable and the disk is not full.",
        e);
  }

  /**
   * Writes {@code bytes} unless {@code file} already holds exactly these bytes; then nothing is
   * touched (not even the modification time), so unchanged outputs never churn.
   *
   * @return true when the file was written, false when it already had these bytes
   * @throws FileWriteException naming the file when it cannot be read or written
   */
  public static boolean writeIfChanged(Path file, byte[] bytes) {
    if (hasContent(file, bytes)) {
      return false;
    }
    write(file, bytes);
    return true;
  }

  /**
   * Deletes {@code file} if it exists, then deletes its parent directories while they are empty, up
   * to but never including {@code stopAt}.
   *
   * @return true when the file existed and was deleted
   * @throws IllegalArgumentException when {@code file} is not below {@code stopAt}
   * @throws FileWriteException naming the file when it cannot be deleted
   */
  public static boolean deleteAndPruneEmptyParents(Path file, Path stopAt) {
    Path target = file.toAbsolutePath().normalize();
    Path stop = stopAt.toAbsolutePath().normalize();
    if (!target.startsWith(stop) || target.equals(stop)) {
      throw new IllegalArgumentException(target + " is not inside " + stop);
    }
    boolean deleted;
    try {
      deleted = Files.deleteIfExists(target);
    } catch (DirectoryNotEmptyException e) {
      throw new FileWriteException(
          target, "is a non-empty directory, not a file", "Remove it by hand if it is stale.", e);
    } catch (IOException e) {
      throw new FileWriteException(
          target, "cannot delete: " + e, "Check the permissions of " + target.getParent() + ".", e);
    }
    for (Path dir = target.getParent(); dir != null && !dir.equals(stop); dir = dir.getParent()) {
      if (!isEmptyDirectory(dir)) {
        break;
      }
      try {
        Files.delete(dir);
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        // Someone else wrote into it or removed it meanwhile: leave it.
        break;
      } catch (IOException e) {
        throw new FileWriteException(
            dir,
            "cannot delete the empty directory: " + e,
            "Check the permissions of " + dir.getParent() + ".",
            e);
      }
    }
    return deleted;
  }

  /** The deepest existing path at or above {@code dir}, if it is not a directory. */
  private static Path nonDirectoryAncestor(Path dir) {
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        return Files.isDirectory(p) ? null : p;
      }
    }
    return null;
  }

  private static boolean hasContent(Path file, byte[] bytes) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) != bytes.length) {
        return false;
      }
      return Arrays.equals(Files.readAllBytes(file), bytes);
    } catch (IOException e) {
      throw new FileWriteException(
          file, "cannot read the current content: " + e, "Check that the file is readable.", e);
    }
  }

  private static boolean isEmptyDirectory(Path dir) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static String tempName(Path target) {
    String name = target.getFileName().toString();
    if (name.length() > MAX_NAME_PREFIX) {
      name = name.substring(0, MAX_NAME_PREFIX);
    }
    byte[] random = new byte[8];
    RANDOM.nextBytes(random);
    return "." + name + TEMP_MARKER + HexFormat.of().formatHex(random);
  }

  private static void copyPermissions(Path from, Path to) throws IOException {
    PosixFileAttributes source;
    try {
      source = Files.readAttributes(from, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException notThere) {
      return; // gone or unreadable (as before), or no POSIX permissions here (Windows)
    }
    if (!source.isRegularFile()) {
      return;
    }
    Set<PosixFilePermission> permissions = source.permissions();
    // Usually the new file has them already (the umask's): a chmod per page is a journalled inode
    // change, which a compile rewriting thousands of pages felt (issue 20).
    if (!Files.readAttributes(to, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .permissions()
        .equals(permissions)) {
      Files.setPosixFilePermissions(to, permissions);
    }
  }

  /** Makes the rename durable where the platform allows opening a directory (Linux, macOS). */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      // Not supported on this platform (e.g. Windows); the rename itself is still atomic.
    }
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // Abandoning is itself the clean-up after a failure the caller reports.
    }
  }

  /**
   * Removes the partly written {@code file} after {@code failure}, and returns the failure to
   * throw: it is the one to report, and a file that could not be removed is kept with it
   * (suppressed), so the leftover is not a mystery.
   */
  private static FileWriteException removedAfter(Path file, FileWriteException failure) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
    return failure;
  }
}
