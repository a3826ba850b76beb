package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.RemedyWording;
import dev.mlos.core.Reporter;
import dev.mlos.core.db.Database;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.frontmatter.ParsedFile;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompilerTest {
  @TempDir Path dir;

  @Test
  void firstCompileWritesEveryViewOfTheBuiltInPack() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();

    CompileResult r = w.compile();

    assertTrue(w.exists("PROBLEM.md"));
    assertTrue(w.exists("needs/1-kernel-boots-reproducibly.md"));
    assertTrue(w.exists("ARTIFACTS.md"));
    assertTrue(w.exists("GRAPH.md"));
    assertTrue(w.exists("context/1-architect.md"));
    assertEquals(r.pages(), r.written());
    String problem = w.read("PROBLEM.md");
    ParsedFile p = (ParsedFile) CompiledFile.parse(problem);
    assertEquals("2026-02-01T00:00:00Z", p.compiledAt());
    assertEquals("problem", p.view());
    // open needs only, most urgent first; deferred need 3 is not listed
    int kernel = problem.indexOf("Kernel boots reproducibly");
    int context = problem.indexOf("Context packs fit the window");
    assertTrue(kernel > 0 && context > kernel, problem);
    assertFalse(problem.contains("Old idea"));
    assertTrue(problem.contains("(needs/1-kernel-boots-reproducibly.md)"), problem);
    assertTrue(problem.contains("[Boot design](docs/boot.md)"), problem);
  }

  @Test
  void secondCompileChangesNothing() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    Map<String, String> before = w.snapshot();

    CompileResult again = w.compile("2030-01-01T00:00:00Z");

    assertEquals(0, again.written());
    assertEquals(again.pages(), again.unchanged());
    assertEquals(before, w.snapshot());
    // Nothing changed, so nothing was rendered: the log lines say so, as after an incremental one.
    assertEquals(again.pages(), again.reused(), again.summary());
    CompileResult.ViewStats needs = view(again, "needs");
    assertEquals(
        String.format(
            "  needs        %6d files: 0 written, %d unchanged (%d not rendered)",
            needs.pages(), needs.pages(), needs.pages()),
        needs.line());
  }

  private static CompileResult.ViewStats view(CompileResult r, String name) {
    return r.views().stream().filter(v -> v.view().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void renamingANeedRewritesOnlyTheAffectedFiles() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    Map<String, String> before = w.snapshot();

    w.sql("UPDATE needs SET title = 'Context packs fit every window' WHERE id = 2");
    CompileResult r = w.compile("2026-03-01T00:00:00Z");

    Map<String, String> after = w.snapshot();
    assertFalse(w.exists("needs/2-context-packs-fit-the-window.md"));
    assertTrue(w.exists("needs/2-context-packs-fit-every-window.md"));
    assertEquals(
        before.get("needs/1-kernel-boots-reproducibly.md"),
        after.get("needs/1-kernel-boots-reproducibly.md"));
    assertEquals(before.get("ARTIFACTS.md"), after.get("ARTIFACTS.md"));
    assertEquals(before.get("context/1-architect.md"), after.get("context/1-architect.md"));
    assertTrue(r.deleted().contains("needs/2-context-packs-fit-the-window.md"));
    ParsedFile problem = (ParsedFile) CompiledFile.parse(w.read("PROBLEM.md"));
    assertEquals("2026-03-01T00:00:00Z", problem.compiledAt());
  }

  @Test
  void deletingANeedRemovesItsPage() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    assertTrue(w.exists("needs/4-phone-view.md"));

    w.sql("DELETE FROM needs WHERE id = 4");
    w.compile();

    assertFalse(w.exists("needs/4-phone-view.md"));
  }

  @Test
  void aHandWrittenFileAtAnOutputPathIsNeverOverwritten() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("README.md", "# Our team\n");
    w.write("PROBLEM.md", "# My own notes\n");

    OutputConflictException e = assertThrows(OutputConflictException.class, w::compile);

    assertTrue(
        e.getMessage().contains("'PROBLEM.md' exists and is not a compiled artifact"),
        e.getMessage());
    assertEquals("# My own notes\n", w.read("PROBLEM.md"));
    assertEquals("# Our team\n", w.read("README.md"));
    assertTrue(w.exists("GRAPH.md"), "the other views are still compiled");
    // The refused page is counted in its view's line: pages = written + unchanged + conflicts.
    CompileResult.ViewStats problem = view(e.written(), "problem");
    assertEquals(1, problem.conflicts());
    assertEquals("  problem           1 files: 0 written, 0 unchanged, 1 conflict", problem.line());
    assertTrue(e.written().summary().contains(" unchanged, 1 conflict, 0 deleted"));
  }

  @Test
  void oddTitlesStayInsideTheWorkspaceAndRoundTripInFrontMatter() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.sql(
        "INSERT INTO needs (id, title, status, priority, scope) VALUES"
            + " (7, '../../etc/passwd', 'active', 1, 'kernel'),"
            + " (8, 'yes', 'active', 2, 'kernel'),"
            + " (9, 'A | pipe: \"quoted\" `tick` --- # not a heading', 'active', 3, 'kernel')");

    w.compile();

    assertTrue(w.exists("needs/7-etc-passwd.md"));
    ParsedFile yes = (ParsedFile) CompiledFile.parse(w.read("needs/8-yes.md"));
    assertEquals("yes", yes.frontMatter().get("title"));
    ParsedFile odd =
        (ParsedFile) CompiledFile.parse(w.read("needs/9-a-pipe-quoted-tick-not-a-heading.md"));
    assertEquals("A | pipe: \"quoted\" `tick` --- # not a heading", odd.frontMatter().get("title"));
    assertTrue(
        w.read("PROBLEM.md").contains("A \\| pipe: \"quoted\" \\`tick\\` --- \\# not a heading"),
        w.read("PROBLEM.md"));
  }

  @Test
  void outputIsTheSameBytesWhateverTheDefaultLocaleAndZone() {
    TestWorkspace a = TestWorkspace.create(dir.resolve("a"));
    a.seed();
    TestWorkspace b = TestWorkspace.create(dir.resolve("b"));
    b.seed();
    Locale locale = Locale.getDefault();
    TimeZone zone = TimeZone.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("de-DE"));
      TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
      a.compile();
      Locale.setDefault(Locale.forLanguageTag("ar-EG"));
      TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kathmandu"));
      b.compile();
    } finally {
      Locale.setDefault(locale);
      TimeZone.setDefault(zone);
    }
    for (String f :
        new String[] {
          "PROBLEM.md",
          "GRAPH.md",
          "ARTIFACTS.md",
          "context/1-architect.md",
          "needs/1-kernel-boots-reproducibly.md"
        }) {
      // the workspaces have different names (a/ws, b/ws are both "ws"), so bytes must match exactly
      assertEquals(a.read(f), b.read(f), f);
    }
  }

  @Test
  void theCompileIsRecordedForTheGuard() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    CompileResult r = w.compile();
    try (var c = Database.at(w.db).open(false);
        var s = c.createStatement();
        var rs =
            s.executeQuery("SELECT count(*), min(workspace), max(workspace) FROM mlos_outputs")) {
      rs.next();
      assertEquals(r.pages(), rs.getInt(1));
      assertEquals("ws", rs.getString(2));
      assertEquals("ws", rs.getString(3));
    }
  }

  @Test
  void aHandEditIsReplacedButAKeptCopyLosesNothing() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    String compiled = w.read("PROBLEM.md");
    String edited = compiled.replace("# Open needs", "# Open needs (my notes)");
    w.write("PROBLEM.md", edited);

    CompileResult r = w.compile();

    assertEquals(compiled, w.read("PROBLEM.md"));
    assertEquals(1, r.written());
    assertEquals(edited, w.read("target/mlos/replaced/PROBLEM.md"));
    assertTrue(
        w.warnings.stream().anyMatch(m -> m.contains("'PROBLEM.md' had been edited by hand")),
        w.warnings.toString());
  }

  /**
   * "To drop the edit, just run the compile": it did, but with a new compiled_at, so the page and
   * the text form's record of it stayed modified in git after a hand edit was dropped (and after a
   * deleted page came back). A page whose content is the recorded one gets its recorded bytes back.
   */
  @Test
  void aDroppedHandEditOrARestoredPageGetsBackTheBytesTheLastCompileWrote() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile("2026-02-01T00:00:00Z");
    String compiled = w.read("PROBLEM.md");
    String graph = w.read("GRAPH.md");
    w.write("PROBLEM.md", compiled.replace("# Open needs", "# Open needs (my notes)"));
    Files.delete(w.root.resolve("GRAPH.md"));

    CompileResult r = w.compile("2026-03-01T00:00:00Z");

    assertEquals(2, r.written());
    assertEquals(compiled, w.read("PROBLEM.md"));
    assertEquals(graph, w.read("GRAPH.md"));
    try (var c = Database.at(w.db).open(false);
        var s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT count(*) FROM mlos_outputs WHERE path IN ('PROBLEM.md', 'GRAPH.md')"
                    + " AND compiled_at = '2026-02-01T00:00:00Z'")) {
      rs.next();
      assertEquals(2, rs.getInt(1), "the record keeps the first compile's compiled_at");
    }
  }

  @Test
  void aSecondHandEditOfOnePageKeepsTheFirstCopyToo() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    String compiled = w.read("PROBLEM.md");
    String first = compiled.replace("# Open needs", "# Open needs (first notes)");
    String second = compiled.replace("# Open needs", "# Open needs (second notes)");
    w.write("PROBLEM.md", first);
    w.compile();
    w.write("PROBLEM.md", second);

    w.compile();

    // Was: the second copy overwrote the first, the only place the first edit still was.
    assertEquals(first, w.read("target/mlos/replaced/PROBLEM.md"));
    assertEquals(second, w.read("target/mlos/replaced/PROBLEM.md-2"));
    assertTrue(
        w.warnings.stream().anyMatch(m -> m.contains("kept as target/mlos/replaced/PROBLEM.md-2")),
        w.warnings.toString());
    w.write("PROBLEM.md", second);
    w.compile();
    assertFalse(w.exists("target/mlos/replaced/PROBLEM.md-3"), "the same edit is kept once");
  }

  @Test
  void aCrlfCheckoutIsNotRewritten() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    String crlf = w.read("PROBLEM.md").replace("\n", "\r\n");
    w.write("PROBLEM.md", crlf);

    CompileResult r = w.compile();

    assertEquals(0, r.written());
    assertEquals(crlf, w.read("PROBLEM.md"));
  }

  @Test
  void renderingOnSeveralThreadsWritesTheSameBytesAndRecordAsOne() throws Exception {
    Map<String, String> files = new TreeMap<>();
    Map<Integer, String> records = new TreeMap<>();
    for (int threads : new int[] {1, 3}) {
      TestWorkspace w = TestWorkspace.create(dir.resolve("t" + threads));
      w.seed();
      w.sql(
          "INSERT INTO needs (title, status, priority, scope, created_at, updated_at)"
              + " SELECT 'Need ' || value, 'identified', value % 5 + 1, 'kernel', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'"
              + " FROM (WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < 60) SELECT value FROM s)");
      CompileResult r =
          new Compiler()
              .compile(
                  new CompileRequest(w.config(), "2026-02-01T00:00:00Z", false, false, threads),
                  Reporter.SILENT);
      assertTrue(r.written() > 60, "pages: " + r.written());
      Map<String, String> snapshot = new TreeMap<>();
      w.snapshot().keySet().stream()
          .filter(k -> k.endsWith(".md"))
          .forEach(k -> snapshot.put(k, w.read(k)));
      try (var c = Database.at(w.db).open(false);
          var rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT group_concat(path || ' ' || source_keys || ' ' || content_hash || ' ' || file_hash, char(10))"
                          + " FROM (SELECT * FROM mlos_outputs ORDER BY path)")) {
        rs.next();
        records.put(threads, rs.getString(1));
      }
      List<String> said = new ArrayList<>();
      Reporter listening =
          new Reporter() {
            @Override
            public void info(String message) {
              said.add(message);
            }

            @Override
            public void warn(String message) {
              said.add(message);
            }

            // The reporter's audience words the hint how to force the compile anyway.
            @Override
            public RemedyWording wording() {
              return r -> "<" + r.kind() + ">";
            }
          };
      CompileResult again =
          new Compiler()
              .compile(
                  new CompileRequest(w.config(), "2026-02-01T00:00:00Z", false, false, threads),
                  listening);
      assertEquals(0, again.written());
      assertTrue(
          said.stream()
              .anyMatch(
                  m ->
                      m.startsWith("Nothing changed since the last compile")
                          && m.endsWith(
                              " so nothing was rendered. <RUN_COMPILE_FULL> renders every page"
                                  + " anyway.")),
          "the no-op check works with " + threads + " thread(s): " + said);
      if (files.isEmpty()) {
        files.putAll(snapshot);
      } else {
        assertEquals(files, snapshot, "the same files with the same bytes");
        assertEquals(records.get(1), records.get(threads), "the same compile record");
      }
    }
  }

  @Test
  void aFreshDatabaseDeletesOurStaleCompiledFilesAndKeepsEverythingElse() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    String gone = "needs/4-phone-view.md";
    String edited = "needs/2-context-packs-fit-the-window.md";
    assertTrue(w.exists(gone) && w.exists(edited));
    w.write(edited, w.read(edited) + "\nA note by hand.\n");
    w.write("notes/todo.md", "---\ntitle: mine\n---\nnot compiled\n");
    w.write(".hidden/" + "copy.md", w.read(gone));
    w.write("target/copy.md", w.read(gone));
    Files.delete(w.db);
    TestWorkspace fresh = TestWorkspace.create(dir);
    fresh.seed();
    fresh.sql("DELETE FROM needs WHERE id IN (2, 4)");
    List<String> warnings = new ArrayList<>();
    Reporter listening =
        new Reporter() {
          @Override
          public void info(String message) {}

          @Override
          public void warn(String message) {
            warnings.add(message);
          }
        };

    CompileResult r =
        new Compiler()
            .compile(new CompileRequest(fresh.config(), "2026-02-01T00:00:00Z"), listening);

    assertEquals(List.of(gone), r.deleted(), "our intact file no longer produced is deleted");
    assertFalse(fresh.exists(gone));
    assertTrue(fresh.exists(edited), "a hand-edited stale file is kept");
    assertTrue(
        warnings.stream().anyMatch(m -> m.contains(edited) && m.contains("edited by hand")),
        warnings.toString());
    assertTrue(
        fresh.exists("notes/todo.md")
            && fresh.exists(".hidden/copy.md")
            && fresh.exists("target/copy.md"),
        "files that are not ours, or in hidden and build directories, are left alone");
    assertTrue(fresh.exists("needs/1-kernel-boots-reproducibly.md"));
  }

  @Test
  void aFreshDatabaseLooksForStaleFilesOnlyWhereTheViewsWrite() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    String gone = "needs/4-phone-view.md";
    // Compiled files of this workspace in places no view of the current configuration writes to:
    // left by a view that was removed or moved, they are the guard's UNKNOWN files, not the
    // compile's.
    w.write("old-needs/4-phone-view.md", w.read(gone));
    w.write("needs/archive/4-phone-view.md", w.read(gone));
    w.write("STALE.md", w.read("GRAPH.md"));
    w.sql("DELETE FROM mlos_outputs", "DELETE FROM needs WHERE id = 4");

    CompileResult r = w.compile();

    assertEquals(
        List.of("STALE.md", gone),
        r.deleted(),
        "stale files directly in a view's directory (the output root for PROBLEM.md) are deleted");
    assertTrue(w.exists("old-needs/4-phone-view.md"), "another directory is not searched");
    assertTrue(
        w.exists("needs/archive/4-phone-view.md"), "nor a subdirectory no pattern can reach");
  }

  @Test
  void bigListsAreCutWithANoteSoSingleFilesStayReadable() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("mlos.yaml", "params:\n  problem_limit: 1\n  artifact_limit: 1\n");

    w.compile();

    String problem = w.read("PROBLEM.md");
    assertTrue(problem.contains("3 open needs in all scopes"), problem);
    assertTrue(problem.contains("Listing the first 1; raise `problem_limit`"), problem);
    assertFalse(problem.contains("Context packs fit the window"), problem);
    String index = w.read("ARTIFACTS.md");
    assertTrue(
        index.contains("2 registered artifacts") && index.contains("Listing the first 1"), index);
  }

  /** Compiles {@code w} and tells whether the no-op check skipped rendering. */
  private static boolean compileSkipped(TestWorkspace w) {
    List<String> infos = new ArrayList<>();
    Reporter listening =
        new Reporter() {
          @Override
          public void info(String message) {
            infos.add(message);
          }

          @Override
          public void warn(String message) {}
        };
    new Compiler().compile(new CompileRequest(w.config(), "2026-02-01T00:00:00Z"), listening);
    return infos.stream().anyMatch(m -> m.startsWith("Nothing changed since the last compile"));
  }

  @Test
  void anUnchangedWorkspaceIsNotRenderedAgainButAnyChangedInputIsNoticed() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("mlos.yaml", "params:\n  token_budget: 100000\n");
    w.compile();
    Supplier<Boolean> skipped = () -> compileSkipped(w);

    assertTrue(skipped.get(), "nothing changed: nothing rendered");
    w.write("docs/boot.md", "# Boot\n\nFour layers now.\n");
    assertFalse(skipped.get(), "a file a context pack embeds changed");
    assertTrue(w.read("context/1-architect.md").contains("Four layers now."));
    assertTrue(skipped.get());
    w.sql("UPDATE needs SET priority = 3 WHERE id = 2");
    assertFalse(skipped.get(), "the database changed");
    assertTrue(skipped.get());
    w.write("mlos.yaml", "params:\n  token_budget: 50000\n");
    assertFalse(skipped.get(), "the configuration changed");
    w.write("GRAPH.md", w.read("GRAPH.md") + "edit\n");
    assertFalse(skipped.get(), "an output was edited by hand");
    assertFalse(w.read("GRAPH.md").endsWith("edit\n"));
    new File(w.root.resolve("PROBLEM.md").toString()).delete();
    assertFalse(skipped.get(), "an output is missing");
    assertTrue(w.exists("PROBLEM.md"));
    CompileResult full =
        new Compiler().compile(new CompileRequest(w.config(), null, false, true), Reporter.SILENT);
    assertEquals(
        full.pages(),
        full.unchanged(),
        "a full compile of an unchanged workspace still writes nothing");
  }

  @Test
  void theNoOpCheckTrustsOnlyTheOutputListItsOwnCompileWrote() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.compile();
    Supplier<Boolean> skipped = () -> compileSkipped(w);
    Path manifest = w.root.resolve("target/mlos/compile-outputs");
    String listed = Files.readString(manifest);
    assertTrue(listed.contains("PROBLEM.md\t"), listed);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + w.db);
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM mlos_outputs")) {
      assertEquals(rs.getLong(1), listed.lines().count(), "one line per recorded output");
    }
    assertTrue(skipped.get());

    Files.delete(manifest);
    assertFalse(skipped.get(), "without the list, a normal compile");
    assertTrue(Files.exists(manifest), "which writes it again");
    assertTrue(skipped.get());

    // A list that leaves out a page must not hide that page's hand edit.
    String edited = w.read("PROBLEM.md") + "edit\n";
    w.write("PROBLEM.md", edited);
    Files.writeString(
        manifest,
        listed
            .lines()
            .filter(l -> !l.startsWith("PROBLEM.md\t"))
            .map(l -> l + "\n")
            .collect(Collectors.joining()));
    assertFalse(skipped.get(), "a list that is not the recorded one is not trusted");
    assertFalse(w.read("PROBLEM.md").endsWith("edit\n"), "the edit was replaced");

    // Files older than the list are taken by their stat keys; an edit of the same size still shows.
    FileTime later = FileTime.from(Instant.now().plusSeconds(3600));
    Files.setLastModifiedTime(manifest, later);
    assertTrue(skipped.get(), "every file as the compile left it");
    String graph = w.read("GRAPH.md");
    w.write("GRAPH.md", graph.replace("# ", "#!"));
    assertEquals(graph.length(), w.read("GRAPH.md").length());
    Files.setLastModifiedTime(manifest, later);
    assertFalse(skipped.get(), "an edit that keeps the size is noticed");
    assertEquals(graph, w.read("GRAPH.md"));
    Files.setLastModifiedTime(manifest, later);
    Files.setLastModifiedTime(
        w.root.resolve("GRAPH.md"), FileTime.from(Instant.now().minusSeconds(60)));
    assertTrue(skipped.get(), "a touched file with the recorded bytes is still unchanged");
  }

  @Test
  void aChangedWorkspaceTemplateIsNoticed() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("t.ftl", "<#include \"inc.ftl\">\n");
    w.write("inc.ftl", "one\n");
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  mine:\n    template: t.ftl\n    output: OUT.md\n    queries:\n      q: SELECT 1 AS one\n");
    w.compile();
    w.write("inc.ftl", "two\n");

    w.compile();

    assertTrue(w.read("OUT.md").contains("two"), "an included template is an input too");
  }

  @Test
  void aChangedViewDescriptionIsNoticed() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("t.ftl", "${view.description}\n");
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  mine:\n    description: First words\n    template: t.ftl\n"
            + "    output: OUT.md\n    queries:\n      q: SELECT 1 AS one\n");
    w.compile();
    w.write("mlos.yaml", w.read("mlos.yaml").replace("First words", "Second words"));

    assertFalse(compileSkipped(w), "templates can show a view's description");
    assertTrue(w.read("OUT.md").contains("Second words"));
  }

  @Test
  void everyPageIsRecordedWhateverTheCountOfABatch() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.write("t.ftl", "page ${row.n}\n");
    // 1,234 pages: full batches of the compile record's inserts and a remainder.
    w.write(
        "mlos.yaml",
        "pack: none\nviews:\n  many:\n    template: t.ftl\n    output: 'p/{n}.md'\n    each: n\n"
            + "    queries:\n      n: WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1234)"
            + " SELECT n FROM s ORDER BY n\n");

    CompileResult r = w.compile();

    assertEquals(1234, r.written());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + w.db);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*), count(DISTINCT path), min(path), max(path), count(input_hash) FROM mlos_outputs")) {
      assertEquals(1234, rs.getLong(1));
      assertEquals(1234, rs.getLong(2));
      assertEquals("p/1.md", rs.getString(3));
      assertEquals("p/999.md", rs.getString(4));
      assertEquals(1234, rs.getLong(5));
    }
    assertTrue(w.read("p/1234.md").contains("page 1234"));
  }

  @Test
  void aLinkToAnAbsolutePathIsTheSameWhereverTheWorkspaceIs() {
    String shallow = null;
    for (String where : new String[] {"a", "b/c/d"}) {
      TestWorkspace w = TestWorkspace.create(dir.resolve(where));
      w.write(
          "t.ftl",
          "${mlos.linkFile(\"/srv/docs/a b.md\")} ${mlos.link(\"C:\\\\docs\\\\x.md\")}"
              + " ${mlos.linkFile(\"docs/boot.md\")} ${mlos.linkFile(\"\\\\\\\\server\\\\share\\\\x.md\")}\n");
      w.write(
          "mlos.yaml",
          "pack: none\nviews:\n  mine:\n    template: t.ftl\n    output: sub/OUT.md\n"
              + "    queries:\n      q: SELECT 1 AS one\n");
      w.compile();
      String out = w.read("sub/OUT.md");
      assertTrue(
          out.contains("/srv/docs/a%20b.md /C:/docs/x.md ../docs/boot.md file://server/share/x.md"),
          out);
      if (shallow == null) {
        shallow = out;
      } else {
        assertEquals(shallow, out);
      }
    }
  }
}
