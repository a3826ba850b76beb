package dev.mlos.core.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Earlier versions of mlos init left a lock file per database ever initialised ({@code
 * mlos-init-<uuid>.lock}), kept for good. Each init removes some now: only those names, only
 * regular files, only those no process holds, a bounded number per init.
 */
class OldInitLocksTest {
  @TempDir Path dir;

  private static Path old(Path directory) throws Exception {
    return Files.createFile(directory.resolve("mlos-init-" + UUID.randomUUID() + ".lock"));
  }

  private static long olds(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(f -> f.getFileName().toString().matches("mlos-init-.{36}\\.lock"))
          .count();
    }
  }

  @Test
  void anInitRemovesOldLockFilesThatNoOneHoldsAFewAtATime() throws Exception {
    Path locks = Files.createDirectory(dir.resolve("init-locks"));
    Path legacy = Files.createDirectory(dir.resolve("mlos-init-locks-me"));
    for (int i = 0; i < 60; i++) {
      old(locks);
      old(legacy);
    }
    Path held = old(legacy);
    Path current = Files.createFile(locks.resolve("mlos-init-001.lock"));
    Path mine = Files.writeString(locks.resolve("notes.txt"), "x");
    Path target = Files.writeString(dir.resolve("target.txt"), "kept");
    Path link =
        Files.createSymbolicLink(locks.resolve("mlos-init-" + UUID.randomUUID() + ".lock"), target);

    try (FileChannel c = FileChannel.open(held, StandardOpenOption.WRITE);
        FileLock lock = c.lock()) {
      assertEquals(64, OldInitLocks.remove(locks, legacy, 64), "at most 64 an init");
      assertEquals(56, OldInitLocks.remove(locks, legacy, 64));
      assertEquals(0, OldInitLocks.remove(locks, legacy, 64));
      assertTrue(Files.exists(held), "one an init of an older mlos holds stays");
    }
    assertEquals(1, olds(locks), "the link alone is left");
    assertTrue(Files.isSymbolicLink(link));
    assertEquals("kept", Files.readString(target), "nothing through a link");
    assertTrue(Files.exists(current) && Files.exists(mine), "today's names and others stay");
    assertEquals(1, OldInitLocks.remove(locks, legacy, 64), "freed, it goes at the next init");
    assertEquals(0, olds(legacy));
  }

  /**
   * An init of an older mlos holds its lock in a process of its own: the lock found there is what
   * keeps its file (the test above holds one in this process, which Java refuses before asking the
   * system).
   */
  @Test
  void aFileAnotherProcessHoldsStays() throws Exception {
    Path locks = Files.createDirectory(dir.resolve("init-locks"));
    Path held = old(locks);
    Path holder =
        Files.writeString(
            dir.resolve("Holder.java"),
            "import java.nio.channels.FileChannel;\n"
                + "import java.nio.file.*;\n"
                + "public class Holder { public static void main(String[] a) throws Exception {\n"
                + "  FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE);\n"
                + "  c.lock(); System.out.println(\"held\"); System.out.flush();\n"
                + "  System.in.read(); } }\n");
    String javaCommand = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(javaCommand, holder.toString(), held.toString()).start();
    try (java.io.BufferedReader out =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
      assertEquals("held", out.readLine(), "the other process holds the old file");
      old(locks);
      assertEquals(1, OldInitLocks.remove(locks, null, 64), "the free one goes");
      assertTrue(Files.exists(held), "the one another process holds stays");
    } finally {
      p.destroyForcibly().waitFor();
    }
    assertEquals(1, OldInitLocks.remove(locks, null, 64), "freed, it goes");
    assertEquals(0, olds(locks));
  }

  @Test
  void takingTheLockRemovesTheOldOnesOfItsDirectory() throws Exception {
    Path locks = Files.createDirectory(dir.resolve("init-locks"));
    old(locks);
    old(locks);

    try (InitLock lock = InitLock.acquire(dir.resolve("mlos.db"), locks, 1000)) {
      assertEquals(0, olds(locks));
      assertTrue(Files.isRegularFile(locks.resolve(InitLock.nameOf(dir.resolve("mlos.db")))));
    }
  }

  /**
   * The old lock directory of an earlier mlos may be one others can write in (it was made with the
   * umask): there another user could swap a named pipe in for a lock file between the check and the
   * open, and the init would wait on it for a reader. Its files are left there.
   */
  @Test
  void anOldDirectoryOthersCanWriteInIsLeftAlone() throws Exception {
    Path locks = Files.createDirectory(dir.resolve("init-locks"));
    Path legacy = Files.createDirectory(dir.resolve("mlos-init-locks-me"));
    old(legacy);
    Files.setPosixFilePermissions(
        legacy, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    assertEquals(0, OldInitLocks.remove(locks, legacy, 64));
    assertEquals(1, olds(legacy), "left where others can write");
    Files.setPosixFilePermissions(
        legacy, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    assertEquals(1, OldInitLocks.remove(locks, legacy, 64), "its owner's alone: cleaned");
  }
}
