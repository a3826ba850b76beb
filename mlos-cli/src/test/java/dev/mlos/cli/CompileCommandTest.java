package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlos compile} in this JVM. */
class CompileCommandTest {
  @TempDir Path dir;

  /**
   * A compile refused for a conflict (two rows' pages on one path) still wrote and kept every other
   * page, but printed nothing on stdout: a user, or a script reading --json, could not tell what
   * had changed.
   */
  @Test
  void aCompileRefusedForAConflictStillSaysWhatItWrote() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "need", "create", "One", "--scope", "kernel", "--as", "alice");
    InProcess.ok(dir, "need", "create", "Two", "--scope", "Kernel", "--as", "alice");
    Files.writeString(dir.resolve("s.ftl"), "${row.scope}\n");
    Files.writeString(
        dir.resolve("mlos.yaml"),
        Files.readString(dir.resolve("mlos.yaml"))
            + "views:\n  by_scope:\n    template: s.ftl\n    output: s/{scope}.md\n    each: n\n"
            + "    queries:\n      n: SELECT id, scope FROM needs ORDER BY id\n");

    InProcess.Run r = InProcess.run(dir, Main.REFUSED, "compile");

    assertTrue(r.err().contains("refused (compile.conflict)"), r.err());
    assertTrue(r.err().contains("'s/kernel.md' is also written by view 'by_scope'"), r.err());
    // The page refused is counted: a line whose numbers did not add up hid it.
    assertTrue(
        r.out().contains("  by_scope          2 files: 1 written, 0 unchanged, 1 conflict\n"),
        r.out());
    assertTrue(r.out().contains("  needs             2 files: 2 written, 0 unchanged\n"), r.out());
    assertTrue(r.out().contains("Compiled: "), r.out());

    String json = InProcess.run(dir, Main.REFUSED, "compile", "--json").out();
    assertTrue(
        json.replaceAll("\\s", "")
            .contains(
                "\"view\":\"by_scope\",\"pages\":2,\"written\":0,\"unchanged\":1,"
                    + "\"not_rendered\":0,\"conflicts\":1"),
        json);
  }

  /**
   * A view whose each query counts to 10^8 (a clone's mlos.yaml) made mlos compile write a page per
   * row until the disk or its inodes ran out. It stops at max_pages_per_view, naming the view, the
   * query, the count, the cap and the fix, and writes no page past the cap.
   */
  @Test
  void aViewPastItsPageCapStopsTheCompileWithTheFix() throws Exception {
    InProcess.ok(dir, "init");
    Files.writeString(dir.resolve("c.ftl"), "${row.n}\n");
    Files.writeString(
        dir.resolve("mlos.yaml"),
        Files.readString(dir.resolve("mlos.yaml"))
            + "max_pages_per_view: 50\n"
            + "views:\n  counted:\n    template: c.ftl\n    output: c/{n}.md\n    each: n\n"
            + "    queries:\n      n: WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c"
            + " WHERE n < 100000000) SELECT n FROM c\n");

    InProcess.Run r = InProcess.run(dir, Main.BROKEN, "compile");

    assertTrue(
        r.err()
            .contains(
                "query 'n': returns more than 50 rows, one page each: stopped at row 51 (50 rows"
                    + " so far), past the page cap of 50 pages per view (max_pages_per_view)"),
        r.err());
    assertTrue(r.err().contains("raise max_pages_per_view in mlos.yaml (now 50)"), r.err());
    try (java.util.stream.Stream<Path> pages = Files.list(dir.resolve("c"))) {
      assertEquals(50, pages.count());
    }
  }

  /**
   * One need whose page renders past max_page_bytes (a long description) failed the whole compile
   * as a broken setup (exit 2): no other page was updated. That page alone is not written now; the
   * compile says so as a rule that failed (exit 1), after the pages it wrote.
   */
  @Test
  void aPageTooLargeIsRefusedAloneAfterTheOtherPagesAreWritten() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "need", "create", "One", "--as", "alice");
    InProcess.ok(dir, "need", "create", "Two", "--as", "alice");
    Files.writeString(
        dir.resolve("mlos.yaml"),
        Files.readString(dir.resolve("mlos.yaml")) + "max_page_bytes: 4 KiB\n");
    InProcess.ok(dir, "need", "update", "2", "--description", "x".repeat(6000), "--as", "alice");

    InProcess.Run r = InProcess.run(dir, Main.REFUSED, "compile");

    assertTrue(r.err().contains("refused (compile.page_size): 1 page was not written"), r.err());
    assertTrue(r.err().contains("  - needs/2-two.md [view 'needs', template "), r.err());
    assertTrue(r.err().contains("fix: shorten the row's text"), r.err());
    assertTrue(
        r.out()
            .contains(
                "  needs             2 files: 1 written, 0 unchanged, 1 too large (not written)\n"),
        r.out());
    assertTrue(Files.exists(dir.resolve("needs/1-one.md")), "the other pages are written");
    assertTrue(!Files.exists(dir.resolve("needs/2-two.md")), r.out());
    String json = InProcess.run(dir, Main.REFUSED, "compile", "--json").out();
    assertTrue(json.replaceAll("\\s", "").contains("\"conflicts\":0,\"too_large\":1"), json);
  }

  /**
   * While one need's page was too large, every compile rendered every page (it forgot what it read,
   * to try that page again): after one unrelated write, the needs line said "4 unchanged" with none
   * of them kept without rendering. Now only the changed page and the page too large are rendered,
   * the refusal's words are the same, and once the need fits the compile succeeds.
   */
  @Test
  void whileAPageIsTooLargeACompileRendersOnlyWhatChangedAndThatPage() throws Exception {
    InProcess.ok(dir, "init");
    for (String title : new String[] {"One", "Two", "Three", "Four", "Five", "Six"}) {
      InProcess.ok(dir, "need", "create", title, "--as", "alice");
    }
    Files.writeString(
        dir.resolve("mlos.yaml"),
        Files.readString(dir.resolve("mlos.yaml")) + "max_page_bytes: 4 KiB\n");
    InProcess.ok(dir, "compile");
    InProcess.ok(dir, "need", "update", "2", "--description", "x".repeat(6000), "--as", "alice");
    String first = InProcess.run(dir, Main.REFUSED, "compile").err();

    InProcess.ok(dir, "need", "update", "5", "--description", "Changed.", "--as", "alice");
    InProcess.Run r = InProcess.run(dir, Main.REFUSED, "compile");

    assertTrue(
        r.out()
            .contains(
                "6 files: 1 written, 4 unchanged (4 not rendered), 1 too large (not written)\n"),
        r.out());
    String refusal = "refused (compile.page_size)";
    assertTrue(first.contains(refusal), first);
    assertEquals(
        first.substring(first.indexOf(refusal)), r.err().substring(r.err().indexOf(refusal)));

    InProcess.ok(dir, "need", "update", "2", "--description", "Short again.", "--as", "alice");
    InProcess.Run fixed = InProcess.ok(dir, "compile");
    assertTrue(
        fixed.out().contains("6 files: 1 written, 5 unchanged (5 not rendered)\n"), fixed.out());
    assertTrue(Files.readString(dir.resolve("needs/2-two.md")).contains("Short again."));
  }

  /**
   * mlos compile's per-view lines left out the "(N not rendered)" that mvn mlos:compile logs and
   * docs/configuration.md quotes, so the two tools told different facts about one compile.
   */
  @Test
  void aViewsLineSaysHowManyPagesWereNotRenderedAsTheMavenGoalDoes() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "need", "create", "One", "--as", "alice");
    InProcess.ok(dir, "compile");
    InProcess.ok(dir, "need", "create", "Two", "--as", "alice");

    InProcess.Run r = InProcess.ok(dir, "compile");

    assertTrue(
        r.out().contains("  needs             2 files: 1 written, 1 unchanged (1 not rendered)\n"),
        r.out());
    InProcess.ok(dir, "need", "create", "Three", "--as", "alice");
    String json = InProcess.ok(dir, "compile", "--json").out().replaceAll("\\s", "");
    assertTrue(
        json.contains(
            "\"view\":\"needs\",\"pages\":3,\"written\":1,\"unchanged\":2,\"not_rendered\":2"),
        json);
  }

  /**
   * A compile that found nothing changed rendered no page, but its lines said only "3 unchanged",
   * unlike a compile that rendered just one page ("(2 not rendered)").
   */
  @Test
  void aCompileThatFoundNothingChangedSaysNoPageWasRendered() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "need", "create", "One", "--as", "alice");
    InProcess.ok(dir, "need", "create", "Two", "--as", "alice");
    InProcess.ok(dir, "compile");

    InProcess.Run r = InProcess.ok(dir, "compile", "--verbose");

    assertTrue(r.err().contains("info: Nothing changed since the last compile"), r.err());
    assertTrue(
        r.out().contains("  needs             2 files: 0 written, 2 unchanged (2 not rendered)\n"),
        r.out());
    assertTrue(
        java.util.regex.Pattern.compile(
                "Compiled: \\d+ views, (\\d+) files: 0 written, \\1 unchanged \\(\\1 not rendered\\), 0"
                    + " deleted in ")
            .matcher(r.out())
            .find(),
        r.out());
  }

  /**
   * A per-row view whose each query repeats its first column (a page per task, keyed by its need)
   * was logged "1 page(s) fed by the changed rows" when two pages were rendered: the count is of
   * the keys changed_pages selects, and the line now says so.
   */
  @Test
  void anIncrementalCompileCountsKeysAndSaysKeys() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "need", "create", "One", "--as", "alice");
    InProcess.ok(dir, "need", "move", "1", "active", "--as", "alice");
    InProcess.ok(dir, "need", "move", "1", "actionable", "--as", "alice");
    InProcess.ok(dir, "need", "graduate", "1", "--task", "a", "--task", "b");
    Files.writeString(dir.resolve("t.ftl"), "${row.description}\n");
    Files.writeString(
        dir.resolve("mlos.yaml"),
        Files.readString(dir.resolve("mlos.yaml"))
            + "views:\n  by_need:\n    template: t.ftl\n    output: t/{need_id}-{id}.md\n"
            + "    each: t\n    queries:\n"
            + "      t: SELECT t.need_id, t.id, t.description, n.title FROM tasks t"
            + " JOIN needs n ON n.id = t.need_id ORDER BY t.need_id, t.id\n"
            + "    changed_pages: SELECT json_extract(k, '$.id') FROM temp.mlos_changed"
            + " WHERE tbl = 'needs'\n");
    InProcess.ok(dir, "compile");
    InProcess.ok(dir, "need", "update", "1", "--title", "Uno", "--as", "alice");

    InProcess.Run r = InProcess.ok(dir, "compile", "--verbose");

    assertTrue(
        r.err()
            .contains(
                "view 'by_need': its changed_pages names 1 key(s) of the each query's first"
                    + " column, fed by the changed rows of needs: only the rows of those keys are"
                    + " rendered"),
        r.err());
    // The pages are counted apart from the keys: one key, two pages.
    assertTrue(
        r.err()
            .contains(
                "view 'by_need': the rows of 1 key(s) give 2 pages to render; 0 pages kept as"
                    + " recorded, not rendered"),
        r.err());
    assertTrue(r.out().contains("  by_need           2 files:"), r.out());
  }

  /**
   * After one need changed and one was deleted, --verbose said the needs view renders "the pages of
   * 2 key(s)" while its line said 1 written: the deleted need's key has no page to render. The log
   * now counts keys as keys and pages as pages, and its pages add up to the view's line.
   */
  @Test
  void anIncrementalCompilesLogCountsThePagesItsLineCounts() throws Exception {
    InProcess.ok(dir, "init");
    for (String title : new String[] {"One", "Two", "Three"}) {
      InProcess.ok(dir, "need", "create", title, "--as", "alice");
    }
    InProcess.ok(dir, "compile");
    InProcess.ok(dir, "need", "update", "1", "--description", "changed", "--as", "alice");
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlos.db"));
        java.sql.Statement s = c.createStatement()) {
      s.execute("DELETE FROM needs WHERE id = 3");
    }

    InProcess.Run r = InProcess.ok(dir, "compile", "--verbose");

    assertTrue(
        r.err()
            .contains(
                "view 'needs': the rows of 2 key(s) give 1 page to render; 1 page kept as"
                    + " recorded, not rendered"),
        r.err());
    assertTrue(
        r.out().contains("  needs             2 files: 1 written, 1 unchanged (1 not rendered)\n"),
        r.out());
    assertTrue(r.out().contains("Deleted needs/3-three.md (no longer produced)"), r.out());
  }

  /**
   * A compile that rewrote the database's text form said "22 files: 0 written" and nothing of it:
   * mvn mlos:compile logs the file, the command did not, and it is the one file a teammate's clone
   * needs (tried in this session's fresh-user round).
   */
  @Test
  void aCompileThatWritesTheTextFormSaysSoAndOneThatDoesNotSaysNothing() throws Exception {
    InProcess.ok(dir, "init");
    Files.writeString(dir.resolve("mlos.db.sql"), dev.mlos.core.dbtext.DatabaseText.HEADER + "\n");
    InProcess.ok(dir, "need", "create", "Frozen test split", "--as", "omar");

    InProcess.Run first = InProcess.ok(dir, "compile");

    assertTrue(
        first
            .out()
            .contains(
                "\nWrote mlos.db.sql, the database's text form (commit it with the pages)\nCompiled: "),
        first.out());
    InProcess.Run again = InProcess.ok(dir, "compile");
    assertTrue(!again.out().contains("mlos.db.sql"), again.out());
    InProcess.ok(dir, "need", "create", "Calibration metrics", "--as", "omar");
    assertTrue(
        InProcess.ok(dir, "compile", "--json")
            .out()
            .contains("\"text_form_written\" : \"mlos.db.sql\""));
  }

  /**
   * Messages quote what a cloned workspace committed: a template's #stop text, a view name in
   * mlos.yaml. Their ESC and BEL reached the terminal (or CI log) of whoever compiled it, which
   * changed its title, hid text or moved the cursor over the lines before. Shown as text now.
   */
  @Test
  void aClonesControlCharactersReachNoTerminal() throws Exception {
    InProcess.ok(dir, "init");
    String yaml = Files.readString(dir.resolve("mlos.yaml"));
    Files.writeString(dir.resolve("s.ftl"), "<#stop \"\u001b]0;owned\u0007\u001b[2K\rok\">\n");
    Files.writeString(
        dir.resolve("mlos.yaml"),
        yaml
            + "views:\n  stop:\n    template: s.ftl\n    output: S.md\n"
            + "    queries:\n      n: SELECT 1 AS a\n");
    String err = InProcess.run(dir, Main.BROKEN, "compile").err();
    assertTrue(err.contains("s.ftl:1:1: \\u001B]0;owned\\u0007\\u001B[2K\\u000Dok"), err);
    assertTrue(err.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\t'), err);

    Files.writeString(
        dir.resolve("mlos.yaml"),
        yaml
            + "views:\n  \"a\\e[8mb\":\n    template: s.ftl\n    output: S.md\n"
            + "    queries:\n      n: SELECT 1 AS a\n");
    err = InProcess.run(dir, Main.BROKEN, "compile").err();
    assertTrue(err.contains("views.a\\u001B[8mb: "), err);
    assertTrue(err.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\t'), err);
  }

  /**
   * The files a compile kept (pages no view produces any more, edited by hand) were named in the
   * first 20 warnings only: --json lists every one, in path order, relative to the workspace.
   */
  @Test
  void compileJsonListsEveryKeptFileInPathOrder() throws Exception {
    InProcess.ok(dir, "init");
    Files.writeString(dir.resolve("c.ftl"), "${row.n}\n");
    String yaml = Files.readString(dir.resolve("mlos.yaml"));
    String view =
        "views:\n  counted:\n    template: c.ftl\n    output: %s/{n}.md\n    each: n\n"
            + "    queries:\n      n: WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c"
            + " WHERE n < 25) SELECT n FROM c\n";
    Files.writeString(dir.resolve("mlos.yaml"), yaml + view.formatted("c"));
    InProcess.ok(dir, "compile");
    for (int n = 1; n <= 25; n++) {
      Path page = dir.resolve("c/" + n + ".md");
      Files.writeString(page, Files.readString(page) + "my notes\n");
    }
    Files.writeString(dir.resolve("mlos.yaml"), yaml + view.formatted("d"));

    InProcess.Run r = InProcess.ok(dir, "compile", "--json");

    com.fasterxml.jackson.databind.JsonNode kept =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("kept");
    java.util.List<String> expected = new java.util.ArrayList<>();
    for (int n = 1; n <= 25; n++) {
      expected.add("c/" + n + ".md");
    }
    java.util.Collections.sort(expected);
    java.util.List<String> actual = new java.util.ArrayList<>();
    kept.forEach(k -> actual.add(k.asText()));
    assertEquals(expected, actual, r.out());
  }
}
