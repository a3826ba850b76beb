package dev.mlos.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileRequest;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.dbtext.DatabaseText;
import dev.mlos.core.init.InitRequest;
import dev.mlos.core.init.InitResult;
import dev.mlos.core.init.Initializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard on a fresh clone as CI runs it (docs/ci.md): the team compiled and committed the pages
 * and the database's text form {@code mlos.db.sql}; CI clones (no {@code target/}, no {@code
 * mlos.db}), {@code init} rebuilds the database from the text form, and the guard checks. Every
 * hostile case (a row edited in the text form, a template changed after the compile, a hand-edited
 * page, pages of an older compile committed with a newer text form) must be reported exactly as the
 * guard that trusts no record ({@code renderAlways}) reports it; docs/guard.md, "Fresh clone", says
 * why no record today lets a fresh clone skip the queries.
 */
class FreshCloneGuardTest {
  private static final String CONFIG =
      "views:\n  mine:\n    template: t.ftl\n    output: 'n/{id}.md'\n    each: needs\n"
          + "    queries:\n      needs: SELECT id, title, description FROM needs ORDER BY id\n";
  private static final String TEMPLATE = "# ${row.title}\n\n${row.description}\n";

  @TempDir Path dir;

  /** The team's workspace: seeded, with its own view besides the pack's, compiled once. */
  private GuardWorkspace origin() {
    GuardWorkspace w = GuardWorkspace.createWithDatabaseInside(dir.resolve("origin"));
    w.seed();
    w.write("t.ftl", TEMPLATE);
    w.write("mlos.yaml", CONFIG);
    // A workspace keeps a text form once the file exists: the compile fills it in.
    w.write("mlos.db.sql", DatabaseText.HEADER + "\n");
    w.compile();
    return w;
  }

  /**
   * What CI sees: every committed file of {@code from} (not {@code target/}, not the database) in a
   * directory of the same name, and the database rebuilt from {@code mlos.db.sql} by init.
   */
  private GuardWorkspace cloneOf(GuardWorkspace from, String name) {
    Path root = dir.resolve(name).resolve(from.root.getFileName());
    try (Stream<Path> walk = Files.walk(from.root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path rel = from.root.relativize(p);
        String r = rel.toString().replace('\\', '/');
        if (r.equals("target") || r.startsWith("target/") || r.matches("mlos\\.db(-.*)?")) {
          continue;
        }
        Path to = root.resolve(rel);
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path db = root.resolve("mlos.db");
    InitResult r =
        new Initializer()
            .init(
                new InitRequest(db, List.of("mlos"), List.of(), null, root.resolve("target/mlos")));
    assertTrue(
        r.rebuiltFrom() != null
            && r.headline(Path.of("db")).startsWith("Rebuilt database db from its text form"),
        r.toString());
    assertFalse(Files.exists(root.resolve("target/mlos/compile-state")));
    return GuardWorkspace.existing(root, db);
  }

  /** The fresh clone's guard, checked against the guard that renders every page. */
  private static GuardReport guardedAsRenderingAlways(GuardWorkspace clone) {
    GuardReport fresh = clone.guard();
    GuardReport rendered = clone.guardRenderingAlways();
    assertEquals(0, rendered.notRendered(), "renderAlways renders every page");
    assertEquals(rendered.violations(), fresh.violations());
    assertEquals(rendered.checkedFiles(), fresh.checkedFiles());
    return fresh;
  }

  private static List<String> found(GuardReport r) {
    return r.violations().stream().map(v -> v.violationClass() + " " + v.path()).toList();
  }

  private static boolean textFormPassed(GuardReport r) {
    return r.checkedFiles().stream().anyMatch(f -> f.path().equals("mlos.db.sql") && f.passed());
  }

  private static int pages(GuardReport r) {
    return (int)
        r.checkedFiles().stream()
            .filter(f -> f.kind() == CheckedFile.Kind.COMPILED)
            .filter(f -> !f.path().equals("mlos.db.sql"))
            .count();
  }

  @Test
  void aCleanFreshCloneIsGreenAndTheCommittedRecordAnswersEveryPage() {
    GuardWorkspace clone = cloneOf(origin(), "ci");

    GuardReport fresh = guardedAsRenderingAlways(clone);

    assertTrue(fresh.isClean(), fresh.violations().toString());
    assertTrue(textFormPassed(fresh), fresh.checkedFiles().toString());
    assertTrue(pages(fresh) > 4, fresh.checkedFiles().toString());
    assertEquals(
        pages(fresh), fresh.notRendered(), "every page's rows hash as the compile recorded them");
  }

  /**
   * Every fresh clone's guard goes without a change horizon (the text form keeps none): it said so
   * as {@code Stale check from the change log not possible: the last compile recorded no change
   * horizon}, which read like a fault in CI's log. It says what happens and why, as information.
   */
  @Test
  void aFreshClonesGuardSaysItHashesEveryViewsRowsAndWhyAsInformation() {
    GuardWorkspace clone = cloneOf(origin(), "ci");
    List<String> infos = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Reporter recording =
        new Reporter() {
          @Override
          public void info(String message) {
            infos.add(message);
          }

          @Override
          public void warn(String message) {
            warnings.add(message);
          }
        };

    GuardReport fresh = new Guard().check(new GuardRequest(clone.config()), recording);

    assertTrue(fresh.isClean(), fresh.violations().toString());
    assertTrue(
        infos.contains(
            "Stale check: every view's rows hashed (no change horizon to start from: the text form"
                + " keeps none, so a database rebuilt from it, as on a fresh clone, has none until"
                + " its next compile)"),
        infos.toString());
    assertTrue(infos.stream().noneMatch(m -> m.contains("not possible")), infos.toString());
    // The clone's first compile, the same way.
    infos.clear();
    new Compiler().compile(new CompileRequest(clone.config(), "2026-02-01T00:00:00Z"), recording);
    assertTrue(
        infos.contains(
            "Incremental compile: every view's queries run (no change horizon to start from: the"
                + " text form keeps none, so a database rebuilt from it, as on a fresh clone, has"
                + " none until its next compile)"),
        infos.toString());
    assertTrue(infos.stream().noneMatch(m -> m.contains("not possible")), infos.toString());
    assertEquals(List.of(), warnings);
  }

  @Test
  void aRowEditedInTheTextFormIsFoundByTheQueriesAloneOnAFreshClone() throws IOException {
    GuardWorkspace origin = origin();
    Path text = origin.root.resolve("mlos.db.sql");
    String committed = Files.readString(text, StandardCharsets.UTF_8);
    String edited = committed.replace("'Phone view'", "'Tablet view'");
    assertFalse(edited.equals(committed));
    // By hand, or by a merge: the compile record in the file is left as the compile wrote it.
    Files.writeString(text, edited, StandardCharsets.UTF_8);

    GuardWorkspace clone = cloneOf(origin, "ci");
    GuardReport fresh = guardedAsRenderingAlways(clone);

    assertTrue(
        found(fresh).containsAll(List.of("STALE n/4.md", "STALE needs/4-phone-view.md")),
        found(fresh).toString());
    assertTrue(
        found(fresh).stream().allMatch(f -> f.startsWith("STALE ")), found(fresh).toString());
    // The rebuilt database's text form is the committed file byte for byte, and its compile record
    // is the compile's: nothing but the rows the pages' queries read shows the edit. This is why a
    // fresh clone cannot skip the queries without a record of the rows the compile rendered from.
    assertTrue(textFormPassed(fresh), fresh.checkedFiles().toString());
  }

  @Test
  void aTemplateChangedAfterTheCompileIsStaleOnAFreshClone() {
    GuardWorkspace clone = cloneOf(origin(), "ci");
    clone.write("t.ftl", "# ${row.title}!\n\n${row.description}\n");

    GuardReport fresh = guardedAsRenderingAlways(clone);

    assertEquals(
        List.of("STALE n/1.md", "STALE n/2.md", "STALE n/4.md"),
        found(fresh).stream().sorted().toList());
  }

  @Test
  void aHandEditedPageIsHandEditedOnAFreshClone() {
    GuardWorkspace clone = cloneOf(origin(), "ci");
    clone.write("n/2.md", clone.read("n/2.md").replace("Budgeted by tokens.", "EDITED"));

    GuardReport fresh = guardedAsRenderingAlways(clone);

    assertEquals(List.of("HAND_EDITED n/2.md"), found(fresh));
    assertTrue(
        fresh.violations().get(0).diff().contains("+EDITED"), fresh.violations().get(0).diff());
  }

  @Test
  void pagesOfAnOlderCompileWithANewerTextFormAreReportedOnAFreshClone() {
    GuardWorkspace origin = origin();
    String older = origin.read("n/2.md");
    origin.sql("UPDATE needs SET description = 'Budgeted by words.' WHERE id = 2");
    origin.compile();
    assertFalse(older.equals(origin.read("n/2.md")));
    // The newer compile's text form is committed, with a page of the older one.
    origin.write("n/2.md", older);

    GuardReport fresh = guardedAsRenderingAlways(cloneOf(origin, "ci"));

    // The page is not what the newer compile recorded: a page compiled from other rows (not a
    // hand edit: its content_hash is its own), whose diff runs from the older text to the next
    // compile's.
    assertEquals(List.of("STALE n/2.md"), found(fresh));
    assertTrue(
        fresh.violations().get(0).diff().contains("-Budgeted by tokens.\n+Budgeted by words."),
        fresh.violations().get(0).diff());
    assertTrue(textFormPassed(fresh), fresh.checkedFiles().toString());
  }

  @Test
  void aConfigurationChangedAfterTheCompileIsStaleOnAFreshClone() {
    GuardWorkspace clone = cloneOf(origin(), "ci");
    clone.write("mlos.yaml", CONFIG.replace("'n/{id}.md'", "'m/{id}.md'"));

    GuardReport fresh = guardedAsRenderingAlways(clone);

    // The pages move: the old ones are no longer produced, the new ones are not compiled yet.
    assertEquals(
        List.of(
            "STALE m/1.md",
            "STALE m/2.md",
            "STALE m/4.md",
            "STALE n/1.md",
            "STALE n/2.md",
            "STALE n/4.md"),
        found(fresh).stream().sorted().toList());
  }

  @Test
  void anotherBranchsTextFormWithThisBranchsPagesIsReportedOnAFreshClone() throws IOException {
    GuardWorkspace origin = origin();
    String ours = origin.read("n/4.md");
    // Another branch changed a need and compiled; its text form is committed here with our pages.
    origin.sql("UPDATE needs SET description = 'Tablets too.' WHERE id = 4");
    origin.compile();
    assertTrue(origin.guard().isClean());
    origin.write("n/4.md", ours);

    GuardReport fresh = guardedAsRenderingAlways(cloneOf(origin, "ci"));

    assertEquals(List.of("STALE n/4.md"), found(fresh));
    assertTrue(
        fresh.violations().get(0).message().contains("compiled from other rows"),
        fresh.violations().get(0).message());
    assertTrue(textFormPassed(fresh), fresh.checkedFiles().toString());
  }
}
