package dev.mlos.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlos.core.dbtext.DatabaseText;
import dev.mlos.core.dbtext.TrackedTextForm;
import dev.mlos.core.init.InitRequest;
import dev.mlos.core.init.InitResult;
import dev.mlos.core.init.Initializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A git trial: {@code rm mlos.db*} deleted the tracked text form with the database, {@code mlos
 * init} made an empty database, the next compile deleted every committed page and the guard passed.
 * Now the init refuses to create a database in the text form's stead and the guard reports it
 * missing; {@code git rm} (starting empty on purpose) and a workspace outside git keep today's
 * behaviour. Real git repositories in a temporary directory.
 */
class TrackedTextFormTest {
  @TempDir Path dir;

  private static void git(Path repo, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
    command.addAll(List.of(args));
    Process p;
    try {
      p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      assumeTrue(false, "git is not installed");
      return;
    }
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "git " + command);
  }

  /** The team's workspace in a repository: pages compiled, mlos.db.sql committed with them. */
  private GuardWorkspace committedWorkspace() throws Exception {
    GuardWorkspace w = GuardWorkspace.createWithDatabaseInside(dir);
    git(w.root, "init", "-q");
    w.seed();
    w.write("mlos.db.sql", DatabaseText.HEADER + "\n");
    w.compile();
    git(w.root, "add", "mlos.db.sql");
    return w;
  }

  private static InitResult init(GuardWorkspace w) {
    return new Initializer()
        .init(
            new InitRequest(w.db, List.of("mlos"), List.of(), null, w.root.resolve("target/mlos")));
  }

  private static void removeDatabaseFiles(GuardWorkspace w) throws IOException {
    for (String name : List.of("mlos.db", "mlos.db-wal", "mlos.db-shm", "mlos.db.sql")) {
      Files.deleteIfExists(w.root.resolve(name));
    }
  }

  @Test
  void initRefusesAnEmptyDatabaseInPlaceOfATrackedTextFormMissingFromTheWorkingTree()
      throws Exception {
    GuardWorkspace w = committedWorkspace();
    removeDatabaseFiles(w); // rm mlos.db*

    TrackedTextForm.MissingException e =
        assertThrows(TrackedTextForm.MissingException.class, () -> init(w));

    // The adapters print the rule before the message (refused (dbtext.tracked_missing): ...).
    assertEquals(TrackedTextForm.RULE, e.rule());
    assertTrue(e.getMessage().startsWith("no new, empty database "), e.getMessage());
    assertTrue(e.getMessage().contains("mlos.db.sql"), e.getMessage());
    assertTrue(e.fix().contains(" checkout -- mlos.db.sql`"), e.fix());
    assertTrue(e.fix().contains(" rm mlos.db.sql`"), e.fix());
    assertFalse(Files.exists(w.db), "no empty database is created");

    // The fix as it says: the text form back, and init rebuilds the database from it.
    git(w.root, "checkout", "--", "mlos.db.sql");
    InitResult r = init(w);
    assertTrue(r.rebuiltFrom() != null, r.headline(w.db));
  }

  @Test
  void theFixQuotesAPathTheShellWouldSplitAndWorksAsWritten() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    git(repo, "init", "-q");
    Path db = repo.resolve("team's db.db");
    Path text = DatabaseText.fileOf(db);
    Files.writeString(text, DatabaseText.HEADER + "\n");
    git(repo, "add", "--", text.getFileName().toString());
    Files.delete(text);

    TrackedTextForm.MissingException e =
        assertThrows(
            TrackedTextForm.MissingException.class,
            () -> new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null)));

    // From outside the checkout (the tests' working directory): git -C the repository.
    String word = "'team'\\''s db.db.sql'";
    assertTrue(e.fix().contains(" checkout -- " + word + "`"), e.fix());
    assertTrue(e.fix().contains(" rm " + word + "`"), e.fix());
    assertFalse(Files.exists(db));
    // The command as the fix writes it, run by a shell, brings the file back.
    String command = e.fix().substring(1, e.fix().indexOf('`', 1));
    Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, command);
    assertTrue(Files.isRegularFile(text), command);
  }

  @Test
  void afterGitRmTheInitStartsEmptyAsBefore() throws Exception {
    GuardWorkspace w = committedWorkspace();
    removeDatabaseFiles(w);
    git(w.root, "rm", "-q", "--cached", "mlos.db.sql");

    InitResult r = init(w);

    assertTrue(r.created(), r.headline(w.db));
    assertTrue(Files.exists(w.db));
  }

  @Test
  void outsideGitTheInitCreatesTheDatabaseAsBefore() throws Exception {
    GuardWorkspace w = GuardWorkspace.createWithDatabaseInside(dir);
    removeDatabaseFiles(w);
    assumeTrue(dev.mlos.core.path.GitCheckout.rootOf(w.root) == null, "temp dir inside git");

    assertTrue(init(w).created());
  }

  /**
   * {@code rm mlos.db*} then {@code git commit -a} commits the text form's deletion: a clone after
   * it has nothing to rebuild from, its init makes an empty database, and the guard's fix for the
   * committed pages was to compile, which deletes every page of the team's rows. The fix names the
   * commit and the way back now, and followed as written it brings the rows back.
   */
  @Test
  void aTextFormDeletedByACommitIsNamedInTheGuardsFixWithTheWayBack() throws Exception {
    GuardWorkspace w = committedWorkspace();
    w.write(".gitignore", "mlos.db\ntarget/\n");
    git(w.root, "add", "-A");
    git(w.root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "team");
    removeDatabaseFiles(w);
    git(w.root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-a", "-m", "oops");
    assertTrue(init(w).created(), "nothing tracked: init makes an empty database");

    GuardReport report = w.guard();

    List<Violation> unknown =
        report.violations().stream()
            .filter(v -> v.violationClass() == ViolationClass.UNKNOWN)
            .toList();
    assertFalse(unknown.isEmpty(), report.violations().toString());
    Violation v = unknown.get(0);
    assertTrue(v.message().contains("was deleted from git in commit "), v.message());
    assertTrue(v.fixTemplate().contains("^ -- mlos.db.sql`"), v.fixTemplate());
    assertTrue(v.fixTemplate().contains("to start empty on purpose"), v.fixTemplate());

    // The fix as written: the file back, the empty database aside, init rebuilds the rows.
    String command = v.fixTemplate().substring(v.fixTemplate().indexOf('`') + 1);
    command = command.substring(0, command.indexOf('`'));
    assertTrue(command.startsWith("git checkout "), command);
    Process p =
        new ProcessBuilder("sh", "-c", command)
            .directory(w.root.toFile())
            .redirectErrorStream(true)
            .start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, command);
    Files.move(w.db, w.root.resolve("target/mlos.db.aside"));
    assertTrue(init(w).rebuiltFrom() != null, "rebuilt from the restored text form");
    assertTrue(w.guard().isClean(), w.guard().violations().toString());
  }

  @Test
  void theGuardReportsATrackedTextFormMissingAndItsFixIsNoCompile() throws Exception {
    GuardWorkspace w = committedWorkspace();
    Files.delete(w.root.resolve("mlos.db.sql"));

    GuardReport report = w.guard();

    List<Violation> found =
        report.violations().stream().filter(v -> v.path().equals("mlos.db.sql")).toList();
    assertEquals(1, found.size(), report.violations().toString());
    Violation v = found.get(0);
    assertEquals(ViolationClass.MISSING, v.violationClass());
    assertTrue(v.message().contains("rule " + TrackedTextForm.RULE), v.message());
    assertEquals(Violation.Kind.TEXT_FORM_TRACKED_MISSING, v.kind());
    assertTrue(v.fixTemplate().contains(" checkout -- mlos.db.sql`"), v.fixTemplate());
    String fix = GuardFix.of(report.violations());
    assertTrue(fix.contains("restore the database's text form git tracks"), fix);
    assertFalse(fix.contains("`compile`"), fix);

    // Not tracked (git rm): nothing to report, as before.
    git(w.root, "rm", "-q", "--cached", "mlos.db.sql");
    assertTrue(
        w.guard().violations().stream().noneMatch(x -> x.path().equals("mlos.db.sql")),
        "an untracked text form is no one's loss");
  }
}
