package dev.mlos.core.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkspacePathTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a.md",
        "docs/tasks/task-1.md",
        ".mlos/manifest.json",
        "..hidden/x",
        "a..b/c.",
        "ünï/İstanbul 🚀.md",
        "notes/a:b.md"
      })
  void acceptsRelativeSlashSeparatedPaths(String value) {
    assertEquals(value, WorkspacePath.of(value).value());
    assertEquals(value, WorkspacePath.of(value).toString());
  }

  @Test
  void rejectsEachMalformedPathWithTheValueAndTheReason() {
    record Case(String value, String reason) {}
    List<Case> cases =
        List.of(
            new Case("", "is empty"),
            new Case("/etc/passwd", "is absolute"),
            new Case("C:/Windows/x.md", "drive letter"),
            new Case("c:x.md", "drive letter"),
            new Case("docs\\x.md", "backslash"),
            new Case("docs/../x.md", "'..' segment"),
            new Case("..", "'..' segment"),
            new Case("./x.md", "'.' segment"),
            new Case("docs//x.md", "empty segment"),
            new Case("docs/", "empty segment"),
            new Case("docs/x\u0000.md", "control character"),
            new Case("docs/x\n.md", "control character"),
            new Case("docs/x\u007f.md", "control character"),
            new Case("a/".repeat(120) + "b", "limit is 240"),
            // 123 characters as a tool schema counts them, 243 as the limit does: say why.
            new Case(
                "a/" + "\uD83D\uDE00".repeat(60) + "/" + "\uD83D\uDE00".repeat(60),
                "is 243 characters long, a character outside the Basic Multilingual Plane (such"
                    + " as an emoji) counting as two; the limit is 240"));
    for (Case c : cases) {
      InvalidPathException e =
          assertThrows(InvalidPathException.class, () -> WorkspacePath.of(c.value()), c.value());
      assertEquals(c.value(), e.value());
      assertTrue(e.reason().contains(c.reason()), () -> c.value() + ": " + e.reason());
      assertTrue(e.getMessage().contains(c.reason()), e.getMessage());
      // A path too long is well formed: its fix is to shorten it, not to write a relative path.
      assertTrue(
          e.fix() != null
              && e.fix().contains(c.reason().contains("limit is") ? "Shorten it" : "relative path"),
          e.fix());
    }
  }

  @Test
  void messageNamesTheValueAndKeepsControlCharactersVisible() {
    InvalidPathException e =
        assertThrows(InvalidPathException.class, () -> WorkspacePath.of("docs/../x.md"));
    assertTrue(e.getMessage().contains("'docs/../x.md'"), e.getMessage());
    InvalidPathException nul =
        assertThrows(InvalidPathException.class, () -> WorkspacePath.of("a\u0000b"));
    assertTrue(nul.getMessage().contains("'a\\u0000b'"), nul.getMessage());
    assertFalse(nul.getMessage().contains("\u0000"));
  }

  @Test
  void nullIsRejectedToo() {
    InvalidPathException e = assertThrows(InvalidPathException.class, () -> WorkspacePath.of(null));
    assertEquals("is missing", e.reason());
  }

  @Test
  void exactly240CharactersIsAllowed() {
    String value = "d/" + "x".repeat(238);
    assertEquals(240, WorkspacePath.of(value).value().length());
    assertThrows(InvalidPathException.class, () -> WorkspacePath.of(value + "x"));
  }

  @Test
  void constructorValidatesLikeOf() {
    assertThrows(InvalidPathException.class, () -> new WorkspacePath("../x"));
  }

  @Test
  void fileNameAndSegments() {
    WorkspacePath p = WorkspacePath.of("docs/tasks/task-1.md");
    assertEquals("task-1.md", p.fileName());
    assertEquals(List.of("docs", "tasks", "task-1.md"), p.segments());
    assertEquals("a.md", WorkspacePath.of("a.md").fileName());
  }

  @Test
  void resolvesInsideTheRootWhetherOrNotTheFileExists() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("ws"));
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("docs/a.md"), "x");
    assertEquals(
        root.toAbsolutePath().resolve("docs/a.md"), WorkspacePath.of("docs/a.md").resolveIn(root));
    assertEquals(
        root.toAbsolutePath().resolve("new/dir/b.md"),
        WorkspacePath.of("new/dir/b.md").resolveIn(root));
  }

  @Test
  void symlinkInsideTheWorkspaceIsFine() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("ws"));
    Files.createDirectories(root.resolve("real"));
    Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));
    assertEquals(root.resolve("alias/x.md"), WorkspacePath.of("alias/x.md").resolveIn(root));
  }

  @Test
  void directorySymlinkLeadingOutsideIsRejectedNamingTheLink() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("ws"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createDirectories(root.resolve("docs"));
    Files.createSymbolicLink(root.resolve("docs/escape"), outside);
    InvalidPathException e =
        assertThrows(
            InvalidPathException.class,
            () -> WorkspacePath.of("docs/escape/new/x.md").resolveIn(root));
    assertEquals("docs/escape/new/x.md", e.value());
    assertTrue(e.reason().contains("outside the workspace"), e.reason());
    assertTrue(e.reason().contains("'docs/escape' -> '" + outside + "'"), e.reason());
  }

  @Test
  void fileSymlinkLeadingOutsideIsRejected() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("ws"));
    Path secret = Files.writeString(tmp.resolve("secret.txt"), "s");
    Files.createSymbolicLink(root.resolve("a.md"), secret);
    InvalidPathException e =
        assertThrows(InvalidPathException.class, () -> WorkspacePath.of("a.md").resolveIn(root));
    assertTrue(e.reason().contains("'a.md'"), e.reason());
  }

  @Test
  void danglingSymlinkIsRejected() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("ws"));
    Files.createSymbolicLink(root.resolve("gone"), tmp.resolve("nowhere"));
    InvalidPathException e =
        assertThrows(
            InvalidPathException.class, () -> WorkspacePath.of("gone/x.md").resolveIn(root));
    assertTrue(e.reason().contains("does not exist"), e.reason());
    assertTrue(e.reason().contains("'gone'"), e.reason());
  }

  @Test
  void aLoopOfLinksIsNotCalledMissingAndItsFixIsToRemoveOrRepointIt() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("ws"));
    Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(root.resolve("b"), Path.of("a"));
    InvalidPathException e =
        assertThrows(InvalidPathException.class, () -> WorkspacePath.of("a/x.md").resolveIn(root));
    // It was described as a link "whose target does not exist", and the fix said to create it.
    assertTrue(
        e.reason()
            .endsWith(
                " that cannot be followed (a loop of links, or a directory on its way that cannot"
                    + " be read)"),
        e.reason());
    assertTrue(e.fix().startsWith("Remove the link, or point it at"), e.fix());
    assertEquals(
        "'a/x.md' goes through the symlink 'a' -> 'b', which cannot be followed", e.shortReason());
  }

  @Test
  void rootThatIsItselfASymlinkIsFine() throws IOException {
    Path real = Files.createDirectories(tmp.resolve("real-ws"));
    Path root = Files.createSymbolicLink(tmp.resolve("ws-link"), real);
    Files.createDirectories(real.resolve("docs"));
    assertEquals(root.resolve("docs/a.md"), WorkspacePath.of("docs/a.md").resolveIn(root));
  }
}
