package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardRequest;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.render.TemplateRenderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No file outside the workspace is read into a page or written by a compile, whichever way a
 * symlink leads there: every read and write goes through the one path check.
 */
class WorkspaceBoundaryTest {
  @TempDir Path dir;

  private static final String SECRET = "root:x:0:0:SECRET-FROM-OUTSIDE\n";

  /** A file outside the workspace, as /etc/passwd would be. */
  private Path outsideFile() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("elsewhere"));
    return Files.writeString(outside.resolve("passwd"), SECRET);
  }

  @Test
  void aContextPackDoesNotInlineAFileSymlinkedFromOutside() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    Path secret = outsideFile();
    Files.delete(w.root.resolve("docs/boot.md"));
    Files.createSymbolicLink(w.root.resolve("docs/boot.md"), secret);

    w.compile();

    String pack = w.read("context/1-architect.md");
    assertFalse(pack.contains("SECRET-FROM-OUTSIDE"), pack);
    // Listed like a missing file, with the path, the link and its target.
    // (markdown's '>' is escaped)
    assertTrue(
        pack.contains(
            "- `docs/boot.md`: Boot design · 0 tokens · not read: 'docs/boot.md' goes through the symlink"
                + " 'docs/boot.md' -\\> '"
                + secret
                + "', outside the workspace\n"),
        pack);
  }

  @Test
  void aContextPackDoesNotInlineAFileThroughADirectorySymlinkedFromOutside() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    Path secret = outsideFile();
    Files.delete(w.root.resolve("docs/boot.md"));
    Files.delete(w.root.resolve("docs"));
    Files.copy(secret, secret.resolveSibling("boot.md"));
    Files.createSymbolicLink(w.root.resolve("docs"), secret.getParent());

    w.compile();

    String pack = w.read("context/1-architect.md");
    assertFalse(pack.contains("SECRET-FROM-OUTSIDE"), pack);
    assertTrue(
        pack.contains(
            "not read: 'docs/boot.md' goes through the symlink 'docs' -\\> '"
                + secret.getParent()
                + "', outside the workspace"),
        pack);
  }

  @Test
  void aFilePathThatIsNotAWorkspacePathIsNotRead() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    Path secret = outsideFile();
    // The schema refuses such paths; a database whose checks were dropped for a while (or rows
    // restored before the triggers were created) can still hold them. The trigger is put back: a
    // database without it is refused as tampered before any page is read.
    String trigger = dev.mlos.core.db.SchemaObjects.createdAs(w.db, "artifacts_check_update");
    w.sql(
        "PRAGMA ignore_check_constraints = ON",
        "DROP TRIGGER artifacts_check_update",
        "UPDATE artifacts SET file_path = '" + secret + "' WHERE id = 1",
        "UPDATE artifacts SET file_path = 'docs/../../elsewhere/passwd' WHERE id = 2",
        trigger);

    w.compile();

    String pack = w.read("context/1-architect.md");
    assertFalse(pack.contains("SECRET-FROM-OUTSIDE"), pack);
    assertTrue(pack.contains("not read: '" + secret + "' is absolute"), pack);
    assertTrue(
        pack.contains("not read: 'docs/../../elsewhere/passwd' contains a '..' segment"), pack);
  }

  @Test
  void aWorkspaceTemplateSymlinkedFromOutsideIsRefusedByName() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    Path outside =
        Files.writeString(
            Files.createDirectories(dir.resolve("elsewhere")).resolve("t.ftl"), "${1}\n");
    Files.createSymbolicLink(w.root.resolve("t.ftl"), outside);
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  mine:\n    template: t.ftl\n    output: OUT.md\n"
            + "    queries:\n      needs: SELECT id FROM needs ORDER BY id\n");

    TemplateRenderException e = assertThrows(TemplateRenderException.class, w::compile);

    assertTrue(
        e.getMessage()
            .contains(
                "template refused: 't.ftl' goes through the symlink 't.ftl' -> '"
                    + outside
                    + "', outside the workspace"),
        e.getMessage());
    assertFalse(w.exists("OUT.md"));
  }

  @Test
  void aCompileIntoAnOutputDirectorySymlinkedOutsideIsRefusedBeforeAnythingIsWritten()
      throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.createSymbolicLink(w.root.resolve("out"), elsewhere);
    w.write("mlos.yaml", "output: out\n");
    Map<String, String> before = w.snapshot();

    InvalidPathException e = assertThrows(InvalidPathException.class, w::compile);

    assertEquals("out", e.link());
    assertEquals(elsewhere.toString(), e.linkTarget());
    assertTrue(
        e.getMessage().contains("is the output directory and leads outside the workspace")
            && e.getMessage().contains("through the symlink 'out' -> '" + elsewhere + "'"),
        e.getMessage());
    assertTrue(e.fix().contains("replace the symlink 'out'"), e.fix());
    try (var files = Files.list(elsewhere)) {
      assertEquals(List.of(), files.toList(), "nothing is written through the link");
    }
    assertEquals(before, w.snapshot(), "nothing is written in the workspace either");
  }

  @Test
  void anOutputDirectoryLinkedIntoGitOrTheStateDirectoryIsRefusedBeforeAnythingIsWritten()
      throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    Path git = Files.createDirectories(w.root.resolve(".git/hooks"));
    // A link inside the workspace passes the path check; the reserved places were compared as
    // written, so the pages went into .git.
    Files.createSymbolicLink(w.root.resolve("out"), Path.of(".git"));
    w.write("mlos.yaml", "output: out\n");
    Map<String, String> before = w.snapshot();

    MlosException e = assertThrows(MlosException.class, w::compile);

    assertTrue(
        e.getMessage()
            .startsWith(
                "the output directory ('out') is, through a symbolic link, '.git', in git's own"
                    + " '.git': compiled pages are never written"),
        e.getMessage());
    assertTrue(e.fix().startsWith("remove the link"), e.fix());
    try (var files = Files.list(git.getParent())) {
      assertEquals(List.of(git), files.toList(), "nothing is written in .git");
    }
    assertEquals(before, w.snapshot(), "nothing is written in the workspace either");

    // A view's own directory linked into mlos's state directory, the same.
    Files.delete(w.root.resolve("out"));
    w.write("mlos.yaml", "pack: mlos\n");
    Files.createDirectories(w.root.resolve("target/mlos/pages"));
    Files.createSymbolicLink(w.root.resolve("needs"), Path.of("target/mlos/pages"));
    e = assertThrows(MlosException.class, w::compile);
    assertTrue(
        e.getMessage()
            .startsWith(
                "the output directory of view 'needs' ('needs') is, through a symbolic link,"
                    + " 'target/mlos/pages', in mlos's own state directory"),
        e.getMessage());
  }

  @Test
  void aRowsDirectoryLinkedIntoGitIsAConflictNamingWhereItLeadsAndNothingIsWrittenThere()
      throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("t.ftl", "${row.id}\n");
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  by_scope:\n    template: t.ftl\n    output: pages/{scope}/{id}.md\n"
            + "    each: needs\n    queries:\n"
            + "      needs: SELECT id, scope FROM needs WHERE id = 1 ORDER BY id\n");
    Path hooks = Files.createDirectories(w.root.resolve(".git/hooks"));
    Files.createDirectories(w.root.resolve("pages"));
    Files.createSymbolicLink(w.root.resolve("pages/kernel"), Path.of("../.git/hooks"));

    OutputConflictException e = assertThrows(OutputConflictException.class, w::compile);

    assertTrue(
        e.getMessage()
            .contains(
                "'pages/kernel/1.md' is, through a symbolic link, '.git/hooks/1.md', in git's own"
                    + " '.git': compiled pages are never written"),
        e.getMessage());
    try (var files = Files.list(hooks)) {
      assertEquals(List.of(), files.toList(), "nothing is written in .git");
    }
  }

  @Test
  void aViewDirectorySymlinkedOutsideIsRefusedBeforeAnyPageIsWritten() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    // The ML OS pack writes needs/ after PROBLEM.md: that page must not be written either.
    Files.createSymbolicLink(w.root.resolve("needs"), elsewhere);

    InvalidPathException e = assertThrows(InvalidPathException.class, w::compile);

    assertTrue(
        e.getMessage().contains("is the output directory of view 'needs'")
            && e.getMessage().contains("'needs' -> '" + elsewhere + "'"),
        e.getMessage());
    assertFalse(w.exists("PROBLEM.md"), "refused before the first page");
    try (var files = Files.list(elsewhere)) {
      assertEquals(List.of(), files.toList());
    }
  }

  /**
   * A directory the row's values choose (pages/{scope}/) that is a symlink leading outside stops
   * the compile at that page: the error named the path and the link, but not the view or the row.
   */
  @Test
  void aRowsDirectorySymlinkedOutsideIsRefusedNamingTheViewAndTheRow() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("t.ftl", "${row.id}\n");
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  by_scope:\n    template: t.ftl\n    output: pages/{scope}/{id}.md\n"
            + "    each: needs\n    queries:\n"
            + "      needs: SELECT id, scope FROM needs WHERE id = 1 ORDER BY id\n");
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.createDirectories(w.root.resolve("pages"));
    Files.createSymbolicLink(w.root.resolve("pages/kernel"), elsewhere);

    InvalidPathException e = assertThrows(InvalidPathException.class, w::compile);

    assertTrue(
        e.getMessage()
            .contains(
                "'pages/kernel/1.md': is the page of view 'by_scope' row {\"id\":1}"
                    + " and leads outside the workspace"),
        e.getMessage());
    assertTrue(e.getMessage().contains("'pages/kernel' -> '" + elsewhere + "'"), e.getMessage());
    try (var files = Files.list(elsewhere)) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void aSymlinkedRecordDirectoryIsRefused() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.createSymbolicLink(w.root.resolve("target"), elsewhere);

    InvalidPathException e = assertThrows(InvalidPathException.class, w::compile);

    assertTrue(e.getMessage().contains("'target' -> '" + elsewhere + "'"), e.getMessage());
    try (var files = Files.list(elsewhere)) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void cleanKeepsAndNamesAPageReplacedByALinkOutsideAndDeletesTheRest() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    Path secret = outsideFile();
    Files.delete(w.root.resolve("PROBLEM.md"));
    Files.createSymbolicLink(w.root.resolve("PROBLEM.md"), secret);
    List<String> warnings = new java.util.ArrayList<>();
    Reporter reporter = warningsTo(warnings);

    // Was: an InvalidPathException after the pages before PROBLEM.md (in path order) were deleted.
    Cleaner.CleanResult r = new Cleaner().clean(w.config(), reporter);

    assertEquals(List.of("PROBLEM.md"), r.kept());
    assertEquals(List.of("PROBLEM.md"), r.linked());
    assertTrue(
        r.deleted().contains("READY.md") && r.deleted().contains("ARTIFACTS.md"),
        r.deleted().toString());
    assertFalse(Files.exists(w.root.resolve("READY.md")));
    assertTrue(Files.isSymbolicLink(w.root.resolve("PROBLEM.md")), "the link is kept");
    assertEquals(SECRET, Files.readString(secret), "what it points to is not touched");
    assertTrue(
        warnings.contains(
            "Kept 'PROBLEM.md': it was replaced by a symbolic link (to '"
                + secret
                + "', outside the workspace) since it was compiled. mlos deletes nothing through"
                + " such a link: remove the link yourself (what it points to is not touched)."),
        warnings.toString());
  }

  /**
   * A page whose directory was replaced by a link into {@code .git} (pages/kernel -> ../.git/y)
   * after the compile, with a copy of the page there: the clean deleted the copy in {@code .git}
   * (its bytes are the page's), as did a compile that no longer produced the page (next test). Both
   * keep it and name the link.
   */
  @Test
  void aCleanDeletesNothingThroughALinkedDirectoryOnAPagesWay() throws Exception {
    TestWorkspace w = linkedPageDirectory();
    Path git = w.root.resolve(".git/y");
    List<String> warnings = new java.util.ArrayList<>();
    Reporter reporter = warningsTo(warnings);

    Cleaner.CleanResult r = new Cleaner().clean(w.config(), reporter);

    assertEquals(List.of("pages/kernel/1.md"), r.kept());
    assertEquals(List.of("pages/kernel/1.md"), r.linked());
    assertTrue(Files.exists(git.resolve("1.md")), "nothing in .git is deleted");
    assertTrue(
        warnings.contains(
            "Kept 'pages/kernel/1.md': the directory 'pages/kernel' on its way was replaced by a"
                + " symbolic link (to '../.git/y') since it was compiled. mlos deletes nothing"
                + " through a link: remove the link yourself if it is not needed (what it points to"
                + " is not touched)."),
        warnings.toString());
  }

  @Test
  void aCompileThatNoLongerProducesAPageDeletesNothingThroughALinkedDirectoryOnItsWay()
      throws Exception {
    TestWorkspace w = linkedPageDirectory();
    w.write("o.ftl", "x\n");
    w.write("mlos.yaml", "pack: none\nviews:\n  other:\n    template: o.ftl\n    output: O.md\n");

    CompileResult compiled = w.compile();

    assertTrue(Files.exists(w.root.resolve(".git/y/1.md")), "nothing in .git is deleted");
    assertEquals(List.of("pages/kernel/1.md"), compiled.kept(), compiled.toString());
  }

  /**
   * The output directory replaced by a link into {@code .git} after the compile, with copies of the
   * pages there: the clean deleted them (found by the review); it is refused as the compile is,
   * before anything is deleted.
   */
  @Test
  void aCleanThroughAnOutputDirectoryLinkedIntoGitIsRefusedAndDeletesNothing() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("t.ftl", "${row.id}\n");
    w.write(
        "mlos.yaml",
        "pack: none\noutput: docs\nviews:\n  pages:\n    template: t.ftl\n    output: p/{id}.md\n"
            + "    each: needs\n    queries:\n"
            + "      needs: SELECT id FROM needs ORDER BY id\n");
    w.compile();
    Path git = Files.createDirectories(w.root.resolve(".git/y"));
    Files.move(w.root.resolve("docs"), git.resolve("docs"));
    Files.createSymbolicLink(w.root.resolve("docs"), Path.of(".git/y/docs"));
    Path copy = git.resolve("docs/p/1.md");
    assertTrue(Files.exists(copy));

    dev.mlos.core.MlosException e =
        assertThrows(
            dev.mlos.core.MlosException.class,
            () -> new Cleaner().clean(w.config(), Reporter.SILENT));

    assertTrue(
        e.getMessage()
            .contains("the output directory ('docs') is, through a symbolic link, '.git/y/docs'"),
        e.getMessage());
    assertTrue(e.fix().endsWith("nothing was written or deleted"), e.fix());
    assertTrue(Files.exists(copy), "nothing in .git is deleted");
  }

  /** A reporter that keeps the warnings in {@code warnings} and drops the rest. */
  private static Reporter warningsTo(List<String> warnings) {
    return new Reporter() {
      @Override
      public void info(String message) {}

      @Override
      public void warn(String message) {
        warnings.add(message);
      }
    };
  }

  /** A workspace whose page pages/kernel/1.md is reached, since its compile, through a link. */
  private TestWorkspace linkedPageDirectory() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("t.ftl", "${row.id}\n");
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  by_scope:\n    template: t.ftl\n    output: pages/{scope}/{id}.md\n"
            + "    each: needs\n    queries:\n"
            + "      needs: SELECT id, scope FROM needs WHERE id = 1 ORDER BY id\n");
    w.compile();
    Path git = Files.createDirectories(w.root.resolve(".git/y"));
    Files.copy(w.root.resolve("pages/kernel/1.md"), git.resolve("1.md"));
    Files.delete(w.root.resolve("pages/kernel/1.md"));
    Files.delete(w.root.resolve("pages/kernel"));
    Files.createSymbolicLink(w.root.resolve("pages/kernel"), Path.of("../.git/y"));
    return w;
  }

  /**
   * A page replaced by a link inside the workspace was called "edited by hand" by the clean (its
   * target's bytes differ from the page's), and a link to an unchanged copy was deleted as if it
   * were the page.
   */
  @Test
  void cleanKeepsAndNamesAPageReplacedByALinkInsideTheWorkspace() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    Path mine = Files.writeString(w.root.resolve("my-problem.md"), "my own problem statement\n");
    Files.delete(w.root.resolve("PROBLEM.md"));
    Files.createSymbolicLink(w.root.resolve("PROBLEM.md"), Path.of("my-problem.md"));
    Path copy = Files.copy(w.root.resolve("READY.md"), w.root.resolve("ready-copy.md"));
    Files.delete(w.root.resolve("READY.md"));
    Files.createSymbolicLink(w.root.resolve("READY.md"), copy);
    List<String> warnings = new java.util.ArrayList<>();
    Reporter reporter = warningsTo(warnings);

    Cleaner.CleanResult r = new Cleaner().clean(w.config(), reporter);

    assertEquals(List.of("PROBLEM.md", "READY.md"), r.kept().stream().sorted().toList());
    assertEquals(r.kept().stream().sorted().toList(), r.linked().stream().sorted().toList());
    assertTrue(r.deleted().contains("ARTIFACTS.md"), r.deleted().toString());
    assertTrue(Files.isSymbolicLink(w.root.resolve("PROBLEM.md")), "the link is kept");
    assertTrue(Files.isSymbolicLink(w.root.resolve("READY.md")), "a link to a copy too");
    assertEquals("my own problem statement\n", Files.readString(mine), "its target untouched");
    assertTrue(Files.exists(copy), "nothing is deleted through the link");
    assertTrue(
        warnings.contains(
            "Kept 'PROBLEM.md': it was replaced by a symbolic link (to 'my-problem.md') since it was"
                + " compiled. mlos deletes nothing through a link: remove the link yourself if it is"
                + " not needed (what it points to is not touched)."),
        warnings.toString());
    assertFalse(warnings.stream().anyMatch(m -> m.contains("by hand")), warnings.toString());
    assertEquals(
        "Cleaned: "
            + r.deleted().size()
            + " files deleted, 2 kept: 0 edited by hand, 2 replaced"
            + " by a symbolic link",
        r.summary());
    assertEquals(
        "replaced by a symbolic link since it was compiled; nothing was deleted through it",
        r.whyKept("PROBLEM.md"));
  }

  /** A link's target is anyone's text: a line break in it must not start a log line of its own. */
  @Test
  void cleanQuotesTheTargetOfALinkOnOneLine() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    Files.writeString(w.root.resolve("my\nproblem.md"), "mine\n");
    Files.delete(w.root.resolve("PROBLEM.md"));
    Files.createSymbolicLink(w.root.resolve("PROBLEM.md"), Path.of("my\nproblem.md"));
    List<String> warnings = new java.util.ArrayList<>();
    Reporter reporter = warningsTo(warnings);

    new Cleaner().clean(w.config(), reporter);

    assertTrue(
        warnings.stream()
            .anyMatch(
                m ->
                    m.startsWith(
                        "Kept 'PROBLEM.md': it was replaced by a symbolic link (to"
                            + " 'my\\u000Aproblem.md') since it was compiled.")),
        warnings.toString());
  }

  /** The compile's sweep of pages no longer produced treats a link in a page's place alike. */
  @Test
  void aCompileKeepsAPageNoLongerProducedThatWasReplacedByALink() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    String gone = "needs/4-phone-view.md";
    Path copy = Files.copy(w.root.resolve(gone), w.root.resolve("phone-view.md"));
    Files.delete(w.root.resolve(gone));
    Files.createSymbolicLink(w.root.resolve(gone), Path.of("../phone-view.md"));
    w.sql("DELETE FROM needs WHERE id = 4");
    List<String> warnings = new java.util.ArrayList<>();
    Reporter reporter = warningsTo(warnings);

    CompileResult r =
        new Compiler().compile(new CompileRequest(w.config(), "2026-02-01T00:00:00Z"), reporter);

    assertFalse(r.deleted().contains(gone), r.deleted().toString());
    assertTrue(Files.isSymbolicLink(w.root.resolve(gone)), "the link is kept");
    assertTrue(Files.exists(copy), "what it points to is not touched");
    assertTrue(
        warnings.contains(
            "'"
                + gone
                + "' is no longer produced but was replaced by a symbolic link (to"
                + " '../phone-view.md'), so it was kept: mlos deletes nothing through a link;"
                + " remove the link yourself if it is not needed (what it points to is not"
                + " touched)."),
        warnings.toString());
  }

  @Test
  void cleanAndGuardRefuseAnOutputDirectorySymlinkedOutside() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("mlos.yaml", "output: out\n");
    w.compile();
    // Move the compiled pages outside and link them back in, as an attacker with the repository
    // would.
    Path elsewhere = dir.resolve("elsewhere");
    Files.move(w.root.resolve("out"), elsewhere);
    Files.createSymbolicLink(w.root.resolve("out"), elsewhere);

    InvalidPathException clean =
        assertThrows(
            InvalidPathException.class, () -> new Cleaner().clean(w.config(), Reporter.SILENT));
    InvalidPathException guard =
        assertThrows(
            InvalidPathException.class, () -> new Guard().check(new GuardRequest(w.config())));

    for (InvalidPathException e : List.of(clean, guard)) {
      assertTrue(
          e.getMessage().contains("through the symlink 'out' -> '" + elsewhere + "'"),
          e.getMessage());
    }
    assertTrue(
        Files.exists(elsewhere.resolve("PROBLEM.md")), "clean deleted nothing through the link");
  }

  @Test
  void aPageReplacedByALinkInsideTheWorkspaceIsReplacedAndTheUserTold() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    // One page linked to the user's own notes (an edited copy), one to an identical copy.
    String problem = w.read("PROBLEM.md");
    String ready = w.read("READY.md");
    Files.createDirectories(w.root.resolve("notes"));
    w.write("notes/problem.md", problem + "my own notes\n");
    w.write("notes/ready.md", ready);
    for (String page : List.of("PROBLEM.md", "READY.md")) {
      Files.delete(w.root.resolve(page));
      Files.createSymbolicLink(
          w.root.resolve(page), Path.of("notes", page.toLowerCase(java.util.Locale.ROOT)));
    }
    // A third moved away (the same file: its size, time and identity as the compile left them)
    // and linked back.
    String artifacts = w.read("ARTIFACTS.md");
    Files.move(w.root.resolve("ARTIFACTS.md"), w.root.resolve("notes/artifacts.md"));
    Files.createSymbolicLink(w.root.resolve("ARTIFACTS.md"), Path.of("notes/artifacts.md"));
    w.warnings.clear();

    w.compile();

    assertEquals(artifacts, w.read("notes/artifacts.md"));
    for (String page : List.of("PROBLEM.md", "READY.md", "ARTIFACTS.md")) {
      String link = "notes/" + page.toLowerCase(java.util.Locale.ROOT);
      assertFalse(Files.isSymbolicLink(w.root.resolve(page)), page + ": the link is replaced");
      assertTrue(
          w.warnings.stream()
              .anyMatch(m -> m.startsWith("'" + page + "' was a symbolic link to '" + link + "'")),
          w.warnings.toString());
    }
    assertEquals(problem + "my own notes\n", w.read("notes/problem.md"), "not written through");
    assertEquals(ready, w.read("notes/ready.md"));
    assertEquals(ready, w.read("READY.md"));
    assertFalse(
        Files.exists(w.root.resolve("target/mlos/replaced/PROBLEM.md")),
        "nothing to keep: the linked file is untouched");
  }
}
