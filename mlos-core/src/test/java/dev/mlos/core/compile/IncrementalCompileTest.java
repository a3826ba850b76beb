package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardRequest;
import dev.mlos.core.guard.ViolationClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compile after the database changed renders only the pages whose rows changed, and what it
 * leaves on disk is exactly what rendering every page would.
 */
class IncrementalCompileTest {
  @TempDir Path dir;

  private static CompileResult.ViewStats view(CompileResult r, String name) {
    return r.views().stream().filter(v -> v.view().equals(name)).findFirst().orElseThrow();
  }

  private static CompileResult full(TestWorkspace w) {
    return new Compiler()
        .compile(
            new CompileRequest(w.config(), "2026-02-01T00:00:00Z", false, true), Reporter.SILENT);
  }

  private static CompileResult compile(TestWorkspace w, int threads) {
    return new Compiler()
        .compile(
            new CompileRequest(w.config(), "2026-03-01T00:00:00Z", false, false, threads),
            w.reporter);
  }

  /** A compiled file that was written again says when: compare the rest. */
  private static String withoutCompiledAt(String text) {
    return text.replaceFirst("(?m)^compiled_at: .*\n", "");
  }

  /**
   * The workspace's files, not the compile's own state under target/ (it names the database's
   * state).
   */
  private static Map<String, String> workspaceFiles(TestWorkspace w) {
    Map<String, String> files = w.snapshot();
    files.keySet().removeIf(p -> p.startsWith("target/"));
    return files;
  }

  /** Path to input hash, as recorded in mlos_outputs. */
  private static Map<String, String> inputHashes(TestWorkspace w) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + w.db);
        ResultSet rs =
            c.createStatement().executeQuery("SELECT path, input_hash FROM mlos_outputs")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  @Test
  void aChangedNeedRendersOnlyThePagesItsRowsReach() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    Map<String, String> hashes = inputHashes(w);
    assertTrue(
        hashes.values().stream().allMatch(h -> h != null && h.matches("[0-9a-f]{64}")),
        hashes.toString());
    Map<String, String> before = w.snapshot();

    w.sql("UPDATE needs SET description = 'Same database, same boot, every time.' WHERE id = 1");
    CompileResult r = compile(w, 1);

    CompileResult.ViewStats needs = view(r, "needs");
    assertEquals(1, needs.written(), "need 1's page");
    assertEquals(
        needs.pages() - 1, needs.reused(), "every other need's page is kept without rendering");
    assertEquals(1, view(r, "artifacts").reused(), "ARTIFACTS.md does not show needs");
    assertEquals(0, view(r, "problem").reused(), "PROBLEM.md shows the description");
    Map<String, String> after = w.snapshot();
    assertEquals(
        before.get("needs/2-context-packs-fit-the-window.md"),
        after.get("needs/2-context-packs-fit-the-window.md"));
    assertNotEquals(
        before.get("needs/1-kernel-boots-reproducibly.md"),
        after.get("needs/1-kernel-boots-reproducibly.md"));
    assertTrue(w.read("needs/1-kernel-boots-reproducibly.md").contains("every time."));
    Map<String, String> now = inputHashes(w);
    assertNotEquals(
        hashes.get("needs/1-kernel-boots-reproducibly.md"),
        now.get("needs/1-kernel-boots-reproducibly.md"));
    assertEquals(
        hashes.get("needs/2-context-packs-fit-the-window.md"),
        now.get("needs/2-context-packs-fit-the-window.md"));
    assertEquals(0, full(w).written(), "rendering every page gives the same files");
  }

  @Test
  void manyChangesOnSeveralThreadsLeaveWhatAFullCompileWould() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    compile(w, 3);

    w.sql(
        "UPDATE needs SET title = 'Kernel boots the same way' WHERE id = 1",
        "UPDATE needs SET priority = 5 WHERE id = 4",
        "DELETE FROM tasks WHERE id = 1",
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at)"
            + " VALUES ('need', 2, 'artifact', 2, 'enables', '2026-02-01T00:00:00Z')",
        "INSERT INTO needs (id, title, status, priority, scope, created_at, updated_at)"
            + " VALUES (5, 'A new one', 'identified', 2, 'kernel', '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z')");
    CompileResult r = compile(w, 3);
    assertTrue(r.reused() > 0, r.summary());
    Map<String, String> incremental = workspaceFiles(w);
    Map<String, String> recorded = inputHashes(w);

    CompileResult everything = full(w);

    assertEquals(0, everything.written(), everything.summary());
    assertEquals(0, everything.reused(), "a full compile renders every page");
    assertEquals(incremental, workspaceFiles(w));
    assertEquals(recorded, inputHashes(w), "the same input hashes, whether rendered or not");
  }

  @Test
  void aHandEditedPageIsRenderedAgainThoughItsRowsAreUnchanged() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    String page = "needs/2-context-packs-fit-the-window.md";
    String compiled = w.read(page);
    w.write(page, compiled.replace("Budgeted by tokens.", "Budgeted by hand."));

    w.sql("UPDATE needs SET priority = 2 WHERE id = 1");
    CompileResult r = compile(w, 1);

    assertEquals(
        withoutCompiledAt(compiled), withoutCompiledAt(w.read(page)), "the edit is replaced");
    assertTrue(
        w.warnings.stream().anyMatch(m -> m.contains(page) && m.contains("edited by hand")),
        w.warnings.toString());
    assertTrue(Files.exists(w.root.resolve("target/mlos/replaced").resolve(page)), "and kept");
    assertEquals(view(r, "needs").pages() - 2, view(r, "needs").reused(), r.summary());
  }

  @Test
  void aHandEditIsFoundWhenTheFilesAreLookedAtBeforeTheSetupIsDone() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    // Every page written long before its listing: the stat keys are trusted, not the hashes, and
    // the compile looks at the files while its setup runs on another thread.
    Path manifest = OutputManifest.file(w.config());
    Files.setLastModifiedTime(
        manifest,
        java.nio.file.attribute.FileTime.fromMillis(
            Files.getLastModifiedTime(manifest).toMillis() + 60_000));
    String page = "needs/2-context-packs-fit-the-window.md";
    String compiled = w.read(page);
    w.write(page, compiled.replace("Budgeted by tokens.", "Budgeted by hand."));
    String deleted = "needs/4-phone-view.md";
    Files.delete(w.root.resolve(deleted));

    w.sql("UPDATE needs SET priority = 2 WHERE id = 1");
    CompileResult r = compile(w, 2);

    assertEquals(withoutCompiledAt(compiled), withoutCompiledAt(w.read(page)));
    assertTrue(
        w.warnings.stream().anyMatch(m -> m.contains(page) && m.contains("edited by hand")),
        w.warnings.toString());
    assertTrue(Files.exists(w.root.resolve(deleted)), "a deleted page is written again");
    assertEquals(view(r, "needs").pages() - 3, view(r, "needs").reused(), r.summary());
  }

  @Test
  void aCrlfCheckoutIsKeptWithoutRenderingToo() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    String page = "needs/2-context-packs-fit-the-window.md";
    String crlf = w.read(page).replace("\n", "\r\n");
    w.write(page, crlf);

    w.sql("UPDATE needs SET priority = 2 WHERE id = 1");
    CompileResult r = compile(w, 1);

    assertEquals(
        view(r, "needs").pages() - 1, view(r, "needs").reused(), "only need 1's page is rendered");
    assertEquals(crlf, w.read(page), "the checkout's line endings are left alone");
    w.sql("UPDATE needs SET priority = 1 WHERE id = 1");
    assertEquals(
        view(r, "needs").pages() - 1,
        view(compile(w, 1), "needs").reused(),
        "and recorded as they are");
  }

  @Test
  void aDeletedPageIsWrittenAgainThoughItsRowsAreUnchanged() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    String page = "needs/2-context-packs-fit-the-window.md";
    String compiled = w.read(page);
    Files.delete(w.root.resolve(page));

    w.sql("UPDATE needs SET priority = 2 WHERE id = 1");
    compile(w, 1);

    assertEquals(withoutCompiledAt(compiled), withoutCompiledAt(w.read(page)));
  }

  @Test
  void aChangedTemplateOrEmbeddedFileRendersEveryPage() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.write("t.ftl", "<#include \"inc.ftl\">${row.title}\n");
    w.write("inc.ftl", "one: ");
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  mine:\n    template: t.ftl\n    output: 'n/{id}.md'\n    each: needs\n"
            + "    queries:\n      needs: SELECT id, title FROM needs ORDER BY id\n");
    w.seed();
    w.compile();
    w.sql("UPDATE needs SET title = 'Phone view, portable' WHERE id = 4");
    assertEquals(3, compile(w, 1).reused(), "only need 4's page is rendered");

    w.write("inc.ftl", "two: ");
    w.sql("UPDATE needs SET title = 'Phone view' WHERE id = 4");
    CompileResult r = compile(w, 1);

    assertEquals(0, r.reused(), "an included template changed: every page is rendered");
    assertEquals(
        "two: Kernel boots reproducibly\n",
        w.read("n/1.md").substring(w.read("n/1.md").indexOf("two:")));
  }

  @Test
  void whatAKeptPageReadLastTimeStillCounts() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("mlos.yaml", "params:\n  token_budget: 100000\n");
    w.compile();
    assertTrue(
        w.read("context/1-architect.md").contains("Three layers."), "the pack embeds docs/boot.md");

    // A change no context pack shows: the pack is kept, so this compile does not read docs/boot.md.
    w.sql("UPDATE needs SET priority = 2 WHERE id = 4");
    CompileResult r = compile(w, 1);
    assertEquals(view(r, "context").pages(), view(r, "context").reused(), r.summary());

    // It must still count as an input of the pack, for the guard of a fresh clone and the next
    // compile.
    w.write("docs/boot.md", "# Boot\n\nFour layers now.\n");
    GuardReport fresh = freshCloneGuard(w);
    assertTrue(
        fresh.violations().stream()
            .anyMatch(
                v ->
                    v.path().equals("context/1-architect.md")
                        && v.violationClass() == ViolationClass.STALE),
        fresh.violations().toString());
    compile(w, 1);
    assertTrue(w.read("context/1-architect.md").contains("Four layers now."));
  }

  private static GuardReport freshCloneGuard(TestWorkspace w) {
    try {
      Files.delete(w.root.resolve("target/mlos/compile-state"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Guard().check(new GuardRequest(w.config()));
  }

  @Test
  void aChangedEmbeddedArtifactRendersItsContextPack() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("mlos.yaml", "params:\n  token_budget: 100000\n");
    w.compile();

    w.write("docs/boot.md", "# Boot\n\nFour layers now.\n");
    w.sql("UPDATE needs SET priority = 2 WHERE id = 4");
    CompileResult r = compile(w, 1);

    assertEquals(0, r.reused(), "a file a template read changed: every page is rendered");
    assertTrue(w.read("context/1-architect.md").contains("Four layers now."));
  }

  @Test
  void aFreshCloneKeepsUnchangedPagesTooButNotWithoutTheRecordedReadsOrWithFull() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    // A fresh clone has no target/: what the compile read is recorded in the database.
    deleteTree(w.root.resolve("target"));
    w.sql("UPDATE needs SET priority = 2 WHERE id = 4");
    CompileResult r = compile(w, 1);
    assertEquals(view(r, "needs").pages() - 1, view(r, "needs").reused(), r.summary());

    w.sql("DELETE FROM mlos_compile_reads", "UPDATE needs SET priority = 3 WHERE id = 4");
    assertEquals(
        0, compile(w, 1).reused(), "no record of what the compile read: every page is rendered");

    w.sql("UPDATE needs SET priority = 2 WHERE id = 4");
    assertTrue(compile(w, 1).reused() > 0, "that compile recorded its reads again");

    w.sql("UPDATE needs SET priority = 3 WHERE id = 4");
    assertEquals(0, full(w).reused(), "-Dmlos.compile.full renders every page");
  }

  @Test
  void aCompileThatStopsHalfWayLeavesNoReadsToTrust() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.write("t.ftl", "<#if row.title == \"Boom\">${row.nope}</#if>${row.title}\n");
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  mine:\n    template: t.ftl\n    output: 'n/{id}.md'\n    each: needs\n"
            + "    queries:\n      needs: SELECT id, title FROM needs ORDER BY id\n");
    w.seed();
    w.compile();

    w.sql("UPDATE needs SET title = 'Boom' WHERE id = 3");
    assertThrows(MlosException.class, () -> compile(w, 1), "need 3's page fails to render");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + w.db);
        ResultSet rs =
            c.createStatement().executeQuery("SELECT count(*) FROM mlos_compile_reads")) {
      assertEquals(
          0, rs.getLong(1), "the record mixes two compiles now: what they read is forgotten");
    }

    w.sql("UPDATE needs SET title = 'Old idea, again' WHERE id = 3");
    assertEquals(0, compile(w, 1).reused(), "so the next compile renders every page");
    assertEquals(
        "Old idea, again\n", w.read("n/3.md").substring(w.read("n/3.md").indexOf("Old idea")));
  }

  private static void deleteTree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void anotherMlosRendersEveryPageButAnUnchangedPageKeepsItsRecordLine() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    Map<String, String> files = workspaceFiles(w);
    List<String> record = w.recordLines();
    // The database as a teammate's compile with another version of mlos left it, in a fresh clone
    // (no local state).
    w.sql(
        "UPDATE mlos_compile_reads SET view_seeds ="
            + " json_set(view_seeds, '$.\"#code\"', 'another mlos')");
    deleteTree(w.root.resolve("target"));

    CompileResult r = compile(w, 1);

    assertEquals(0, r.reused(), "no page is trusted to render as another mlos rendered it");
    assertEquals(0, r.written(), "this mlos renders every page as that one did: " + r.summary());
    assertEquals(files, workspaceFiles(w));
    assertEquals(
        record,
        w.recordLines(),
        "a page rendered as before keeps its record line: the text form of the database does not"
            + " change in every line when a team upgrades mlos");
    w.sql("UPDATE needs SET priority = 2 WHERE id = 4");
    assertTrue(compile(w, 1).reused() > 0, "that compile recorded this mlos's code");
  }

  @Test
  void pagesRecordedWithoutAnInputHashAreRendered() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    w.sql(
        "UPDATE mlos_outputs SET input_hash = NULL", "UPDATE needs SET priority = 2 WHERE id = 4");

    assertEquals(
        0, compile(w, 1).reused(), "as after an upgrade from a version that did not record them");
    assertFalse(inputHashes(w).containsValue(null), "this compile recorded them");
    w.sql("UPDATE needs SET priority = 3 WHERE id = 4");
    assertTrue(compile(w, 1).reused() > 0);
  }

  @Test
  void aPageRecordedFromOtherInputsIsRendered() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    // As if another compile had recorded a different rendering of need 2's page from other rows.
    String page = "needs/2-context-packs-fit-the-window.md";
    w.sql(
        "UPDATE mlos_outputs SET input_hash = '" + "0".repeat(64) + "' WHERE path = '" + page + "'",
        "UPDATE needs SET priority = 2 WHERE id = 4",
        // Without the change horizon every page's queries run (the change log would keep need 2's
        // page).
        "UPDATE mlos_compile_reads SET changes_through = NULL");

    CompileResult r = compile(w, 1);

    assertEquals(
        view(r, "needs").pages() - 2,
        view(r, "needs").reused(),
        "need 2 (other hash) and need 4 (changed)");
    String recorded = inputHashes(w).get(page);
    assertNotEquals("0".repeat(64), recorded);
    full(w);
    assertEquals(inputHashes(w).get(page), recorded, "the hash rendering every page records");
  }

  @Test
  void aHandMadeRecordHoldingTheRecordReadersSeparatorsStillLetsPagesBeKept() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    // The record is read packed a chunk at a time; a value holding one of its separators makes the
    // read go row by row, which must come to the same pages.
    w.sql(
        "INSERT INTO mlos_outputs (workspace, path, view, source_keys, content_hash, file_hash,"
            + " compiled_at, input_hash) SELECT workspace, 'needs/x' || char(30) || 'y' || char(31)"
            + " || '.md', view, '[99]', content_hash, file_hash, compiled_at, input_hash"
            + " FROM mlos_outputs WHERE view = 'needs' LIMIT 1",
        "UPDATE needs SET priority = 2 WHERE id = 4");

    CompileResult r = compile(w, 1);

    assertEquals(view(r, "needs").pages() - 1, view(r, "needs").reused(), r.summary());
    assertFalse(
        inputHashes(w).keySet().stream().anyMatch(p -> p.indexOf('\u001e') >= 0),
        "the hand-made record names no page this compile wrote: it is gone");
    GuardReport guard = new Guard().check(new GuardRequest(w.config()));
    assertTrue(guard.isClean(), guard.violations().toString());
    Map<String, String> incremental = workspaceFiles(w);
    full(w);
    assertEquals(incremental.keySet(), workspaceFiles(w).keySet());
  }
}
