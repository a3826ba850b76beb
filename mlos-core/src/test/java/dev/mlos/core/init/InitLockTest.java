package dev.mlos.core.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlos.core.MlosException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitLockTest {
  @TempDir Path dir;

  /**
   * An agent that bootstraps a workspace through a symbolic link to it (a home directory's link to
   * the checkout) and a build that runs mlos:init in the checkout itself init one database: they
   * must take one lock, or both find it missing and create it at once.
   */
  @Test
  void oneDatabaseNamedThroughASymbolicLinkHasOneLock() throws Exception {
    Path real = Files.createDirectories(dir.resolve("checkout"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);

    assertEquals(
        InitLock.nameOf(real.resolve("mlos.db")), InitLock.nameOf(link.resolve("mlos.db")));
    assertNotEquals(
        InitLock.nameOf(real.resolve("mlos.db")), InitLock.nameOf(real.resolve("other.db")));
    // A directory not made yet is named as given.
    assertEquals(
        InitLock.nameOf(dir.resolve("new/mlos.db")), InitLock.nameOf(dir.resolve("new/./mlos.db")));
  }

  private static boolean posix() {
    return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  @Test
  void theLockDirectoryIsMadeForTheUserAlone() throws Exception {
    assumeTrue(posix());
    Path locks = dir.resolve("locks");
    try (InitLock lock = InitLock.acquire(dir.resolve("mlos.db"), locks, 1000)) {
      assertEquals(
          "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(locks)));
      assertTrue(Files.isRegularFile(locks.resolve(InitLock.nameOf(dir.resolve("mlos.db")))));
    }
  }

  /** A directory of the user's that others could write in is narrowed to the user, then used. */
  @Test
  void aLockDirectoryOthersCanWriteIsNarrowedTo0700() throws Exception {
    assumeTrue(posix());
    Path locks = Files.createDirectory(dir.resolve("locks"));
    Files.setPosixFilePermissions(locks, PosixFilePermissions.fromString("rwxrwxrwx"));
    try (InitLock lock = InitLock.acquire(dir.resolve("mlos.db"), locks, 1000)) {
      assertEquals(
          "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(locks)));
    }
  }

  @Test
  void aLockDirectoryThatIsASymbolicLinkIsRefusedAndNotFollowed() throws Exception {
    assumeTrue(posix());
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Path locks = Files.createSymbolicLink(dir.resolve("locks"), elsewhere);

    MlosException e =
        assertThrows(
            MlosException.class, () -> InitLock.acquire(dir.resolve("mlos.db"), locks, 1000));

    assertTrue(e.getMessage().contains("it is a symbolic link"), e.getMessage());
    assertTrue(e.getMessage().contains(locks.toString()), e.getMessage());
    assertTrue(e.fix().startsWith("remove " + locks), e.fix());
    assertTrue(e.fix().contains("XDG_RUNTIME_DIR"), e.fix());
    try (var files = Files.list(elsewhere)) {
      assertEquals(0, files.count());
    }
  }

  /** Another user's directory of that name could hold this user's locks: refused. */
  @Test
  void aLockDirectoryOfAnotherUserIsRefused() throws Exception {
    assumeTrue(posix());
    UserPrincipal nobody;
    Path locks = Files.createDirectory(dir.resolve("locks"));
    try {
      nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
      Files.setOwner(locks, nobody);
    } catch (Exception notRoot) {
      assumeTrue(false, "only root can give a directory to another user: " + notRoot);
      return;
    }
    assumeTrue(nobody.equals(Files.getOwner(locks, LinkOption.NOFOLLOW_LINKS)));

    MlosException e =
        assertThrows(
            MlosException.class, () -> InitLock.acquire(dir.resolve("mlos.db"), locks, 1000));

    assertTrue(e.getMessage().contains("it belongs to nobody"), e.getMessage());
    try (var files = Files.list(locks)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void aRegularFileWhereTheLockDirectoryGoesIsRefused() throws Exception {
    Path locks = Files.writeString(dir.resolve("locks"), "");
    MlosException e =
        assertThrows(
            MlosException.class, () -> InitLock.acquire(dir.resolve("mlos.db"), locks, 1000));
    assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
  }
}
