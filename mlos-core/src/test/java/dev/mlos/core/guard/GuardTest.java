package dev.mlos.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.Compiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardTest {
  static final String NEED_1 = "needs/1-kernel-boots-reproducibly.md";
  static final String NEED_4 = "needs/4-phone-view.md";

  @TempDir Path dir;

  private GuardWorkspace compiled() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    return w;
  }

  private static List<Violation> of(GuardReport r, ViolationClass c) {
    return r.violations().stream().filter(v -> v.violationClass() == c).toList();
  }

  @Test
  void aFreshlyCompiledWorkspaceIsGreenAndEveryFileIsChecked() {
    GuardWorkspace w = compiled();

    GuardReport r = w.guard();

    assertTrue(r.isClean(), () -> r.violations().toString());
    List<String> paths = r.checkedFiles().stream().map(CheckedFile::path).toList();
    assertTrue(paths.contains("PROBLEM.md"), paths.toString());
    assertTrue(paths.contains(NEED_1), paths.toString());
    assertTrue(paths.contains("docs/boot.md"), paths.toString());
    assertTrue(paths.contains("src/pick.py"), paths.toString());
    assertEquals(
        "compiled",
        r.checkedFiles().stream()
            .filter(f -> f.path().equals("PROBLEM.md"))
            .findFirst()
            .orElseThrow()
            .reportClassName());
    assertTrue(r.counts().values().stream().allMatch(n -> n == 0));
  }

  @Test
  void aHandEditIsFoundWithItsLineDiffAndFix() {
    GuardWorkspace w = compiled();
    String original = w.read(NEED_1);
    w.write(
        NEED_1,
        original.replace("Same database, same boot.", "Same database, same boot. EDITED BY HAND"));

    GuardReport r = w.guard();

    assertEquals(1, r.violations().size(), r.violations().toString());
    Violation v = r.violations().get(0);
    assertEquals(ViolationClass.HAND_EDITED, v.violationClass());
    assertEquals(NEED_1, v.path());
    List<String> lines = List.of(original.split("\n", -1));
    assertTrue(
        v.line() > 0 && lines.get(v.line() - 1).contains("Same database, same boot."),
        v.line() + "\n" + original);
    assertTrue(v.diff().contains("+Same database, same boot. EDITED BY HAND"), v.diff());
    assertTrue(v.diff().contains("-Same database, same boot."), v.diff());
    assertFalse(v.diff().contains("compiled_at"), v.diff());
    assertTrue(v.fix().contains("run `compile`") && v.fix().contains("database"), v.fix());
  }

  /**
   * A clone whose git has no mlos-page merge driver (its init not run since the driver came, or a
   * .gitattributes line without merge=mlos-page) merges a page both branches recompiled line by
   * line, and git leaves its conflict markers in it. The guard called that a hand edit, which no
   * one made (tried in this session's team round); it now says what happened and the way through.
   */
  @Test
  void aPageHoldingGitsConflictMarkersIsSaidToBeAMergeNotAHandEdit() {
    GuardWorkspace w = compiled();
    String original = w.read(NEED_1);
    w.write(
        NEED_1,
        original.replace(
            "Same database, same boot.\n",
            "<<<<<<< HEAD\nSame database, same boot.\n=======\nTheirs.\n>>>>>>> 1a2b3c4 (theirs)\n"));

    Violation v = w.guard().violations().get(0);

    assertEquals(ViolationClass.HAND_EDITED, v.violationClass());
    assertTrue(
        v.message()
            .endsWith(
                "' holds git's conflict markers: a merge of two branches that both recompiled it"
                    + " merged it line by line, as git does where no mlos-page merge driver is"
                    + " registered in the clone or no .gitattributes line names it for the page"),
        v.message());
    assertTrue(
        v.fix().startsWith("nothing in it needs resolving by hand: the compile rewrites it"),
        v.fix());
    assertTrue(v.fix().contains("run `init`"), v.fix());
  }

  /**
   * A merge or pull brings a page another clone compiled (a teammate's page for a row this clone
   * changed as well, in a rebase the upstream's): the file is a compiled page, whole, whose
   * content_hash is its own text's, but not the one this clone's record names. The guard called it
   * a hand edit (tried in this session's team round); it is stale, and says where it came from.
   */
  @Test
  void aPageAnotherCloneCompiledIsStaleNotHandEdited() {
    GuardWorkspace w = compiled();
    String theirs = w.read(NEED_1);
    w.sql(
        "UPDATE needs SET description = 'Ours now.', updated_at = '2031-05-05T00:00:00Z' WHERE id = 1");
    w.compile();
    String ours = w.read(NEED_1);
    w.write(NEED_1, theirs);

    List<Violation> found = w.guard().violations();

    assertEquals(1, found.size(), found.toString());
    Violation v = found.get(0);
    assertEquals(ViolationClass.STALE, v.violationClass(), v.toString());
    assertTrue(
        v.message()
            .endsWith(
                "' is a compiled page, but compiled from other rows than this database's (a merge,"
                    + " pull or checkout brought another clone's page): not edited by hand; the"
                    + " next compile rewrites it"),
        v.message());
    assertTrue(v.diff().contains("-Same database, same boot.\n+Ours now.\n"), v.diff());

    w.compile();
    assertEquals(ours, w.read(NEED_1));
    assertTrue(w.guard().isClean(), () -> w.guard().violations().toString());
  }

  @Test
  void pathsThroughSymlinksAreCheckedWhereTheyLeadAndNeverOutsideTheWorkspace() throws IOException {
    GuardWorkspace w = compiled();
    // docs/ becomes a link to a directory inside the workspace; src/ a link to one outside it.
    Files.move(w.root.resolve("docs"), w.root.resolve("real-docs"));
    Files.createSymbolicLink(w.root.resolve("docs"), w.root.resolve("real-docs"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.move(w.root.resolve("src/pick.py"), outside.resolve("pick.py"));
    Files.delete(w.root.resolve("src"));
    Files.createSymbolicLink(w.root.resolve("src"), outside);
    // A compiled page replaced by a link to an identical copy (in a hidden directory) is intact.
    Files.createDirectories(w.root.resolve(".keep"));
    Files.move(w.root.resolve(NEED_4), w.root.resolve(".keep/need-4.md"));
    Files.createSymbolicLink(w.root.resolve(NEED_4), w.root.resolve(".keep/need-4.md"));
    // A compiled page replaced by a directory is not there as a file.
    Files.delete(w.root.resolve("GRAPH.md"));
    Files.createDirectories(w.root.resolve("GRAPH.md"));

    GuardReport r = w.guard(false, 2);

    List<Violation> missing = of(r, ViolationClass.ARTIFACT_MISSING);
    assertEquals(
        List.of("src/pick.py"),
        missing.stream().map(Violation::path).toList(),
        r.violations().toString());
    assertTrue(
        missing.get(0).message().contains("outside the workspace"), missing.get(0).message());
    assertEquals(
        List.of(), of(r, ViolationClass.ARTIFACT_DRIFT), "docs/boot.md is read through the link");
    List<Violation> gone = of(r, ViolationClass.MISSING);
    assertEquals(
        List.of("GRAPH.md"),
        gone.stream().map(Violation::path).toList(),
        r.violations().toString());
    assertTrue(gone.get(0).message().contains("no longer a regular file"), gone.get(0).message());
    assertEquals(
        List.of(), of(r, ViolationClass.HAND_EDITED), "the linked page has the compiled bytes");
  }

  /**
   * An artifact whose file became a link out of the workspace was reported "registered at
   * 'src/pick.py' but Invalid workspace path 'src/pick.py': leads outside the workspace ...", with
   * the fix "restore 'src/pick.py'" though the file is there, behind the link.
   */
  @Test
  void anArtifactReplacedByALinkOutOfTheWorkspaceSaysSoAndToReplaceTheLink() throws IOException {
    GuardWorkspace w = compiled();
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.move(w.root.resolve("src/pick.py"), outside.resolve("pick.py"));
    Files.createSymbolicLink(w.root.resolve("src/pick.py"), outside.resolve("pick.py"));
    Files.move(w.root.resolve("docs"), outside.resolve("docs"));
    Files.createSymbolicLink(w.root.resolve("docs"), outside.resolve("docs"));

    List<Violation> missing = of(w.guard(false, 0), ViolationClass.ARTIFACT_MISSING);

    assertEquals(
        List.of("docs/boot.md", "src/pick.py"), missing.stream().map(Violation::path).toList());
    assertEquals(
        "artifact 1 is registered at 'docs/boot.md' but it now goes through the symbolic link"
            + " 'docs' -> '"
            + outside.resolve("docs")
            + "', outside the workspace: mlos reads no file through such a link, so it cannot"
            + " check the artifact",
        missing.get(0).message());
    assertEquals(
        "replace the link 'docs' with a copy of the directory it points to, inside the workspace"
            + " (what it points to is not touched), or unregister it with `removeArtifact` of"
            + " artifact 1",
        missing.get(0).fix());
    assertEquals(
        "artifact 2 is registered at 'src/pick.py' but it is now a symbolic link to '"
            + outside.resolve("pick.py")
            + "', outside the workspace: mlos reads no file through such a link, so it cannot"
            + " check the artifact",
        missing.get(1).message());
    assertEquals(
        "replace the link 'src/pick.py' with a copy of the file it points to, inside the"
            + " workspace (what it points to is not touched), or unregister it with `removeArtifact`"
            + " of artifact 2",
        missing.get(1).fix());

    Files.delete(w.root.resolve("src/pick.py"));
    Files.createSymbolicLink(w.root.resolve("src/pick.py"), outside.resolve("gone.py"));
    Violation dangling = of(w.guard(false, 0), ViolationClass.ARTIFACT_MISSING).get(1);
    assertTrue(dangling.message().endsWith("gone.py', which leads to nothing"), dangling.message());
    assertTrue(
        dangling.fix().startsWith("remove the dangling link 'src/pick.py' and put the file back"),
        dangling.fix());
  }

  @Test
  void aPageReplacedByALinkOutOfTheWorkspaceSaysToRemoveTheLinkFirst() throws IOException {
    GuardWorkspace w = compiled();
    Path outside = Files.writeString(dir.resolve("elsewhere.md"), "not ours\n");
    Files.delete(w.root.resolve("PROBLEM.md"));
    Files.createSymbolicLink(w.root.resolve("PROBLEM.md"), outside);

    Violation v = of(w.guard(), ViolationClass.MISSING).get(0);

    assertEquals("PROBLEM.md", v.path());
    assertTrue(v.message().contains("leads outside the workspace"), v.message());
    // A compile refuses the same path: "run compile" alone would go round in a circle.
    assertTrue(
        v.fixTemplate().startsWith("remove what leads it outside the workspace"), v.fixTemplate());
    assertThrows(dev.mlos.core.MlosException.class, w::compile);
    Files.delete(w.root.resolve("PROBLEM.md"));
    w.compile();
    assertEquals(List.of(), w.guard().violations());
    assertEquals("not ours\n", Files.readString(outside), "what the link pointed to is untouched");
  }

  @Test
  void changingOnlyCompiledAtIsNotAnEdit() {
    GuardWorkspace w = compiled();
    w.write(
        "PROBLEM.md",
        w.read("PROBLEM.md")
            .replace("compiled_at: 2026-02-01T00:00:00Z", "compiled_at: 2031-01-01T00:00:00Z"));

    assertTrue(w.guard().isClean());
  }

  @Test
  void aDeletedOrChangedContentHashLineIsAnEditAsTheCompileSaysIt() {
    // The content hash leaves its own line out, so the rest of the file still hashed as recorded
    // and the guard passed a file whose content_hash line was gone, while the next compile called
    // it hand-edited and replaced it.
    GuardWorkspace w = compiled();
    String original = w.read("PROBLEM.md");
    String hashLine =
        original.lines().filter(l -> l.startsWith("content_hash: ")).findFirst().orElseThrow();
    w.write("PROBLEM.md", original.replace(hashLine + "\n", ""));

    GuardReport r = w.guard();

    assertEquals(1, r.violations().size(), r.violations().toString());
    Violation v = r.violations().get(0);
    assertEquals(ViolationClass.HAND_EDITED, v.violationClass());
    assertEquals("PROBLEM.md", v.path());
    assertTrue(v.diff().contains("-" + hashLine), v.diff());

    w.write("PROBLEM.md", original.replace(hashLine, "content_hash: " + "0".repeat(64)));
    GuardReport changed = w.guard();
    assertEquals(
        List.of(ViolationClass.HAND_EDITED),
        changed.violations().stream().map(Violation::violationClass).toList(),
        changed.violations().toString());

    w.write("PROBLEM.md", original);
    assertTrue(w.guard().isClean(), () -> w.guard().violations().toString());
  }

  @Test
  void crlfConvertedCompiledFilesAreGreen() throws IOException {
    GuardWorkspace w = compiled();
    try (var walk = Files.walk(w.root)) {
      for (Path p :
          walk.filter(p -> p.toString().endsWith(".md") && !p.endsWith("boot.md")).toList()) {
        Files.writeString(p, Files.readString(p).replace("\n", "\r\n"));
      }
    }

    GuardReport r = w.guard();

    assertTrue(r.isClean(), () -> r.violations().toString());
  }

  @Test
  void aHandEditIsFoundEvenWhenTheDatabaseChangedToo() {
    GuardWorkspace w = compiled();
    w.write(NEED_1, w.read(NEED_1).replace("Same database, same boot.", "My own wording."));
    w.sql("UPDATE needs SET description = 'Same database, same boot, same hash.' WHERE id = 1");

    GuardReport r = w.guard();

    List<Violation> edited = of(r, ViolationClass.HAND_EDITED);
    assertEquals(1, edited.size(), r.violations().toString());
    assertEquals(NEED_1, edited.get(0).path());
    assertTrue(edited.get(0).message().contains("database changed"), edited.get(0).message());
    assertTrue(edited.get(0).diff().contains("+My own wording."), edited.get(0).diff());
    assertTrue(of(r, ViolationClass.STALE).stream().noneMatch(v -> v.path().equals(NEED_1)));
  }

  @Test
  void aHandEditsDiffRunsFromWhatWasCompiledEvenWhenTheDatabaseChangedElsewhere() {
    GuardWorkspace w = compiled();
    String original = w.read(NEED_1);
    // The description in the front matter and in the body, edited by hand next to the changed
    // updated: line.
    w.write(NEED_1, original.replace("Same database, same boot.", "My own wording."));
    w.sql("UPDATE needs SET priority = 3, updated_at = '2031-05-05T00:00:00Z' WHERE id = 1");

    Violation v = of(w.guard(), ViolationClass.HAND_EDITED).get(0);

    // "-" is what the compile wrote: the edit alone, nothing of the database's change.
    assertTrue(
        v.diff().startsWith("--- " + NEED_1 + " (compiled)\n+++ " + NEED_1 + " (on disk)\n"),
        v.diff());
    assertTrue(v.diff().contains("-Same database, same boot.\n+My own wording.\n"), v.diff());
    assertFalse(v.diff().contains("Priority") || v.diff().contains("2031-05-05"), v.diff());
    assertTrue(v.message().contains("the diff shows the edit only"), v.message());
    List<String> lines = List.of(w.read(NEED_1).split("\n", -1));
    assertTrue(
        lines.get(v.line() - 1).contains("My own wording."), v.line() + "\n" + w.read(NEED_1));
  }

  @Test
  void whenTheDatabaseChangedTheEditedLinesTooTheDiffSaysItIsAgainstTheNextCompile() {
    GuardWorkspace w = compiled();
    w.write(NEED_1, w.read(NEED_1).replace("Same database, same boot.", "My own wording."));
    w.sql(
        "UPDATE needs SET description = 'Same database, same boot, same hash.', updated_at = '2031-05-05T00:00:00Z'"
            + " WHERE id = 1");
    assertTrue(w.read(NEED_1).contains("\nupdated: "), "the updated: line precedes the edit");

    Violation v = of(w.guard(), ViolationClass.HAND_EDITED).get(0);

    assertTrue(v.diff().startsWith("--- " + NEED_1 + " (next compile)\n"), v.diff());
    assertTrue(
        v.message().contains("in the same lines") && v.message().contains("shows both changes"),
        v.message());
    // The line is the first changed one that is not the updated: line the database's change moved
    // above it.
    List<String> lines = List.of(w.read(NEED_1).split("\n", -1));
    assertTrue(
        lines.get(v.line() - 1).contains("My own wording."), v.line() + "\n" + w.read(NEED_1));
  }

  @Test
  void aDatabaseChangeWithoutRecompilingIsStale() {
    GuardWorkspace w = compiled();
    w.sql(
        "UPDATE needs SET description = 'Same database, same boot, same hash.' WHERE id = 1",
        "INSERT INTO needs (id, title, status, priority, scope) VALUES (5, 'Brand new', 'active', 2, 'kernel')",
        "DELETE FROM needs WHERE id = 4");

    GuardReport r = w.guard();

    assertTrue(r.rendered(), "the database changed: every view is rendered");
    List<Violation> stale = of(r, ViolationClass.STALE);
    Violation need1 =
        stale.stream()
            .filter(v -> v.path().equals(NEED_1))
            .findFirst()
            .orElseThrow(() -> new AssertionError(stale));
    // The same direction as a hand edit's diff: from what was compiled (the file) to what the next
    // compile writes.
    assertTrue(
        need1
            .diff()
            .startsWith(
                "--- " + NEED_1 + " (compiled, on disk)\n+++ " + NEED_1 + " (next compile)\n"),
        need1.diff());
    assertTrue(need1.diff().contains("+Same database, same boot, same hash."), need1.diff());
    assertTrue(need1.diff().contains("-Same database, same boot."), need1.diff());
    List<String> lines = List.of(w.read(NEED_1).split("\n", -1));
    assertTrue(
        lines.get(need1.line() - 1).contains("Same database, same boot."),
        need1.line() + "\n" + need1.diff());
    assertEquals("run {0}", need1.fixTemplate());
    assertEquals(List.of(Remedy.compile()), need1.remedies());
    assertTrue(
        stale.stream()
            .anyMatch(
                v ->
                    v.path().equals("needs/5-brand-new.md")
                        && v.message().contains("not compiled yet")),
        stale.toString());
    assertTrue(
        stale.stream()
            .anyMatch(v -> v.path().equals(NEED_4) && v.message().contains("no longer produced")),
        stale.toString());
    assertEquals(0, of(r, ViolationClass.HAND_EDITED).size());
    assertTrue(r.checkedFiles().stream().anyMatch(f -> f.path().equals("needs/5-brand-new.md")));

    w.compile();
    assertTrue(w.guard().isClean());
  }

  @Test
  void theDatabaseRegisteredAsAnArtifactByRawSqlIsToBeUnregistered() {
    GuardWorkspace w = GuardWorkspace.createWithDatabaseInside(dir);
    w.seed();
    w.compile();
    // The engine refuses this (artifact.path); raw SQL or an older mlos could write it.
    w.sql(
        "INSERT INTO artifacts (id, title, file_path, content_hash) VALUES (90, 'db', 'mlos.db', '"
            + "0".repeat(64)
            + "')");

    Violation v =
        of(w.guard(), ViolationClass.ARTIFACT_DRIFT).stream()
            .filter(x -> x.path().equals("mlos.db"))
            .findFirst()
            .orElseThrow();

    assertTrue(v.message().contains("the workspace's database"), v.message());
    assertEquals("unregister it with `removeArtifact` of artifact 90", v.fix());
  }

  @Test
  void aDriftedArtifactWithASecondSpellingSaysTheyAreOneFileOnMacOsAndWindows() {
    // Registered before registration refused a second spelling: on a Mac the two rows name one
    // file, and accepting one's hash there made it drift on Linux, where they are two files.
    GuardWorkspace w = compiled();
    w.write("docs/Spec.md", "one\n");
    w.write("docs/spec.md", "two\n");
    // Schema V18 refuses the pair from any client: planted as a database from before it holds it.
    dev.mlos.core.db.OldRows.write(
        w.db,
        "INSERT INTO artifacts (id, title, file_path, content_hash) VALUES (92, 'a',"
            + " 'docs/Spec.md', '"
            + w.hashOf("docs/Spec.md")
            + "'), (93, 'b', 'docs/spec.md', '"
            + w.hashOf("docs/Spec.md")
            + "')");

    List<Violation> drift = of(w.guard(), ViolationClass.ARTIFACT_DRIFT);

    assertEquals(List.of("docs/spec.md"), drift.stream().map(Violation::path).toList());
    assertTrue(
        drift
            .get(0)
            .message()
            .endsWith(
                "; its path and artifact 92's 'docs/Spec.md' differ only in case or Unicode form,"
                    + " one file where names ignore case (macOS, Windows)"),
        drift.get(0).message());
    assertTrue(
        drift
            .get(0)
            .fix()
            .startsWith("if this machine takes the two paths as one file, unregister"),
        drift.get(0).fix());
    assertTrue(drift.get(0).fix().contains("`removeArtifact` of artifact 93"), drift.get(0).fix());
  }

  @Test
  void twoArtifactsAtOneFileOnMacOsFailTheGuardOnLinuxTooThoughNeitherDrifts() {
    // Two spellings registered before schema V18, each file in step with its hash on Linux: a Mac
    // or Windows clone holds one file for both, and the guard there failed (drift) where CI's
    // passed. Now CI says so first, once, on the later row.
    GuardWorkspace w = compiled();
    w.write("docs/Spec.md", "one\n");
    w.write("docs/spec.md", "two\n");
    dev.mlos.core.db.OldRows.write(
        w.db,
        "INSERT INTO artifacts (id, title, file_path, content_hash) VALUES (92, 'a',"
            + " 'docs/Spec.md', '"
            + w.hashOf("docs/Spec.md")
            + "'), (93, 'b', 'docs/spec.md', '"
            + w.hashOf("docs/spec.md")
            + "')");

    GuardReport report = w.guard();

    assertEquals(List.of(), of(report, ViolationClass.ARTIFACT_DRIFT));
    List<Violation> missing = of(report, ViolationClass.ARTIFACT_MISSING);
    assertEquals(List.of("docs/spec.md"), missing.stream().map(Violation::path).toList());
    assertEquals(
        "artifact 93 is registered at 'docs/spec.md' and artifact 92 at 'docs/Spec.md': the paths"
            + " differ only in case or Unicode form, so a clone on macOS or Windows holds one file"
            + " for both (git checks one out over the other)",
        missing.get(0).message());
    assertEquals(
        "if they are two files, rename this one to a name that differs in more than case (`git mv"
            + " docs/spec.md <new name>`), then record its new path with `moveArtifact` of"
            + " artifact 93, which keeps its id and edges; if they are one file, unregister this"
            + " one with `removeArtifact` of artifact 93",
        missing.get(0).fix());
  }

  @Test
  void twoArtifactsWhosePathsDifferInUnicodeFormOnlyFailTheGuard() {
    // SQLite compares text exactly: schema V18's index on lower(file_path) folds ASCII only, so a
    // raw-SQL client can still register cafe\u0301.md beside caf\u00e9.md, one file on macOS.
    GuardWorkspace w = compiled();
    String composed = "docs/caf\u00e9.md";
    String decomposed = "docs/cafe\u0301.md";
    w.write(composed, "one\n");
    w.write(decomposed, "two\n");
    w.sql(
        "INSERT INTO artifacts (id, title, file_path, content_hash) VALUES (94, 'a', '"
            + composed
            + "', '"
            + w.hashOf(composed)
            + "'), (95, 'b', '"
            + decomposed
            + "', '"
            + w.hashOf(decomposed)
            + "')");

    List<Violation> missing = of(w.guard(), ViolationClass.ARTIFACT_MISSING);

    assertEquals(List.of(decomposed), missing.stream().map(Violation::path).toList());
    assertTrue(
        missing.get(0).message().startsWith("artifact 95 is registered at '" + decomposed + "'"),
        missing.get(0).message());
  }

  @Test
  void twoArtifactsAtTheVerySamePathAreNotSaidToDifferInCase() {
    // SQLite lets a raw-SQL client register one path twice (V18 refuses only another spelling):
    // the guard said the two paths 'differ only in case or Unicode form' and told the user to
    // rename one with git mv, though they are the same path and one file on every machine.
    GuardWorkspace w = compiled();
    w.write("docs/spec.md", "one\n");
    w.sql(
        "INSERT INTO artifacts (id, title, file_path, content_hash) VALUES (96, 'a',"
            + " 'docs/spec.md', '"
            + w.hashOf("docs/spec.md")
            + "'), (97, 'b', 'docs/spec.md', '"
            + w.hashOf("docs/spec.md")
            + "')");

    GuardReport report = w.guard();

    assertEquals(List.of(), of(report, ViolationClass.ARTIFACT_MISSING));
    assertEquals(List.of(), of(report, ViolationClass.ARTIFACT_DRIFT));
  }

  @Test
  void aThirdRowSpelledAsTheFirstIsPairedWithTheOtherSpelling() {
    GuardWorkspace w = compiled();
    w.write("docs/Spec.md", "one\n");
    w.write("docs/spec.md", "two\n");
    dev.mlos.core.db.OldRows.write(
        w.db,
        "INSERT INTO artifacts (id, title, file_path, content_hash) VALUES (92, 'a',"
            + " 'docs/Spec.md', '"
            + w.hashOf("docs/Spec.md")
            + "'), (93, 'b', 'docs/spec.md', '"
            + w.hashOf("docs/spec.md")
            + "'), (94, 'c', 'docs/Spec.md', '"
            + w.hashOf("docs/Spec.md")
            + "')");

    List<Violation> missing = of(w.guard(), ViolationClass.ARTIFACT_MISSING);

    assertEquals(
        List.of(
            "artifact 93 is registered at 'docs/spec.md' and artifact 92 at 'docs/Spec.md'",
            "artifact 94 is registered at 'docs/Spec.md' and artifact 93 at 'docs/spec.md'"),
        missing.stream()
            .map(v -> v.message().substring(0, v.message().indexOf(": ")))
            .sorted()
            .toList());
  }

  @Test
  void theLineEndingsFixQuotesAPathTheShellWouldSplit() {
    GuardWorkspace w = compiled();
    w.write("docs/my notes.md", "a\nb\n");
    w.sql(
        "INSERT INTO artifacts (id, title, file_path, content_hash) VALUES (91, 'notes', 'docs/my notes.md', '"
            + w.hashOf("docs/my notes.md")
            + "')");
    w.write("docs/my notes.md", "a\r\nb\r\n");

    Violation v =
        of(w.guard(), ViolationClass.ARTIFACT_DRIFT).stream()
            .filter(x -> x.path().equals("docs/my notes.md"))
            .findFirst()
            .orElseThrow();

    assertTrue(
        v.fix().contains("`rm -- 'docs/my notes.md' && git checkout -- 'docs/my notes.md'`"),
        v.fix());
  }

  @Test
  void anArtifactCheckedOutWithCrlfSaysSoAndNotToRegisterItAgain() {
    GuardWorkspace w = compiled();
    // A clone with core.autocrlf=true: git checks docs/boot.md out with CRLF. The fix the guard
    // gave ("review the change, then register it") recorded this checkout's hash, and every LF
    // checkout (CI's) then drifted.
    w.write("docs/boot.md", "# Boot\r\n\r\nThree layers.\r\n");

    Violation v =
        of(w.guard(), ViolationClass.ARTIFACT_DRIFT).stream()
            .filter(x -> x.path().equals("docs/boot.md"))
            .findFirst()
            .orElseThrow();

    assertTrue(v.message().contains("only in its line endings"), v.message());
    assertTrue(v.message().contains("CRLF"), v.message());
    assertTrue(v.fix().contains("do not register it again"), v.fix());
    assertTrue(v.fix().contains("/docs/boot.md text eol=lf"), v.fix());
    assertTrue(v.fix().contains("`rm -- docs/boot.md && git checkout -- docs/boot.md`"), v.fix());

    // Registered from that CRLF checkout, then checked out with LF (CI): the hash recorded is the
    // CRLF one, and the fix is to register the LF file.
    w.sql(
        "UPDATE artifacts SET content_hash = '"
            + w.hashOf("docs/boot.md")
            + "' WHERE file_path = 'docs/boot.md'");
    w.write("docs/boot.md", "# Boot\n\nThree layers.\n");
    Violation lf =
        of(w.guard(), ViolationClass.ARTIFACT_DRIFT).stream()
            .filter(x -> x.path().equals("docs/boot.md"))
            .findFirst()
            .orElseThrow();
    assertTrue(lf.message().contains("registered from a checkout with CRLF"), lf.message());
    assertTrue(lf.fix().startsWith("register it again from this checkout"), lf.fix());
    assertTrue(lf.fix().contains("/docs/boot.md text eol=lf"), lf.fix());
    w.write("docs/boot.md", "# Boot\r\n\r\nThree layers.\r\n");

    // A change of content is still reviewed and registered as before.
    w.write("docs/boot.md", "# Boot\r\n\r\nFour layers.\r\n");
    Violation changed =
        of(w.guard(), ViolationClass.ARTIFACT_DRIFT).stream()
            .filter(x -> x.path().equals("docs/boot.md"))
            .findFirst()
            .orElseThrow();
    assertTrue(changed.message().contains("changed since it was registered"), changed.message());
    assertTrue(changed.fix().startsWith("review the change"), changed.fix());
  }

  @Test
  void aPageWhosePlaceAFileOfSomeoneElseTakesSaysToMoveThatFile() {
    GuardWorkspace w = compiled();
    w.sql(
        "INSERT INTO needs (id, title, status, priority, scope) VALUES (5, 'Brand new', 'active', 2, 'kernel')");
    // Someone's own notes under the name the new need's page takes: a compile refuses to
    // overwrite them, so the guard's fix cannot be just "run compile".
    w.write("needs/5-brand-new.md", "my notes\n");

    Violation v =
        of(w.guard(), ViolationClass.STALE).stream()
            .filter(x -> x.path().equals("needs/5-brand-new.md"))
            .findFirst()
            .orElseThrow();

    assertTrue(v.message().contains("a file mlos did not write is in its place"), v.message());
    assertTrue(v.fix().startsWith("move 'needs/5-brand-new.md' out of the way"), v.fix());
    assertEquals("my notes\n", w.read("needs/5-brand-new.md"), "the guard reads only");
    assertTrue(
        GuardFix.of(w.guard().violations()).startsWith("move the files in the way of new pages"),
        GuardFix.of(w.guard().violations()));
  }

  @Test
  void whenNothingChangedSinceTheCompileTheStaleCheckRendersNothingAndReportsTheSame() {
    GuardWorkspace w = compiled();
    record Step(String what, Runnable change, boolean inputsChange) {}
    List<Step> steps =
        List.of(
            new Step("nothing", () -> {}, false),
            new Step(
                "a hand edit",
                () ->
                    w.write(NEED_1, w.read(NEED_1).replace("Same database, same boot.", "EDITED")),
                false),
            new Step("a deleted output", () -> w.delete(NEED_4), false),
            new Step(
                "a stray compiled file",
                () ->
                    w.write(
                        "notes/stray.md",
                        "---\ncompiled_at: 2026-01-01T00:00:00Z\nworkspace: other\n---\n# Stray\n"),
                false),
            new Step(
                "a drifted artifact", () -> w.write("src/pick.py", "print('changed')\n"), false),
            // From here on the inputs differ from the compile's: every view is rendered.
            new Step(
                "a file a template embeds",
                () -> w.write("docs/boot.md", "# Boot\n\nChanged.\n"),
                true),
            new Step(
                "and the database",
                () -> w.sql("UPDATE needs SET title = 'Renamed' WHERE id = 2"),
                true));
    for (Step step : steps) {
      step.change().run();

      GuardReport quick = w.guard();
      GuardReport rendered = w.guardRenderingAlways();

      assertTrue(rendered.rendered());
      assertEquals(step.inputsChange(), quick.rendered(), step.what());
      assertTrue(quick.staleChecked());
      assertEquals(rendered.violations(), quick.violations(), step.what());
      assertEquals(rendered.checkedFiles(), quick.checkedFiles(), step.what());
    }
    assertFalse(w.guard().isClean());
    w.compile();
    assertFalse(w.guard().rendered(), "compiled again: the record answers the stale check");
  }

  @Test
  void onAFreshCloneOnlyPagesWhoseInputsChangedAreRenderedAndTheReportIsTheSame() {
    GuardWorkspace w = compiled();
    int pages =
        w.guardRenderingAlways().checkedFiles().stream()
            .filter(f -> f.kind() == CheckedFile.Kind.COMPILED)
            .toList()
            .size();
    // notRendered: how many pages the fresh clone's stale check leaves unrendered (-1: some, not
    // all).
    // Changes accumulate: the hand edit stays, and its page is rendered for its diff from then on.
    record Step(String what, Runnable change, int notRendered) {}
    List<Step> steps =
        List.of(
            new Step("nothing", () -> {}, pages),
            new Step(
                "a hand edit",
                () ->
                    w.write(NEED_1, w.read(NEED_1).replace("Same database, same boot.", "EDITED")),
                pages - 1),
            new Step(
                "a deleted output (MISSING needs no rendering)", () -> w.delete(NEED_4), pages - 1),
            new Step(
                "a drifted artifact no template read",
                () -> w.write("src/pick.py", "print('changed')\n"),
                pages - 1),
            new Step(
                "a changed need",
                () -> w.sql("UPDATE needs SET title = 'Renamed' WHERE id = 2"),
                -1),
            new Step(
                "a file a template embeds",
                () -> w.write("docs/boot.md", "# Boot\n\nChanged.\n"),
                0));
    for (Step step : steps) {
      step.change().run();

      GuardReport fresh = w.guardAsFreshClone();
      GuardReport rendered = w.guardRenderingAlways();

      assertTrue(fresh.rendered(), step.what());
      assertEquals(0, rendered.notRendered(), "renderAlways renders every page");
      assertEquals(rendered.violations(), fresh.violations(), step.what());
      assertEquals(rendered.checkedFiles(), fresh.checkedFiles(), step.what());
      if (step.notRendered() >= 0) {
        assertEquals(step.notRendered(), fresh.notRendered(), step.what());
      } else {
        assertTrue(
            fresh.notRendered() > 0 && fresh.notRendered() < pages - 2,
            step.what() + ": " + fresh.notRendered());
      }
    }
    assertFalse(w.guardAsFreshClone().isClean());
    w.compile();
    GuardReport again = w.guardAsFreshClone();
    assertEquals(
        List.of("ARTIFACT_DRIFT docs/boot.md"),
        again.violations().stream().map(v -> v.violationClass() + " " + v.path()).toList(),
        "only the edited registered artifact is left (a compile does not accept it)");
    assertEquals(pages, again.notRendered(), "compiled again: no page needs rendering");
  }

  @Test
  void twoRowsWithOnePageFailTheGuardAsTheCompileRefusesThem() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    // A page per title (not per id): two needs with one title would share it.
    w.write("mlos.yaml", "views:\n  needs:\n    output: pages/{title}.md\n");
    w.compile();
    w.sql(
        "INSERT INTO needs (id, title, status, priority, scope, created_at, updated_at) VALUES"
            + " (5, 'Kernel boots reproducibly', 'identified', 2, 'kernel', '2026-01-01T00:00:00Z',"
            + " '2026-01-05T00:00:00Z')");

    for (GuardReport r : List.of(w.guard(), w.guardAsFreshClone(), w.guardRenderingAlways())) {
      Violation v =
          of(r, ViolationClass.STALE).stream()
              .filter(x -> x.message().contains("is the page of two rows"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(r.violations().toString()));
      assertEquals("pages/kernel-boots-reproducibly.md", v.path());
      assertTrue(
          v.message().contains("view 'needs' row {\"id\":1}")
              && v.message().contains("view 'needs' row {\"id\":5}"),
          v.message());
      assertTrue(v.fixTemplate().contains("give each row a page of its own"), v.fixTemplate());
      // The two paths are one and the same (the titles slug alike): no word of case, which the
      // guard gave as the reason for every such page; and the first row's page is written.
      assertFalse(v.message().contains("case-insensitively"), v.message());
      assertTrue(
          v.message()
              .endsWith(
                  "; the compile writes it for the first and refuses the second"
                      + " (compile.conflict)"),
          v.message());
      // The fix line under the report gives the step before the compile, which alone would fail
      // again on the same two rows.
      String fix = GuardFix.of(r.violations());
      assertTrue(
          fix.startsWith(
              "give the rows that share a page a page each (change one row's key, or"
                  + " the view's output pattern: each one's fix above says how); run "),
          fix);
    }
    // The compile refuses the same page, so CI and a compile agree.
    assertThrows(dev.mlos.core.compile.OutputConflictException.class, w::compile);
    assertTrue(
        of(w.guard(), ViolationClass.STALE).stream()
            .anyMatch(x -> x.message().contains("is the page of two rows")));
  }

  /**
   * A hand-edited page whose view was switched off is kept by the compile (the edit is not deleted)
   * and leaves the record; the guard then called it "a copy of a page, or a page compiled after the
   * mlos.db.sql this database was built from", neither of which it is.
   */
  @Test
  void aKeptHandEditOfAPageNoViewProducesSaysSoNotACopy() {
    GuardWorkspace w = compiled();
    w.write(NEED_1, w.read(NEED_1) + "my note\n");
    w.write("mlos.yaml", "views:\n  needs:\n    enabled: false\n");
    w.compile();
    assertTrue(w.read(NEED_1).endsWith("my note\n"), "the edit is kept");

    Violation v =
        of(w.guard(), ViolationClass.UNKNOWN).stream()
            .filter(x -> x.path().equals(NEED_1))
            .findFirst()
            .orElseThrow();

    assertTrue(
        v.message()
            .endsWith(
                "but its compile record has no row for it (it was edited by hand after it was"
                    + " compiled, so the compile that no longer produced it kept it instead of"
                    + " deleting the edit)"),
        v.message());
    assertTrue(v.fixTemplate().startsWith("delete '" + NEED_1 + "'"), v.fixTemplate());
  }

  @Test
  void aHandEditKeptByACleanSaysTheCleanKeptIt() {
    // A trial: after `mlos clean` kept a hand-edited page, the guard said a compile that no longer
    // produced it had kept it, though every view still produced it and no compile had run.
    GuardWorkspace w = compiled();
    w.write(NEED_1, w.read(NEED_1) + "my note\n");
    new dev.mlos.core.compile.Cleaner().clean(w.config(), Reporter.SILENT);
    assertTrue(w.read(NEED_1).endsWith("my note\n"), "the edit is kept");

    Violation v =
        of(w.guard(), ViolationClass.UNKNOWN).stream()
            .filter(x -> x.path().equals(NEED_1))
            .findFirst()
            .orElseThrow();

    assertTrue(
        v.message()
            .endsWith(
                "but its compile record has no row for it (it was edited by hand after it was"
                    + " compiled; a clean, which deletes the compile record, keeps such a page"
                    + " instead of deleting the edit)"),
        v.message());
  }

  @Test
  void aFreshCloneNoticesThatAnotherViewsPagesMoved() {
    GuardWorkspace w = compiled();
    // PROBLEM.md's own rows are unchanged, but it links to the need pages, which now go elsewhere.
    w.write("mlos.yaml", "views:\n  needs:\n    output: pages/{id}-{title}.md\n");

    GuardReport fresh = w.guardAsFreshClone();

    assertEquals(w.guardRenderingAlways().violations(), fresh.violations());
    assertTrue(
        of(fresh, ViolationClass.STALE).stream().anyMatch(v -> v.path().equals("PROBLEM.md")),
        fresh.violations().toString());
    assertEquals(0, fresh.notRendered(), "the configuration changed: every page is rendered");
  }

  @Test
  void aDatabaseCompiledByAnOlderMlosIsGuardedByRenderingEveryPage() {
    GuardWorkspace w = compiled();
    // As mlos-compiler V1 left it: no input hashes, no record of what the compile read.
    // The column first: SQLite checks every trigger when it alters a table, and the change log's
    // delete guard (mlos V8) reads mlos_compile_reads.
    w.sql(
        "ALTER TABLE mlos_outputs DROP COLUMN input_hash",
        "DROP TABLE mlos_compile_reads",
        "DELETE FROM schema_migrations WHERE schema_set = 'mlos-compiler' AND version > 1",
        "UPDATE needs SET title = 'Renamed' WHERE id = 2");

    GuardReport fresh = w.guardAsFreshClone();

    assertEquals(0, fresh.notRendered());
    assertEquals(w.guardRenderingAlways().violations(), fresh.violations());
    assertFalse(of(fresh, ViolationClass.STALE).isEmpty());
  }

  @Test
  void aFreshCloneRendersEveryPageWhenTheCompileRecordedNoReads() {
    GuardWorkspace w = compiled();
    w.sql("UPDATE needs SET title = 'Renamed' WHERE id = 2");
    w.sql("DELETE FROM mlos_compile_reads");

    GuardReport fresh = w.guardAsFreshClone();

    assertEquals(
        0, fresh.notRendered(), "as from an older mlos, or after a compile that stopped half way");
    assertEquals(w.guardRenderingAlways().violations(), fresh.violations());
    assertFalse(of(fresh, ViolationClass.STALE).isEmpty());
  }

  @Test
  void withoutTheStaleCheckOnlyFilesAreCompared() {
    GuardWorkspace w = compiled();
    w.sql("UPDATE needs SET description = 'Changed.' WHERE id = 1");
    w.write("PROBLEM.md", w.read("PROBLEM.md") + "\nextra line\n");

    GuardReport r = w.guard(false, 2);

    assertEquals(1, r.violations().size(), r.violations().toString());
    assertEquals(ViolationClass.HAND_EDITED, r.violations().get(0).violationClass());
    assertTrue(r.violations().get(0).diff().contains("+extra line"), r.violations().get(0).diff());
    assertFalse(r.staleChecked());
  }

  @Test
  void aDeletedCompiledFileIsMissing() {
    GuardWorkspace w = compiled();
    w.delete(NEED_4);

    GuardReport r = w.guard();

    assertEquals(
        List.of(ViolationClass.MISSING),
        r.violations().stream().map(Violation::violationClass).toList());
    assertEquals(NEED_4, r.violations().get(0).path());
    assertEquals("run `compile` to write it again", r.violations().get(0).fix());
  }

  @Test
  void aCompiledFileReplacedByADirectoryIsMissing() throws IOException {
    GuardWorkspace w = compiled();
    w.delete(NEED_4);
    Files.createDirectories(w.root.resolve(NEED_4));
    w.write(NEED_4 + "/notes.md", "# notes\n");

    GuardReport r = w.guard();

    assertEquals(
        List.of(ViolationClass.MISSING),
        r.violations().stream().map(Violation::violationClass).toList());
    assertTrue(
        r.violations().get(0).message().contains("no longer a regular file"),
        r.violations().get(0).message());
  }

  @Test
  void aStrayCompiledFileIsUnknownButHiddenAndBuildDirectoriesAreSkipped() {
    GuardWorkspace w = compiled();
    String problem = w.read("PROBLEM.md");
    w.write("notes/COPY.md", problem);
    w.write(".cache/COPY.md", problem);
    w.write("target/COPY.md", problem);
    w.write("node_modules/x/COPY.md", problem);
    w.write("notes/own.md", "---\ntitle: mine\n---\n# Mine\n\ncompiled_at: not front matter\n");
    w.write("notes/plain.md", "# Plain\n");

    GuardReport r = w.guard();

    assertEquals(1, r.violations().size(), r.violations().toString());
    Violation v = r.violations().get(0);
    assertEquals(ViolationClass.UNKNOWN, v.violationClass());
    assertEquals("notes/COPY.md", v.path());
    assertTrue(v.fix().contains("delete"), v.fix());
    CheckedFile f =
        r.checkedFiles().stream()
            .filter(c -> c.path().equals("notes/COPY.md"))
            .findFirst()
            .orElseThrow();
    assertEquals("UNKNOWN", f.reportClassName());
  }

  @Test
  void nestedHiddenAndBuildDirectoriesAndHiddenFilesAreSkippedToo() {
    GuardWorkspace w = compiled();
    String problem = w.read("PROBLEM.md");
    w.write("notes/.COPY.md", problem);
    w.write("notes/.cache/deep/COPY.md", problem);
    w.write("notes/sub/target/COPY.md", problem);
    w.write("notes/sub/node_modules/COPY.md", problem);
    w.write("notes/targets/COPY.md", problem);
    w.write("notes/COPY.md.txt", problem);

    GuardReport r = w.guard(false, 0);

    assertEquals(
        List.of("notes/targets/COPY.md"), r.violations().stream().map(Violation::path).toList());
  }

  @Test
  void aRegisteredArtifactWithCompiledAtFrontMatterIsBothCheckedAndUnknown() {
    GuardWorkspace w = compiled();
    String problem = w.read("PROBLEM.md");
    w.write("docs/copy.md", problem);
    w.write("docs/drifted.md", problem);
    w.write("docs/unhashed.md", problem);
    w.write("docs/plain.md", "# Plain\n");
    w.sql(
        "INSERT INTO artifacts (id, title, description, file_path, artifact_type, content_hash, created_at, updated_at) VALUES"
            + " (3, 'Copy', NULL, 'docs/copy.md', 'document', '"
            + w.hashOf("docs/copy.md")
            + "', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
            + " (4, 'Drifted', NULL, 'docs/drifted.md', 'document', '"
            + w.hashOf("docs/plain.md")
            + "', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
            + " (5, 'Unhashed', NULL, 'docs/unhashed.md', 'document', NULL, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
            + " (6, 'Plain', NULL, 'docs/plain.md', 'document', '"
            + w.hashOf("docs/plain.md")
            + "', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");

    GuardReport r = w.guard(false, 0);

    assertEquals(
        List.of(
            "docs/copy.md UNKNOWN",
            "docs/drifted.md ARTIFACT_DRIFT",
            "docs/drifted.md UNKNOWN",
            "docs/unhashed.md UNKNOWN"),
        r.violations().stream().map(v -> v.path() + " " + v.violationClass()).sorted().toList());
    Violation unknown =
        r.violations().stream()
            .filter(v -> v.path().equals("docs/copy.md"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "'docs/copy.md' has compiled_at front matter and names workspace '"
            + w.config().name()
            + "', but its compile record has no row for it (a copy of a page, or a page compiled after the mlos.db.sql this"
            + " database was built from)",
        unknown.message());
    assertEquals(
        List.of(
            "docs/boot.md ARTIFACT",
            "docs/copy.md ARTIFACT",
            "docs/copy.md UNKNOWN",
            "docs/drifted.md ARTIFACT",
            "docs/drifted.md UNKNOWN",
            "docs/plain.md ARTIFACT",
            "docs/unhashed.md ARTIFACT",
            "docs/unhashed.md UNKNOWN"),
        r.checkedFiles().stream()
            .filter(f -> f.path().startsWith("docs/"))
            .map(f -> f.path() + " " + f.kind())
            .sorted()
            .toList());
  }

  @Test
  void anEditedRegisteredArtifactDriftsAndADeletedOneIsMissing() {
    GuardWorkspace w = compiled();
    w.write("docs/boot.md", "# Boot\n\nFour layers.\n");
    w.delete("src/pick.py");

    // The context pack embeds artifact files, so it is stale too; the fast guard shows just the
    // artifacts.
    GuardReport r = w.guard(false, 0);

    assertEquals(2, r.violations().size(), r.violations().toString());
    Violation drift = r.violations().get(0);
    assertEquals(ViolationClass.ARTIFACT_DRIFT, drift.violationClass());
    assertEquals("docs/boot.md", drift.path());
    assertEquals(List.of(Remedy.accept("docs/boot.md", 1)), drift.remedies());
    assertEquals("review the change, then run `accept docs/boot.md`", drift.fix());
    Violation missing = r.violations().get(1);
    assertEquals(ViolationClass.ARTIFACT_MISSING, missing.violationClass());
    assertEquals("src/pick.py", missing.path());
    assertTrue(missing.fix().contains("`removeArtifact` of artifact 2"), missing.fix());
  }

  @Test
  void anArtifactWithCrlfIsDriftBecauseRawBytesCount() {
    GuardWorkspace w = compiled();
    w.write("docs/boot.md", "# Boot\r\n\r\nThree layers.\r\n");

    assertEquals(
        List.of(ViolationClass.ARTIFACT_DRIFT),
        w.guard(false, 0).violations().stream().map(Violation::violationClass).toList());
  }

  @Test
  void theGuardChangesNothingEvenWithViolations() {
    GuardWorkspace w = compiled();
    w.write(NEED_1, w.read(NEED_1) + "edit\n");
    w.write("notes/COPY.md", w.read("PROBLEM.md"));
    w.write("docs/boot.md", "# Boot\n\nFour layers.\n");
    w.delete(NEED_4);
    w.sql("UPDATE needs SET description = 'Changed.' WHERE id = 2");
    Map<String, String> before = w.snapshot();

    GuardReport r = w.guard();

    assertFalse(r.isClean());
    assertEquals(before, w.snapshot());
  }

  @Test
  void aNeverCompiledDatabaseHasAnEmptyRecord() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    Map<String, String> before = w.snapshot();

    GuardReport r = w.guard(false, 0);

    assertTrue(r.isClean(), r.violations().toString());
    assertEquals(before, w.snapshot());
    GuardReport full = w.guard();
    assertTrue(
        of(full, ViolationClass.STALE).stream().anyMatch(v -> v.path().equals("PROBLEM.md")),
        full.violations().toString());
  }

  @Test
  void compiledFilesOfThisWorkspaceAgainstAFreshDatabaseAreUnknownAndCompileAdoptsThem()
      throws IOException {
    GuardWorkspace w = compiled();
    Files.delete(w.db);
    GuardWorkspace fresh = GuardWorkspace.create(dir);
    fresh.seed();

    GuardReport r = fresh.guard(false, 0);

    List<Violation> unknown = of(r, ViolationClass.UNKNOWN);
    assertTrue(
        unknown.stream().anyMatch(v -> v.path().equals("PROBLEM.md")), r.violations().toString());
    assertTrue(unknown.get(0).fix().contains("adopts"), unknown.get(0).fix());
  }

  @Test
  void aCloneUnderAnotherDirectoryNameIsToldToPinTheWorkspaceNameNeverToDeleteFiles()
      throws IOException {
    GuardWorkspace w = compiled();
    Path clone = dir.resolve("ws-clone");
    try (var walk = Files.walk(w.root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path rel = w.root.relativize(p);
        if (!rel.toString().startsWith("target")) {
          Files.copy(p, clone.resolve(rel.toString()));
        }
      }
    }
    java.util.function.Supplier<dev.mlos.core.config.WorkspaceConfig> config =
        () ->
            new dev.mlos.core.config.ConfigLoader()
                .load(
                    clone,
                    new dev.mlos.core.config.ConfigOverrides(null, w.db, null, null, Map.of()));
    assertEquals("ws-clone", config.get().name());

    GuardReport r = new Guard().check(new GuardRequest(config.get(), false, 0));

    List<Violation> unknown = of(r, ViolationClass.UNKNOWN);
    assertFalse(unknown.isEmpty(), r.violations().toString());
    Violation problem =
        unknown.stream().filter(v -> v.path().equals("PROBLEM.md")).findFirst().orElseThrow();
    assertEquals(
        "'PROBLEM.md' was compiled by another workspace: it names workspace 'ws', this workspace is named 'ws-clone'",
        problem.message());
    for (Violation v : unknown) {
      assertTrue(v.fix().contains("set `workspace: ws` in mlos.yaml"), v.fix());
      assertFalse(v.fix().toLowerCase(java.util.Locale.ROOT).contains("delete"), v.fix());
    }
    // The compile refuses to take the files over, and says the same.
    {
      MlosException e =
          assertThrows(
              MlosException.class,
              () ->
                  new Compiler()
                      .compile(
                          new CompileRequest(config.get(), "2026-02-02T00:00:00Z"),
                          Reporter.SILENT));
      assertTrue(
          e.getMessage().contains("it names workspace 'ws'")
              && e.getMessage().contains("set `workspace: ws` in mlos.yaml"),
          e.getMessage());
    }

    // The fix works: the clone pinned to the name is green against the same database.
    Files.writeString(clone.resolve("mlos.yaml"), "workspace: ws\n");
    GuardReport pinned = new Guard().check(new GuardRequest(config.get()));
    assertTrue(pinned.isClean(), pinned.violations().toString());
  }

  @Test
  void aForeignNameThatMlosYamlCannotHoldPointsToThePluginParameter() {
    dev.mlos.core.config.OtherWorkspace other =
        new dev.mlos.core.config.OtherWorkspace("ws", "My Project");
    assertTrue(
        other.fix().contains("<workspace> with the value 'My Project' in pom.xml"), other.fix());
    assertFalse(other.fix().contains("workspace: My"), other.fix());
  }

  @Test
  void theVerdictDoesNotDependOnThreadsOrRuns() {
    GuardWorkspace w = compiled();
    w.write(NEED_1, w.read(NEED_1) + "edit\n");
    w.write("notes/COPY.md", w.read("PROBLEM.md"));
    w.write("docs/boot.md", "changed");
    w.delete(NEED_4);
    w.sql("UPDATE needs SET description = 'Changed.' WHERE id = 2");

    GuardReport one = w.guard(true, 1);
    GuardReport many = w.guard(true, 8);

    assertEquals(one, many);
    assertEquals(
        EnumSet.of(
            ViolationClass.HAND_EDITED,
            ViolationClass.STALE,
            ViolationClass.MISSING,
            ViolationClass.UNKNOWN,
            ViolationClass.ARTIFACT_DRIFT),
        EnumSet.copyOf(one.violations().stream().map(Violation::violationClass).toList()));
    List<Violation> sorted = new ArrayList<>(one.violations());
    sorted.sort(Violation.ORDER);
    assertEquals(sorted, one.violations());
  }

  @Test
  void failOnSplitsFailingFromWarnings() {
    GuardWorkspace w = compiled();
    w.delete(NEED_4);
    w.write("docs/boot.md", "changed");

    GuardReport r = w.guard(false, 0);

    assertEquals(1, r.failing(EnumSet.of(ViolationClass.MISSING)).size());
    assertEquals(1, r.warnings(EnumSet.of(ViolationClass.MISSING)).size());
    assertEquals(
        "2 violations: MISSING 1, ARTIFACT_DRIFT 1", GuardReport.countLine(r.violations()));
  }

  @Test
  void aMissingDatabaseIsBrokenNotAViolation() throws IOException {
    GuardWorkspace w = compiled();
    Files.delete(w.db);

    MlosException e = assertThrows(MlosException.class, w::guard);
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void anOutputDirectoryBelowTheRootGivesRootRelativePaths() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.write("mlos.yaml", "workspace: ws\noutput: build/docs\n");
    new Compiler().compile(new CompileRequest(w.config(), "2026-02-01T00:00:00Z"), Reporter.SILENT);
    w.write("build/docs/PROBLEM.md", w.read("build/docs/PROBLEM.md") + "x\n");

    GuardReport r = w.guard();

    assertEquals(1, r.violations().size(), r.violations().toString());
    assertEquals("build/docs/PROBLEM.md", r.violations().get(0).path());
  }

  @Test
  void theFastGuardDoesNotRenderFilesThatAreUnchangedOnDisk() {
    GuardWorkspace w = compiled();
    // Any render of PROBLEM.md would now fail: its template names a value that does not exist.
    // (Breaking the database instead would be refused first, as a schema changed outside mlos.)
    w.write("broken.ftl", "${no_such_value}\n");
    w.write("mlos.yaml", "views:\n  problem:\n    template: broken.ftl\n");

    assertTrue(w.guard(false, 0).isClean());
    assertThrows(
        MlosException.class, () -> w.guard(true, 0), "a broken view is an error, not a violation");
  }

  /**
   * After an upgrade of mlos the pack's templates are new and every page is stale though no data
   * changed: the guard said "what it is compiled from (the database, or a file it embeds) changed".
   * It names the templates that changed since the compile read them.
   */
  @Test
  void aStalePageNamesTheTemplatesThatChangedNotTheDatabase() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.write("mine.ftl", "# Problems\n");
    w.write("mlos.yaml", "views:\n  problem:\n    template: mine.ftl\n");
    w.compile();
    w.write("mine.ftl", "# Problems, reworded\n");

    List<Violation> stale = of(w.guard(), ViolationClass.STALE);

    assertEquals(1, stale.size(), stale.toString());
    assertEquals(
        "'PROBLEM.md' is out of date (view 'problem'): templates changed since the last compile"
            + " read them (mine.ftl); the database or a file it embeds may have changed too",
        stale.get(0).message());
    // A pack's templates are in mlos's jar: changed, they say another mlos compiled the page.
    assertEquals(
        "templates changed since the last compile read them (pack mlos's ready.ftl, mine.ftl), and"
            + " a pack's templates come with mlos: another mlos compiled the page, and this one may"
            + " write it differently",
        PageComparison.templatesChanged(List.of("pack/mlos/ready.ftl", "workspace/mine.ftl")));
  }
}
