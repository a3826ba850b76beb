package dev.mlos.core.db;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * A per-user cache directory under {@code java.io.tmpdir} for what every mlos JVM would otherwise
 * compute again at start (the SQLite native library, the schema the migrations create): owner-only,
 * checked for owner and permissions before each use, written through an atomic rename. Where any of
 * that cannot be proved (no POSIX permissions, no user name, a directory someone else can write),
 * there is no cache and the caller computes as usual.
 */
public final class PrivateCache {
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");

  private PrivateCache() {}

  /**
   * {@code <java.io.tmpdir>/mlos-<name>-<user>}, created owner-only if missing; empty unless it is
   * a real directory of this user that no one else can write.
   */
  public static Optional<Path> directory(String name) {
    String user = System.getProperty("user.name", "");
    if (user.isEmpty()) {
      return Optional.empty();
    }
    try {
      Path base = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
      return Optional.ofNullable(
          privateDirectory(base.resolve("mlos-" + safe(name) + "-" + safe(user)), user));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The bytes of {@code fileName} in {@code dir}: a regular file of this user only no one else can
   * write.
   */
  public static Optional<byte[]> read(Path dir, String fileName) {
    String user = System.getProperty("user.name", "");
    Path file = dir.resolve(safe(fileName));
    try {
      PosixFileAttributes a =
          Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile() || !ownedAndPrivate(a, user) || a.size() > 16L * 1024 * 1024) {
        return Optional.empty();
      }
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Writes {@code fileName} in {@code dir} atomically (another JVM sees the old file, none, or this
   * one). A failure only means no cache.
   */
  public static void write(Path dir, String fileName, byte[] bytes) {
    String name = safe(fileName);
    try {
      Path temp =
          Files.createTempFile(
              dir, name + ".", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_FILE));
      try {
        Files.write(temp, bytes);
        Files.move(
            temp,
            dir.resolve(name),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException | RuntimeException e) {
      // no cache this time
    }
  }

  static Path privateDirectory(Path dir, String user) throws IOException {
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      // Checked below like a new one.
    }
    PosixFileAttributes a =
        Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return a.isDirectory() && ownedAndPrivate(a, user) ? dir : null;
  }

  static boolean ownedAndPrivate(PosixFileAttributes a, String user) {
    Set<PosixFilePermission> p = a.permissions();
    return a.owner().getName().equals(user)
        && !p.contains(PosixFilePermission.GROUP_WRITE)
        && !p.contains(PosixFilePermission.OTHERS_WRITE);
  }

  /** Letters, digits, '.', '-' and '_' only: safe as one file name on every platform. */
  static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
