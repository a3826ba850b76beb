package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.SqliteShell;
import dev.mlos.core.guard.Guard;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.GuardRequest;
import dev.mlos.core.guard.Violation;
import dev.mlos.core.guard.ViolationClass;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One row whose page renders past max_page_bytes (a huge text written with the sqlite3 shell)
 * failed the whole compile, and the guard with it as a broken setup: no other page was updated. Now
 * that page alone is not written; every other page is written, the pages of rows that are gone are
 * deleted, the compile fails naming the page, and the guard reports that page stale. Once the row
 * fits, the next compile writes it.
 */
class OversizedRowTest {
  @TempDir Path dir;

  private static final String NEED_2 = "needs/2-context-packs-fit-the-window.md";

  private static void shell(TestWorkspace w, String sql) {
    SqliteShell.Result r = SqliteShell.run(w.db, sql);
    assertTrue(r.ok(), r.err());
  }

  @Test
  void aRowTooLargeForItsPageHoldsBackThatPageAloneUntilItFits() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("mlos.yaml", "pack: mlos\nmax_page_bytes: 8 KiB\n");
    w.compile();
    String before = w.read(NEED_2);
    assertTrue(w.exists("needs/4-phone-view.md"));

    shell(
        w,
        "UPDATE needs SET description = replace(hex(zeroblob(10000)), '0', 'x') WHERE id = 2;"
            + " UPDATE needs SET description = 'Boot, changed.' WHERE id = 1;"
            + " DELETE FROM needs WHERE id = 4;");

    PagesTooLargeException e = assertThrows(PagesTooLargeException.class, w::compile);
    assertEquals(1, e.pages().size(), e.getMessage());
    PagesTooLargeException.Page p = e.pages().get(0);
    assertEquals(NEED_2, p.path());
    assertEquals("needs", p.view());
    assertEquals("{\"id\":2}", p.sourceKey());
    assertTrue(p.exact() && p.bytes() > 20_000 && p.bytes() < 21_000, "size " + p.bytes());
    assertEquals(8192, p.limit());
    assertTrue(
        e.getMessage()
            .startsWith(
                "1 page was not written: over the page size limit of 8 KiB (max_page_bytes)"
                    + System.lineSeparator()
                    + "  - "
                    + NEED_2
                    + " [view 'needs', template (built-in) templates/packs/mlos/need.ftl, row"
                    + " {\"id\":2}]: "
                    + String.format(java.util.Locale.ROOT, "%,d bytes", p.bytes())),
        e.getMessage());
    assertTrue(e.fix().contains("raise max_page_bytes in mlos.yaml"), e.fix());
    // Every other page was written, the page of the deleted row deleted; that one page is as it
    // was.
    assertTrue(w.read("needs/1-kernel-boots-reproducibly.md").contains("Boot, changed."));
    assertFalse(w.exists("needs/4-phone-view.md"), "the page of a deleted row is deleted");
    assertEquals(java.util.List.of("needs/4-phone-view.md"), e.written().deleted());
    assertEquals(before, w.read(NEED_2), "the page too large is not written");
    CompileResult.ViewStats needs =
        e.written().views().stream().filter(v -> v.view().equals("needs")).findFirst().get();
    assertEquals(1, needs.tooLarge());
    assertTrue(needs.line().endsWith(", 1 too large (not written)"), needs.line());

    // A violation of the rule, not a broken guard: the one page is stale, nothing else.
    GuardReport report = new Guard().check(new GuardRequest(w.config()));
    assertEquals(1, report.violations().size(), report.violations().toString());
    Violation v = report.violations().get(0);
    assertEquals(ViolationClass.STALE, v.violationClass());
    assertEquals(NEED_2, v.path());
    assertTrue(
        v.message().contains("over the page size limit of 8 KiB (max_page_bytes)"), v.message());
    // The guard's one fix line: a compile alone fails again (compile.page_size), the row first.
    assertEquals(
        "make the pages over max_page_bytes fit (shorten the row, or raise the limit: each one's"
            + " fix above says how); run `compile` and commit the compiled files",
        dev.mlos.core.guard.GuardFix.of(report.violations()));

    // The record stays consistent: the next compile goes through the page again, and fails again.
    PagesTooLargeException again = assertThrows(PagesTooLargeException.class, w::compile);
    assertEquals(0, again.written().written(), "nothing else to write");
    assertEquals(before, w.read(NEED_2));

    shell(w, "UPDATE needs SET description = 'Fits now.' WHERE id = 2;");
    w.compile();
    assertTrue(w.read(NEED_2).contains("Fits now."), "written once it fits");
    assertTrue(new Guard().check(new GuardRequest(w.config())).isClean());
    assertEquals(0, w.compile().written(), "the same pages again");
  }

  @Test
  void aNewRowTooLargeGetsNoPageAndTheGuardSaysItIsNotCompiledYet() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("mlos.yaml", "pack: mlos\nmax_page_bytes: 8 KiB\n");
    w.compile();
    shell(
        w,
        "INSERT INTO needs (id, title, description, status, priority, scope)"
            + " VALUES (9, 'Huge', replace(hex(zeroblob(10000)), '0', 'x'), 'active', 2, 'kernel');");

    PagesTooLargeException e = assertThrows(PagesTooLargeException.class, w::compile);
    assertEquals("needs/9-huge.md", e.pages().get(0).path());
    assertFalse(w.exists("needs/9-huge.md"));
    assertTrue(w.read("PROBLEM.md").contains("Huge"), "the index is written");
    GuardReport report = new Guard().check(new GuardRequest(w.config()));
    assertEquals(1, report.violations().size(), report.violations().toString());
    assertEquals("needs/9-huge.md", report.violations().get(0).path());
  }

  /**
   * After a fresh database (nothing recorded) the compile deletes the stale pages it finds (here
   * the page of need 4, deleted): a page too large cancelled that search, and as the compile
   * recorded every other page, no later compile was a first one any more, so the stale page stayed
   * for good, a page of a row that is gone, which the guard does not name either.
   */
  @Test
  void aPageTooLargeAfterAFreshDatabaseStillLetsTheStalePagesGo() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("mlos.yaml", "pack: mlos\nmax_page_bytes: 8 KiB\n");
    w.compile();
    String before = w.read(NEED_2);
    assertTrue(w.exists("needs/4-phone-view.md"));
    w.sql(
        "DELETE FROM mlos_outputs",
        "DELETE FROM needs WHERE id = 4",
        "UPDATE needs SET description = replace(hex(zeroblob(10000)), '0', 'x') WHERE id = 2");

    PagesTooLargeException e = assertThrows(PagesTooLargeException.class, w::compile);
    assertEquals(NEED_2, e.pages().get(0).path());
    assertEquals(before, w.read(NEED_2), "the page too large keeps its file");
    assertFalse(w.exists("needs/4-phone-view.md"), "the page of a deleted row is deleted");
    assertEquals(java.util.List.of("needs/4-phone-view.md"), e.written().deleted());

    w.sql("UPDATE needs SET description = 'Fits now.' WHERE id = 2");
    w.compile();
    assertTrue(w.read(NEED_2).contains("Fits now."), "written once it fits");
    assertFalse(w.exists("needs/4-phone-view.md"));
    assertTrue(new Guard().check(new GuardRequest(w.config())).isClean());
  }

  /**
   * The guard found a page too large STALE 'so the file is as last compiled' whatever its file was:
   * a page edited by hand was not reported HAND_EDITED (the one thing the guard sees from hashes
   * alone), and a page whose file is gone was said to be as last compiled beside its MISSING.
   */
  @Test
  void aPageTooLargeEditedByHandIsReportedEditedAndOneGoneIsNotSaidToBeAsCompiled() {
    TestWorkspace w = TestWorkspace.create(dir);
    w.seed();
    w.write("mlos.yaml", "pack: mlos\nmax_page_bytes: 8 KiB\n");
    w.compile();
    String need1 = "needs/1-kernel-boots-reproducibly.md";
    w.write(NEED_2, w.read(NEED_2) + "\nMy own note.\n");
    assertTrue(new java.io.File(w.root.toFile(), need1).delete());
    shell(
        w,
        "UPDATE needs SET description = replace(hex(zeroblob(10000)), '0', 'x') WHERE id IN (1, 2);");

    java.util.List<Violation> found = new Guard().check(new GuardRequest(w.config())).violations();

    java.util.List<Violation> edited = found.stream().filter(v -> v.path().equals(NEED_2)).toList();
    assertEquals(1, edited.size(), found.toString());
    assertEquals(ViolationClass.HAND_EDITED, edited.get(0).violationClass(), found.toString());
    assertTrue(
        edited.get(0).message().startsWith("'" + NEED_2 + "' was edited by hand after it was"),
        edited.get(0).message());
    assertTrue(
        edited.get(0).message().contains("over the page size limit of 8 KiB (max_page_bytes)"),
        edited.get(0).message());
    for (Violation v : found) {
      assertFalse(
          v.path().equals(need1) && v.message().contains("as last compiled"),
          "a file that is gone is not as last compiled: " + v.message());
    }
    assertTrue(
        found.stream()
            .anyMatch(v -> v.path().equals(need1) && v.violationClass() == ViolationClass.MISSING),
        found.toString());
  }
}
