package dev.mlos.core.dbtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqliteShell;
import dev.mlos.core.init.InitRequest;
import dev.mlos.core.init.InitResult;
import dev.mlos.core.init.Initializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge driver as git runs it: real git, real branches, the driver registered the way mlos:init
 * does.
 */
class GitMergeDriverTest {
  @TempDir Path dir;

  private Path repo;
  private Path db;

  private String git(String... args) throws Exception {
    return run(repo, args).out;
  }

  private record Ran(int code, String out) {}

  private static Ran run(Path cwd, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("HOME", cwd.toString());
    pb.environment().put("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z");
    pb.environment().put("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z");
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return new Ran(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /**
   * The driver as `java -cp <this test's class path> MergeDriver`, so no Maven runs inside the
   * test.
   */
  private static String javaDriver() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The marker is a variable assignment, not a comment, so the command composes with others.
    return "MLOS_TEST=mlos-test-driver "
        + GitMergeDriver.shellQuote(java)
        + " -cp "
        + GitMergeDriver.shellQuote(System.getProperty("java.class.path"))
        + " dev.mlos.core.dbtext.MergeDriver %O %A %B %P";
  }

  private void sql(String... statements) throws Exception {
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      for (String st : statements) {
        s.execute(st);
      }
      // Each branch stands for a teammate's own database: the text form is that database's dump.
      Files.writeString(DatabaseText.fileOf(db), DatabaseText.dump(c, db), StandardCharsets.UTF_8);
    }
  }

  /**
   * A workspace in a git repository: the database ignored, its text form committed with the merge
   * attribute.
   */
  private void workspace() throws Exception {
    repo = dir.resolve("repo");
    Files.createDirectories(repo);
    db = repo.resolve("mlos.db");
    new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null));
    Files.writeString(repo.resolve(".gitignore"), "mlos.db\nmlos.db-journal\n");
    Files.writeString(repo.resolve(".gitattributes"), "/mlos.db.sql text eol=lf merge=mlos-db\n");
    sql(
        "INSERT INTO needs (title, status, created_at, updated_at) VALUES"
            + " ('Kernel boots', 'actionable', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
            + " ('Packs fit', 'active', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    git("init", "-q", "-b", "main");
    git("config", "user.email", "t@example.com");
    git("config", "user.name", "t");
    git("add", "-A");
    git("commit", "-q", "-m", "base");
  }

  /**
   * Checks out {@code branch}, rebuilding the database from its text form as a clone's init would.
   */
  private void checkout(String... args) throws Exception {
    git(args);
    Files.deleteIfExists(db);
    new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null));
  }

  private void commit(String message) throws Exception {
    git("add", "-A");
    git("commit", "-q", "-m", message);
  }

  @Test
  void twoBranchesThatEachAddANeedMergeWithTheDriverAndTheResultRebuilds() throws Exception {
    workspace();
    GitMergeDriver.Registration reg =
        GitMergeDriver.register(
            repo, DatabaseText.fileOf(db), javaDriver(), c -> c.contains("mlos-test-driver"));
    assertEquals(GitMergeDriver.Outcome.REGISTERED, reg.outcome(), reg.message());
    checkout("checkout", "-q", "-b", "theirs");
    sql(
        "INSERT INTO needs (title, created_at, updated_at) VALUES ('Theirs need', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')",
        "UPDATE needs SET priority = 4, updated_at = '2026-03-02T00:00:00Z' WHERE id = 2");
    commit("theirs");
    checkout("checkout", "-q", "main");
    sql(
        "INSERT INTO needs (title, created_at, updated_at) VALUES ('Ours need', '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z')",
        "UPDATE needs SET priority = 1, updated_at = '2026-02-02T00:00:00Z' WHERE id = 1");
    commit("ours");

    Ran merge = run(repo, "merge", "--no-edit", "theirs");

    assertEquals(0, merge.code(), merge.out());
    assertTrue(
        merge.out().contains("got new ids (references rewritten): {history=2, needs=1}"),
        merge.out());
    assertEquals("", git("status", "--porcelain"), "merged and committed, nothing left over");
    // A clone's init rebuilds the merged database from the committed text.
    Files.delete(db);
    InitResult init = new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null));
    assertTrue(
        init.rebuiltFrom() != null
            && init.headline(Path.of("db")).startsWith("Rebuilt database db from its text form"),
        init.toString());
    assertEquals(
        "1|Kernel boots|1\n2|Packs fit|4\n3|Ours need|\n4|Theirs need|\n",
        SqliteShell.run(db, "SELECT id, title, priority FROM needs ORDER BY id;").out());
    assertEquals("", SqliteShell.run(db, "PRAGMA foreign_key_check;").out());
  }

  @Test
  void aRowBothBranchesChangedIsAConflictOnThatLineOnly() throws Exception {
    workspace();
    GitMergeDriver.register(
        repo, DatabaseText.fileOf(db), javaDriver(), c -> c.contains("mlos-test-driver"));
    checkout("checkout", "-q", "-b", "theirs");
    sql(
        "UPDATE needs SET title = 'Kernel boots twice', updated_at = '2026-03-01T00:00:00Z' WHERE id = 1",
        "INSERT INTO needs (title, created_at, updated_at) VALUES ('Theirs need', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')");
    commit("theirs");
    checkout("checkout", "-q", "main");
    sql(
        "UPDATE needs SET title = 'Kernel boots fast', updated_at = '2026-02-01T00:00:00Z' WHERE id = 1",
        "UPDATE needs SET priority = 2, updated_at = '2026-02-01T00:00:00Z' WHERE id = 2");
    commit("ours");

    Ran merge = run(repo, "merge", "--no-edit", "theirs");

    assertEquals(1, merge.code(), merge.out());
    assertEquals("mlos.db.sql\n", git("diff", "--name-only", "--diff-filter=U"));
    String text = Files.readString(DatabaseText.fileOf(db));
    List<String> lines = text.lines().toList();
    assertEquals(1, lines.stream().filter(l -> l.startsWith("<<<<<<<")).count(), text);
    int at = lines.indexOf("<<<<<<< ours");
    // The message names the file and the line its block opens on, then the fix on its own line.
    assertTrue(
        merge
            .out()
            .contains("  mlos.db.sql:" + (at + 1) + ": CONFLICT needs 1: changed on both sides\n"),
        merge.out());
    assertTrue(
        merge
            .out()
            .contains(
                "\n  fix: keep one line per block (or neither where its marker line says a side"
                    + " deleted the row) and delete the marker lines, then `git add mlos.db.sql`,"
                    + " finish the merge (`git commit`, or `git rebase --continue` in a pull"
                    + " --rebase) and take its rows into the database with "),
        merge.out());
    assertTrue(
        lines.get(at + 1).contains("'Kernel boots fast'")
            && lines.get(at + 3).contains("'Kernel boots twice'")
            && lines.get(at + 4).equals(">>>>>>> theirs"),
        text);
    assertTrue(
        text.contains("'Theirs need'") && text.contains("VALUES(2,'Packs fit',NULL,'active',2,"),
        "the other rows merged: " + text);
  }

  /**
   * Two branches that each tag the same need: git ran the driver, which left mlos.db.sql conflicted
   * on the need's line. It merges the tags as a list now, says so, and the clone rebuilds with
   * both.
   */
  @Test
  void twoBranchesThatEachTagOneNeedMergeItsTagsAsAList() throws Exception {
    workspace();
    GitMergeDriver.register(
        repo, DatabaseText.fileOf(db), javaDriver(), c -> c.contains("mlos-test-driver"));
    sql("UPDATE needs SET tags = '[\"kernel\"]' WHERE id = 1");
    commit("tagged");
    checkout("checkout", "-q", "-b", "theirs");
    sql(
        "UPDATE needs SET tags = '[\"kernel\",\"perf\"]', updated_at = '2026-03-01T00:00:00Z'"
            + " WHERE id = 1");
    commit("theirs: perf");
    checkout("checkout", "-q", "main");
    sql("UPDATE needs SET tags = '[\"ui\"]', updated_at = '2026-02-01T00:00:00Z' WHERE id = 1");
    commit("ours: ui instead of kernel");

    Ran merge = run(repo, "merge", "--no-edit", "theirs");

    assertEquals(0, merge.code(), merge.out());
    assertTrue(
        merge
            .out()
            .contains(
                "  mlos.db.sql: merged column by column: needs 1 (tags merged as a list: the"
                    + " elements either side added, without those either side removed)"),
        merge.out());
    assertEquals("", git("status", "--porcelain"), "merged and committed");
    Files.delete(db);
    new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null));
    assertEquals(
        "[\"perf\",\"ui\"]|2026-03-01T00:00:00Z\n",
        SqliteShell.run(db, "SELECT tags, updated_at FROM needs WHERE id = 1;").out());
    assertEquals(
        "perf\nui\n",
        SqliteShell.run(db, "SELECT tag FROM need_tags WHERE need_id = 1 ORDER BY tag;").out());
  }

  @Test
  void twoBranchesWhoseEdgesCloseACycleLeaveTheFileConflictedWithTheRuleNamed() throws Exception {
    workspace();
    GitMergeDriver.register(
        repo, DatabaseText.fileOf(db), javaDriver(), c -> c.contains("mlos-test-driver"));
    String edge =
        "INSERT INTO relationships (source_type, source_id, target_type, target_id, relationship_type, created_at)"
            + " VALUES ('need', %d, 'need', %d, 'blocks', '2026-03-01T00:00:00Z')";
    checkout("checkout", "-q", "-b", "theirs");
    sql(String.format(java.util.Locale.ROOT, edge, 2, 1));
    commit("theirs: 2 blocks 1");
    checkout("checkout", "-q", "main");
    sql(String.format(java.util.Locale.ROOT, edge, 1, 2));
    commit("ours: 1 blocks 2");

    Ran merge = run(repo, "merge", "--no-edit", "theirs");

    assertEquals(1, merge.code(), merge.out());
    assertTrue(
        merge
            .out()
            .contains(
                "CONFLICT relationships 1: breaks the rule \"relationship: this blocks edge would"
                    + " close a cycle of blocks edges\""),
        merge.out());
    assertTrue(merge.out().contains("break a rule the database enforces once merged"), merge.out());
    assertTrue(
        git("status", "--porcelain").contains("UU mlos.db.sql"), git("status", "--porcelain"));
    String text = Files.readString(DatabaseText.fileOf(db));
    // Each conflict names the line its own block opens on.
    List<String> textLines = text.lines().toList();
    java.util.regex.Matcher named =
        java.util.regex.Pattern.compile("  mlos\\.db\\.sql:(\\d+): CONFLICT relationships (\\d+):")
            .matcher(merge.out());
    int namedLines = 0;
    while (named.find()) {
      namedLines++;
      int opening = Integer.parseInt(named.group(1));
      assertTrue(textLines.get(opening - 1).startsWith("<<<<<<< ours"), opening + " in " + text);
      String row = "INSERT INTO \"relationships\" VALUES(" + named.group(2) + ",";
      assertTrue(
          textLines.subList(opening, opening + 3).stream().anyMatch(l -> l.startsWith(row)),
          row + " in the block at " + opening + " of " + text);
    }
    assertEquals(
        textLines.stream().filter(l -> l.startsWith("<<<<<<<")).count(), namedLines, merge.out());
    assertEquals(
        2,
        text.lines()
            .filter(
                l ->
                    l.startsWith(
                        "<<<<<<< ours -- mlos: rule \"relationship: this blocks edge would close a cycle"))
            .count(),
        text);
    // Resolved by keeping ours' edge only, the merge commits and rebuilds with one edge.
    StringBuilder resolved = new StringBuilder();
    String side = null;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("<<<<<<< ")) {
        side = "ours";
      } else if ("=======".equals(line) && side != null) {
        side = "theirs";
      } else if (">>>>>>> theirs".equals(line)) {
        side = null;
      } else if (!"theirs".equals(side)) {
        resolved.append(line).append('\n');
      }
    }
    Files.writeString(
        DatabaseText.fileOf(db),
        resolved.substring(0, resolved.length() - 1),
        StandardCharsets.UTF_8);
    commit("merged, one edge kept");
    Files.delete(db);
    new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null));
    assertEquals(
        "1|2\n",
        SqliteShell.run(
                db,
                "SELECT source_id, target_id FROM relationships WHERE relationship_type = 'blocks';")
            .out());
  }

  @Test
  void registrationIsIdempotentKeepsAUsersDriverAndNeedsAWorkTree() throws Exception {
    Path outside = dir.resolve("plain");
    Files.createDirectories(outside);
    Files.writeString(outside.resolve("mlos.db.sql"), DatabaseText.HEADER + "\n");
    GitMergeDriver.Registration none =
        GitMergeDriver.register(
            outside,
            outside.resolve("mlos.db.sql"),
            javaDriver(),
            c -> c.contains("mlos-test-driver"));
    assertEquals(GitMergeDriver.Outcome.NOT_APPLICABLE, none.outcome(), none.message());
    assertFalse(Files.exists(outside.resolve(".git")), "nothing written outside a work tree");

    workspace();
    Path sub = repo.resolve("ws dir");
    Files.createDirectories(sub);
    Files.writeString(sub.resolve("mlos.db.sql"), DatabaseText.HEADER + "\n");
    String template =
        GitMergeDriver.inWorkspaceOfMergedFile(
            "pom.xml",
            "mvn -q -f " + GitMergeDriver.WORKSPACE + "/pom.xml x:merge-db -Dmlos.mergeOurs=%A",
            "mvn -q x:1.0:merge-db -Dmlos.mergeOurs=%A");
    GitMergeDriver.Registration untracked =
        GitMergeDriver.register(sub, sub.resolve("mlos.db.sql"), template, c -> true);
    assertEquals(
        GitMergeDriver.Outcome.NOT_APPLICABLE,
        untracked.outcome(),
        "a text form git does not track: " + untracked.message());
    assertEquals("", git("config", "--get-regexp", "merge"), "nothing configured");
    git("add", "-A");
    git("commit", "-q", "-m", "sub workspace");
    assertEquals(
        GitMergeDriver.Outcome.REGISTERED,
        GitMergeDriver.register(
                sub, sub.resolve("mlos.db.sql"), template, c -> c.contains("x:merge-db"))
            .outcome());
    assertEquals(
        "mlos_ws=$(dirname -- %P); until [ -f \"$mlos_ws\"/pom.xml ] || [ \"$mlos_ws\" = . ];"
            + " do mlos_ws=$(dirname -- \"$mlos_ws\"); done; if [ -f \"$mlos_ws\"/pom.xml ];"
            + " then mvn -q -f \"$mlos_ws\"/pom.xml x:merge-db -Dmlos.mergeOurs=%A;"
            + " else mvn -q x:1.0:merge-db -Dmlos.mergeOurs=%A; fi\n",
        git("config", "--get", "merge.mlos-db.driver"),
        "no workspace in the command: git's %P says which");
    assertEquals(
        GitMergeDriver.Outcome.UNCHANGED,
        GitMergeDriver.register(repo, DatabaseText.fileOf(db), template, c -> false).outcome(),
        "another workspace of the repository registers the same command");
    git("config", "merge.mlos-db.driver", "my-own-tool %A");
    GitMergeDriver.Registration kept =
        GitMergeDriver.register(
            sub, sub.resolve("mlos.db.sql"), template, c -> c.contains("x:merge-db"));
    assertEquals(GitMergeDriver.Outcome.KEPT_USERS, kept.outcome(), kept.message());
    assertEquals("my-own-tool %A\n", git("config", "--get", "merge.mlos-db.driver"));
    GitMergeDriver.Registration noText =
        GitMergeDriver.register(
            repo.resolve("other"),
            repo.resolve("other/mlos.db.sql"),
            template,
            c -> c.contains("x:merge-db"));
    assertEquals(GitMergeDriver.Outcome.NOT_APPLICABLE, noText.outcome());
  }

  /** Rebuilds {@code database} from its text form, as a clone's init does after a checkout. */
  private static void rebuild(Path database) throws Exception {
    Files.deleteIfExists(database);
    new Initializer().init(new InitRequest(database, List.of("mlos"), List.of(), null));
  }

  private void addNeed(Path database, String title) throws Exception {
    db = database;
    sql(
        "INSERT INTO needs (title, created_at, updated_at) VALUES ('"
            + title
            + "', '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z')");
  }

  @Test
  void twoWorkspacesInOneRepositoryEachMergeTheirOwnFileWithTheirOwnSetup() throws Exception {
    repo = dir.resolve("repo");
    Path a = repo.resolve("a");
    Path b = repo.resolve("b dir");
    // b keeps its database below the workspace: the driver walks up to the workspace's marker.
    Path dbA = a.resolve("mlos.db");
    Path dbB = b.resolve("data/mlos.db");
    Files.createDirectories(dbB.getParent());
    Files.createDirectories(a);
    Files.writeString(a.resolve("setup.txt"), "setup of a");
    Files.writeString(b.resolve("setup.txt"), "setup of b");
    Files.writeString(a.resolve(".gitattributes"), "/mlos.db.sql text eol=lf merge=mlos-db\n");
    Files.writeString(b.resolve(".gitattributes"), "/data/mlos.db.sql text eol=lf merge=mlos-db\n");
    // A database in no workspace of this launcher (one the workspaces share, say).
    Path dbShared = repo.resolve("shared/mlos.db");
    Files.createDirectories(dbShared.getParent());
    Files.writeString(
        dbShared.resolveSibling(".gitattributes"), "/mlos.db.sql text eol=lf merge=mlos-db\n");
    Files.writeString(repo.resolve(".gitignore"), "mlos.db\nmlos.db-journal\n");
    rebuild(dbA);
    rebuild(dbB);
    rebuild(dbShared);
    addNeed(dbA, "A base");
    addNeed(dbB, "B base");
    addNeed(dbShared, "Shared base");
    git("init", "-q", "-b", "main");
    git("config", "user.email", "t@example.com");
    git("config", "user.name", "t");
    commit("two workspaces");
    // A launcher's own setup stands in for a workspace's POM: each merge says whose it ran with.
    String command =
        GitMergeDriver.inWorkspaceOfMergedFile(
            "setup.txt",
            "echo \"$(cat "
                + GitMergeDriver.WORKSPACE
                + "/setup.txt) merges\" %P >&2; "
                + javaDriver(),
            "echo no workspace merges %P >&2; " + javaDriver());
    // An older mlos pinned the command to the workspace that registered last: it is replaced.
    git(
        "config",
        "merge.mlos-db.driver",
        "old-launcher -f 'b dir'/pom.xml %O %A %B mlos-test-driver");
    assertEquals(
        GitMergeDriver.Outcome.REGISTERED,
        GitMergeDriver.register(
                a, DatabaseText.fileOf(dbA), command, c -> c.contains("mlos-test-driver"))
            .outcome());
    GitMergeDriver.Registration second =
        GitMergeDriver.register(
            b, DatabaseText.fileOf(dbB), command, c -> c.contains("mlos-test-driver"));
    assertEquals(GitMergeDriver.Outcome.UNCHANGED, second.outcome(), second.message());

    git("checkout", "-q", "-b", "theirs");
    addNeed(dbA, "A theirs");
    addNeed(dbB, "B theirs");
    addNeed(dbShared, "Shared theirs");
    commit("theirs");
    git("checkout", "-q", "main");
    rebuild(dbA);
    rebuild(dbB);
    rebuild(dbShared);
    addNeed(dbA, "A ours");
    addNeed(dbB, "B ours");
    addNeed(dbShared, "Shared ours");
    commit("ours");

    Ran merge = run(repo, "merge", "--no-edit", "theirs");

    assertEquals(0, merge.code(), merge.out());
    assertTrue(merge.out().contains("setup of a merges a/mlos.db.sql\n"), merge.out());
    assertTrue(merge.out().contains("setup of b merges b dir/data/mlos.db.sql\n"), merge.out());
    assertFalse(merge.out().contains("setup of b merges a/"), merge.out());
    assertTrue(merge.out().contains("no workspace merges shared/mlos.db.sql\n"), merge.out());
    assertEquals("", git("status", "--porcelain"), "every file merged and committed");
    rebuild(dbA);
    rebuild(dbB);
    rebuild(dbShared);
    assertEquals(
        "1|Shared base\n2|Shared ours\n3|Shared theirs\n",
        SqliteShell.run(dbShared, "SELECT id, title FROM needs ORDER BY id;").out());
    assertEquals(
        "1|A base\n2|A ours\n3|A theirs\n",
        SqliteShell.run(dbA, "SELECT id, title FROM needs ORDER BY id;").out());
    assertEquals(
        "1|B base\n2|B ours\n3|B theirs\n",
        SqliteShell.run(dbB, "SELECT id, title FROM needs ORDER BY id;").out());
  }

  @Test
  void theProgramRefusesSidesWithDifferentSchemasAndLeavesOursAlone() throws IOException {
    Path base = dir.resolve("o");
    Path ours = dir.resolve("a");
    Path theirs = dir.resolve("b");
    Files.writeString(
        base,
        DatabaseText.HEADER
            + "\nCREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\nPRAGMA user_version = 1;\n");
    Files.writeString(
        ours,
        DatabaseText.HEADER
            + "\nCREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\nINSERT INTO \"t\" VALUES(1,'a');\nPRAGMA user_version = 1;\n");
    Files.writeString(
        theirs,
        DatabaseText.HEADER
            + "\nCREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\nPRAGMA user_version = 2;\n");
    String before = Files.readString(ours);
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code =
        MergeDriver.run(
            new String[] {base.toString(), ours.toString(), theirs.toString(), "mlos.db.sql"},
            new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(
        err.toString(StandardCharsets.UTF_8)
            .startsWith(
                "mlos.db.sql: not merged: The two sides of the database's text form have different schemas"
                    + " (ours: user_version 1; theirs: user_version 2;"),
        err.toString(StandardCharsets.UTF_8));
    assertEquals(before, Files.readString(ours));
  }

  /**
   * The line to add for a text form named with a backslash (my\\db.db.sql, a name Linux allows) was
   * written as it is, which git reads as mydb.db.sql (a backslash escapes in its patterns): added
   * as told, it named no file and the driver stayed unused. The line escapes it, and added as told
   * it sends the file to the driver.
   */
  @Test
  void aTextFormNamedWithABackslashIsNamedWithALineGitReadsBack() throws Exception {
    workspace();
    Files.delete(repo.resolve(".gitattributes"));
    commit("no attributes");
    Path textForm = repo.resolve("my\\db.db.sql");
    Files.copy(DatabaseText.fileOf(db), textForm);
    commit("a text form named with a backslash");

    GitMergeDriver.Registration reg =
        GitMergeDriver.register(repo, textForm, javaDriver(), c -> true);

    String told = reg.attributes();
    String line = told.substring(told.indexOf("add `") + 5, told.indexOf("` to the"));
    assertEquals("/my\\\\db.db.sql text eol=lf merge=mlos-db", line);
    Files.writeString(repo.resolve(".gitattributes"), line + "\n");
    assertEquals("", GitMergeDriver.register(repo, textForm, javaDriver(), c -> true).attributes());
  }

  /**
   * A workspace an older mlos set up has no .gitattributes line for its text form: init said
   * "registered the git merge driver" and git still merged mlos.db.sql line by line (found by the
   * upgrade trial: two teammates' changes to needs 1 and 3 conflicted). Init says what to add.
   */
  @Test
  void aTextFormNoAttributeSendsToTheDriverIsNamedWithTheLineToAdd() throws Exception {
    workspace();
    Files.delete(repo.resolve(".gitattributes"));
    commit("no attributes");

    GitMergeDriver.Registration reg =
        GitMergeDriver.register(repo, DatabaseText.fileOf(db), javaDriver(), c -> true);

    assertEquals(GitMergeDriver.Outcome.REGISTERED, reg.outcome());
    String missing =
        "no .gitattributes line names the merge driver mlos-db for mlos.db.sql, so git merges the"
            + " file line by line: add `/mlos.db.sql text eol=lf merge=mlos-db` to the"
            + " .gitattributes beside it (or at the top of the repository) and commit it";
    assertEquals(missing, reg.attributes());
    // A clone whose driver is registered already is told too: the driver is still unused.
    GitMergeDriver.Registration registered =
        GitMergeDriver.register(repo, DatabaseText.fileOf(db), javaDriver(), c -> true);
    assertEquals(GitMergeDriver.Outcome.UNCHANGED, registered.outcome());
    assertEquals(missing, registered.attributes());
    Files.writeString(repo.resolve(".gitattributes"), "/mlos.db.sql text eol=lf merge=mlos-db\n");
    GitMergeDriver.Registration again =
        GitMergeDriver.register(repo, DatabaseText.fileOf(db), javaDriver(), c -> true);
    assertEquals("git merge driver mlos-db is registered", again.message());
    assertEquals("", again.attributes());
  }

  /**
   * A workspace an older mlos set up has compiled pages' lines without {@code merge=mlos-page}
   * ({@code /PROBLEM.md text eol=lf linguist-generated=true}): its clones' init registered the
   * driver and said nothing, and git went on merging pages line by line, conflicting on every page
   * both branches recompiled (tried in this session's team round). Init names the pages and the
   * lines to write, also in a clone whose drivers are registered already.
   */
  @Test
  void compiledPagesNoAttributeSendsToThePageDriverAreNamedWithTheirLines() throws Exception {
    workspace();
    Files.writeString(
        repo.resolve(".gitattributes"),
        "/mlos.db.sql text eol=lf merge=mlos-db\n"
            + "/PROBLEM.md text eol=lf linguist-generated=true\n"
            + "/needs/*-*.md text eol=lf linguist-generated=true merge=mlos-page\n"
            + "/READY.md text eol=lf linguist-generated=true\n");
    commit("older attributes");
    java.util.Map<String, String> pages = new java.util.LinkedHashMap<>();
    pages.put("PROBLEM.md", "/PROBLEM.md text eol=lf linguist-generated=true merge=mlos-page");
    pages.put("needs/x-x.md", "/needs/*-*.md text eol=lf linguist-generated=true merge=mlos-page");
    pages.put("READY.md", "/READY.md text eol=lf linguist-generated=true merge=mlos-page");

    String missing =
        "no .gitattributes line names the merge driver mlos-page for the compiled pages"
            + " /PROBLEM.md, /READY.md, so git merges them line by line and they conflict whenever"
            + " both branches recompiled them: add ` merge=mlos-page` to their lines in the"
            + " .gitattributes beside the workspace (the lines `mlos init --git` and the scaffold"
            + " write: `/PROBLEM.md text eol=lf linguist-generated=true merge=mlos-page`,"
            + " `/READY.md text eol=lf linguist-generated=true merge=mlos-page`) and commit it";
    GitMergeDriver.Registration reg =
        GitMergeDriver.register(repo, DatabaseText.fileOf(db), javaDriver(), c -> true, pages);
    assertEquals(GitMergeDriver.Outcome.REGISTERED, reg.outcome(), reg.message());
    assertEquals(missing, reg.attributes());
    GitMergeDriver.Registration again =
        GitMergeDriver.register(repo, DatabaseText.fileOf(db), javaDriver(), c -> true, pages);
    assertEquals(GitMergeDriver.Outcome.UNCHANGED, again.outcome(), again.message());
    assertEquals(missing, again.attributes());

    Files.writeString(
        repo.resolve(".gitattributes"),
        "/mlos.db.sql text eol=lf merge=mlos-db\n" + String.join("\n", pages.values()) + "\n");
    assertEquals(
        "",
        GitMergeDriver.register(repo, DatabaseText.fileOf(db), javaDriver(), c -> true, pages)
            .attributes());
  }

  /** A compiled page as a compile on one branch wrote it. */
  private void page(String text) throws IOException {
    Files.writeString(repo.resolve("PROBLEM.md"), text);
  }

  /**
   * Both branches changed rows and so recompiled PROBLEM.md: git's line merge conflicted on the
   * page (build output) in every merge. The mlos-page driver keeps ours, the text form still merges
   * row by row, and the compile after the pull rewrites the page from the merged rows.
   */
  @Test
  void aCompiledPageBothBranchesRecompiledKeepsOursWithoutAConflict() throws Exception {
    workspace();
    Files.writeString(
        repo.resolve(".gitattributes"),
        "/mlos.db.sql text eol=lf merge=mlos-db\n"
            + "/PROBLEM.md text eol=lf linguist-generated=true merge="
            + GitMergeDriver.PAGES
            + "\n");
    page("# Problem\n\n- Kernel boots\n- Packs fit\n");
    commit("pages");
    GitMergeDriver.Registration reg =
        GitMergeDriver.register(
            repo, DatabaseText.fileOf(db), javaDriver(), c -> c.contains("mlos-test-driver"));
    assertEquals(GitMergeDriver.Outcome.REGISTERED, reg.outcome(), reg.message());
    assertTrue(
        reg.message().contains("registered the git merge driver mlos-page for the compiled pages"),
        reg.message());
    assertEquals("true\n", git("config", "--get", "merge.mlos-page.driver"));
    GitMergeDriver.Registration again =
        GitMergeDriver.register(
            repo, DatabaseText.fileOf(db), javaDriver(), c -> c.contains("mlos-test-driver"));
    assertEquals(GitMergeDriver.Outcome.UNCHANGED, again.outcome(), again.message());

    checkout("checkout", "-q", "-b", "theirs");
    sql(
        "INSERT INTO needs (title, created_at, updated_at) VALUES ('Theirs need', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')");
    page("# Problem\n\n- Kernel boots\n- Packs fit\n- Theirs need\n");
    commit("theirs");
    checkout("checkout", "-q", "main");
    sql(
        "INSERT INTO needs (title, created_at, updated_at) VALUES ('Ours need', '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z')");
    String ours = "# Problem\n\n- Kernel boots\n- Packs fit\n- Ours need\n";
    page(ours);
    commit("ours");

    Ran merge = run(repo, "merge", "--no-edit", "theirs");

    assertEquals(0, merge.code(), merge.out());
    assertFalse(merge.out().contains("CONFLICT"), merge.out());
    assertEquals("", git("status", "--porcelain"), "merged and committed, nothing left over");
    assertEquals(ours, Files.readString(repo.resolve("PROBLEM.md")), "our page, as it was");
    String text = Files.readString(DatabaseText.fileOf(db));
    assertTrue(text.contains("'Ours need'") && text.contains("'Theirs need'"), text);
  }

  /**
   * A clone whose init has not run (the driver undefined in its .git/config): git merges a page
   * whose attribute names an unknown driver line by line, as it did before, and it conflicts.
   */
  @Test
  void aCloneWithoutTheDriverConflictsOnThePageAsBefore() throws Exception {
    workspace();
    Files.writeString(
        repo.resolve(".gitattributes"),
        "/mlos.db.sql text eol=lf merge=mlos-db\n/PROBLEM.md text eol=lf merge="
            + GitMergeDriver.PAGES
            + "\n");
    page("# Problem\n\n- Kernel boots\n");
    commit("pages");
    checkout("checkout", "-q", "-b", "theirs");
    page("# Problem\n\n- Kernel boots\n- Theirs need\n");
    commit("theirs");
    checkout("checkout", "-q", "main");
    page("# Problem\n\n- Kernel boots\n- Ours need\n");
    commit("ours");

    Ran merge = run(repo, "merge", "--no-edit", "theirs");

    assertEquals(1, merge.code(), merge.out());
    assertTrue(
        merge.out().contains("CONFLICT (content): Merge conflict in PROBLEM.md"), merge.out());
    assertEquals("PROBLEM.md\n", git("diff", "--name-only", "--diff-filter=U"));
  }

  /** A mlos-page driver the user defined (say, to take theirs) is kept, with a warning. */
  @Test
  void aPageDriverOfTheUsersIsKept() throws Exception {
    workspace();
    git("config", "merge.mlos-page.driver", "cp %B %A");
    GitMergeDriver.Registration reg =
        GitMergeDriver.register(
            repo, DatabaseText.fileOf(db), javaDriver(), c -> c.contains("mlos-test-driver"));
    assertEquals(GitMergeDriver.Outcome.KEPT_USERS, reg.outcome(), reg.message());
    assertTrue(
        reg.message().contains("git merge driver mlos-page is already defined as `cp %B %A`"));
    assertEquals("cp %B %A\n", git("config", "--get", "merge.mlos-page.driver"));
    assertTrue(git("config", "--get", "merge.mlos-db.driver").contains("mlos-test-driver"));
  }

  /**
   * A workspace an older {@code mvn mlos:init} set up, upgraded and then initialised by the {@code
   * mlos} command: its mlos-db driver (Maven's) is kept and mlos-page is registered. The warning
   * holds the kept driver alone; it printed as {@code warning: registered the git merge driver
   * mlos-page ...} with the kept driver's words unprefixed on the line after it.
   */
  @Test
  void aPageDriverRegisteredBesideAKeptTextDriverIsNotPartOfTheWarning() throws Exception {
    workspace();
    String maven = "mvn -q -B -N dev.mlos:mlos-maven-plugin:0.1.0:merge-db -Dmlos.mergeOurs=%A";
    git("config", "merge.mlos-db.driver", maven);

    GitMergeDriver.Registration reg =
        GitMergeDriver.register(
            repo, DatabaseText.fileOf(db), javaDriver(), c -> c.contains("mlos-test-driver"));

    assertEquals(GitMergeDriver.Outcome.KEPT_USERS, reg.outcome(), reg.message());
    assertEquals(
        "git merge driver mlos-db is already defined as `" + maven + "`",
        reg.message().substring(0, reg.message().indexOf("` (") + 1),
        reg.message());
    assertFalse(reg.message().contains("registered the git merge driver"), reg.message());
    assertFalse(reg.message().contains("\n"), reg.message());
    assertTrue(
        reg.alsoRegistered()
            .startsWith("registered the git merge driver mlos-page for the compiled pages"),
        reg.alsoRegistered());
    assertEquals("true\n", git("config", "--get", "merge.mlos-page.driver"));
    assertEquals(maven + "\n", git("config", "--get", "merge.mlos-db.driver"));
  }

  /**
   * The repro of an upgrade trial: the {@code mlos} command registered its jar's merge-db, an
   * upgrade deleted that jar, and {@code mvn mlos:init} (a launcher that does not claim the jar's
   * command) kept the driver as "works wherever that command runs", so every merge of the text form
   * failed with "Unable to access jarfile". The driver whose jar is gone is replaced, and merges.
   */
  @Test
  void theMlosCommandsDriverWhoseJarIsGoneIsReplacedAndTheMergeWorks() throws Exception {
    workspace();
    Path oldJar = dir.resolve("old mlos's/mlos.jar");
    String stale = GitMergeDriver.jarCommand(oldJar);
    assertEquals("java -jar '" + dir + "/old mlos'\\''s/mlos.jar' merge-db %O %A %B %P", stale);
    git("config", "merge.mlos-db.driver", stale);

    GitMergeDriver.Registration reg =
        GitMergeDriver.register(
            repo, DatabaseText.fileOf(db), javaDriver(), c -> c.contains("mlos-test-driver"));

    assertEquals(GitMergeDriver.Outcome.REGISTERED, reg.outcome(), reg.message());
    assertTrue(
        reg.message()
            .contains(
                "replaced the git merge driver mlos-db `"
                    + stale
                    + "`, whose jar "
                    + oldJar
                    + " no longer exists (moved or deleted, as by an upgrade of mlos): registered"
                    + " the git merge driver mlos-db"),
        reg.message());
    assertEquals(javaDriver() + "\n", git("config", "--get", "merge.mlos-db.driver"));
    checkout("checkout", "-q", "-b", "theirs");
    addNeed(db, "Theirs need");
    commit("theirs");
    checkout("checkout", "-q", "main");
    addNeed(db, "Ours need");
    commit("ours");
    Ran merge = run(repo, "merge", "--no-edit", "theirs");
    assertEquals(0, merge.code(), merge.out());
    assertFalse(merge.out().contains("jarfile"), merge.out());
  }

  /** A jar whose manifest names {@code mainClass}, as the {@code mlos} command's jar does. */
  static Path jarWithMain(Path jar, String mainClass) throws IOException {
    java.util.jar.Manifest manifest = new java.util.jar.Manifest();
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, mainClass);
    Files.createDirectories(jar.getParent());
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.putNextEntry(new java.util.zip.ZipEntry("x.txt"));
      out.closeEntry();
    }
    return jar;
  }

  /**
   * The {@code mlos} command's driver whose jar is still there merges as the registering launcher's
   * would: kept, said as an information (a team may use both launchers), not as a warning each
   * init; with when it gets replaced.
   */
  @Test
  void theMlosCommandsDriverWhoseJarExistsIsKeptAsAnInformation() throws Exception {
    workspace();
    Path jar = jarWithMain(dir.resolve("tools/mlos.jar"), "dev.mlos.cli.Main");
    String cli = GitMergeDriver.jarCommand(jar);
    git("config", "merge.mlos-db.driver", cli);

    GitMergeDriver.Registration reg =
        GitMergeDriver.register(
            repo, DatabaseText.fileOf(db), javaDriver(), c -> c.contains("mlos-test-driver"));

    assertEquals(GitMergeDriver.Outcome.KEPT_LAUNCHERS, reg.outcome(), reg.message());
    assertTrue(
        reg.message()
            .contains(
                "git merge driver mlos-db is the `mlos` command's (`"
                    + cli
                    + "`): kept, since it merges as this one does while "
                    + jar
                    + " exists (an init after that jar is moved or deleted replaces it);"
                    + " to use this one instead, `git config --unset merge.mlos-db.driver`"),
        reg.message());
    assertEquals(cli + "\n", git("config", "--get", "merge.mlos-db.driver"));

    // A relative jar is where git runs the driver: the top of the work tree.
    jarWithMain(repo.resolve("bin/mlos.jar"), "dev.mlos.cli.Main");
    git("config", "merge.mlos-db.driver", "java -jar bin/mlos.jar merge-db %O %A %B %P");
    assertEquals(
        GitMergeDriver.Outcome.KEPT_LAUNCHERS,
        GitMergeDriver.register(
                repo, DatabaseText.fileOf(db), javaDriver(), c -> c.contains("mlos-test-driver"))
            .outcome());
    Files.delete(repo.resolve("bin/mlos.jar"));
    assertEquals(
        GitMergeDriver.Outcome.REGISTERED,
        GitMergeDriver.register(
                repo, DatabaseText.fileOf(db), javaDriver(), c -> c.contains("mlos-test-driver"))
            .outcome());
  }

  /**
   * A command in the {@code mlos} command's form whose jar exists and is not mlos's (a file that is
   * no jar, a jar of another program) is the user's: kept, with a warning that names the setting
   * and what init would register.
   */
  @Test
  void aDriverInTheMlosCommandsFormWhoseJarIsNotMlossIsKeptWithAWarning() throws Exception {
    workspace();
    for (Path jar :
        List.of(
            Files.writeString(Files.createDirectories(dir.resolve("tools")).resolve("a.jar"), "x"),
            jarWithMain(dir.resolve("tools/other.jar"), "org.example.Merge"))) {
      String users = GitMergeDriver.jarCommand(jar);
      git("config", "merge.mlos-db.driver", users);

      GitMergeDriver.Registration reg =
          GitMergeDriver.register(
              repo, DatabaseText.fileOf(db), javaDriver(), c -> c.contains("mlos-test-driver"));

      assertEquals(GitMergeDriver.Outcome.KEPT_USERS, reg.outcome(), reg.message());
      assertEquals(
          "git merge driver mlos-db is already defined as `"
              + users
              + "`, whose jar "
              + jar
              + " is not the `mlos` command's (written by hand?): kept; to use this one instead,"
              + " `git config --unset merge.mlos-db.driver` and run init again (it would register `"
              + javaDriver()
              + "`)",
          reg.message());
      assertEquals(users + "\n", git("config", "--get", "merge.mlos-db.driver"));
    }
  }

  /**
   * The drivers {@code mvn mlos:init} registers (this form, an older pinned one) work wherever
   * Maven runs: another launcher (the {@code mlos} command) keeps them as an information.
   */
  @Test
  void mavensDriversAreKeptAsAnInformation() throws Exception {
    workspace();
    for (String maven :
        List.of(
            LauncherDrivers.mavenCommand("dev.mlos", "mlos-maven-plugin", "0.1.0"),
            "mvn -q -B -N dev.mlos:mlos-maven-plugin:0.1.0:merge-db -Dmlos.mergeBase=%O"
                + " -Dmlos.mergeOurs=%A -Dmlos.mergeTheirs=%B -Dmlos.mergePath=%P",
            "mvn -q -B -N -f a/pom.xml dev.mlos:mlos-maven-plugin:0.1.0:merge-db"
                + " -Dmlos.mergeBase=%O -Dmlos.mergeOurs=%A -Dmlos.mergeTheirs=%B"
                + " -Dmlos.mergePath=%P")) {
      git("config", "merge.mlos-db.driver", maven);
      GitMergeDriver.Registration reg =
          GitMergeDriver.register(
              repo, DatabaseText.fileOf(db), javaDriver(), c -> c.contains("mlos-test-driver"));
      assertEquals(GitMergeDriver.Outcome.KEPT_LAUNCHERS, reg.outcome(), maven);
      assertTrue(
          reg.message()
              .contains(
                  "git merge driver mlos-db is `mvn mlos:init`'s (`"
                      + maven
                      + "`): kept, since it merges as this one does;"),
          reg.message());
      assertEquals(maven + "\n", git("config", "--get", "merge.mlos-db.driver"));
    }
  }

  /**
   * A command of the user's that only looks like the {@code mlos} command's (another word where the
   * jar is, more arguments) is kept with today's warning, even when no such file exists.
   */
  @Test
  void aUsersJavaCommandIsKeptWhateverItsJar() throws Exception {
    workspace();
    for (String users :
        List.of(
            "java -jar $HOME/gone/mlos.jar merge-db %O %A %B %P",
            "java -jar /gone/mlos.jar --verbose merge-db %O %A %B %P",
            "java -jar '/gone/a' '/gone/b' merge-db %O %A %B %P",
            "java -jar /gone/mlos.jar merge-db %O %A %B")) {
      git("config", "merge.mlos-db.driver", users);
      GitMergeDriver.Registration reg =
          GitMergeDriver.register(
              repo, DatabaseText.fileOf(db), javaDriver(), c -> c.contains("mlos-test-driver"));
      assertEquals(GitMergeDriver.Outcome.KEPT_USERS, reg.outcome(), users + ": " + reg.message());
      assertTrue(
          reg.message()
              .contains(
                  "` (not a command an mlos launcher writes: by hand?): kept; to use this one"
                      + " instead, `git config --unset merge.mlos-db.driver` and run init again"),
          reg.message());
      assertEquals(users + "\n", git("config", "--get", "merge.mlos-db.driver"));
    }
  }
}
