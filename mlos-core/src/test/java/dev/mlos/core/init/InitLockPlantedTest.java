package dev.mlos.core.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another user of the machine plants a file where the lock of an init used to be: in the shared
 * temporary directory, named after the database's real path, which anyone can compute. Neither a
 * held file there nor a symbolic link may stop, delay or redirect init, or lose its lock.
 */
class InitLockPlantedTest {
  @TempDir Path dir;

  /** Where mlos before this change put the lock of {@code database}. */
  private static Path oldLockOf(Path database) throws Exception {
    Path absolute = database.toAbsolutePath().normalize();
    String key = absolute.getParent().toRealPath().resolve(absolute.getFileName()).toString();
    return Path.of(System.getProperty("java.io.tmpdir"))
        .resolve(
            "mlos-init-" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)) + ".lock");
  }

  @Test
  void aLockHeldOnTheOldSharedPathDoesNotDelayInit() throws Exception {
    Path db = dir.resolve("mlos.db");
    Path planted = oldLockOf(db);
    try (FileChannel channel =
            FileChannel.open(planted, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      InitResult result =
          assertTimeoutPreemptively(
              Duration.ofSeconds(30),
              () -> new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null)));
      assertTrue(result.created());
      assertTrue(Files.isRegularFile(db));
    } finally {
      Files.deleteIfExists(planted);
    }
  }

  @Test
  void aSymbolicLinkOnTheOldSharedPathNeitherRedirectsNorDropsTheLock() throws Exception {
    Path db = dir.resolve("mlos.db");
    Path target = Files.writeString(dir.resolve("victim.txt"), "keep");
    Path planted = oldLockOf(db);
    Files.deleteIfExists(planted);
    Files.createSymbolicLink(planted, target);
    try (InitLock first = InitLock.acquire(db)) {
      CompletableFuture<InitLock> second =
          CompletableFuture.supplyAsync(() -> InitLock.acquire(db));
      try {
        second.get(700, TimeUnit.MILLISECONDS);
        throw new AssertionError("a second init of the database did not wait for the first");
      } catch (TimeoutException expected) {
        // It waits, as it should.
      }
      first.close();
      second.get(20, TimeUnit.SECONDS).close();
    } finally {
      Files.deleteIfExists(planted);
    }
    assertEquals("keep", Files.readString(target));
    assertFalse(Files.exists(dir.resolve("mlos.db")));
  }
}
