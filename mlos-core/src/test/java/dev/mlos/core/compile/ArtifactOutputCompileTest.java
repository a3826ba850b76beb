package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Remedy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page whose path is a registered artifact's, exactly or in another case or Unicode form (one
 * file on macOS and Windows): the compile never writes it, names the artifact and the fix, and
 * writes the other pages.
 */
class ArtifactOutputCompileTest {
  @TempDir Path dir;

  private static final String PER_ROW =
      "    each: needs\n    queries:\n      needs: SELECT id, lower(scope) AS scope FROM needs ORDER BY id\n";

  private TestWorkspace workspace(String views) {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("t.ftl", "page\n");
    w.write("mlos.yaml", "pack: none\nviews:\n" + views);
    return w;
  }

  private static String view(String name, String output) {
    return "  " + name + ":\n    template: t.ftl\n    output: '" + output + "'\n";
  }

  private static void artifact(TestWorkspace w, long id, String path) {
    w.sql(
        "INSERT INTO artifacts (id, title, file_path, artifact_type) VALUES ("
            + id
            + ", 'Mine', '"
            + path
            + "', 'document')");
  }

  @Test
  void aPageOnAnArtifactInAnotherCaseIsRefusedAndTheOthersAreWritten() {
    TestWorkspace w = workspace(view("problem", "PROBLEM.md") + view("other", "OTHER.md"));
    artifact(w, 3, "problem.md");
    w.write("problem.md", "my own notes\n");

    OutputConflictException e = assertThrows(OutputConflictException.class, w::compile);

    assertEquals(1, e.conflicts().size(), e.getMessage());
    String c = e.conflicts().get(0);
    assertTrue(
        c.startsWith(
            "'PROBLEM.md' is the file of artifact 3, registered as 'problem.md' (the same file"
                + " where names ignore case or Unicode form: macOS, Windows): a compile never"
                + " writes over a registered artifact [view 'problem']"),
        c);
    // The way out names no tool's command in the core's words: each tool words the remedy (the
    // Maven plugin has no goal that unregisters an artifact).
    assertEquals(
        "change the view's output (or the rows) so no page lands on a registered artifact's file,"
            + " or, if the page is to replace the artifact, unregister it with `removeArtifact` of"
            + " artifact 3 and move its file away; then run `compile` again",
        e.fix());
    assertEquals(List.of(Remedy.compile(), Remedy.removeArtifact(3)), e.remedies());
    assertFalse(w.exists("PROBLEM.md"), "no page beside the artifact: one file on macOS");
    assertEquals("my own notes\n", w.read("problem.md"));
    assertTrue(w.exists("OTHER.md"), "the other view's page is written");
  }

  @Test
  void pagesOnTwoArtifactsLeaveTheIdToUnregisterToTheLinesThatNameThem() {
    TestWorkspace w = workspace(view("problem", "PROBLEM.md") + view("notes", "NOTES.md"));
    artifact(w, 3, "PROBLEM.md");
    artifact(w, 4, "NOTES.md");

    OutputConflictException e = assertThrows(OutputConflictException.class, w::compile);

    assertEquals(2, e.conflicts().size(), e.getMessage());
    assertEquals(List.of(Remedy.compile(), Remedy.removeArtifacts()), e.remedies());
    assertTrue(e.fix().contains("unregister it with `removeArtifact` of artifact <id>"), e.fix());
  }

  @Test
  void aFirstCompileFindsAnArtifactInAnotherUnicodeFormAmongArtifactsElsewhere() {
    // A first compile reads every artifact path's key at once (PagesOnArtifacts): the page in the
    // composed form is the decomposed artifact's file, the other artifacts change nothing.
    TestWorkspace w = workspace(view("cafe", "caf\u00e9.md") + view("other", "OTHER.md"));
    artifact(w, 3, "docs/OTHER.md");
    artifact(w, 4, "Cafe\u0301.md");
    artifact(w, 5, "other.md.bak");

    OutputConflictException e = assertThrows(OutputConflictException.class, w::compile);

    assertEquals(1, e.conflicts().size(), e.getMessage());
    assertTrue(
        e.conflicts()
            .get(0)
            .startsWith("'caf\u00e9.md' is the file of artifact 4, registered as 'Cafe\u0301.md'"),
        e.getMessage());
    assertTrue(w.exists("OTHER.md"), "an artifact in another directory is another file");
  }

  @Test
  void aPageOnAnArtifactWhoseFileIsMissingIsNotWritten() {
    TestWorkspace w = workspace(view("problem", "PROBLEM.md"));
    artifact(w, 3, "PROBLEM.md");

    OutputConflictException e = assertThrows(OutputConflictException.class, w::compile);

    assertTrue(
        e.conflicts().get(0).startsWith("'PROBLEM.md' is the file of artifact 3: a compile"),
        e.getMessage());
    assertFalse(w.exists("PROBLEM.md"), "the guard would find the artifact drifted forever");
  }

  @Test
  void aPageOnAnArtifactAtItsExactPathNamesTheArtifact() {
    TestWorkspace w = workspace(view("notes", "NOTES.md"));
    artifact(w, 3, "NOTES.md");
    w.write("NOTES.md", "mine\n");

    OutputConflictException e = assertThrows(OutputConflictException.class, w::compile);

    assertTrue(
        e.conflicts()
            .get(0)
            .startsWith("'NOTES.md' is the file of artifact 3: a compile never writes over"),
        e.getMessage());
    assertEquals("mine\n", w.read("NOTES.md"));
  }

  @Test
  void anOutputMovedOntoAnArtifactIsRefusedInAnIncrementalCompile() {
    TestWorkspace w = workspace(view("problem", "OUT.md"));
    w.compile();
    artifact(w, 3, "Problem.md");
    w.write("Problem.md", "mine\n");
    w.write("mlos.yaml", "pack: none\nviews:\n" + view("problem", "PROBLEM.md"));

    OutputConflictException e = assertThrows(OutputConflictException.class, w::compile);

    assertTrue(
        e.conflicts().get(0).contains("artifact 3, registered as 'Problem.md'"), e.getMessage());
    assertFalse(w.exists("PROBLEM.md"));
    assertEquals("mine\n", w.read("Problem.md"));
  }

  @Test
  void aNewRowsPageOnAnArtifactIsRefusedNamingTheRowAndTheOtherPagesStay() {
    TestWorkspace w = workspace(view("needs", "needs/{scope}-{id}.md") + PER_ROW);
    w.compile();
    assertTrue(w.exists("needs/kernel-1.md"));
    // Upper case in the artifact's path, lower in the page's: one name on macOS and Windows.
    artifact(w, 3, "needs/KERNEL-5.md");
    w.write("needs/KERNEL-5.md", "mine\n");
    w.sql(
        "INSERT INTO needs (id, title, status, priority, scope, created_at, updated_at) VALUES"
            + " (5, 'New', 'identified', 2, 'kernel', '2026-01-01T00:00:00Z',"
            + " '2026-01-01T00:00:00Z')");

    OutputConflictException e = assertThrows(OutputConflictException.class, w::compile);

    assertEquals(1, e.conflicts().size(), e.getMessage());
    assertTrue(
        e.conflicts()
            .get(0)
            .contains("is the file of artifact 3, registered as 'needs/KERNEL-5.md'"),
        e.getMessage());
    assertTrue(e.conflicts().get(0).endsWith("[view 'needs', row {\"id\":5}]"), e.getMessage());
    assertFalse(w.exists("needs/kernel-5.md"));
    assertEquals("mine\n", w.read("needs/KERNEL-5.md"));
    assertTrue(w.exists("needs/kernel-1.md"));
  }

  @Test
  void artifactsElsewhereChangeNothing() {
    TestWorkspace w = workspace(view("problem", "PROBLEM.md"));
    artifact(w, 3, "PROBLEM.md.bak");

    w.compile();

    assertTrue(w.exists("PROBLEM.md"));
  }

  /**
   * A workspace of its own views with a table named artifacts of its own (no file_path, no mlos
   * schema): the compile's look for registered artifacts failed with "cannot read the artifacts"
   * and stopped a compile that has nothing to do with them.
   */
  @Test
  void aWorkspaceWithAnArtifactsTableOfItsOwnCompiles() throws Exception {
    Path root = java.nio.file.Files.createDirectories(dir.resolve("own"));
    Path db = root.resolve("mlos.db");
    // As `mlos init --pack none` leaves it: no schema of mlos's packs, then a table of its own.
    new dev.mlos.core.init.Initializer()
        .init(
            new dev.mlos.core.init.InitRequest(db, java.util.List.of(), java.util.List.of(), null));
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE TABLE artifacts (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      s.execute("INSERT INTO artifacts VALUES (1, 'kiln')");
    }
    TestWorkspace w = new TestWorkspace(root, db);
    w.write("t.ftl", "<#list rows as r>${r.name}\n</#list>");
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  mine:\n    template: t.ftl\n    output: OUT.md\n    queries:\n"
            + "      rows: SELECT name FROM artifacts ORDER BY id\n");

    w.compile();

    assertTrue(w.read("OUT.md").contains("kiln"), w.read("OUT.md"));
  }
}
