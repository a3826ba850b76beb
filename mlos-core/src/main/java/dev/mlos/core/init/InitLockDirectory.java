package dev.mlos.core.init;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * The directory of the current user's {@link InitLock} files: one only this user can write. The
 * locks used to lie in the shared temporary directory under names anyone could compute, so another
 * user of the machine could create one first (every init of that database then waited 120 s and was
 * refused) or plant a symbolic link there (init then went on without its lock).
 *
 * <p>It is {@code .cache/mlos/init-locks} in the user's home as the system's user list gives it
 * (Java's {@code user.home}), which no other user can create first. No environment variable moves
 * it: two inits of one database must take one lock, and an MCP server that a client started (or a
 * job under cron) does not see the variables of the user's shell; {@code $XDG_RUNTIME_DIR} or
 * {@code $XDG_CACHE_HOME} set in one and not the other put their locks in two directories, and both
 * went on at once. Only where that cannot be made (a home that is not writable, a service account's
 * {@code /nonexistent}, one that leads into another user's directory) is it {@code
 * mlos-init-locks-<user>} in the temporary directory (per user already on Windows), a name another
 * user can take first: the refusal then says so, with the fix. mlos makes it with permissions 0700.
 * One that is there already must be a directory, not a symbolic link, and belong to this user, or
 * init is refused with the fix (in the cache directory, the temporary one is used instead); one of
 * this user's that others may read or write is narrowed to 0700 (no one else could have written in
 * it after that, and the lock files in it are opened without following links).
 */
final class InitLockDirectory {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  private InitLockDirectory() {}

  /**
   * This user's lock directory, made and checked ({@link #prepare}).
   *
   * @throws IOException when none can be made: init goes on without its lock
   * @throws MlosException when the one to use is there but not this user's own directory
   */
  static Path ofUser() throws IOException {
    return ofUser(System.getProperty("user.home"), System.getProperty("java.io.tmpdir"));
  }

  /**
   * {@link #ofUser()} with the home and the temporary directory given (the home may be null or
   * blank: none).
   */
  static Path ofUser(String home, String temporary) throws IOException {
    Path base = absoluteDirectory(home);
    Path cache = base == null ? null : base.resolve(".cache");
    if (cache != null && isMine(base)) {
      try {
        // A cache (or its mlos) linked into another user's directory: that user could rename the
        // lock directory away between two inits, which then took one lock each.
        if (isMine(Files.createDirectories(cache).toRealPath())) {
          Path mlos = Files.createDirectories(cache.resolve("mlos"));
          Path real = mlos.toRealPath();
          if (isMine(real) && isMine(real.getParent())) {
            return prepare(mlos.resolve("init-locks"));
          }
        }
      } catch (IOException | RuntimeException e) {
        // A home this user cannot write (a service account's), or a directory there that is not
        // this user's (made by root under sudo): the temporary directory below.
      }
    }
    return prepare(Path.of(temporary).resolve("mlos-init-locks-" + userTag()));
  }

  /**
   * The directory in the temporary one where this user's locks lie when the home cannot hold them,
   * and where earlier versions of mlos put them (one file per database); it may not be there.
   */
  static Path temporary() {
    try {
      return Path.of(System.getProperty("java.io.tmpdir")).resolve("mlos-init-locks-" + userTag());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Whether {@code directory} belongs to the user this process runs as: root under a sudo that kept
   * the user's HOME would otherwise make {@code ~/.cache} the user's own programs cannot write.
   */
  private static boolean isMine(Path directory) {
    try {
      UserPrincipal me = currentUser(directory);
      return me == null || me.equals(Files.getOwner(directory));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** {@code path} where it is an absolute path naming a directory, else null. */
  private static Path absoluteDirectory(String path) {
    if (path == null || path.isBlank()) {
      return null;
    }
    try {
      Path p = Path.of(path);
      return p.isAbsolute() && Files.isDirectory(p) ? p : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The user's name as a file name's part, or a digest of it where it holds other characters. */
  private static String userTag() {
    String name = System.getProperty("user.name", "");
    if (name.matches("[A-Za-z0-9._-]{1,64}") && !name.startsWith(".")) {
      return name;
    }
    return java.util
        .UUID
        .nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString();
  }

  /**
   * Makes {@code directory} (0700) or checks the one there.
   *
   * @return {@code directory}, ready for lock files
   * @throws IOException when it cannot be made or read: init goes on without its lock, as where the
   *     temporary directory is read-only
   * @throws MlosException when it is there but not this user's own directory
   */
  static Path prepare(Path directory) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(
            directory.getParent(), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      // Windows: the temporary directory is the user's own; no POSIX owner or mode to check.
      Files.createDirectories(directory);
      if (Files.isSymbolicLink(directory) || !Files.isDirectory(directory)) {
        throw refused(directory, "it is a symbolic link or not a directory");
      }
      return directory;
    }
    try {
      Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      return directory;
    } catch (FileAlreadyExistsException e) {
      // Checked below, as one made by someone else.
    }
    PosixFileAttributes attributes =
        Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attributes.isSymbolicLink()) {
      throw refused(directory, "it is a symbolic link, which mlos does not follow for its locks");
    }
    if (!attributes.isDirectory()) {
      throw refused(directory, "it is not a directory");
    }
    UserPrincipal me = currentUser(directory.getParent());
    if (me != null && !me.equals(attributes.owner())) {
      throw refused(
          directory,
          "it belongs to "
              + attributes.owner().getName()
              + ", not to "
              + me.getName()
              + ", so its owner could hold or replace this user's locks");
    }
    if (!OWNER_ONLY.containsAll(attributes.permissions())) {
      // Others who may enter it could take a shared lock on a lock file (it is readable) and hold
      // this user's init off; the user owns it, so it is narrowed rather than refused.
      Files.setPosixFilePermissions(directory, OWNER_ONLY);
    }
    return directory;
  }

  /**
   * The user this process runs as: by its name, else (a user with no entry in the system's user
   * list, in a container) the owner of a file it makes; {@code null} when neither works.
   */
  private static UserPrincipal currentUser(Path where) {
    try {
      return where
          .getFileSystem()
          .getUserPrincipalLookupService()
          .lookupPrincipalByName(System.getProperty("user.name"));
    } catch (IOException | RuntimeException unknown) {
      // Asked of a file below.
    }
    Path probe = null;
    try {
      probe = Files.createTempFile(where, ".mlos-owner-", ".tmp");
      return Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | RuntimeException e) {
      return null;
    } finally {
      if (probe != null) {
        try {
          Files.deleteIfExists(probe);
        } catch (IOException e) {
          // A file of 0 bytes with a random name is left in the temporary directory.
        }
      }
    }
  }

  private static MlosException refused(Path directory, String why) {
    return new MlosException(
            "Refused to take the lock of mlos init in "
                + directory
                + ": "
                + why
                + " (rule: the locks of mlos init lie in a directory only you can write)",
            "remove "
                + directory
                + " (ask its owner or an administrator if it is not yours), or give your home a"
                + " .cache directory of your own, where the locks go instead (mkdir -p -m 700"
                + " ~/.cache), then run {0} again")
        .suggesting(Remedy.init());
  }
}
