package dev.mlos.core.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlos.core.testing.Immutable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriterTest {
  private static final FileTime OLD = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));

  @TempDir Path dir;

  @Test
  void writesNewFilesCreatingParentDirectories() throws IOException {
    Path file = dir.resolve("docs/tasks/task-1.md");
    AtomicWriter.write(file, bytes("hello\n"));
    assertEquals("hello\n", Files.readString(file));
    assertNoTempFiles();
  }

  @Test
  void replacesExistingContent() throws IOException {
    Path file = Files.writeString(dir.resolve("a.md"), "old content that is longer\n");
    AtomicWriter.write(file, bytes("new\n"));
    assertEquals("new\n", Files.readString(file));
    assertNoTempFiles();
  }

  @Test
  void unchangedWriteTouchesNothing() throws IOException {
    Path file = Files.writeString(dir.resolve("a.md"), "same ü\n");
    Files.setLastModifiedTime(file, OLD);
    Object key = Files.readAttributes(file, "unix:ino").get("ino");
    assertFalse(AtomicWriter.writeIfChanged(file, bytes("same ü\n")));
    assertEquals(OLD, Files.getLastModifiedTime(file));
    assertEquals(key, Files.readAttributes(file, "unix:ino").get("ino"), "same inode");
    assertNoTempFiles();
  }

  @Test
  void changedWriteReplacesEvenWhenTheSizeIsEqual() throws IOException {
    Path file = Files.writeString(dir.resolve("a.md"), "abc\n");
    Files.setLastModifiedTime(file, OLD);
    assertTrue(AtomicWriter.writeIfChanged(file, bytes("abd\n")));
    assertEquals("abd\n", Files.readString(file));
    assertTrue(Files.getLastModifiedTime(file).compareTo(OLD) > 0);
    assertTrue(AtomicWriter.writeIfChanged(dir.resolve("new/b.md"), bytes("x")));
    assertEquals("x", Files.readString(dir.resolve("new/b.md")));
  }

  @Test
  void parentThatIsAFileGivesAClearErrorAndNoTemp() throws IOException {
    Path blocker = Files.writeString(dir.resolve("docs"), "I am a file");
    for (Path target : List.of(dir.resolve("docs/x.md"), dir.resolve("docs/deeper/x.md"))) {
      FileWriteException e =
          assertThrows(FileWriteException.class, () -> AtomicWriter.write(target, bytes("x")));
      assertEquals(target, e.file());
      assertTrue(
          e.getMessage().contains(blocker + " exists and is not a directory"), e.getMessage());
      assertTrue(e.fix().contains("Remove or rename " + blocker), e.fix());
    }
    assertEquals("I am a file", Files.readString(blocker));
    assertNoTempFiles();
  }

  @Test
  void failureAfterTheTempFileWasWrittenRemovesIt() throws IOException {
    // The temp name is shortened, but the final rename hits the file system's name limit.
    Path target = dir.resolve("n".repeat(300) + ".md");
    FileWriteException e =
        assertThrows(FileWriteException.class, () -> AtomicWriter.write(target, bytes("x")));
    assertTrue(e.getMessage().startsWith(target + ": cannot write"), e.getMessage());
    assertNoTempFiles();
  }

  @Test
  void targetThatIsADirectoryIsRefused() throws IOException {
    Path target = Files.createDirectories(dir.resolve("docs"));
    FileWriteException e =
        assertThrows(FileWriteException.class, () -> AtomicWriter.write(target, bytes("x")));
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    assertTrue(Files.isDirectory(target));
  }

  @Test
  void failedWriteLeavesTheOldFileIntact() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path sub = Files.createDirectories(dir.resolve("locked"));
    Path file = Files.writeString(sub.resolve("a.md"), "old\n");
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("r-xr-xr-x"));
    try (Immutable locked = Immutable.whereWritable(sub)) {
      assumeFalse(Files.isWritable(sub), "running as root, and chattr +i could not stop writes");
      assertThrows(FileWriteException.class, () -> AtomicWriter.write(file, bytes("new\n")));
      assertEquals("old\n", Files.readString(file));
    } finally {
      Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    assertNoTempFiles();
  }

  @Test
  void keepsThePermissionsOfTheFileItReplaces() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path script = Files.writeString(dir.resolve("run.sh"), "echo old\n");
    Set<PosixFilePermission> permissions = PosixFilePermissions.fromString("rwxr-x---");
    Files.setPosixFilePermissions(script, permissions);
    AtomicWriter.write(script, bytes("echo new\n"));
    assertEquals(permissions, Files.getPosixFilePermissions(script));
  }

  @Test
  void checkedWriteOfAKnownFileKeepsItsPermissions() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path f = dir.resolve("x.md");
    Files.writeString(f, "old");
    Files.setPosixFilePermissions(
        f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

    AtomicWriter.writeChecked(f, "new".getBytes(StandardCharsets.UTF_8), false, true);

    assertEquals("new", Files.readString(f));
    assertEquals(
        "rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    assertNoTempFiles();
  }

  @Test
  void checkedWriteWhoseDirectoryWentAwayCreatesItAfterAll() throws IOException {
    Path f = dir.resolve("gone/sub/x.md");

    AtomicWriter.writeChecked(f, "new".getBytes(StandardCharsets.UTF_8), false, false);

    assertEquals("new", Files.readString(f));
    assertNoTempFiles();
  }

  @Test
  void deletePrunesEmptyParentsButStopsAtStopAtAndAtNonEmptyDirectories() throws IOException {
    Path root = Files.createDirectories(dir.resolve("ws"));
    Path file = root.resolve("docs/a/b/c/x.md");
    AtomicWriter.write(file, bytes("x"));
    Files.writeString(root.resolve("docs/a/keep.md"), "keep");

    assertTrue(AtomicWriter.deleteAndPruneEmptyParents(file, root));
    assertFalse(Files.exists(root.resolve("docs/a/b")));
    assertTrue(Files.exists(root.resolve("docs/a/keep.md")));

    assertTrue(AtomicWriter.deleteAndPruneEmptyParents(root.resolve("docs/a/keep.md"), root));
    assertFalse(Files.exists(root.resolve("docs")));
    assertTrue(Files.isDirectory(root), "stopAt itself is never deleted");
  }

  @Test
  void deletingAMissingFileReturnsFalse() throws IOException {
    Path root = Files.createDirectories(dir.resolve("ws"));
    assertFalse(AtomicWriter.deleteAndPruneEmptyParents(root.resolve("gone.md"), root));
    assertTrue(Files.isDirectory(root));
  }

  @Test
  void refusesToDeleteOutsideStopAt() throws IOException {
    Path root = Files.createDirectories(dir.resolve("ws"));
    Path outside = Files.writeString(dir.resolve("outside.md"), "x");
    assertThrows(
        IllegalArgumentException.class,
        () -> AtomicWriter.deleteAndPruneEmptyParents(outside, root));
    assertThrows(
        IllegalArgumentException.class,
        () -> AtomicWriter.deleteAndPruneEmptyParents(root.resolve("../outside.md"), root));
    assertTrue(Files.exists(outside));
  }

  @Test
  void writesExactBytes() throws IOException {
    byte[] data = new byte[200_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    Path file = dir.resolve("blob.bin");
    AtomicWriter.write(file, data);
    assertArrayEquals(data, Files.readAllBytes(file));
  }

  /** A staging directory for {@code target} holding the files {@code nameAndContent} (pairs). */
  private static Path staged(Path target, String... nameAndContent) {
    Path staging = AtomicWriter.createStagingDirectory(target);
    for (int i = 0; i < nameAndContent.length; i += 2) {
      AtomicWriter.writeNew(
          staging.resolve(nameAndContent[i]), bytes(nameAndContent[i + 1]), false);
    }
    return staging;
  }

  @Test
  void aStagingDirectoryAppearsWholeUnderItsNameWithItsFilesWrittenInPlace() throws IOException {
    Path target = dir.resolve("needs");
    Path staging = AtomicWriter.createStagingDirectory(target);
    assertTrue(
        staging.getFileName().toString().startsWith(".needs" + AtomicWriter.TEMP_MARKER),
        staging.toString());
    AtomicWriter.writeNew(staging.resolve("1.md"), bytes("one\n"), false);
    AtomicWriter.writeNew(staging.resolve("2.md"), bytes("two\n"), true);
    assertFalse(Files.exists(target), "nothing to see before it is published");
    FileWriteException twice =
        assertThrows(
            FileWriteException.class,
            () -> AtomicWriter.writeNew(staging.resolve("1.md"), bytes("again\n"), false));
    assertTrue(
        twice.getMessage().contains("1.md") && twice.getMessage().contains("exists"),
        twice.getMessage());

    AtomicWriter.publishDirectory(staging, target, true);

    assertEquals("one\n", Files.readString(target.resolve("1.md")));
    assertEquals("two\n", Files.readString(target.resolve("2.md")));
    assertNoTempFiles();
  }

  @Test
  void aDirectoryThatAppearedMeanwhileGetsTheStagedFilesOneByOne() throws IOException {
    Path target = dir.resolve("needs");
    Path staging = staged(target, "same.md", "compiled\n", "new.md", "new\n");
    Files.createDirectories(target);
    Files.writeString(target.resolve("same.md"), "older\n");
    Files.writeString(target.resolve("keep.md"), "someone else's\n");

    AtomicWriter.publishDirectory(staging, target, false);

    assertEquals(
        "compiled\n",
        Files.readString(target.resolve("same.md")),
        "replaced, as a write would have");
    assertEquals("new\n", Files.readString(target.resolve("new.md")));
    assertEquals("someone else's\n", Files.readString(target.resolve("keep.md")));
    assertNoTempFiles();
  }

  @Test
  void aFileWhereTheDirectoryShouldGoStopsThePublishingAndTheStagedFilesStay() throws IOException {
    Path target = dir.resolve("needs");
    Path staging = staged(target, "1.md", "one\n");
    Files.writeString(target, "a file\n");

    FileWriteException e =
        assertThrows(
            FileWriteException.class, () -> AtomicWriter.publishDirectory(staging, target, false));

    assertTrue(
        e.getMessage().contains(target.toString()) && e.getMessage().contains(staging.toString()),
        e.getMessage());
    assertEquals("a file\n", Files.readString(target));
    assertEquals("one\n", Files.readString(staging.resolve("1.md")), "nothing is lost");
  }

  @Test
  void stagingDirectoriesAnInterruptedRunLeftAreRemovedAndNothingElse() throws IOException {
    Path target = dir.resolve("needs");
    Path left = staged(target, "1.md", "one\n");
    Files.createDirectories(left.resolve("sub"));
    Files.writeString(left.resolve("sub/2.md"), "two\n");
    Path outside = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(outside.resolve("precious.md"), "keep\n");
    Path link = dir.resolve(".needs" + AtomicWriter.TEMP_MARKER + "0123456789abcdef");
    Files.createSymbolicLink(link, outside);
    Path similar =
        Files.createDirectories(dir.resolve(".needs" + AtomicWriter.TEMP_MARKER + "notours"));
    Path otherTarget = AtomicWriter.createStagingDirectory(dir.resolve("context"));

    assertEquals(1, AtomicWriter.removeLeftStagingDirectories(target));

    assertFalse(Files.exists(left));
    assertTrue(
        Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && Files.exists(outside.resolve("precious.md")),
        "a link is not a staging directory, and is never followed");
    assertTrue(Files.isDirectory(similar) && Files.isDirectory(otherTarget));
  }

  private void assertNoTempFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> temps =
          files.filter(p -> p.getFileName().toString().contains(AtomicWriter.TEMP_MARKER)).toList();
      assertEquals(List.of(), temps);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aStreamedFileAppearsWholeOnCommitAndNotAtAllOnAbandon() throws IOException {
    Path file =
        Files.writeString(Files.createDirectories(dir.resolve("state")).resolve("list"), "old\n");
    AtomicWriter.StreamedFile abandoned = AtomicWriter.open(file);
    abandoned.stream().write(bytes("half"));
    abandoned.abandon();
    assertEquals("old\n", Files.readString(file), "an abandoned file leaves the old one as it was");

    AtomicWriter.StreamedFile s = AtomicWriter.open(dir.resolve("new/dir/list"));
    for (int i = 0; i < 20_000; i++) {
      s.stream().write(bytes("line " + i + "\n"));
    }
    assertFalse(Files.exists(dir.resolve("new/dir/list")), "nothing is visible before the commit");
    s.commit();
    assertEquals(20_000, Files.readAllLines(dir.resolve("new/dir/list")).size());
    try (Stream<Path> files = Files.walk(dir)) {
      assertEquals(
          List.of(),
          files
              .filter(p -> p.getFileName().toString().contains(AtomicWriter.TEMP_MARKER))
              .toList());
    }
  }

  @Test
  void aTemporaryFileThatCannotBeRemovedAfterAFailureIsKeptWithTheFailure() throws IOException {
    Path file = Files.writeString(dir.resolve("list"), "old\n");
    AtomicWriter.StreamedFile s = AtomicWriter.open(file);
    s.stream().write(bytes("new\n"));
    Path temp;
    try (Stream<Path> files = Files.list(dir)) {
      temp =
          files
              .filter(p -> p.getFileName().toString().contains(AtomicWriter.TEMP_MARKER))
              .findFirst()
              .orElseThrow();
    }
    // Something replaced the temporary file with a non-empty directory: the rename over the file
    // fails, and so does removing the temporary path afterwards.
    Files.delete(temp);
    Files.writeString(Files.createDirectory(temp).resolve("inside"), "x");

    FileWriteException e = assertThrows(FileWriteException.class, s::commit);

    assertTrue(
        e.getMessage().startsWith(file + ": cannot write"),
        "the rename's failure is the one reported: " + e.getMessage());
    assertEquals(1, e.getSuppressed().length, "the failed removal is kept, not dropped");
    assertTrue(
        e.getSuppressed()[0] instanceof java.nio.file.DirectoryNotEmptyException,
        e.getSuppressed()[0].toString());
    assertEquals("old\n", Files.readString(file), "the old file is intact");
  }
}
