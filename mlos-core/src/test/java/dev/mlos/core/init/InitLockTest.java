package dev.mlos.core.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
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
        InitLock.fileOf(real.resolve("mlos.db")), InitLock.fileOf(link.resolve("mlos.db")));
    assertNotEquals(
        InitLock.fileOf(real.resolve("mlos.db")), InitLock.fileOf(real.resolve("other.db")));
    // A directory not made yet is named as given.
    assertEquals(
        InitLock.fileOf(dir.resolve("new/mlos.db")), InitLock.fileOf(dir.resolve("new/./mlos.db")));
  }
}
