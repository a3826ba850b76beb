package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlos.core.dbtext.DatabaseText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code mlos} jar as a user and a script meet it: separate {@code java -jar} processes on a
 * workspace that starts empty. Data on stdout, words on stderr, exit code 0 / 1 (refused) / 2
 * (broken or bad arguments), never a stack trace.
 */
class CliIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /**
   * A workspace compiled by the mlos command and then by mvn mlos:compile (or guarded by
   * mlos:guard) must not look compiled by another mlos, which renders every page again: the
   * command's one jar fingerprints mlos-core as mlos-core's own jar does under Maven.
   */
  @Test
  void theCommandsJarFingerprintsMlosCoreAsMlosCoresOwnJarDoes() throws Exception {
    Path core =
        Path.of(
            dev.mlos.core.compile.Compiler.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isRegularFile(core), "mlos-core is a class directory here, not the jar Maven uses");
    assertEquals(
        dev.mlos.core.hash.CodeFingerprint.ofJar(core, "dev/mlos/core/"),
        dev.mlos.core.hash.CodeFingerprint.ofJar(MlosJar.jar(), "dev/mlos/core/"));
  }

  @Test
  void aWholeStoryFromAnEmptyWorkspaceToAResolvedNeed() throws Exception {
    Path ws = dir.resolve("ws");
    MlosJar.Run init = ok(dir, "init", "--workspace", ws.toString());
    assertTrue(Files.isRegularFile(ws.resolve("mlos.yaml")), init.toString());
    assertTrue(Files.isRegularFile(ws.resolve("mlos.db")), init.toString());

    long agent = json(ok(ws, "agent", "register", "architect", "--json")).get("id").asLong();
    long other = json(ok(ws, "agent", "register", "reviewer", "--json")).get("id").asLong();

    JsonNode need =
        json(
            ok(
                ws,
                "need",
                "create",
                "Kernel boots",
                "--priority",
                "2",
                "--scope",
                "kernel",
                "--tag",
                "kernel,boot",
                "--as",
                "alice",
                "--json"));
    long needId = need.get("id").asLong();
    assertEquals("identified", need.get("status").asText());
    assertEquals("[\"boot\",\"kernel\"]", need.get("tags").toString(), "tags stored sorted");
    assertEquals(2, need.get("priority").asInt());

    ok(ws, "need", "move", Long.toString(needId), "active", "--as", "alice");
    JsonNode actionable =
        json(
            ok(
                ws,
                "need",
                "move",
                Long.toString(needId),
                "actionable",
                "--as",
                "alice",
                "--reason",
                "scoped in planning",
                "--json"));
    assertEquals("actionable", actionable.get("status").asText());

    JsonNode ready = json(ok(ws, "ready", "--json"));
    assertEquals(1, ready.get("total").asInt(), ready.toString());
    assertEquals("need", ready.get("items").get(0).get("kind").asText());

    JsonNode graduated =
        json(
            ok(
                ws,
                "need",
                "graduate",
                Long.toString(needId),
                "--task",
                "Write the boot loader",
                "--task-priority",
                "1",
                "--task",
                "Test it on hardware",
                "--json"));
    JsonNode tasks = graduated.get("tasks");
    assertEquals(2, tasks.size());
    assertEquals(1, tasks.get(0).get("priority").asInt());
    assertEquals(
        2, tasks.get(1).get("priority").asInt(), "a task without a priority takes its need's");
    long t1 = tasks.get(0).get("id").asLong();
    long t2 = tasks.get(1).get("id").asLong();

    ok(ws, "task", "claim", Long.toString(t1), "--agent", Long.toString(agent));
    MlosJar.Run taken =
        MlosJar.run(ws, "task", "claim", Long.toString(t1), "--agent", Long.toString(other));
    assertEquals(Main.REFUSED, taken.exitCode(), taken.toString());
    assertTrue(taken.stderr().contains("already claimed by agent " + agent), taken.toString());
    assertEquals("", taken.stdout(), "a refusal prints no data");
    clean(taken);

    ok(ws, "task", "start", Long.toString(t1), "--agent", Long.toString(agent));
    assertEquals(
        "in_progress",
        json(ok(ws, "need", "show", Long.toString(needId), "--json")).get("status").asText(),
        "the first started task moves its need");
    ok(
        ws,
        "task",
        "complete",
        Long.toString(t1),
        "--agent",
        Long.toString(agent),
        "--result",
        "boots in 2 s");
    ok(ws, "task", "claim", Long.toString(t2), "--agent", Long.toString(other));
    JsonNode done =
        json(
            ok(
                ws,
                "task",
                "complete",
                Long.toString(t2),
                "--agent",
                Long.toString(other),
                "--json"));
    assertEquals("completed", done.get("status").asText());

    JsonNode shown = json(ok(ws, "need", "show", Long.toString(needId), "--json"));
    assertEquals("resolved", shown.get("status").asText(), shown.toString());

    // A refused move names the rule and the statuses that are allowed.
    MlosJar.Run back = MlosJar.run(ws, "need", "move", Long.toString(needId), "identified");
    assertEquals(Main.REFUSED, back.exitCode(), back.toString());
    assertTrue(back.stderr().startsWith("refused (need.lifecycle): "), back.toString());
    clean(back);
    long second = json(ok(ws, "need", "create", "Second need", "--json")).get("id").asLong();
    MlosJar.Run skip = MlosJar.run(ws, "need", "move", Long.toString(second), "resolved");
    assertEquals(Main.REFUSED, skip.exitCode(), skip.toString());
    assertTrue(skip.stderr().contains("\n  allowed: "), skip.toString());
    assertTrue(skip.stderr().contains("active"), "identified may move to active: " + skip);
    clean(skip);

    // Who changed the need and why: one command.
    JsonNode history = json(ok(ws, "history", "need:" + needId, "--json")).get("history");
    assertEquals("person:alice", history.get(0).get("actor").asText(), history.toString());
    boolean reasoned = false;
    for (JsonNode h : history) {
      reasoned |= "scoped in planning".equals(h.get("reason").asText(null));
    }
    assertTrue(reasoned, history.toString());

    JsonNode hits = json(ok(ws, "search", "boot loader", "--json"));
    assertEquals(1, hits.get("total").asInt(), hits.toString());
    assertEquals("task", hits.get("hits").get(0).get("kind").asText());

    // The files follow, without Maven: compile, then guard.
    ok(ws, "compile");
    String problem = Files.readString(ws.resolve("PROBLEM.md"));
    assertTrue(problem.contains("Second need"), problem);
    assertFalse(problem.contains("Kernel boots"), "a resolved need is not an open one: " + problem);
    try (var pages = Files.list(ws.resolve("needs"))) {
      assertEquals(2, pages.count());
    }
    // Quiet by default; --verbose says why nothing was rendered, in this command's words.
    MlosJar.Run again = ok(ws, "compile", "--verbose");
    assertTrue(
        again.stderr().contains("info: Nothing changed since the last compile")
            && again.stderr().contains("`mlos compile --full` renders every page anyway"),
        again.toString());
    assertTrue(again.stdout().contains("0 written"), again.toString());
    MlosJar.Run guarded = ok(ws, "guard");
    MlosJar.Run told = ok(ws, "guard", "--verbose");
    assertTrue(
        told.stderr().contains("info: nothing changed since the last compile, so no page is stale"),
        told.toString());
    assertTrue(guarded.stdout().contains("no violations"), guarded.toString());
    assertEquals(
        "",
        again
            .stderr()
            .lines()
            .filter(l -> !l.startsWith("info: "))
            .collect(java.util.stream.Collectors.joining("\n")),
        again.toString());
    assertEquals("", guarded.stderr(), guarded.toString());
    Files.writeString(ws.resolve("PROBLEM.md"), problem.replace("Second need", "Edited by hand"));
    MlosJar.Run edited = MlosJar.run(ws, "guard");
    assertEquals(Main.REFUSED, edited.exitCode(), edited.toString());
    assertTrue(edited.stderr().contains("PROBLEM.md"), edited.toString());
    // The fix is in this command's words, not the Maven plugin's.
    assertTrue(edited.stderr().contains("then run `mlos compile`"), edited.toString());
    assertFalse(edited.stderr().contains("mvn"), edited.toString());
    clean(edited);
  }

  @Test
  void aPulledTextFormIsMergedWithInitPullTextBeforeTheNextCompile() throws Exception {
    // A workspace that keeps its database in git as mlos.db.sql, and a teammate's clone of it.
    Path mine = dir.resolve("mine");
    ok(dir, "init", "--workspace", mine.toString());
    Files.writeString(mine.resolve("mlos.db.sql"), DatabaseText.HEADER + "\n");
    ok(mine, "need", "create", "Shared need", "--as", "alice");
    ok(mine, "compile");
    Path theirs = dir.resolve("theirs");
    copyTree(mine, theirs);
    ok(theirs, "need", "create", "Their need", "--as", "bob");
    ok(theirs, "need", "update", "1", "--title", "Shared need, renamed by bob", "--as", "bob");
    ok(theirs, "compile");

    // git pull: their committed files (text form and compiled pages) arrive while my database has
    // a change of its own.
    ok(mine, "need", "create", "My need", "--as", "alice");
    pull(theirs, mine);
    byte[] pulled = Files.readAllBytes(mine.resolve("mlos.db.sql"));

    MlosJar.Run refused = MlosJar.run(mine, "compile");
    assertEquals(Main.REFUSED, refused.exitCode(), refused.toString());
    assertTrue(refused.stderr().contains("refused (dbtext.not_pulled)"), refused.toString());
    assertTrue(refused.stderr().contains("`mlos init --pull-text`"), refused.toString());
    assertFalse(refused.stderr().contains("mvn"), refused.toString());
    clean(refused);
    assertTrue(
        java.util.Arrays.equals(pulled, Files.readAllBytes(mine.resolve("mlos.db.sql"))),
        "the pulled text form is not overwritten");

    ok(mine, "init", "--pull-text");
    ok(mine, "compile");
    List<String> titles = new java.util.ArrayList<>();
    for (JsonNode n : json(ok(mine, "search", "need", "--kind", "need", "--json")).get("hits")) {
      titles.add(n.get("title").asText());
    }
    java.util.Collections.sort(titles);
    assertEquals(List.of("My need", "Shared need, renamed by bob", "Their need"), titles);
    ok(mine, "guard");

    // Both sides rename the same need differently: a conflict, refused, nothing changed.
    copyTree(mine, theirs);
    ok(theirs, "need", "update", "1", "--title", "Bob's title", "--as", "bob");
    ok(theirs, "compile");
    ok(mine, "need", "update", "1", "--title", "Alice's title", "--as", "alice");
    pull(theirs, mine);
    MlosJar.Run conflict = MlosJar.run(mine, "init", "--pull-text");
    assertEquals(Main.REFUSED, conflict.exitCode(), conflict.toString());
    assertTrue(conflict.stderr().contains("refused (dbtext.pull_conflict)"), conflict.toString());
    clean(conflict);
    assertEquals(
        "Alice's title", json(ok(mine, "need", "show", "1", "--json")).get("title").asText());
  }

  /**
   * After an upgrade: a driver an older {@code mlos} command registered for a jar that is gone is
   * replaced by this jar's; one {@code mvn mlos:init} registered is kept (it works wherever Maven
   * runs), with the warning that says so.
   */
  @Test
  void initReplacesAStaleDriverOfTheMlosCommandAndKeepsMavens() throws Exception {
    Path a = dir.resolve("a");
    ok(dir, "init", "--workspace", a.toString());
    git(a, "init", "-q");
    Files.writeString(a.resolve("mlos.db.sql"), DatabaseText.HEADER + "\n");
    Files.writeString(a.resolve(".gitattributes"), "mlos.db.sql text eol=lf merge=mlos-db\n");
    git(a, "add", "mlos.db.sql", ".gitattributes");
    git(a, "commit", "-q", "-m", "workspace");
    String stale = "java -jar " + dir.resolve("old/mlos.jar") + " merge-db %O %A %B %P";
    git(a, "config", "merge.mlos-db.driver", stale);

    MlosJar.Run replaced = ok(a, "init");

    assertTrue(
        replaced.stdout().contains("registered the git merge driver mlos-db"), replaced.toString());
    String now = git(a, "config", "--get", "merge.mlos-db.driver");
    assertTrue(now.startsWith("java -jar ") && !now.equals(stale), now);
    assertTrue(
        Files.isRegularFile(dev.mlos.core.dbtext.GitMergeDriver.jarOf(now)), "this jar: " + now);

    String maven =
        "mvn -q -B -N dev.mlos:mlos-maven-plugin:0.1.0:merge-db -Dmlos.mergeBase=%O"
            + " -Dmlos.mergeOurs=%A -Dmlos.mergeTheirs=%B -Dmlos.mergePath=%P";
    git(a, "config", "merge.mlos-db.driver", maven);
    MlosJar.Run kept = ok(a, "init");
    // A team using both launchers: Maven's driver works, so it is said on stdout, not warned.
    assertTrue(
        kept.stdout().contains("git merge driver mlos-db is `mvn mlos:init`'s (`" + maven + "`)"),
        kept.toString());
    assertFalse(kept.stderr().contains("git merge driver mlos-db"), kept.toString());
    assertEquals(maven, git(a, "config", "--get", "merge.mlos-db.driver"));
  }

  /**
   * A driver the user wrote in the {@code mlos} command's words (their own jar, a shell variable)
   * was taken for the command's own and replaced without a word: it is kept, with a warning that
   * names the setting and what init would register.
   */
  @Test
  void initKeepsAUsersJavaJarDriverWithAWarning() throws Exception {
    Path a = dir.resolve("a");
    ok(dir, "init", "--workspace", a.toString());
    git(a, "init", "-q");
    Files.writeString(a.resolve("mlos.db.sql"), DatabaseText.HEADER + "\n");
    Files.writeString(a.resolve(".gitattributes"), "mlos.db.sql text eol=lf merge=mlos-db\n");
    git(a, "add", "mlos.db.sql", ".gitattributes");
    git(a, "commit", "-q", "-m", "workspace");
    Path other =
        Files.writeString(
            Files.createDirectories(dir.resolve("tools")).resolve("other.jar"), "not mlos");
    for (String users :
        List.of(
            "java -jar \"$HOME/mlos.jar\" merge-db %O %A %B %P",
            "java -jar " + other + " merge-db %O %A %B %P")) {
      git(a, "config", "merge.mlos-db.driver", users);

      MlosJar.Run kept = ok(a, "init");

      assertTrue(
          kept.stderr()
              .contains("warning: git merge driver mlos-db is already defined as `" + users + "`"),
          kept.toString());
      assertTrue(
          kept.stderr().contains("`git config --unset merge.mlos-db.driver` and run init again"),
          kept.toString());
      assertEquals(users, git(a, "config", "--get", "merge.mlos-db.driver"));
    }
  }

  @Test
  void twoClonesMergeTheirTextFormsThroughTheMergeDriverMlosInitRegisters() throws Exception {
    Path a = dir.resolve("a");
    ok(dir, "init", "--workspace", a.toString());
    git(a, "init", "-q");
    Files.writeString(a.resolve("mlos.db.sql"), DatabaseText.HEADER + "\n");
    Files.writeString(a.resolve(".gitattributes"), "mlos.db.sql text eol=lf merge=mlos-db\n");
    // The scaffold's lines; the compiled pages are left out of git here: this story is about rows.
    Files.writeString(
        a.resolve(".gitignore"),
        "target/\nmlos.db\nmlos.db-journal\nmlos.db-wal\nmlos.db-shm\nmlos.db.backup-*\n"
            + "mlos.db.sql.base\n*.md\nneeds/\ncontext/\n");
    ok(a, "need", "create", "Shared need", "--as", "alice");
    ok(a, "compile");
    git(a, "add", "-A");
    git(a, "commit", "-q", "-m", "workspace");

    // Each clone's init registers the driver (git does not clone .git/config).
    MlosJar.Run registered = ok(a, "init");
    assertTrue(
        registered.stdout().contains("registered the git merge driver mlos-db"),
        registered.toString());
    assertTrue(
        git(a, "config", "--get", "merge.mlos-db.driver").startsWith("java -jar "),
        "the driver runs this jar's merge-db");
    Path b = dir.resolve("b");
    git(dir, "clone", "-q", a.toString(), b.toString());
    MlosJar.Run cloned = ok(b, "init");
    assertTrue(Files.isRegularFile(b.resolve("mlos.db")), "rebuilt from mlos.db.sql: " + cloned);
    assertTrue(cloned.stdout().contains("registered the git merge driver"), cloned.toString());

    // Both clones add a need (the same id, 2, on each side) and commit.
    ok(b, "need", "create", "Bob's need", "--as", "bob");
    ok(b, "compile");
    git(b, "commit", "-q", "-am", "bob");
    ok(a, "need", "create", "Alice's need", "--as", "alice");
    ok(a, "compile");
    git(a, "commit", "-q", "-am", "alice");

    git(a, "fetch", "-q", b.toString());
    git(a, "merge", "-q", "--no-edit", "FETCH_HEAD");
    String merged = Files.readString(a.resolve("mlos.db.sql"));
    assertFalse(merged.contains("<<<<<<<"), merged);
    assertTrue(merged.contains("'Bob''s need'") && merged.contains("'Alice''s need'"));

    MlosJar.Run refused = MlosJar.run(a, "compile");
    assertEquals(Main.REFUSED, refused.exitCode(), refused.toString());
    // The pull tells per table what it took; Alice's need (compiled, merged) is not among them.
    JsonNode pulledRows = json(ok(a, "init", "--pull-text", "--json"));
    assertTrue(
        pulledRows
            .get("actions")
            .toString()
            .contains("Table needs: 1 row added from the pulled file (3)\""),
        pulledRows.toString());
    JsonNode needs = null;
    for (JsonNode t : pulledRows.get("tables")) {
      needs = t.get("table").asText().equals("needs") ? t : needs;
    }
    assertEquals("[\"3\"]", needs.get("added").get("keys").toString(), pulledRows.toString());
    assertEquals(0, needs.get("removed").get("count").asLong(), pulledRows.toString());
    ok(a, "compile");
    List<String> titles = new java.util.ArrayList<>();
    for (JsonNode n : json(ok(a, "search", "need", "--kind", "need", "--json")).get("hits")) {
      titles.add(n.get("id").asText() + " " + n.get("title").asText());
    }
    java.util.Collections.sort(titles);
    assertEquals(List.of("1 Shared need", "2 Alice's need", "3 Bob's need"), titles);
  }

  /**
   * README's quick start is {@code mlos init}; in a git repository the next {@code git add -A}
   * committed the binary database (which git cannot merge: a teammate's rows were lost in the first
   * merge) and no text form, and nothing said so: the recipe was in docs/cli.md under merge-db.
   * Init now says so, and {@code mlos init --git} writes the scaffold's git files.
   */
  @Test
  void initInAGitRepositorySaysHowToKeepTheDatabaseInGitAndGitWritesTheFiles() throws Exception {
    Path a = Files.createDirectories(dir.resolve("lab"));
    git(a, "init", "-q");
    MlosJar.Run first = ok(a, "init");
    assertTrue(
        first.stderr().contains("To keep it in git, run `mlos init --git`"), first.toString());

    MlosJar.Run withGit = ok(a, "init", "--git");
    assertTrue(withGit.stdout().contains("\nWrote .gitignore\n"), withGit.toString());
    assertTrue(withGit.stdout().contains("\nWrote mlos.db.sql\n"), withGit.toString());
    assertFalse(withGit.stderr().contains("note:"), withGit.toString());
    ok(a, "need", "create", "Frozen test split", "--as", "omar");
    ok(a, "compile");
    git(a, "add", "-A");
    git(a, "commit", "-q", "-m", "lab");
    List<String> tracked = git(a, "ls-files").lines().toList();
    assertTrue(tracked.contains("mlos.db.sql"), tracked.toString());
    assertFalse(tracked.contains("mlos.db"), "the binary database stays out: " + tracked);
    MlosJar.Run registered = ok(a, "init");
    assertTrue(
        registered.stdout().contains("registered the git merge driver mlos-db"),
        "init after the first commit registers the driver");
    // The compiled pages' lines name the driver that keeps ours, and init registers it too.
    assertTrue(
        Files.readString(a.resolve(".gitattributes"))
            .contains("\n/PROBLEM.md text eol=lf linguist-generated=true merge=mlos-page\n"),
        Files.readString(a.resolve(".gitattributes")));
    assertTrue(
        registered.stdout().contains("registered the git merge driver mlos-page"),
        registered.toString());
    assertEquals("true", git(a, "config", "--get", "merge.mlos-page.driver"));

    Path b = dir.resolve("lab-b");
    git(dir, "clone", "-q", a.toString(), b.toString());
    MlosJar.Run cloned = ok(b, "init");
    assertFalse(cloned.stderr().contains("warning:"), cloned.toString());
    assertTrue(
        ok(b, "need", "show", "1").stdout().contains("Frozen test split"),
        "a clone rebuilds the database from the text form");

    // A workspace an older mlos set up: its pages' lines lack merge=mlos-page, so git merges them
    // line by line whatever init registered. Init in a clone says so, with the line to write.
    Path attributes = b.resolve(".gitattributes");
    Files.writeString(attributes, Files.readString(attributes).replace(" merge=mlos-page", ""));
    git(b, "commit", "-q", "-am", "older attributes");
    MlosJar.Run older = ok(b, "init");
    assertTrue(
        older
            .stderr()
            .contains(
                "warning: no .gitattributes line names the merge driver mlos-page for the compiled"
                    + " pages /PROBLEM.md, "),
        older.toString());
    assertTrue(
        older
            .stderr()
            .contains("`/PROBLEM.md text eol=lf linguist-generated=true merge=mlos-page`"),
        older.toString());
  }

  /**
   * mlos import takes paths from the workspace root, as mvn mlos:import does: run in a
   * subdirectory, {@code mlos import .} would have imported the whole workspace. It is refused
   * there with the paths that name what was meant, which work as printed.
   */
  @Test
  void importInASubdirectoryIsRefusedWithThePathsFromTheRoot() throws Exception {
    Path ws = dir.resolve("ws");
    ok(dir, "init", "--workspace", ws.toString());
    Path notes = Files.createDirectories(ws.resolve("notes/2026"));
    Files.writeString(notes.resolve("sync.md"), "# Weekly sync\n");
    Files.writeString(ws.resolve("README.md"), "# Lab\n");

    MlosJar.Run here = MlosJar.run(ws.resolve("notes"), "import", ".");

    assertEquals(Main.BROKEN, here.exitCode(), here.toString());
    clean(here);
    String root = ws.toRealPath().toString();
    assertTrue(
        here.stderr()
            .contains(
                "fix: name them from the root, and the root: `mlos import --workspace "
                    + root
                    + " notes`"),
        here.toString());
    assertTrue(
        ok(ws.resolve("notes"), "import", "--workspace", root, "notes")
            .stdout()
            .contains("Registered notes/2026/sync.md"),
        "the fix works as printed");
    assertFalse(
        ok(ws, "search", "Lab", "--kind", "artifact").stdout().contains("README.md"),
        "nothing else was imported");
  }

  /**
   * A path from the root typed in a subdirectory (the guard's fix, {@code mlos import 'notes/a
   * b.md'}, pasted where the user stood) is refused there, and the refusal's fix named it from the
   * subdirectory, {@code 'notes/notes/a b.md'}, which does not exist: two fixes, neither worked. A
   * path that names a file only from the root is now named as typed.
   */
  @Test
  void aPathFromTheRootTypedInASubdirectoryIsRefusedWithAFixThatWorks() throws Exception {
    Path ws = dir.resolve("ws");
    ok(dir, "init", "--workspace", ws.toString());
    Path notes = Files.createDirectories(ws.resolve("notes"));
    Files.writeString(notes.resolve("a b.md"), "# A b\n");

    MlosJar.Run here = MlosJar.run(notes, "import", "notes/a b.md");

    assertEquals(Main.BROKEN, here.exitCode(), here.toString());
    String root = ws.toRealPath().toString();
    assertTrue(
        here.stderr()
            .contains(
                "fix: name them from the root, and the root: `mlos import --workspace "
                    + root
                    + " 'notes/a b.md'`"),
        here.toString());
    assertTrue(
        ok(notes, "import", "--workspace", root, "notes/a b.md")
            .stdout()
            .contains("Registered notes/a b.md"),
        "the fix works as printed");
  }

  /**
   * In a subdirectory whose name starts with '-', the path that works starts with it too: the fix
   * printed `mlos artifact register -notes/y.md`, which picocli reads as an option (exit 2).
   */
  @Test
  void anArtifactNamedFromASubdirectoryStartingWithADashHasAFixThatWorks() throws Exception {
    Path ws = dir.resolve("ws");
    ok(dir, "init", "--workspace", ws.toString());
    Path notes = Files.createDirectories(ws.resolve("-notes"));
    Files.writeString(notes.resolve("y.md"), "# Y\n");

    MlosJar.Run here = MlosJar.run(notes, "artifact", "register", "y.md");

    assertEquals(Main.REFUSED, here.exitCode(), here.toString());
    assertTrue(
        here.stderr().contains("run `mlos artifact register -- -notes/y.md`"), here.toString());
    assertTrue(
        ok(notes, "artifact", "register", "--", "-notes/y.md").stdout().contains("-notes/y.md"),
        "the fix works as printed");
  }

  /**
   * In docs/, registering a file named with a backslash (a\\b.md, which Linux allows) was refused
   * with the fix to run `mlos artifact register docs/a/b.md`: another file, which that fix
   * registered. The fix now says to rename the file, as no path with a backslash can be registered.
   */
  @Test
  void aFileNamedWithABackslashInASubdirectoryIsNotTakenForAnother() throws Exception {
    Path ws = dir.resolve("ws");
    ok(dir, "init", "--workspace", ws.toString());
    Path docs = Files.createDirectories(ws.resolve("docs/a"));
    Files.writeString(ws.resolve("docs/a\\b.md"), "# named with a backslash\n");
    Files.writeString(ws.resolve("docs/a/b.md"), "# another file\n");

    MlosJar.Run here = MlosJar.run(ws.resolve("docs"), "artifact", "register", "a\\b.md");

    assertEquals(Main.REFUSED, here.exitCode(), here.toString());
    assertFalse(here.stderr().contains("docs/a/b.md"), here.toString());
    assertTrue(
        here.stderr()
            .contains(
                "fix: rename 'docs/a\\b.md' so that its name holds no backslash (mlos takes none"
                    + " in a path), then register it by its new path"),
        here.toString());
    assertFalse(here.stderr().contains("use '/' as the separator"), here.toString());
    assertTrue(
        here.stderr()
            .contains(
                "'docs/a\\b.md' names a file of the workspace whose own name holds a backslash"),
        here.toString());
    MlosJar.Run none = MlosJar.run(ws, "artifact", "show", "1");
    assertEquals(Main.REFUSED, none.exitCode(), "nothing registered: " + none);

    // The import, from the same subdirectory: the rename at once, not first the path from the
    // root (which the import then refuses with the rename).
    MlosJar.Run imported = MlosJar.run(ws.resolve("docs"), "import", "a\\b.md");
    assertEquals(Main.BROKEN, imported.exitCode(), imported.toString());
    assertFalse(imported.stderr().contains("--workspace"), imported.toString());
    assertFalse(imported.stderr().contains("use '/' as the separator"), imported.toString());
    assertTrue(
        imported
            .stderr()
            .contains(
                "fix: rename 'docs/a\\b.md' so that its name holds no backslash (mlos takes none"
                    + " in a path), then import it by its new path"),
        imported.toString());
    assertEquals(Main.REFUSED, MlosJar.run(ws, "artifact", "show", "1").exitCode());
  }

  /**
   * The guard's fix for a record file whose path holds a backtick (data/a`b.yaml) read "run `mlos
   * import 'data/a`b.yaml'`, then ...": the path's backtick closed the command in the middle. Such
   * a command is set off as Markdown does (`` mlos import 'data/a`b.yaml' ``), and pasted into bash
   * as it stands between those marks it imports the file, after which the guard passes.
   */
  @Test
  void aGuardFixNamingAPathWithABacktickWorksPastedIntoBash() throws Exception {
    Path ws = dir.resolve("ws");
    ok(dir, "init", "--pack", "agentos-graph", "--workspace", ws.toString());
    Files.createDirectories(ws.resolve("shapes"));
    Files.writeString(
        ws.resolve("shapes/tag.yaml"), "name: tag\nfields: { name: string }\nidentity: [name]\n");
    Files.createDirectories(ws.resolve("data"));
    Path file = ws.resolve("data/a`b.yaml");
    Files.writeString(file, "- _shape: tag\n  name: stoicism\n");
    ok(ws, "import", "data/a`b.yaml");
    ok(ws, "compile");
    Files.writeString(file, "- _shape: tag\n  name: stoicism\n- _shape: tag\n  name: virtue\n");

    MlosJar.Run guard = MlosJar.run(ws, "guard");

    assertEquals(Main.REFUSED, guard.exitCode(), guard.toString());
    String fix =
        guard.stderr().lines().filter(l -> l.contains("mlos import")).findFirst().orElseThrow();
    assertTrue(fix.contains("run `` mlos import 'data/a`b.yaml' ``, then `mlos compile`"), fix);
    String command = fix.substring(fix.indexOf("`` ") + 3, fix.indexOf(" ``", fix.indexOf("`` ")));
    // `mlos` on the PATH, as a user has it: the jar under test.
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path mlos = bin.resolve("mlos");
    Files.writeString(
        mlos,
        "#!/bin/sh\nexec "
            + String.join(
                " ",
                MlosJar.command().stream().map(w -> "'" + w.replace("'", "'\\''") + "'").toList())
            + " \"$@\"\n");
    assertTrue(mlos.toFile().setExecutable(true));
    ProcessBuilder bash = new ProcessBuilder("bash", "-c", command).directory(ws.toFile());
    bash.environment().put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
    Process p = bash.redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), command);
    assertEquals(0, p.exitValue(), command + "\n" + out);
    ok(ws, "compile");
    assertEquals(0, MlosJar.run(ws, "guard").exitCode(), "the fix did what it says");
  }

  /**
   * mlos check-text as CI runs it, on a workspace in a subdirectory of its repository: a need line
   * removed by hand while another need names it as its parent is refused, naming the file by its
   * path in the repository, the trigger's message and where the line was; changes made with mlos
   * pass silently; a base that is no revision exits 2.
   */
  @Test
  void checkTextRefusesAHandEditThatBreaksARuleAndPassesChangesMadeWithMlos() throws Exception {
    Path ws = dir.resolve("ws");
    ok(dir, "init", "--workspace", ws.toString());
    Files.writeString(ws.resolve("mlos.db.sql"), DatabaseText.HEADER + "\n");
    ok(ws, "need", "create", "Parent need");
    ok(ws, "need", "create", "Child need", "--parent", "1");
    ok(ws, "compile");
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "base");

    ok(ws, "need", "create", "Third need", "--parent", "1");
    ok(ws, "compile");
    MlosJar.Run passed = ok(ws, "check-text", "--base", "main");
    assertEquals("", passed.stdout() + passed.stderr(), passed.toString());

    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(ws.resolve("mlos.db.sql")));
    int at = 0;
    while (!lines.get(at).startsWith("INSERT INTO \"needs\" VALUES(1,")) {
      at++;
    }
    lines.remove(at);
    Files.write(ws.resolve("mlos.db.sql"), lines);

    MlosJar.Run refused = MlosJar.run(ws, "check-text", "--base", "main");
    assertEquals(Main.REFUSED, refused.exitCode(), refused.toString());
    List<String> err = refused.stderr().lines().toList();
    assertEquals(
        "ws/mlos.db.sql: need: it is the parent of other needs; give them another parent (or none)"
            + " first (needs 1 removed by hand since main, line "
            + (at + 1)
            + " there)",
        err.get(0),
        refused.toString());
    assertEquals(
        "  fix: put back the row's line "
            + (at + 1)
            + " of `git show main:ws/mlos.db.sql` (it was removed by hand), then remove the row"
            + " with mlos, as the rules allow",
        err.get(1),
        refused.toString());
    assertTrue(
        err.get(2).startsWith("refused (dbtext.hand_edit_breaks_rule): 1 of the"),
        refused.toString());
    clean(refused);

    MlosJar.Run bad = MlosJar.run(ws, "check-text", "--base", "no/such/branch");
    assertEquals(Main.BROKEN, bad.exitCode(), bad.toString());
    assertTrue(
        bad.stderr().startsWith("error: --base 'no/such/branch' names no commit"), bad.toString());
    clean(bad);
  }

  /** Runs git in {@code dir}; its stdout, or an assertion error with its output. */
  private static String git(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of("-c", "user.name=mlos test", "-c", "user.email=test@mlos.invalid"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "git " + args[0]);
    assertEquals(0, p.exitValue(), "git " + String.join(" ", args) + "\n" + out);
    return out.strip();
  }

  /**
   * What a git pull does to a workspace: its committed files (everything but the database and the
   * build directory) become the other clone's.
   */
  private static void pull(Path from, Path to) throws java.io.IOException {
    java.util.function.Predicate<Path> committed =
        rel -> {
          String name = rel.getFileName().toString();
          return !rel.startsWith("target")
              && (!name.startsWith("mlos.db") || name.equals("mlos.db.sql"));
        };
    try (var walk = Files.walk(to)) {
      for (Path p : walk.toList()) {
        if (Files.isRegularFile(p) && committed.test(to.relativize(p))) {
          Files.delete(p);
        }
      }
    }
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path rel = from.relativize(p);
        if (Files.isRegularFile(p) && committed.test(rel)) {
          Path target = to.resolve(rel.toString());
          Files.createDirectories(target.getParent());
          Files.copy(p, target);
        }
      }
    }
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    if (Files.exists(to)) {
      try (var walk = Files.walk(to)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  @Test
  void brokenSetupAndBadArgumentsExitWithTwoAndSayWhatToDo() throws Exception {
    MlosJar.Run noWorkspace = MlosJar.run(dir, "ready");
    assertEquals(Main.BROKEN, noWorkspace.exitCode(), noWorkspace.toString());
    assertTrue(noWorkspace.stderr().contains("No workspace"), noWorkspace.toString());
    assertTrue(noWorkspace.stderr().contains("mlos init"), noWorkspace.toString());
    assertEquals("", noWorkspace.stdout());
    clean(noWorkspace);

    Files.writeString(dir.resolve("mlos.yaml"), "database: data/state.db\n");
    Files.createDirectories(dir.resolve("sub/deeper"));
    MlosJar.Run noDatabase = MlosJar.run(dir.resolve("sub/deeper"), "need", "show", "1");
    assertEquals(Main.BROKEN, noDatabase.exitCode(), noDatabase.toString());
    assertTrue(noDatabase.stderr().contains("No database"), noDatabase.toString());
    assertTrue(
        noDatabase.stderr().contains(dir.resolve("data/state.db").toString()),
        "the workspace is found upwards and its database: setting is used: " + noDatabase);
    clean(noDatabase);

    MlosJar.Run badOption = MlosJar.run(dir, "need", "create", "--priority", "high");
    assertEquals(Main.BROKEN, badOption.exitCode(), badOption.toString());
    assertTrue(badOption.stderr().contains("--priority"), badOption.toString());
    assertTrue(badOption.stderr().contains("mlos need create --help"), badOption.toString());
    clean(badOption);
  }

  @Test
  void aMissingStaleOrBrokenStartUpArchiveIsIgnoredAndStdoutStaysClean() throws Exception {
    assertTrue(Files.isRegularFile(MlosJar.archive()), "the build writes " + MlosJar.archive());
    Path garbage = Files.writeString(dir.resolve("garbage.jsa"), "not an archive");
    // An archive of another jar (a copy elsewhere): the JVM refuses it as not matching.
    Path other = Files.copy(MlosJar.jar(), dir.resolve("other.jar"));
    Path otherArchive = dir.resolve("other.jsa");
    Process dump =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ArchiveClassesAtExit=" + otherArchive,
                "-jar",
                other.toString(),
                "--version")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertTrue(dump.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    Files.delete(other);
    String version = MlosJar.runWith(List.of(), dir, "--version").stdout();
    assertTrue(version.startsWith("mlos "), version);
    for (Path archive :
        List.of(dir.resolve("missing.jsa"), garbage, otherArchive, MlosJar.archive())) {
      MlosJar.Run run =
          MlosJar.runWith(List.of("-XX:SharedArchiveFile=" + archive), dir, "--version");
      assertEquals(Main.OK, run.exitCode(), archive + ": " + run);
      assertEquals(version, run.stdout(), archive + ": only the version on stdout");
    }
  }

  @Test
  void helpAtTheTopAndInsideACommandGroup() {
    MlosJar.Run top = MlosJar.run(dir, "--help");
    assertEquals(Main.OK, top.exitCode(), top.toString());
    assertTrue(top.stdout().startsWith("Usage: mlos"), top.toString());
    for (String group :
        new String[] {
          "need", "task", "agent", "artifact", "relate", "ready", "search", "history", "mcp"
        }) {
      assertTrue(top.stdout().contains("\n  " + group + " "), group + " listed: " + top);
    }
    MlosJar.Run graduate = MlosJar.run(dir, "need", "graduate", "--help");
    assertEquals(Main.OK, graduate.exitCode(), graduate.toString());
    assertTrue(graduate.stdout().contains("--task-priority"), graduate.toString());
  }

  /**
   * A new user in a subdirectory of the workspace registers a file by its name there; paths are
   * relative to the workspace root, so it is refused, and the refusal now gives the path that works
   * (it only said the file does not exist).
   */
  @Test
  void anArtifactNamedFromASubdirectoryIsRefusedWithThePathFromTheWorkspaceRoot() throws Exception {
    Path ws = dir.resolve("ws");
    ok(dir, "init", "--workspace", ws.toString());
    Path docs = Files.createDirectories(ws.resolve("docs"));
    Files.writeString(docs.resolve("spec.md"), "# Spec\n");

    MlosJar.Run fromDocs = MlosJar.run(docs, "artifact", "register", "spec.md");

    assertEquals(Main.REFUSED, fromDocs.exitCode(), fromDocs.toString());
    clean(fromDocs);
    assertTrue(
        fromDocs
            .stderr()
            .contains(
                "fix: from the current directory that file is docs/spec.md in the workspace: run"
                    + " `mlos artifact register docs/spec.md`"),
        fromDocs.toString());
    MlosJar.Run fromRoot = MlosJar.run(ws, "artifact", "register", "spec.md");
    assertEquals(Main.REFUSED, fromRoot.exitCode(), fromRoot.toString());
    assertFalse(fromRoot.stderr().contains("from the current directory"), fromRoot.toString());
    MlosJar.Run up = MlosJar.run(docs, "artifact", "register", "../README.md");
    assertEquals(Main.REFUSED, up.exitCode(), up.toString());
    assertFalse(up.stderr().contains("from the current directory"), "no such file: " + up);
    Files.writeString(ws.resolve("README.md"), "# Read me\n");
    up = MlosJar.run(docs, "artifact", "register", "../README.md");
    assertTrue(
        up.stderr().contains("run `mlos artifact register README.md`"), "'..' from docs: " + up);
    ok(docs, "artifact", "register", "docs/spec.md");
    // A move named from there likewise: the fix is the move with the path from the root.
    Files.move(docs.resolve("spec.md"), docs.resolve("spec2.md"));
    MlosJar.Run move = MlosJar.run(docs, "artifact", "move", "1", "spec2.md");
    assertEquals(Main.REFUSED, move.exitCode(), move.toString());
    assertTrue(
        move.stderr()
            .contains(
                "fix: from the current directory that file is docs/spec2.md in the workspace: run"
                    + " `mlos artifact move 1 docs/spec2.md`"),
        move.toString());
    ok(docs, "artifact", "move", "1", "docs/spec2.md");
  }

  /**
   * A new user in a subdirectory types the file as the shell completes it, {@code ./spec.md}: the
   * refusal said "register it as 'spec.md'" (a path read from the workspace root, where no such
   * file is) and then "fix: ... run `mlos artifact register docs/spec.md`". It names one path now.
   */
  @Test
  void aDotSlashPathFromASubdirectoryIsRefusedWithOnePathThatWorks() throws Exception {
    Path ws = dir.resolve("ws");
    ok(dir, "init", "--workspace", ws.toString());
    Path docs = Files.createDirectories(ws.resolve("docs"));
    Files.writeString(docs.resolve("spec.md"), "# Spec\n");

    MlosJar.Run dotSlash = MlosJar.run(docs, "artifact", "register", "./spec.md");

    assertEquals(Main.REFUSED, dotSlash.exitCode(), dotSlash.toString());
    assertFalse(dotSlash.stderr().contains("register it as 'spec.md'"), dotSlash.toString());
    assertTrue(
        dotSlash.stderr().contains("relative to the workspace root ")
            && dotSlash.stderr().contains("not to the current directory"),
        dotSlash.toString());
    assertTrue(
        dotSlash.stderr().contains("run `mlos artifact register docs/spec.md`"),
        dotSlash.toString());
    // From the workspace root the engine's own suggestion is the right one and stays.
    Files.writeString(ws.resolve("top.md"), "# Top\n");
    MlosJar.Run fromRoot = MlosJar.run(ws, "artifact", "register", "./top.md");
    assertTrue(fromRoot.stderr().contains("register it as 'top.md'"), fromRoot.toString());
  }

  /**
   * A new user who runs {@code mlos init} in a subdirectory of the workspace (cd docs, thinking it
   * sets mlos up for the files there) got a second, empty workspace there: every later command run
   * from docs/ used its database, and the outer guard stopped looking into docs/. It is refused
   * now, naming the workspace above and both ways on; {@code --workspace .} still makes one on
   * purpose.
   */
  @Test
  void initInASubdirectoryOfAWorkspaceIsRefusedUnlessTheDirectoryIsNamed() throws Exception {
    Path ws = dir.resolve("ws");
    ok(dir, "init", "--workspace", ws.toString());
    ok(ws, "need", "create", "Frozen test split", "--as", "omar");
    Path docs = Files.createDirectories(ws.resolve("docs"));

    MlosJar.Run init = MlosJar.run(docs, "init");

    assertEquals(Main.BROKEN, init.exitCode(), init.toString());
    clean(init);
    assertTrue(
        init.stderr().contains("a new workspace inside the workspace " + ws.toRealPath()),
        init.toString());
    assertTrue(
        init.stderr().contains("run `mlos init --workspace " + ws.toRealPath() + "`"),
        init.toString());
    assertFalse(Files.exists(docs.resolve("mlos.yaml")), "no mlos.yaml written");
    assertFalse(Files.exists(docs.resolve("mlos.db")), "no database created");
    assertTrue(
        ok(docs, "need", "show", "1").stdout().contains("Frozen test split"),
        "commands from docs/ still reach the workspace's database");

    ok(docs, "init", "--workspace", ".");
    assertTrue(Files.isRegularFile(docs.resolve("mlos.yaml")), "made on purpose");
    ok(docs, "init");
  }

  private static MlosJar.Run ok(Path dir, String... args) {
    MlosJar.Run r = MlosJar.run(dir, args);
    assertEquals(Main.OK, r.exitCode(), "mlos " + String.join(" ", args) + "\n" + r);
    return r;
  }

  private static JsonNode json(MlosJar.Run r) throws Exception {
    return JSON.readTree(r.stdout());
  }

  /** No stack trace, whatever went wrong. */
  private static void clean(MlosJar.Run r) {
    assertFalse(r.stderr().contains("\tat "), "stack trace: " + r);
    assertFalse(r.stderr().contains("Exception"), "exception name: " + r);
  }
}
