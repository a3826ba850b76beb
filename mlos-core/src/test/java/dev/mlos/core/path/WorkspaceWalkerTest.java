package dev.mlos.core.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlos.core.MlosException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one workspace walk: what it skips, what it lists, and that links stay outside it. */
class WorkspaceWalkerTest {
  @TempDir Path dir;

  private void write(String rel) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, rel);
  }

  @Test
  void skipsHiddenBuildAndDependencyDirectoriesAtAnyDepthAndListsTheRestSorted()
      throws IOException {
    for (String rel :
        List.of(
            "b.md",
            "a/z.md",
            "a/.hidden.md",
            "a/target/t.md",
            "a/node_modules/n.md",
            ".git/HEAD",
            "docs/.obsidian/c.md",
            "targets/kept.md",
            "node_modules/x.md",
            "docs/deep/er/d.txt")) {
      write(rel);
    }
    assertEquals(
        List.of("a/.hidden.md", "a/z.md", "b.md", "docs/deep/er/d.txt", "targets/kept.md"),
        WorkspaceWalker.regularFiles(dir, rel -> false, rel -> true));
    assertEquals(
        List.of("a/z.md", "b.md", "targets/kept.md"),
        WorkspaceWalker.regularFiles(
            dir, rel -> false, rel -> rel.endsWith(".md") && !rel.contains("/.")));
  }

  /**
   * A workspace inside another (its own mlos.yaml) is not part of it: the outer guard listed its
   * compiled pages as UNKNOWN, advising to rename the outer workspace after the inner one. The
   * start itself is listed whatever it holds.
   */
  @Test
  void doesNotEnterADirectoryHoldingAnotherWorkspacesMlosYaml() throws IOException {
    for (String rel :
        List.of(
            "mlos.yaml",
            "a.md",
            "team/mlos.yaml",
            "team/PROBLEM.md",
            "deep/x/mlos.yaml",
            "deep/x/b.md",
            "deep/c.md")) {
      write(rel);
    }
    assertEquals(
        List.of("a.md", "deep/c.md", "mlos.yaml"),
        WorkspaceWalker.regularFiles(dir, rel -> false, rel -> true));
    assertEquals(
        List.of("PROBLEM.md", "mlos.yaml"),
        WorkspaceWalker.regularFiles(dir.resolve("team"), rel -> false, rel -> true));
  }

  @Test
  void anEntryPassedOverIsNeitherListedNorEntered() throws IOException {
    write("keep/a.md");
    write("pass/b.md");
    write("c.md");
    assertEquals(
        List.of("keep/a.md"),
        WorkspaceWalker.regularFiles(
            dir, rel -> rel.equals("pass") || rel.equals("c.md"), rel -> true));
  }

  @Test
  void theStartItselfMayBeHiddenOrNamedTarget() throws IOException {
    write(".github/workflows/ci.yml");
    assertEquals(
        List.of("workflows/ci.yml"),
        WorkspaceWalker.regularFiles(dir.resolve(".github"), rel -> false, rel -> true));
  }

  @Test
  void followsNoLinkToAFileOrDirectoryInsideOrOutside(@TempDir Path outside) throws IOException {
    write("in/real.md");
    Files.writeString(outside.resolve("secret.md"), "secret");
    try {
      Files.createSymbolicLink(dir.resolve("out"), outside);
      Files.createSymbolicLink(dir.resolve("secret.md"), outside.resolve("secret.md"));
      Files.createSymbolicLink(dir.resolve("in/loop"), dir);
    } catch (UnsupportedOperationException | IOException e) {
      assumeTrue(false, "no symbolic links here: " + e);
    }
    assertEquals(
        List.of("in/real.md"), WorkspaceWalker.regularFiles(dir, rel -> false, rel -> true));
  }

  @Test
  void goesNoDeeperThanItsBound() throws IOException {
    String deepest = "d/".repeat(WorkspaceWalker.MAX_DEPTH - 1) + "f.md";
    write("top.md");
    write("a/b.md");
    write(deepest);
    write("d/".repeat(WorkspaceWalker.MAX_DEPTH) + "beyond.md");
    assertEquals(
        List.of("a/b.md", deepest, "top.md"),
        WorkspaceWalker.regularFiles(dir, rel -> false, rel -> true));
    assertEquals(
        List.of("top.md"), WorkspaceWalker.regularFiles(dir, 1, rel -> false, rel -> true));
    assertEquals(
        List.of("a/b.md", "top.md"),
        WorkspaceWalker.regularFiles(dir, 2, rel -> false, rel -> true));
    assertThrows(
        IllegalArgumentException.class,
        () -> WorkspaceWalker.regularFiles(dir, 0, rel -> false, rel -> true));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            WorkspaceWalker.regularFiles(
                dir, WorkspaceWalker.MAX_DEPTH + 1, rel -> false, rel -> true));
  }

  @Test
  void aStartThatIsNoDirectoryHasNoFiles() throws IOException {
    write("f.md");
    assertEquals(
        List.of(), WorkspaceWalker.regularFiles(dir.resolve("f.md"), rel -> false, rel -> true));
    assertEquals(
        List.of(), WorkspaceWalker.regularFiles(dir.resolve("none"), rel -> false, rel -> true));
  }

  @Test
  void anUnreadableDirectoryIsABrokenSetupNamingIt() throws IOException {
    write("locked/a.md");
    Path locked = dir.resolve("locked");
    try {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    } catch (UnsupportedOperationException e) {
      assumeTrue(false, "no POSIX permissions here");
    }
    try {
      assumeTrue(!Files.isReadable(locked), "running as a user who reads anything");
      MlosException e =
          assertThrows(
              MlosException.class,
              () -> WorkspaceWalker.regularFiles(dir, rel -> false, rel -> true));
      assertTrue(e.getMessage().contains(locked.toString()), e.getMessage());
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aNameTheJvmCouldNotDecodeIsRefusedWithTheLocalesFix() throws IOException {
    // A JVM started in the C locale lists 'docs/é.md' as 'docs/\uFFFD\uFFFD.md'; here the JVM
    // reads UTF-8, so a real U+FFFD stands in for it and the property for the locale's charset.
    write("docs/\uFFFD.md");
    write("a.md");
    assertEquals(
        List.of("a.md", "docs/\uFFFD.md"),
        WorkspaceWalker.regularFiles(dir, rel -> false, rel -> true),
        "a JVM that reads UTF-8 meant the character");
    String charset = System.getProperty("sun.jnu.encoding");
    System.setProperty("sun.jnu.encoding", "ANSI_X3.4-1968");
    try {
      UnnameablePathException e =
          assertThrows(
              UnnameablePathException.class,
              () -> WorkspaceWalker.regularFiles(dir, rel -> false, rel -> true));
      assertTrue(
          e.getMessage().startsWith("the file 'docs/\uFFFD.md' has characters this JVM could not"),
          e.getMessage());
      assertEquals(UnnameablePathException.FIX, e.fix());
      // A file the caller does not want is not its concern.
      assertEquals(
          List.of("a.md"),
          WorkspaceWalker.regularFiles(dir, rel -> false, rel -> !rel.startsWith("docs")));
    } finally {
      System.setProperty("sun.jnu.encoding", charset);
    }
  }
}
