package dev.mlos.core.path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a file as a commit holds it (what {@code mlos check-text} reviews a hand edit against):
 * its size before its bytes, so the review can refuse a base too large for memory before reading
 * it; the bytes read into one array of that size; and a git that never finishes writing stopped
 * instead of holding the review for ever. Real git repositories in a temporary directory.
 */
class GitCheckoutTest {
  @TempDir Path dir;

  private static String git(Path repo, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "git is not installed");
      return null;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "git " + command + out);
    return out.strip();
  }

  private String commitWith(String name, byte[] bytes) throws Exception {
    git(dir, "init", "-q");
    git(dir, "config", "user.email", "t@example.org");
    git(dir, "config", "user.name", "t");
    Files.write(dir.resolve(name), bytes);
    git(dir, "add", name);
    git(dir, "commit", "-q", "-m", "one");
    return git(dir, "rev-parse", "HEAD");
  }

  @Test
  void aFileAsTheCommitHoldsItIsReadWithTheSizeGitGivesForIt() throws Exception {
    byte[] bytes = "PRAGMA x;\nINSERT INTO needs VALUES(1);\n".getBytes(StandardCharsets.UTF_8);
    String commit = commitWith("mlos.db.sql", bytes);
    Files.writeString(dir.resolve("mlos.db.sql"), "changed since\n"); // the working tree differs

    assertEquals(bytes.length, GitCheckout.sizeAt(dir, commit, "mlos.db.sql"));
    Optional<byte[]> read = GitCheckout.fileAt(dir, commit, "mlos.db.sql", 1 << 20);
    assertArrayEquals(bytes, read.orElseThrow(), "the committed bytes, not the working tree's");
  }

  @Test
  void aFileTheCommitDoesNotHaveIsTold() throws Exception {
    String commit = commitWith("other.txt", new byte[] {'x'});

    assertEquals(-1L, GitCheckout.sizeAt(dir, commit, "mlos.db.sql"));
    assertTrue(GitCheckout.fileAt(dir, commit, "mlos.db.sql", 1 << 20).isEmpty());
  }

  @Test
  void aFileLargerThanTheCallerMayHoldIsNotRead() throws Exception {
    byte[] bytes = new byte[4096];
    java.util.Arrays.fill(bytes, (byte) 'a');
    String commit = commitWith("big.sql", bytes);

    assertEquals(4096L, GitCheckout.sizeAt(dir, commit, "big.sql"));
    assertNull(GitCheckout.fileAt(dir, commit, "big.sql", 4095));
    assertEquals(4096, GitCheckout.fileAt(dir, commit, "big.sql", 4096).orElseThrow().length);
  }

  @Test
  void anEmptyCommittedFileIsReadAsNoBytes() throws Exception {
    String commit = commitWith("empty.sql", new byte[0]);

    assertEquals(0L, GitCheckout.sizeAt(dir, commit, "empty.sql"));
    assertEquals(0, GitCheckout.fileAt(dir, commit, "empty.sql", 0).orElseThrow().length);
  }

  @Test
  void aCommandThatNeverFinishesWritingIsStoppedAtItsDeadline() {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
    // Writes a little, then hangs with its output open, as a git stuck on a lock would; the output
    // is held by a process the command started, too.
    List<String> hangs = List.of("/bin/sh", "-c", "printf abc; sleep 600; true");

    byte[] out =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60), () -> GitCheckout.output(hangs, 1 << 10, 1));
    assertNull(out, "a command stopped at its deadline gives no answer, not a part of one");
  }

  @Test
  void aLargeBlobIsGivenTimeToBeRead() {
    assertEquals(10, GitCheckout.deadlineSeconds(64));
    assertTrue(GitCheckout.deadlineSeconds(1L << 30) >= 60, "a 1 GiB base at 16 MiB/s or more");
  }
}
