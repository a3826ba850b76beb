package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.InvalidConfigException;
import dev.mlos.core.db.Database;
import dev.mlos.core.render.TemplateRenderException;
import dev.mlos.core.view.QueryException;
import dev.mlos.core.write.AtomicWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Templates are sandboxed, errors are precise, and nothing outside the workspace is touched. */
class CompilerSafetyTest {
  @TempDir Path dir;

  /** Makes a FIFO at {@code path}; false where there is no {@code mkfifo} to run. */
  private static boolean mkfifo(Path path) throws InterruptedException {
    try {
      return new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor() == 0;
    } catch (java.io.IOException noMkfifo) {
      return false;
    }
  }

  private TestWorkspace ownView(String template, String views) {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("t.ftl", template);
    w.write("mlos.yaml", "pack: none\nviews:\n" + views);
    return w;
  }

  private static final String ONE_VIEW =
      "  mine:\n    template: t.ftl\n    output: OUT.md\n    queries:\n      needs: SELECT id, title FROM needs ORDER BY id\n";

  private static final String PER_NEED_TASKS =
      "  pages:\n    template: t.ftl\n    output: p/{id}.md\n    each: needs\n"
          + "    queries:\n      needs: SELECT id FROM needs ORDER BY id\n      tasks: %s\n";

  private static CompileResult compile(TestWorkspace w, int threads) {
    return new Compiler()
        .compile(
            new CompileRequest(w.config(), "2026-02-01T00:00:00Z", false, true, threads),
            w.reporter);
  }

  @Test
  void aPerRowQueryWithoutOrderByIsWarnedAboutWhicheverThreadRanIt() {
    for (int threads : new int[] {1, 3}) {
      TestWorkspace w =
          ownView(
              "<#list tasks as t>${t.id} </#list>\n",
              PER_NEED_TASKS.formatted("SELECT id FROM needs WHERE id >= :row.id"));

      compile(w, threads);

      assertEquals(
          1,
          w.warnings.stream()
              .filter(m -> m.contains("View 'pages', query 'tasks' has no ORDER BY"))
              .count(),
          threads + " thread(s): " + w.warnings);
      w.warnings.clear();
      w.write(
          "mlos.yaml",
          "pack: none\nviews:\n"
              + PER_NEED_TASKS.formatted("SELECT id FROM needs WHERE id >= :row.id ORDER BY id"));
      compile(w, threads);
      assertEquals(List.of(), w.warnings);
      dir = dir.resolve("again");
    }
  }

  @Test
  void aPerRowQueryThatFailsNamesTheViewAndQueryWhicheverThreadRanIt() {
    for (int threads : new int[] {1, 3}) {
      TestWorkspace w =
          ownView(
              "${tasks?size}\n",
              PER_NEED_TASKS.formatted(
                  "SELECT json_extract('not json {', '$.x') AS x WHERE :row.id = 4"));

      QueryException e = assertThrows(QueryException.class, () -> compile(w, threads));

      assertTrue(
          e.getMessage().contains("View 'pages'")
              && e.getMessage().contains("'tasks'")
              && e.getMessage().contains("malformed JSON"),
          threads + " thread(s): " + e.getMessage());
      dir = dir.resolve("again");
    }
  }

  @Test
  void aTemplateErrorNamesTemplateLineAndViewAndWritesNothing() {
    TestWorkspace w = ownView("# Needs\n\n<#list needs as n>\n${n.nosuch}\n</#list>\n", ONE_VIEW);

    TemplateRenderException e = assertThrows(TemplateRenderException.class, w::compile);

    assertEquals("mine", e.view());
    assertEquals("t.ftl", e.template());
    assertEquals(4, e.line());
    assertTrue(e.getMessage().startsWith("View 'mine', template t.ftl:4:"), e.getMessage());
    assertFalse(w.exists("OUT.md"));
  }

  @Test
  void aSyntaxErrorIsFoundBeforeAnyFileIsWritten() {
    TestWorkspace w =
        ownView(
            "<#if>\n",
            ONE_VIEW
                + "  other:\n    template: ok.ftl\n    output: OTHER.md\n    queries:\n      q: SELECT 1 AS one\n");
    w.write("ok.ftl", "fine\n");

    TemplateRenderException e = assertThrows(TemplateRenderException.class, w::compile);

    assertEquals(1, e.line());
    assertFalse(w.exists("OTHER.md"), "no view is written while another's template is broken");
  }

  @Test
  void templatesCannotReachJava() {
    TestWorkspace w =
        ownView(
            "<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}\n",
            ONE_VIEW);
    TemplateRenderException e = assertThrows(TemplateRenderException.class, w::compile);
    assertTrue(e.getMessage().contains("Execute"), e.getMessage());

    w.write("t.ftl", "${needs?api}\n");
    assertThrows(TemplateRenderException.class, w::compile);

    w.write("t.ftl", "<#include \"../../etc/passwd\">\n");
    assertThrows(TemplateRenderException.class, w::compile);
    assertFalse(w.exists("OUT.md"));
  }

  @Test
  void aQueryErrorNamesTheViewAndQuery() {
    TestWorkspace w =
        ownView(
            "x\n",
            "  mine:\n    template: t.ftl\n    output: OUT.md\n    queries:\n      broken: SELECT nope FROM needs\n");
    MlosException e = assertThrows(MlosException.class, w::compile);
    assertTrue(
        e.getMessage().matches("(?s)View 'mine' \\(.*mlos\\.yaml:\\d+\\), query 'broken'.*"),
        "names the view, where it is defined and the query: " + e.getMessage());
    assertTrue(e.getMessage().contains("no such column: nope"), e.getMessage());
  }

  @Test
  void anUnsetParameterIsNamedWithTheFix() {
    TestWorkspace w =
        ownView(
            "x\n",
            "  mine:\n    template: t.ftl\n    output: OUT.md\n    queries:\n      q: SELECT id FROM needs WHERE scope = :team ORDER BY id\n");
    MlosException e = assertThrows(MlosException.class, w::compile);
    assertTrue(e.getMessage().contains("uses parameter :team which is not set"), e.getMessage());
    assertTrue(e.fix().contains("params:"), e.fix());
  }

  /**
   * A placeholder that names no column of the each query is found when the query is prepared: it
   * was found at the first row only, without the view's line, and not at all while the query
   * returned no row (the compile then broke on the day a row appeared).
   */
  @Test
  void aPlaceholderNamingNoColumnIsRefusedBeforeAnythingIsWrittenEvenWithNoRows() {
    TestWorkspace w =
        ownView(
            "${row.id}\n",
            "  first:\n    template: t.ftl\n    output: FIRST.md\n"
                + "  mine:\n    template: t.ftl\n    output: p/{scop}/{id}.md\n    each: needs\n"
                + "    queries:\n      needs: SELECT id, scope FROM needs WHERE 0 ORDER BY id\n");

    MlosException e = assertThrows(MlosException.class, w::compile);

    assertTrue(
        e.getMessage()
            .contains(
                "View 'mine' ("
                    + w.root.resolve("mlos.yaml")
                    + ":7): output 'p/{scop}/{id}.md' uses {scop}, but its each query 'needs'"
                    + " returns no column 'scop' (it returns: id, scope)"),
        e.getMessage());
    assertTrue(e.fix().startsWith("select a column named 'scop' in query 'needs'"), e.fix());
    assertFalse(w.exists("FIRST.md"), "nothing is written");
    assertFalse(w.exists("p"), "nothing is written");
  }

  /**
   * mlos.pathOf with a row that lacks a column of the other view's pattern said only "Expression
   * has thrown an unchecked exception; see the cause exception", and the cause was not shown.
   */
  @Test
  void pathOfWithARowWithoutThePatternsColumnSaysWhichColumnIsMissing() {
    TestWorkspace w =
        ownView(
            "${row.id}\n",
            "  pages:\n    template: t.ftl\n    output: p/{scope}/{id}.md\n    each: needs\n"
                + "    queries:\n      needs: SELECT id, scope FROM needs ORDER BY id\n"
                + "  index:\n    template: i.ftl\n    output: INDEX.md\n"
                + "    queries:\n      needs: SELECT id, title FROM needs ORDER BY id\n");
    w.write("i.ftl", "<#list needs as n>${mlos.pathOf(\"pages\", n)}</#list>\n");

    TemplateRenderException e = assertThrows(TemplateRenderException.class, w::compile);

    assertTrue(
        e.getMessage()
            .contains(
                "mlos.pathOf('pages', row): view 'pages' writes 'p/{scope}/{id}.md', which needs"
                    + " the row's column 'scope', and the row passed has none (it has: id, title);"
                    + " select 'scope' in the query that row comes from"),
        e.getMessage());
    assertFalse(e.getMessage().contains("unchecked exception"), e.getMessage());
  }

  /**
   * A user overriding a pack view's template copies the pack's file, as configuration.md says a
   * view's template is set; the copy's first line imports "_lib.ftl", which from the workspace
   * names a file it does not have, and the error said only that, with the fix to create it: the
   * name that works was written nowhere. The error names it, and that name compiles.
   */
  @Test
  void aPackTemplateCopiedIntoTheWorkspaceIsToldHowToImportThePacksLibrary() throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    String copied;
    try (var in = getClass().getClassLoader().getResourceAsStream("mlos/packs/mlos/problem.ftl")) {
      copied = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    w.write("templates/problem.ftl", copied.replace("# Open needs", "# Open needs of the team"));
    w.write("mlos.yaml", "pack: mlos\nviews:\n  problem:\n    template: templates/problem.ftl\n");

    TemplateRenderException e = assertThrows(TemplateRenderException.class, w::compile);

    String named = "\"/pack/<pack>/_lib.ftl\" (<pack>: mlos, runtime-memory, agentos-graph";
    assertTrue(
        e.getMessage().contains("the workspace has no file templates/_lib.ftl; a built-in pack's"),
        e.getMessage());
    assertTrue(e.getMessage().contains(named), e.getMessage());
    w.write(
        "templates/problem.ftl",
        copied
            .replace("\"_lib.ftl\"", "\"/pack/mlos/_lib.ftl\"")
            .replace("# Open needs", "# Open needs of the team"));
    w.compile();
    assertTrue(w.read("PROBLEM.md").contains("\n# Open needs of the team\n"), w.read("PROBLEM.md"));
  }

  /**
   * An #include of a missing template said "Template not found for name ... The name was
   * interpreted by this TemplateLoader: dev.mlos.core.render.MlosTemplateLoader@71750a10", an
   * object's identity that differs at every run, and the generic fix.
   */
  @Test
  void anIncludeOfAMissingTemplateNamesTheFileAndNotTheLoader() {
    TestWorkspace w = ownView("x\n", ONE_VIEW.replace("t.ftl", "tpl/t.ftl"));
    w.write("tpl/t.ftl", "line one\n<#include \"parts/head.ftl\">\n");

    TemplateRenderException e = assertThrows(TemplateRenderException.class, w::compile);

    assertTrue(
        e.getMessage()
            .contains(
                "View 'mine', template tpl/t.ftl:2:1: template not found: the workspace has no"
                    + " file tpl/parts/head.ftl"),
        e.getMessage());
    assertFalse(e.getMessage().contains("TemplateLoader"), e.getMessage());
    assertTrue(e.fix().contains("relative to the folder of the template that includes"), e.fix());

    w.write("tpl/t.ftl", "<#import \"/etc/passwd\" as p>\n");
    e = assertThrows(TemplateRenderException.class, w::compile);
    assertTrue(
        e.getMessage().contains("template not found: 'etc/passwd' is not a template mlos can read"),
        e.getMessage());
    assertFalse(w.exists("OUT.md"));
  }

  /**
   * A syntax error in an included template was found only when a page of its view rendered, after
   * the views before it had written their pages, though a syntax error is promised to stop the
   * compile before any file is written.
   */
  @Test
  void aSyntaxErrorInAnIncludedTemplateStopsTheCompileBeforeAnythingIsWritten() {
    TestWorkspace w =
        ownView(
            "first\n",
            ONE_VIEW.replace("OUT.md", "FIRST.md")
                + "  second:\n    template: tpl/s.ftl\n    output: SECOND.md\n");
    w.write("tpl/s.ftl", "<#import \"lib/macros.ftl\" as m>\n${m.x()}\n");
    w.write(
        "tpl/lib/macros.ftl",
        "<#include \"../parts/p.ftl\">\n<#function x><#return 1></#function>\n");
    w.write("tpl/parts/p.ftl", "ok\n\n<#if>\n");

    TemplateRenderException e = assertThrows(TemplateRenderException.class, w::compile);

    assertTrue(
        e.getMessage().startsWith("View 'second', template tpl/parts/p.ftl:3:"), e.getMessage());
    assertFalse(w.exists("FIRST.md"), "nothing is written");

    // A template included under a name computed when the page renders is left to the render.
    w.write("tpl/parts/p.ftl", "ok\n");
    w.write("tpl/s.ftl", "<#assign n = \"parts/p\">\n<#include n + \".ftl\">\n");
    w.compile();
    assertTrue(w.read("SECOND.md").endsWith("\nok\n"), w.read("SECOND.md"));
  }

  /**
   * A view's template that is a FIFO was reported as "the workspace has no file t.ftl" (a trial);
   * it is refused as what it is, never opened, and nothing is written.
   */
  @Test
  void aTemplateThatIsAFifoIsRefusedAsNotAPlainFile() throws Exception {
    TestWorkspace w = ownView("x\n", ONE_VIEW);
    Files.delete(w.root.resolve("t.ftl"));
    Assumptions.assumeTrue(mkfifo(w.root.resolve("t.ftl")), "mkfifo is not available");

    TemplateRenderException e = assertThrows(TemplateRenderException.class, w::compile);

    assertTrue(
        e.getMessage()
            .contains(
                "template refused: 't.ftl' is not a regular file (a FIFO, socket or device): a"
                    + " template is read from a plain file only"),
        e.getMessage());
    assertTrue(e.fix().startsWith("put the template in a plain file there"), e.fix());
    assertFalse(w.exists("OUT.md"));
  }

  @Test
  void twoPagesOnOnePathAreAnErrorNamingBoth() {
    TestWorkspace w =
        ownView(
            "${row.id}\n",
            "  mine:\n    template: t.ftl\n    output: pages/{scope}.md\n    each: needs\n    queries:\n"
                + "      needs: SELECT id, scope FROM needs ORDER BY id\n");
    w.sql("UPDATE needs SET scope = 'kernel' WHERE id = 4");
    w.sql("INSERT INTO needs (id, title, status, scope) VALUES (5, 'x', 'identified', 'KERNEL')");

    OutputConflictException e = assertThrows(OutputConflictException.class, w::compile);

    assertTrue(
        e.getMessage().contains("'pages/kernel.md' is also written by view 'mine', row {\"id\":1}"),
        e.getMessage());
    // No file is in the way: the fix is the pattern's (it said "move the files named above").
    assertTrue(e.fix().startsWith("give each row a page of its own"), e.fix());
    // Keys that differ can still share a page (a runtime-memory workspace's sessions 'S-1' and
    // 's-1'): the built-in pack's pattern holds the key, so the fix says why and what to change.
    assertTrue(
        e.fix()
            .contains(
                "or, if it is there already (as in a built-in pack's views), change one of the"
                    + " rows' keys: the values in a page's path are slugged (lower-case ASCII, '-'"
                    + " between words), so keys such as 'Sess_1' and 'sess-1' name one page"),
        e.fix());
    assertEquals("mine", e.written().views().get(0).view());
    assertTrue(e.written().views().get(0).written() >= 1, "the other pages were written");
  }

  /**
   * {@code café} with a composed {@code é} and with {@code e} plus a combining accent are two names
   * on Linux and one file on macOS: two outputs at those paths overwrote each other on a teammate's
   * Mac. Two single-file views so are refused when the configuration loads, as two differing in
   * case are; two pages of per-row views are a conflict (their placeholders are slugs: ASCII).
   */
  @Test
  void twoOutputsWhosePathsDifferOnlyInHowAnAccentIsEncodedAreRefused() {
    String composed = "caf\u00e9";
    String decomposed = "CAFE\u0301";
    TestWorkspace w =
        ownView(
            "x\n",
            "  first:\n    template: t.ftl\n    output: pages/"
                + composed
                + ".md\n  second:\n    template: t.ftl\n    output: pages/"
                + decomposed
                + ".md\n");

    dev.mlos.core.config.InvalidConfigException e =
        assertThrows(dev.mlos.core.config.InvalidConfigException.class, w::compile);

    assertTrue(
        e.getMessage()
            .contains(
                "views 'first' and 'second' both write 'pages/"
                    + decomposed
                    + ".md' (as 'pages/"
                    + composed
                    + ".md': paths compare case-insensitively and in Unicode's composed form, as"
                    + " macOS does)"),
        e.getMessage());
    assertFalse(w.exists("pages/" + composed + ".md"));
    OutputLedger.Reservation first =
        new OutputLedger.Reservation("pages/" + composed + ".md", "first", "[]");
    assertEquals(
        "'pages/"
            + decomposed
            + ".md' is also written by view 'first' as 'pages/"
            + composed
            + ".md' (paths compare case-insensitively and in Unicode's composed form, as macOS"
            + " does: one file there)",
        OutputConflictException.alsoWritten("pages/" + decomposed + ".md", first));
  }

  @Test
  void aViewWhoseOutputLiesUnderAFileIsAConflictNamingTheFileNotAPermissionProblem() {
    TestWorkspace w =
        ownView(
            "${needs?size}\n",
            "  mine:\n    template: t.ftl\n    output: notes.md/OUT.md\n    queries:\n"
                + "      needs: SELECT id FROM needs ORDER BY id\n");
    w.write("notes.md", "mine\n");

    OutputConflictException e = assertThrows(OutputConflictException.class, w::compile);

    assertTrue(
        e.getMessage()
            .contains("'notes.md/OUT.md' cannot be written: 'notes.md' is a file, not a directory"),
        e.getMessage());
    assertEquals("mine\n", w.read("notes.md"), "the file is left as it was");
  }

  @Test
  void aPageReplacedByAFifoIsAConflictNamingItAndTheCompileDoesNotWaitForAWriter()
      throws Exception {
    TestWorkspace w = ownView("${needs?size}\n", ONE_VIEW);
    w.compile();
    Path page = w.root.resolve("OUT.md");
    Files.delete(page);
    Assumptions.assumeTrue(mkfifo(page), "mkfifo is not available");

    // Hashing the page opened the FIFO for reading, which waits for a writer that never comes.
    OutputConflictException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> assertThrows(OutputConflictException.class, w::compile));

    assertTrue(
        e.getMessage().contains("'OUT.md' is not a regular file (a FIFO, socket or device)"),
        e.getMessage());
    assertTrue(e.fix().startsWith("move the files named above out of the way"), e.fix());
    assertTrue(
        Files.readAttributes(page, java.nio.file.attribute.BasicFileAttributes.class).isOther(),
        "the FIFO is left as it was");
  }

  @Test
  void aTemplateThatReadsTheClockIsRefusedWithWhereAndWhy() {
    // Its page would differ at every compile, and the guard in CI would always call it stale.
    TestWorkspace w = ownView("Compiled ${.now?string}\n", ONE_VIEW);
    TemplateRenderException e = assertThrows(TemplateRenderException.class, w::compile);
    assertTrue(e.getMessage().contains("t.ftl:1:"), e.getMessage());
    assertTrue(e.getMessage().contains(".now reads the clock"), e.getMessage());
    assertFalse(w.exists("OUT.md"));

    // In an included template too; text that merely says .now, and a member named now, are fine.
    w.write("t.ftl", "<#include \"lib.ftl\">\n");
    w.write("lib.ftl", "<#assign at = .now>\n");
    TemplateRenderException included = assertThrows(TemplateRenderException.class, w::compile);
    assertTrue(included.getMessage().contains(".now reads the clock"), included.getMessage());
    w.write("t.ftl", "The .now of it: ${(page.now)!\"-\"}\n");
    w.compile();
    assertTrue(w.read("OUT.md").contains("The .now of it: -"), w.read("OUT.md"));
  }

  /**
   * The load-time check for the clock looked past string literals with a pattern that recursed once
   * per character: a template with a long literal (the agentos-graph record page's notes on what it
   * leaves out came near it) ran the compile's stack out, StackOverflowError, every page unwritten.
   */
  @Test
  void aTemplateWithALongStringLiteralCompiles() {
    String text = "x".repeat(200_000);
    TestWorkspace w = ownView("<#assign s = \"" + text + "\">${s?length}\n", ONE_VIEW);
    w.compile();
    assertTrue(w.read("OUT.md").contains("200000"), w.read("OUT.md"));
  }

  @Test
  void aTemplateThatRunsTextAsCodeIsRefusedAndAStringSayingNowIsNot() {
    // ".now"?eval read the clock past the load-time check: the page held the compile's time.
    TestWorkspace w = ownView("Compiled ${\".now\"?eval}\n", ONE_VIEW);
    TemplateRenderException e = assertThrows(TemplateRenderException.class, w::compile);
    assertTrue(e.getMessage().contains("t.ftl:1:"), e.getMessage());
    assertTrue(e.getMessage().contains("?eval and ?interpret run text"), e.getMessage());
    assertFalse(w.exists("OUT.md"));
    w.write("t.ftl", "<@r\"${.now}\"?interpret />\n");
    assertThrows(TemplateRenderException.class, w::compile);
    assertFalse(w.exists("OUT.md"));

    // A string that merely says .now (or ?eval) is text: it was refused as reading the clock.
    w.write("t.ftl", "${\"Run it with .now ?eval\"} ${'x .now'}\n");
    w.compile();
    assertTrue(w.read("OUT.md").contains("Run it with .now ?eval x .now"), w.read("OUT.md"));
    // One whose interpolation reads the clock still is refused.
    w.write("t.ftl", "${\"at ${.now}\"}\n");
    TemplateRenderException inString = assertThrows(TemplateRenderException.class, w::compile);
    assertTrue(inString.getMessage().contains(".now reads the clock"), inString.getMessage());
  }

  /**
   * Two single-file views on one path are a mistake in mlos.yaml, found when it loads: it was a
   * conflict at every compile, exit 1, whose fix was to move a file out of the way.
   */
  @Test
  void twoSingleFileViewsOnOnePathAreRefusedInMlosYamlNamingBothViews() {
    TestWorkspace w =
        ownView(
            "x\n",
            "  one:\n    template: t.ftl\n    output: OUT.md\n"
                + "  two:\n    template: t.ftl\n    output: out.md\n");

    InvalidConfigException e = assertThrows(InvalidConfigException.class, w::compile);

    assertTrue(e.getMessage().contains("mlos.yaml:8:13: views.two.output: "), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "views 'one' and 'two' both write 'out.md' (as 'OUT.md': paths compare"
                    + " case-insensitively, as macOS and Windows do); the output of view 'one' is set at "),
        e.getMessage());
    assertTrue(e.fix().startsWith("give one of them another output"), e.fix());
    assertFalse(w.exists("OUT.md"), "nothing is written");

    // A pack view moved onto a workspace view's page is named by the line that moved it.
    w.write(
        "mlos.yaml",
        "views:\n  mine:\n    template: t.ftl\n    output: NOTES.md\n"
            + "  problem:\n    output: notes.md\n");
    e = assertThrows(InvalidConfigException.class, w::compile);
    assertTrue(e.getMessage().contains("mlos.yaml:4:13: views.mine.output: "), e.getMessage());
    assertTrue(
        e.getMessage().contains("views 'problem' and 'mine' both write 'NOTES.md' (as 'notes.md'"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "the output of view 'problem' is set at " + w.root.resolve("mlos.yaml") + ":6"),
        e.getMessage());

    // Switching one off is the other way out.
    w.write(
        "mlos.yaml",
        "views:\n  mine:\n    template: t.ftl\n    output: PROBLEM.md\n"
            + "  problem:\n    enabled: false\n");
    w.compile();
    assertTrue(w.read("PROBLEM.md").endsWith("\nx\n"), w.read("PROBLEM.md"));
  }

  /**
   * Every page in conflict (a workspace checked out under another directory name has them all): the
   * message shows the first 20 and the count, not 100,000 lines; the exception keeps them all.
   */
  @Test
  void manyConflictsAreCountedAndTheFirstOnesShown() {
    TestWorkspace w =
        ownView(
            "${row.id}\n",
            "  mine:\n    template: t.ftl\n    output: out/{id}.md\n    each: needs\n    queries:\n"
                + "      needs: SELECT id FROM needs WHERE id >= 100 ORDER BY id\n");
    int pages = 30;
    for (int i = 100; i < 100 + pages; i++) {
      w.sql("INSERT INTO needs (id, title, status) VALUES (" + i + ", 'n', 'identified')");
      w.write("out/" + i + ".md", "# mine\n");
    }

    OutputConflictException e = assertThrows(OutputConflictException.class, w::compile);

    assertEquals(pages, e.conflicts().size());
    List<String> lines = e.getMessage().lines().toList();
    assertEquals(pages + " outputs could not be written:", lines.get(0));
    assertEquals(22, lines.size(), e.getMessage());
    assertEquals(20, lines.stream().filter(l -> l.startsWith("  - ")).count());
    assertEquals("  ... and " + (pages - 20) + " more outputs", lines.get(21));
    assertEquals(e.conflicts().get(0), lines.get(1).substring(4));
  }

  @Test
  void aSymlinkOutOfTheWorkspaceIsNeverFollowed() throws Exception {
    TestWorkspace w =
        ownView(
            "${row.id}\n",
            "  mine:\n    template: t.ftl\n    output: out/{id}.md\n    each: needs\n    queries:\n"
                + "      needs: SELECT id FROM needs ORDER BY id\n");
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(w.root.resolve("out"), outside);

    assertThrows(MlosException.class, w::compile);

    try (var files = Files.list(outside)) {
      assertEquals(0, files.count(), "nothing may be written through the link");
    }
  }

  @Test
  void aLinkedDirectoryInsideTheWorkspaceStillProtectsItsHandWrittenFiles() throws Exception {
    TestWorkspace w =
        ownView(
            "${row.id}\n",
            "  mine:\n    template: t.ftl\n    output: out/{id}.md\n    each: needs\n    queries:\n"
                + "      needs: SELECT id FROM needs ORDER BY id\n");
    w.write("real/4.md", "# My own notes\n");
    Files.createSymbolicLink(w.root.resolve("out"), Path.of("real"));

    // One thread: pages 1-3 are written through the link before page 4 is looked at.
    OutputConflictException e =
        assertThrows(
            OutputConflictException.class,
            () ->
                new Compiler()
                    .compile(
                        new CompileRequest(w.config(), "2026-02-01T00:00:00Z", false, false, 1),
                        Reporter.SILENT));

    assertTrue(
        e.getMessage().contains("'out/4.md' exists and is not a compiled artifact"),
        e.getMessage());
    assertEquals("# My own notes\n", w.read("real/4.md"));
    assertTrue(
        w.read("real/1.md").endsWith("\n1\n"), "pages before it are written through the link");
  }

  @Test
  void cleanDeletesExactlyTheRecordedFilesAndKeepsHandEdits() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("README.md", "# ours\n");
    CompileResult r = w.compile();
    String edited = w.read("GRAPH.md").replace("# Need graph", "# Need graph (annotated by hand)");
    w.write("GRAPH.md", edited);

    Cleaner.CleanResult clean = new Cleaner().clean(w.config(), w.reporter);

    assertEquals(r.pages() - 1, clean.deleted().size());
    assertEquals(List.of("GRAPH.md"), clean.kept());
    assertFalse(w.exists("PROBLEM.md"));
    assertFalse(w.exists("needs"), "emptied directories are removed");
    assertEquals(edited, w.read("GRAPH.md"));
    assertEquals("# ours\n", w.read("README.md"));
    assertTrue(w.exists("docs/boot.md"));
  }

  @Test
  void twoWorkspacesOnOneDatabaseKeepTheirOwnProjectionAndRecord() {
    TestWorkspace a = TestWorkspace.create(dir);
    a.seed();
    Path phoneRoot = dir.resolve("phone");
    TestWorkspace phone = new TestWorkspace(phoneRoot, a.db);
    phone.write("mlos.yaml", "workspace: phone\nparams:\n  scopes: [mobile]\n");
    a.write("mlos.yaml", "workspace: build\nparams:\n  scopes: [kernel, compiler]\n");

    a.compile();
    phone.compile();

    assertTrue(a.exists("needs/1-kernel-boots-reproducibly.md"));
    assertFalse(a.exists("needs/4-phone-view.md"));
    assertTrue(phone.exists("needs/4-phone-view.md"));
    assertFalse(phone.exists("needs/1-kernel-boots-reproducibly.md"));
    Map<String, String> before = a.snapshot();
    phone.sql("DELETE FROM needs WHERE id = 4");
    phone.compile();
    assertFalse(phone.exists("needs/4-phone-view.md"));
    assertEquals(before, a.snapshot(), "compiling one workspace never touches the other's files");
    var c = new ConfigLoader().load(a.root, ConfigOverrides.none());
    assertEquals("build", c.name());
  }

  @Test
  void aRowThatFailsToRenderLeavesEveryWrittenPageRecorded() throws Exception {
    TestWorkspace w =
        ownView(
            "<#if row.id == 2>${row.nosuch}</#if>page ${row.id}\n",
            "  first:\n    template: ok.ftl\n    output: FIRST.md\n    queries:\n      q: SELECT 1 AS one\n"
                + "  pages:\n    template: t.ftl\n    output: p/{id}.md\n    each: needs\n    queries:\n"
                + "      needs: SELECT id FROM needs ORDER BY id\n");
    w.write("ok.ftl", "fine\n");

    TemplateRenderException e = assertThrows(TemplateRenderException.class, w::compile);

    assertTrue(e.getMessage().contains("(row id=2)"), e.getMessage());
    assertTrue(w.exists("FIRST.md") && w.exists("p/1.md"));
    assertFalse(w.exists("p/2.md"));
    // Pages after the failing row may have been rendered on other threads meanwhile: whatever is on
    // disk must be recorded, so guard and clean know every file the compile wrote.
    List<String> onDisk = new ArrayList<>(List.of("FIRST.md"));
    for (int id = 1; id <= 10; id++) {
      if (w.exists("p/" + id + ".md")) {
        onDisk.add("p/" + id + ".md");
      }
    }
    try (var c = Database.at(w.db).open(false);
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT group_concat(path, ',') FROM (SELECT path FROM mlos_outputs ORDER BY path)")) {
      rs.next();
      assertEquals(
          String.join(",", onDisk),
          rs.getString(1),
          "pages written before the failure are recorded for guard and clean");
    }
    try (var entries = Files.list(w.root)) {
      assertEquals(
          List.of(),
          entries
              .map(p -> p.getFileName().toString())
              .filter(n -> n.contains(AtomicWriter.TEMP_MARKER))
              .toList(),
          "the new directory p/ was moved into place even though the compile failed");
    }
  }

  @Test
  void aNewDirectoryIsFilledUnderAHiddenNameAndWhatAnInterruptedCompileLeftIsRemoved()
      throws Exception {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    // As a compile killed while filling needs/ leaves it.
    Path left = AtomicWriter.createStagingDirectory(w.root.resolve("needs"));
    Files.writeString(left.resolve("1-kernel-boots-reproducibly.md"), "half");

    w.compile();

    try (var entries = Files.list(w.root)) {
      assertEquals(
          List.of(),
          entries
              .map(p -> p.getFileName().toString())
              .filter(n -> n.contains(AtomicWriter.TEMP_MARKER))
              .toList());
    }
    assertTrue(w.read("needs/1-kernel-boots-reproducibly.md").startsWith("---\n"));
    assertTrue(w.exists("context/1-architect.md"));
  }

  @Test
  void aRowThatFailsToRenderStopsASingleThreadedCompileRightThere() throws Exception {
    TestWorkspace w =
        ownView(
            "<#if row.id == 2>${row.nosuch}</#if>page ${row.id}\n",
            "  pages:\n    template: t.ftl\n    output: p/{id}.md\n    each: needs\n    queries:\n"
                + "      needs: SELECT id FROM needs ORDER BY id\n");

    assertThrows(
        TemplateRenderException.class,
        () ->
            new Compiler()
                .compile(
                    new CompileRequest(w.config(), "2026-02-01T00:00:00Z", false, false, 1),
                    Reporter.SILENT));

    assertTrue(w.exists("p/1.md"));
    assertFalse(
        w.exists("p/2.md") || w.exists("p/3.md"),
        "one thread renders in order and stops at the failure");
  }
}
