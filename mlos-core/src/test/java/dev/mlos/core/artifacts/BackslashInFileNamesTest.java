package dev.mlos.core.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardWorkspace;
import dev.mlos.core.guard.Violation;
import dev.mlos.core.guard.ViolationClass;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file whose name holds a backslash ({@code docs/a\b.md}: Linux and macOS allow one) is another
 * file than {@code docs/a/b.md}. mlos names files with '/' and refuses a backslash in a name, so
 * such a file cannot be an artifact; what a user types naming it must not reach another file.
 */
class BackslashInFileNamesTest {
  @TempDir java.nio.file.Path dir;

  private static final String BACKSLASHED = "docs/a\\b.md";

  private GuardWorkspace twoFiles() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.write(BACKSLASHED, "the file named with a backslash\n");
    w.write("docs/a/b.md", "another file\n");
    assertTrue(Files.isRegularFile(w.root.resolve(BACKSLASHED)));
    return w;
  }

  private static List<String> paths(GuardWorkspace w) {
    List<String> out = new java.util.ArrayList<>();
    try (java.sql.Connection c = dev.mlos.core.db.Database.at(w.db).open(false);
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs =
            s.executeQuery("SELECT file_path FROM artifacts ORDER BY file_path")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static ImportResult importFiles(GuardWorkspace w, String... paths) {
    return new ArtifactImporter().importFiles(new ImportRequest(w.config(), List.of(paths), null));
  }

  @Test
  void importingAFileNamedWithABackslashIsRefusedAndTakesNoOtherFile() {
    GuardWorkspace w = twoFiles();

    MlosException e = assertThrows(MlosException.class, () -> importFiles(w, BACKSLASHED));

    assertTrue(e.getMessage().contains("'" + BACKSLASHED + "'"), e.getMessage());
    // Said as what it is: the path rule's "use '/' as the separator" leads to docs/a/b.md.
    assertEquals(
        "'"
            + BACKSLASHED
            + "' names a file of the workspace whose own name holds a backslash, and mlos takes no"
            + " backslash in a path ('/' in its place would name another file)",
        e.getMessage());
    assertEquals(
        "rename '"
            + BACKSLASHED
            + "' so that its name holds no backslash (mlos takes none in a path), then import it by"
            + " its new path",
        e.fix());
    assertEquals(List.of(), paths(w), "docs/a/b.md was not taken");
  }

  @Test
  void acceptingByAPathWithABackslashDoesNotAcceptAnotherFile() {
    GuardWorkspace w = twoFiles();
    importFiles(w, "docs/a/b.md");
    w.write("docs/a/b.md", "another file, changed\n");

    MlosException e =
        assertThrows(
            MlosException.class,
            () ->
                new ArtifactAcceptor()
                    .accept(new AcceptRequest(w.config(), List.of(BACKSLASHED), false)));

    assertTrue(e.getMessage().contains(BACKSLASHED), e.getMessage());
    GuardReport r = w.guard();
    List<Violation> drift =
        r.violations().stream()
            .filter(v -> v.violationClass() == ViolationClass.ARTIFACT_DRIFT)
            .toList();
    assertEquals(1, drift.size(), () -> r.violations().toString());
    assertEquals("docs/a/b.md", drift.get(0).path(), "still drifted: not accepted by another name");
  }

  @Test
  void aDirectoryHoldingAFileNamedWithABackslashIsImportedWithoutIt() {
    GuardWorkspace w = twoFiles();

    ImportResult result = importFiles(w, "docs");

    List<String> paths = paths(w);
    assertEquals(List.of("docs/a/b.md"), paths);
    assertEquals(1, result.skipped().size(), result.toString());
    assertTrue(result.skipped().get(0).startsWith(BACKSLASHED + ": "), result.toString());
    assertTrue(result.skipped().get(0).endsWith("rename the file"), result.toString());
  }
}
