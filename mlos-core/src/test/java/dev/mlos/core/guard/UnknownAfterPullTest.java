package dev.mlos.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Remedy;
import dev.mlos.core.Reporter;
import dev.mlos.core.dbtext.DatabaseText;
import dev.mlos.core.dbtext.TextFormPull;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clones of one repository that commits mlos.db.sql and the compiled pages: right after a pull
 * of a teammate's new need, its page is UNKNOWN to this clone's compile record until the pulled
 * text form is merged into the database. Its fix must not say to delete it; a real stray file's fix
 * still does.
 */
class UnknownAfterPullTest {
  private static final String TEAMMATES_PAGE = "needs/10-teammate-need.md";
  private static final String STRAY = "needs/copy-of-4.md";

  @TempDir Path dir;

  private GuardWorkspace mine;
  private GuardWorkspace teammate;

  /** A compiled workspace keeping its text form, and a teammate's clone of it. */
  @BeforeEach
  void setUp() throws IOException {
    mine = GuardWorkspace.createWithDatabaseInside(dir.resolve("a"));
    mine.seed();
    Files.writeString(DatabaseText.fileOf(mine.db), DatabaseText.HEADER + "\n");
    mine.compile();
    Path theirs = dir.resolve("b/ws");
    copyTree(mine.root, theirs);
    teammate = GuardWorkspace.existing(theirs, theirs.resolve("mlos.db"));
    assertTrue(mine.guard().violations().isEmpty(), mine.guard().violations().toString());
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /**
   * What `git pull --rebase` brings: the files git tracks (the text form and the pages) as the
   * teammate committed them; the database and mlos's own state stay as they were.
   */
  private void pullFromGit() {
    Path from = teammate.root;
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String rel = from.relativize(f).toString().replace('\\', '/');
        if (rel.startsWith("target/") || rel.startsWith("mlos.db") && !rel.equals("mlos.db.sql")) {
          continue;
        }
        Path target = mine.root.resolve(rel);
        Files.createDirectories(target.getParent());
        Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void teammateAddsANeedAndCommits() {
    teammate.sql(
        "INSERT INTO needs (id, title, status, priority, created_at, updated_at) VALUES"
            + " (10, 'Teammate need', 'identified', 2, '2026-03-01T00:00:00Z',"
            + " '2026-03-01T00:00:00Z')");
    teammate.compile();
    assertTrue(Files.isRegularFile(teammate.root.resolve(TEAMMATES_PAGE)), "the teammate's page");
  }

  private static Violation unknown(GuardReport r, String path) {
    return r.violations().stream()
        .filter(v -> v.violationClass() == ViolationClass.UNKNOWN && v.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError(path + " not UNKNOWN: " + r.violations()));
  }

  @Test
  void aPulledPageIsNotToBeDeletedTheFixPullsAndCompilesAndThenItIsValid() {
    teammateAddsANeedAndCommits();
    pullFromGit();

    GuardReport r = mine.guard();

    Violation v = unknown(r, TEAMMATES_PAGE);
    String fix = v.fix();
    assertFalse(fix.startsWith("delete"), fix);
    assertTrue(fix.startsWith("do not delete it yet: merge the pulled text form"), fix);
    assertTrue(
        fix.contains(dev.mlos.core.RemedyWording.OPERATIONS.word(Remedy.pullTextForm())), fix);
    assertTrue(
        v.message().contains("most likely the page of a row in the pulled mlos.db.sql"),
        v.message());
    assertTrue(GuardFix.of(r.violations()).contains("merge the changed text form"));

    // Following the fix as written: the pull, then the compile; the page is then valid, unchanged.
    String page = mine.read(TEAMMATES_PAGE);
    TextFormPull.pull(mine.config(), Reporter.SILENT);
    mine.compile();
    GuardReport after = mine.guard();
    assertTrue(after.violations().isEmpty(), after.violations().toString());
    assertEquals(page, mine.read(TEAMMATES_PAGE), "the pulled page is kept as it was");
  }

  @Test
  void aStrayCopyWithNoPullPendingIsStillToBeDeleted() {
    mine.write(STRAY, mine.read(GuardTest.NEED_4));

    Violation v = unknown(mine.guard(), STRAY);

    assertTrue(v.fix().startsWith("delete '" + STRAY + "'"), v.fix());
  }

  @Test
  void aStrayCopyBesideAPullIsDeletedOnlyIfThePullAndCompileLeaveItUnknown() {
    teammateAddsANeedAndCommits();
    pullFromGit();
    mine.write(STRAY, mine.read(GuardTest.NEED_4));

    Violation before = unknown(mine.guard(), STRAY);
    assertTrue(
        before.fix().contains("only if it is still UNKNOWN after that, delete '" + STRAY + "'"),
        before.fix());

    TextFormPull.pull(mine.config(), Reporter.SILENT);
    mine.compile();
    GuardReport after = mine.guard();
    assertEquals(
        List.of("UNKNOWN " + STRAY),
        after.violations().stream().map(x -> x.violationClass() + " " + x.path()).toList());
    assertTrue(unknown(after, STRAY).fix().startsWith("delete '" + STRAY + "'"));
  }
}
