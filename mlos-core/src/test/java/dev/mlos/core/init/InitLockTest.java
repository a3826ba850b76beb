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
    // Paths of directories that are not there, named as given: the same names on every run.
    assertNotEquals(
        InitLock.nameOf(Path.of("/nonexistent-mlos/a/mlos.db")),
        InitLock.nameOf(Path.of("/nonexistent-mlos/b/mlos.db")));
    // A directory not made yet is named as given.
    assertEquals(
        InitLock.nameOf(dir.resolve("new/mlos.db")), InitLock.nameOf(dir.resolve("new/./mlos.db")));
  }

  /**
   * A lock file per database ever initialised, kept forever, grew without bound: the names are 1024
   * at most, each the same for one database.
   */
  @Test
  void theLockFilesOfAUserAreBounded() {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < 5000; i++) {
      String name = InitLock.nameOf(Path.of("/nonexistent-mlos/w" + i + "/mlos.db"));
      assertTrue(name.matches("mlos-init-[0-9a-f]{3}\\.lock"), name);
      names.add(name);
    }
    assertTrue(names.size() <= InitLock.LOCK_FILES, names.size() + " names");
    assertTrue(names.size() > 1000, "5000 databases spread over " + names.size() + " names");
  }

  /**
   * Without XDG_RUNTIME_DIR the locks lay in {@code /tmp/mlos-init-locks-<user>}, which another
   * user can make first, and every init was then refused: they now lie in the user's cache
   * directory, which no other user can make. Only the home (the system's user list's) says where:
   * no environment variable, so a process that sees XDG_RUNTIME_DIR or XDG_CACHE_HOME and one that
   * does not (an MCP server a client started) take the same lock.
   */
  @Test
  void theLocksLieInTheUsersCacheWhateverTheEnvironment() throws Exception {
    assumeTrue(posix());
    Path home = Files.createDirectory(dir.resolve("home"));
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    Path taken = Files.createDirectory(tmp.resolve("mlos-init-locks-" + user()));
    boolean otherUser = giveToNobody(taken);

    Path locks = InitLockDirectory.ofUser(home.toString(), tmp.toString());

    assertEquals(home.resolve(".cache/mlos/init-locks"), locks);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(locks)));
    try (InitLock lock = InitLock.acquire(dir.resolve("mlos.db"), locks, 1000)) {
      assertTrue(Files.isRegularFile(locks.resolve(InitLock.nameOf(dir.resolve("mlos.db")))));
    }
    assumeTrue(otherUser, "only root can give a directory to another user");
  }

  /**
   * Two processes of one user, one with XDG_RUNTIME_DIR and XDG_CACHE_HOME set (a login shell) and
   * one without (an MCP server a client started): their locks lay in two directories, and two inits
   * of one database went on at once. Each process here says where its locks lie.
   */
  @Test
  void processesWithAndWithoutXdgVariablesShareTheLockDirectory() throws Exception {
    assumeTrue(posix());
    Path runtime = Files.createDirectory(dir.resolve("run"));
    Path cache = Files.createDirectory(dir.resolve("cache"));
    String with =
        where(
            java.util.Map.of(
                "XDG_RUNTIME_DIR", runtime.toString(), "XDG_CACHE_HOME", cache.toString()));
    String without = where(java.util.Map.of());
    assertEquals(without, with);
    assertTrue(!with.startsWith(dir.toString()), with);
  }

  /** The lock directory a new JVM with {@code env} (XDG variables removed first) chooses. */
  private static String where(java.util.Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Where.class.getName());
    pb.environment().remove("XDG_RUNTIME_DIR");
    pb.environment().remove("XDG_CACHE_HOME");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out.strip();
  }

  /** Prints this user's lock directory. */
  static final class Where {
    public static void main(String[] args) throws Exception {
      System.out.println(InitLockDirectory.ofUser());
    }
  }

  /**
   * A home the user cannot write (a service account's), or a cache there that is not the user's:
   * the temporary directory, as before, and init goes on. (As root here, a home without write
   * permission is still writable: a {@code .cache} that is a file stands for it.)
   */
  @Test
  void aHomeThatCannotHoldTheLocksLeavesThemInTheTemporaryDirectory() throws Exception {
    assumeTrue(posix());
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    Path expected = tmp.resolve("mlos-init-locks-" + user());
    Path home = Files.createDirectory(dir.resolve("home"));
    Files.writeString(home.resolve(".cache"), "not a directory");
    assertEquals(expected, InitLockDirectory.ofUser(home.toString(), tmp.toString()));
    assertEquals(
        expected, InitLockDirectory.ofUser(dir.resolve("nonexistent").toString(), tmp.toString()));
    assertEquals(expected, InitLockDirectory.ofUser(null, tmp.toString()));

    Path other = Files.createDirectory(dir.resolve("other"));
    Path theirs = Files.createDirectories(other.resolve(".cache/mlos/init-locks"));
    assumeTrue(giveToNobody(theirs), "only root can give a directory to another user");
    assertEquals(expected, InitLockDirectory.ofUser(other.toString(), tmp.toString()));
    // Root under a sudo that kept another user's HOME: nothing is made in that home.
    Path someonesHome = Files.createDirectory(dir.resolve("someone"));
    assumeTrue(giveToNobody(someonesHome));
    assertEquals(expected, InitLockDirectory.ofUser(someonesHome.toString(), tmp.toString()));
    try (var files = Files.list(someonesHome)) {
      assertEquals(0, files.count());
    }
  }

  /**
   * A {@code ~/.cache}, or its {@code mlos}, that is a link into another user's directory (one made
   * first under a name the user's profile links to, /tmp/alice-cache): that user could rename the
   * lock directory away between two inits, which then took one lock each. The locks were made there
   * all the same; now they go in the temporary directory, checked, as for a home that cannot hold
   * them.
   */
  @Test
  void aCacheLinkedIntoAnotherUsersDirectoryIsNotUsed() throws Exception {
    assumeTrue(posix());
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    Path expected = tmp.resolve("mlos-init-locks-" + user());
    Path theirs = Files.createDirectory(dir.resolve("theirs"));
    assumeTrue(giveToNobody(theirs), "only root can give a directory to another user");
    Path home = Files.createDirectory(dir.resolve("home"));
    Files.createSymbolicLink(home.resolve(".cache"), theirs);
    assertEquals(expected, InitLockDirectory.ofUser(home.toString(), tmp.toString()));
    try (var files = Files.list(theirs)) {
      assertEquals(0, files.count(), "nothing made in their directory");
    }

    Path theirMlos = Files.createDirectory(dir.resolve("their-mlos"));
    assumeTrue(giveToNobody(theirMlos));
    Path home2 = Files.createDirectories(dir.resolve("home2/.cache"));
    Files.createSymbolicLink(home2.resolve("mlos"), theirMlos);
    assertEquals(
        expected, InitLockDirectory.ofUser(dir.resolve("home2").toString(), tmp.toString()));
    try (var files = Files.list(theirMlos)) {
      assertEquals(0, files.count(), "nothing made in their directory");
    }

    // A cache the user linked to a directory of their own is used.
    Path own = Files.createDirectory(dir.resolve("own-cache"));
    Path home3 = Files.createDirectory(dir.resolve("home3"));
    Files.createSymbolicLink(home3.resolve(".cache"), own);
    assertEquals(
        home3.resolve(".cache/mlos/init-locks"),
        InitLockDirectory.ofUser(home3.toString(), tmp.toString()));
  }

  private static String user() {
    return System.getProperty("user.name");
  }

  /** Gives {@code path} to the user nobody; false when this process may not (not root). */
  private static boolean giveToNobody(Path path) {
    try {
      UserPrincipal nobody =
          path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
      Files.setOwner(path, nobody);
      return nobody.equals(Files.getOwner(path, LinkOption.NOFOLLOW_LINKS));
    } catch (Exception notRoot) {
      return false;
    }
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
    assertTrue(e.fix().contains("mkdir -p -m 700 ~/.cache"), e.fix());
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
