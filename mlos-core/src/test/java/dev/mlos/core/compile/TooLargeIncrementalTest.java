package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import dev.mlos.core.db.SqliteShell;
import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardRequest;
import dev.mlos.core.guard.Violation;
import dev.mlos.core.guard.ViolationClass;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While one row made its page too large for max_page_bytes, every compile rendered every page: the
 * compile forgot what it read (as after a conflict) so that it would try that page again, and an
 * agent's MCP server, which recompiles after each write, paid a full render of the workspace per
 * write until the row was fixed. Now such a compile records what it read and the pages it wrote:
 * the next one renders what changed since and the pages still too large, fails on them with the
 * same words, and once the row fits writes what a full compile from scratch writes, byte for byte.
 */
class TooLargeIncrementalTest {
  private static final String AT = "2026-02-01T00:00:00Z";
  private static final String NEED_1 = "needs/1-kernel-boots-reproducibly.md";
  private static final String NEED_2 = "needs/2-context-packs-fit-the-window.md";
  private static final String HUGE = "replace(hex(zeroblob(10000)), '0', 'x')";

  /** Needs besides the seed's, so a compile that renders every page renders many. */
  private static final int MORE_NEEDS = 30;

  @TempDir Path dir;

  private final List<String> infos = new ArrayList<>();
  private final Reporter reporter =
      new Reporter() {
        @Override
        public void info(String message) {
          infos.add(message);
        }

        @Override
        public void warn(String message) {}
      };

  private CompileResult compile(TestWorkspace w) {
    return new Compiler().compile(new CompileRequest(w.config(), AT, false, false, 2), reporter);
  }

  private PagesTooLargeException refused(TestWorkspace w) {
    return assertThrows(PagesTooLargeException.class, () -> compile(w));
  }

  /** A workspace of 34 needs with an 8 KiB page limit, compiled. */
  private TestWorkspace compiled() {
    TestWorkspace w = TestWorkspace.create(dir.resolve("w"));
    w.seed();
    StringBuilder more = new StringBuilder();
    for (int i = 0; i < MORE_NEEDS; i++) {
      more.append(i == 0 ? "" : ",")
          .append("(")
          .append(10 + i)
          .append(", 'Need number ")
          .append(10 + i)
          .append(
              "', 'Text.', 'active', 3, 'kernel', '2026-01-01T00:00:00Z',"
                  + " '2026-01-01T00:00:00Z')");
    }
    w.sql(
        "INSERT INTO needs (id, title, description, status, priority, scope, created_at,"
            + " updated_at) VALUES "
            + more);
    w.write("mlos.yaml", "pack: mlos\nmax_page_bytes: 8 KiB\n");
    compile(w);
    return w;
  }

  private static CompileResult.ViewStats view(CompileResult r, String name) {
    return r.views().stream().filter(v -> v.view().equals(name)).findFirst().orElseThrow();
  }

  /** The pages of a view the compile rendered: those it did not keep without rendering. */
  private static int rendered(CompileResult r, String name) {
    CompileResult.ViewStats v = view(r, name);
    return v.pages() - v.reused();
  }

  @Test
  void anUnrelatedChangeWhileARowIsTooLargeRendersOnlyItsPagesAndThePageTooLarge()
      throws IOException {
    TestWorkspace w = compiled();
    String before = w.read(NEED_2);
    SqliteShell.Result huge =
        SqliteShell.run(w.db, "UPDATE needs SET description = " + HUGE + " WHERE id = 2;");
    assertTrue(huge.ok(), huge.err());
    PagesTooLargeException first = refused(w);
    assertEquals(NEED_2, first.pages().get(0).path());

    // One unrelated row changes, as an agent's write through the MCP server does.
    w.sql("UPDATE needs SET description = 'Boot, changed.' WHERE id = 1");
    PagesTooLargeException second = refused(w);
    assertEquals(first.getMessage(), second.getMessage(), "the same words");
    assertEquals(first.fix(), second.fix());
    CompileResult r = second.written();
    int needs = view(r, "needs").pages();
    assertEquals(4 + MORE_NEEDS, needs);
    // Need 1's page and the page too large; the old code rendered every page of every view.
    assertEquals(2, rendered(r, "needs"), view(r, "needs").line());
    assertTrue(r.reused() >= MORE_NEEDS + 2, r.summary());
    assertEquals(1, view(r, "needs").tooLarge());
    assertTrue(w.read(NEED_1).contains("Boot, changed."));
    assertEquals(before, w.read(NEED_2), "not written");

    // Nothing changed: only the page too large is tried, and it fails again.
    PagesTooLargeException third = refused(w);
    assertEquals(first.getMessage(), third.getMessage());
    assertEquals(1, rendered(third.written(), "needs"));
    assertEquals(0, third.written().written());
    assertEquals(third.written().pages() - 1, third.written().reused(), third.written().summary());

    // The guard reports that page, and nothing else, as it did.
    GuardReport report = new Guard().check(new GuardRequest(w.config()));
    assertEquals(1, report.violations().size(), report.violations().toString());
    Violation v = report.violations().get(0);
    assertEquals(ViolationClass.STALE, v.violationClass());
    assertEquals(NEED_2, v.path());
    assertTrue(v.message().contains("over the page size limit of 8 KiB"), v.message());

    // Fixed: the page is written, the compile succeeds, and the workspace is what a full compile
    // from scratch writes, the record too.
    w.sql("UPDATE needs SET description = 'Fits now.' WHERE id = 2");
    CompileResult fixed = compile(w);
    assertEquals(0, fixed.tooLarge());
    assertTrue(w.read(NEED_2).contains("Fits now."));
    assertEquals(1, rendered(fixed, "needs"), view(fixed, "needs").line());
    TestWorkspace reference = fullFromScratch(w);
    assertEquals(outputs(reference), outputs(w));
    assertEquals(reference.recordLines(), w.recordLines());
    assertTrue(new Guard().check(new GuardRequest(w.config())).isClean());
    infos.clear();
    assertEquals(0, compile(w).written());
    assertTrue(
        infos.stream().anyMatch(m -> m.startsWith("Nothing changed since the last compile")),
        infos.toString());
  }

  /**
   * A new row too large has no page and no record to render again from: the compile notes its key,
   * so the next one tries it too.
   */
  @Test
  void aNewRowTooLargeIsTriedAgainByTheNextCompileWhateverElseChanged() throws IOException {
    TestWorkspace w = compiled();
    w.sql(
        "INSERT INTO needs (id, title, description, status, priority, scope) VALUES (9, 'Huge', "
            + HUGE
            + ", 'active', 2, 'kernel')");
    PagesTooLargeException first = refused(w);
    assertEquals("needs/9-huge.md", first.pages().get(0).path());

    w.sql("UPDATE needs SET description = 'Boot, changed.' WHERE id = 1");
    PagesTooLargeException second = refused(w);
    assertEquals(first.getMessage(), second.getMessage());
    assertEquals(2, rendered(second.written(), "needs"), view(second.written(), "needs").line());
    assertFalse(w.exists("needs/9-huge.md"));
    GuardReport report = new Guard().check(new GuardRequest(w.config()));
    assertEquals(1, report.violations().size(), report.violations().toString());
    assertEquals("needs/9-huge.md", report.violations().get(0).path());

    w.sql("UPDATE needs SET description = 'Small.' WHERE id = 9");
    compile(w);
    assertTrue(w.read("needs/9-huge.md").contains("Small."));
    TestWorkspace reference = fullFromScratch(w);
    assertEquals(outputs(reference), outputs(w));
    assertEquals(reference.recordLines(), w.recordLines());
  }

  /** A row too large that is deleted: its page goes, and the next compile succeeds. */
  @Test
  void aRowTooLargeThatIsDeletedTakesItsPageWithIt() throws IOException {
    TestWorkspace w = compiled();
    w.sql("UPDATE needs SET description = " + HUGE + " WHERE id = 2");
    refused(w);
    assertTrue(w.exists(NEED_2), "kept while too large");
    w.sql("DELETE FROM tasks WHERE need_id = 2", "DELETE FROM needs WHERE id = 2");
    CompileResult r = compile(w);
    assertTrue(r.deleted().contains(NEED_2), r.deleted().toString());
    assertFalse(w.exists(NEED_2));
    TestWorkspace reference = fullFromScratch(w);
    assertEquals(outputs(reference), outputs(w));
    assertEquals(reference.recordLines(), w.recordLines());
  }

  /**
   * The other fix: the limit raised in mlos.yaml. No row changed since the refusal, yet the page is
   * rendered again and written.
   */
  @Test
  void aPageTooLargeIsWrittenOnceTheLimitIsRaised() throws IOException {
    TestWorkspace w = compiled();
    w.sql("UPDATE needs SET description = " + HUGE + " WHERE id = 2");
    refused(w);
    refused(w);
    w.write("mlos.yaml", "pack: mlos\nmax_page_bytes: 64 KiB\n");
    compile(w);
    assertTrue(w.read(NEED_2).contains("xxxx"), "written under the raised limit");
    TestWorkspace reference = fullFromScratch(w);
    assertEquals(outputs(reference), outputs(w));
    assertEquals(reference.recordLines(), w.recordLines());
  }

  /**
   * The limit lowered in mlos.yaml, nothing else changed: a page written under the old limit that
   * is now too large is found, by the compile (not taken as a no-op) and by the guard; raised
   * again, the workspace is what a full compile writes.
   */
  @Test
  void aLoweredLimitFindsThePagesWrittenUnderTheOldOne() throws IOException {
    TestWorkspace w = compiled();
    // About 5 KiB: fits under the 8 KiB limit.
    w.sql("UPDATE needs SET description = replace(hex(zeroblob(2500)), '0', 'y') WHERE id = 2");
    compile(w);
    assertTrue(w.read(NEED_2).contains("yyyy"));
    new Guard().check(new GuardRequest(w.config()));
    w.write("mlos.yaml", "pack: mlos\nmax_page_bytes: 4 KiB\n");
    GuardReport stale = new Guard().check(new GuardRequest(w.config()));
    assertFalse(stale.isClean(), "the guard sees the pages kept under the old limit as stale");
    // The need's page and PROBLEM.md, which shows the same description.
    PagesTooLargeException e = refused(w);
    List<String> tooLarge = e.pages().stream().map(p -> p.path()).toList();
    assertEquals(List.of("PROBLEM.md", NEED_2), tooLarge);
    assertTrue(e.getMessage().contains("4 KiB"), e.getMessage());
    GuardReport report = new Guard().check(new GuardRequest(w.config()));
    assertEquals(tooLarge, report.violations().stream().map(Violation::path).sorted().toList());
    for (Violation v : report.violations()) {
      assertEquals(ViolationClass.STALE, v.violationClass(), v.toString());
    }

    w.write("mlos.yaml", "pack: mlos\nmax_page_bytes: 8 KiB\n");
    compile(w);
    TestWorkspace reference = fullFromScratch(w);
    assertEquals(outputs(reference), outputs(w));
    assertEquals(reference.recordLines(), w.recordLines());
    assertTrue(new Guard().check(new GuardRequest(w.config())).isClean());
  }

  /**
   * A single-page view and a per-row view without changed_pages, both too large, while a table
   * neither reads changes: each renders its page too large again (the single page, and the one
   * row), not its other pages, and fails with the same words.
   */
  @Test
  void ownViewsTooLargeAreTriedAgainWhenNothingTheyReadChanged() throws IOException {
    TestWorkspace w = compiled();
    w.write("all.ftl", "<#list needs as n>${n.description!}\n</#list>");
    w.write("r.ftl", "${row.description!}\n");
    w.write(
        "mlos.yaml",
        "pack: mlos\nmax_page_bytes: 8 KiB\nviews:\n  all:\n    template: all.ftl\n"
            + "    output: all.md\n    queries:\n"
            + "      needs: SELECT id, description FROM needs ORDER BY id\n"
            + "  bydesc:\n    template: r.ftl\n    output: d/{id}.md\n    each: item\n"
            + "    queries:\n      item: SELECT id, description FROM needs ORDER BY id\n");
    compile(w);
    w.sql("UPDATE needs SET description = " + HUGE + " WHERE id = 2");
    PagesTooLargeException first = refused(w);
    assertEquals(
        List.of("all.md", "d/2.md", NEED_2),
        first.pages().stream().map(PagesTooLargeException.Page::path).sorted().toList());

    w.sql("UPDATE artifacts SET title = 'Boot design, again' WHERE id = 1");
    PagesTooLargeException second = refused(w);
    assertEquals(first.getMessage(), second.getMessage());
    CompileResult r = second.written();
    assertEquals(1, rendered(r, "all"), view(r, "all").line());
    assertEquals(1, rendered(r, "bydesc"), view(r, "bydesc").line());
    // The pack's needs view: need 1's page, which shows artifact 1, and the page too large.
    assertEquals(2, rendered(r, "needs"), view(r, "needs").line());
    GuardReport report = new Guard().check(new GuardRequest(w.config()));
    assertEquals(
        List.of("all.md", "d/2.md", NEED_2),
        report.violations().stream().map(Violation::path).sorted().toList(),
        report.violations().toString());

    w.sql("UPDATE needs SET description = 'Fits now.' WHERE id = 2");
    compile(w);
    assertTrue(w.read("d/2.md").contains("Fits now."));
    TestWorkspace reference = fullFromScratch(w);
    assertEquals(outputs(reference), outputs(w));
    assertEquals(reference.recordLines(), w.recordLines());
  }

  /** A copy of the database without any compile record, compiled into an empty workspace. */
  private TestWorkspace fullFromScratch(TestWorkspace w) throws IOException {
    return w.fullCompileFromScratch(
        dir.resolve("ref"),
        AT,
        List.of("docs/boot.md", "src/pick.py", "mlos.yaml", "all.ftl", "r.ftl"));
  }

  private static Map<String, String> outputs(TestWorkspace w) {
    return w.compiledPages();
  }
}
