package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlos init} in this JVM: a refused first init leaves nothing that blocks the next. */
class InitCommandTest {
  @TempDir Path dir;

  private int run(StringWriter err, String... args) {
    return Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
        .execute(args);
  }

  @Test
  void anUnknownPackIsRefusedByOptionBeforeAnythingIsCreatedSoTheRightPackWorksNext()
      throws Exception {
    Path ws = dir.resolve("ws");
    for (String pack : new String[] {"bogus", "../x"}) {
      StringWriter err = new StringWriter();
      int code = run(err, "init", "--workspace", ws.toString(), "--pack", pack);

      assertEquals(Main.BROKEN, code, err.toString());
      assertTrue(err.toString().startsWith("error: --pack '" + pack + "'"), err.toString());
      // The packs to pass on the fix line, where a script or a person looks for what to do.
      assertTrue(
          err.toString()
              .contains(
                  "\n  fix: pass one of the built-in packs: mlos, runtime-memory, agentos-graph (or"
                      + " none, with views of your own in mlos.yaml)\n"),
          err.toString());
      assertFalse(err.toString().contains("mlos.yaml:"), "names no file: " + err);
      assertFalse(Files.exists(ws), "no directory, no mlos.yaml, no database");
    }

    StringWriter again = new StringWriter();
    assertEquals(
        Main.OK,
        run(again, "init", "--workspace", ws.toString(), "--pack", "mlos"),
        again.toString());
    assertTrue(Files.readString(ws.resolve("mlos.yaml")).contains("pack: mlos"));
  }

  private static void git(Path repo, String... args) throws Exception {
    java.util.List<String> command =
        new java.util.ArrayList<>(java.util.List.of("git", "-C", repo.toString()));
    command.addAll(java.util.List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      org.junit.jupiter.api.Assumptions.abort("git is not installed");
      return;
    }
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0);
  }

  @Test
  void aTrackedTextFormMissingIsARefusalNotAnEmptyDatabase() throws Exception {
    Path ws = Files.createDirectories(dir.resolve("ws"));
    git(ws, "init", "-q");
    assertEquals(Main.OK, run(new StringWriter(), "init", "--workspace", ws.toString(), "--git"));
    git(ws, "add", "mlos.db.sql");
    for (String name : new String[] {"mlos.db", "mlos.db-wal", "mlos.db-shm", "mlos.db.sql"}) {
      Files.deleteIfExists(ws.resolve(name)); // rm mlos.db*
    }

    StringWriter err = new StringWriter();
    int code = run(err, "init", "--workspace", ws.toString());

    assertEquals(Main.REFUSED, code, err.toString());
    assertTrue(
        err.toString().startsWith("refused (dbtext.tracked_missing): no new, empty database '"),
        err.toString());
    assertFalse(err.toString().contains("(rule "), "the rule is named once: " + err);
    assertTrue(err.toString().contains("\n  fix: `git "), err.toString());
    assertFalse(Files.exists(ws.resolve("mlos.db")), "no empty database");
  }

  @Test
  void aDirectoryWithAccentsNamesTheWorkspaceWithoutThem() throws Exception {
    Path ws;
    try {
      ws = Files.createDirectory(dir.resolve("ünï"));
    } catch (java.nio.file.InvalidPathException e) {
      org.junit.jupiter.api.Assumptions.abort("this JVM cannot name a file ünï: " + e);
      return;
    }
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    assertEquals(
        Main.OK,
        Main.commandLine(new PrintWriter(out), new PrintWriter(err))
            .execute("init", "--workspace", ws.toString()),
        err.toString());
    assertTrue(
        Files.readString(ws.resolve("mlos.yaml")).contains("workspace: uni\n"),
        Files.readString(ws.resolve("mlos.yaml")));
    // The name every clone and page keeps is said where it is chosen, with how to change it: a
    // team's first init in a clone named after its owner named the team's workspace so.
    assertTrue(
        out.toString()
            .contains(
                "mlos.yaml (workspace: uni, from the directory's name; every clone and compiled"
                    + " page keeps it: change `workspace:` there before the first compile if the"
                    + " team knows it by another name)\n"),
        out.toString());

    Path none = Files.createDirectory(dir.resolve("日本"));
    assertEquals(Main.OK, run(err, "init", "--workspace", none.toString()), err.toString());
    assertTrue(
        Files.readString(none.resolve("mlos.yaml")).contains("workspace: workspace\n"),
        Files.readString(none.resolve("mlos.yaml")));
  }

  /**
   * {@code mlos init} in a directory named {@code null} wrote {@code workspace: null}, which YAML
   * reads as no value: the init itself then failed on its own mlos.yaml (exit 2) and so did every
   * command after it. The name is quoted now, and the workspace is {@code null}.
   */
  @Test
  void aDirectoryNamedNullIsInitialisedAndLoads() throws Exception {
    Path ws = Files.createDirectory(dir.resolve("null"));
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();

    assertEquals(
        Main.OK,
        Main.commandLine(new PrintWriter(out), new PrintWriter(err))
            .execute("init", "--workspace", ws.toString()),
        err.toString());

    assertTrue(
        Files.readString(ws.resolve("mlos.yaml")).contains("workspace: 'null'\n"),
        Files.readString(ws.resolve("mlos.yaml")));
    assertTrue(out.toString().contains("mlos.yaml (workspace: null, from"), out.toString());
    assertEquals(Main.OK, run(err, "compile", "--workspace", ws.toString()), err.toString());
  }

  @Test
  void anMlosYamlThePersonWroteIsKeptWhenItDoesNotLoad() throws Exception {
    Files.writeString(dir.resolve("mlos.yaml"), "workspace: w\npack: bogus\n");
    StringWriter err = new StringWriter();

    assertEquals(Main.BROKEN, run(err, "init", "--workspace", dir.toString()), err.toString());
    assertEquals("workspace: w\npack: bogus\n", Files.readString(dir.resolve("mlos.yaml")));
  }

  @Test
  void anEmptyWorkspaceOrAFileIsRefusedAndNothingIsCreated() throws Exception {
    Path here = Path.of("").toAbsolutePath();
    boolean hadYaml = Files.exists(here.resolve("mlos.yaml"));
    StringWriter err = new StringWriter();
    assertEquals(Main.BROKEN, run(err, "init", "--workspace", ""), err.toString());
    assertEquals(
        "error: --workspace is empty\n"
            + "  fix: pass the directory to create the workspace in (--workspace . for this one),"
            + " or leave the option out\n"
            + "  see: mlos init --help\n",
        err.toString());
    assertEquals(
        hadYaml, Files.exists(here.resolve("mlos.yaml")), "the current directory is left alone");

    Path file = Files.writeString(dir.resolve("a-file"), "x");
    StringWriter onFile = new StringWriter();
    assertEquals(
        Main.BROKEN, run(onFile, "init", "--workspace", file.toString()), onFile.toString());
    assertEquals(
        "error: --workspace "
            + MlosException.quoted(file.toString())
            + " is a file, not a directory\n"
            + "  fix: pass the directory to create the workspace in (a new one is created)\n"
            + "  see: mlos init --help\n",
        onFile.toString());
  }

  /**
   * A user trial: init on a clone (mlos.db.sql, no database) printed "Created database" for the
   * database it had rebuilt from the text.
   */
  @Test
  void initOnACloneSaysItRebuiltTheDatabaseFromItsTextForm() throws Exception {
    InProcess.ok(dir, "init");
    Files.writeString(dir.resolve("mlos.db.sql"), dev.mlos.core.dbtext.DatabaseText.HEADER + "\n");
    InProcess.ok(dir, "need", "create", "kept", "--as", "alice");
    InProcess.ok(dir, "compile");
    Files.delete(dir.resolve("mlos.db"));

    String said = InProcess.ok(dir, "init").out();

    assertEquals(
        "Rebuilt database "
            + dir.resolve("mlos.db")
            + " from its text form "
            + dir.resolve("mlos.db.sql")
            + "\n",
        said);
    assertTrue(InProcess.ok(dir, "need", "show", "1").out().contains("kept"));
  }

  /**
   * A pulled mlos.db.sql in which a teammate moved a need from identified to resolved by hand: the
   * database had no change of its own, so the pull took the file's rows past every trigger. It is
   * now a refusal (exit 1) naming the line and the rule, and the need stays identified.
   */
  @Test
  void aPullOfAHandEditThatBreaksARuleIsRefusedAndChangesNothing() throws Exception {
    InProcess.ok(dir, "init");
    Path text = dir.resolve("mlos.db.sql");
    Files.writeString(text, dev.mlos.core.dbtext.DatabaseText.HEADER + "\n");
    InProcess.ok(dir, "need", "create", "Kernel boots", "--as", "alice");
    InProcess.ok(dir, "compile");
    String committed = Files.readString(text);
    String edited =
        committed.replace("'Kernel boots',NULL,'identified'", "'Kernel boots',NULL,'resolved'");
    assertFalse(edited.equals(committed), "the need's line as the text form writes it");
    Files.writeString(text, edited); // what `git pull` brings

    String said = InProcess.run(dir, 1, "init", "--pull-text").err();

    assertTrue(
        said.startsWith(
            "refused (dbtext.hand_edit_breaks_rule): The pulled mlos.db.sql holds rows changed by"
                + " hand that break rules the database enforces; nothing was changed"),
        said);
    assertTrue(said.contains(": need: identified -> resolved is not allowed"), said);
    assertTrue(said.contains("  fix: undo those hand edits in mlos.db.sql"), said);
    assertTrue(said.contains("then run `mlos init --pull-text` again"), said);
    assertTrue(InProcess.ok(dir, "need", "show", "1").out().contains("[identified]"));
  }

  /**
   * A file at the database's path that is not SQLite (a text written over it) said "point
   * `database` at a SQLite file, or move this file away": a setting the command line has no option
   * for, and nothing of what comes after the move. The fix names mlos.yaml's key and the init that
   * rebuilds the rows from the text form; followed as written, the need is back.
   */
  @Test
  void aDatabaseThatIsNotSqliteSaysHowToGetTheRowsBack() throws Exception {
    InProcess.ok(dir, "init");
    Files.writeString(dir.resolve("mlos.db.sql"), dev.mlos.core.dbtext.DatabaseText.HEADER + "\n");
    InProcess.ok(dir, "need", "create", "kept", "--as", "alice");
    InProcess.ok(dir, "compile");
    Files.writeString(dir.resolve("mlos.db"), "not a database, a note someone saved here\n");

    String said = InProcess.run(dir, 2, "ready").err();

    assertEquals(
        "error: Database "
            + dir.resolve("mlos.db")
            + ": it is not a SQLite database\n"
            + "  fix: rename that file, keeping it (it is not an mlos database and may hold"
            + " something of yours), for example to mlos.db.not-sqlite, then run `mlos init`,"
            + " which rebuilds the database from its text form mlos.db.sql; or point `database:`"
            + " in the workspace's mlos.yaml at the SQLite file you meant\n",
        said);
    Files.move(dir.resolve("mlos.db"), dir.resolve("mlos.db.not-sqlite"));
    InProcess.ok(dir, "init");
    assertTrue(InProcess.ok(dir, "need", "show", "1").out().contains("kept"));
  }

  /**
   * A TaskEngine database whose rows do not fit is refused by a rule, nothing changed: exit 1 and
   * {@code refused (adopt.taskengine)}, as docs/cli.md says refusals exit (it exited 2, the code of
   * a broken setup, found by the last trials).
   */
  @Test
  void anAdoptionRefusedForTheUsersRowsExitsAsARefusal() throws Exception {
    Files.writeString(dir.resolve("mlos.yaml"), "workspace: legacy\ndatabase: mlos.db\n");
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlos.db"));
        java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE TABLE tasks (id INTEGER PRIMARY KEY, description TEXT, status TEXT)");
      s.execute("INSERT INTO tasks VALUES (7, 'Ship it', 'blocked')");
    }
    byte[] before = Files.readAllBytes(dir.resolve("mlos.db"));

    InProcess.Run r = InProcess.run(dir, Main.REFUSED, "init");

    assertTrue(
        r.err()
            .startsWith(
                "refused (adopt.taskengine): Database "
                    + dir.resolve("mlos.db")
                    + ": cannot adopt the TaskEngine tasks table, nothing was changed:"),
        r.err());
    assertTrue(r.err().contains("status 'blocked' has no mlos equivalent (row 7)"), r.err());
    assertTrue(r.err().contains("\n  fix: fix what is listed"), r.err());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve("mlos.db"))));
  }

  /**
   * Several inits of one new workspace at once (a trial: three `mlos init --workspace DIR`): the
   * one that found no mlos.yaml and then met the file another had just written said "Cannot write
   * .../mlos.yaml: .../mlos.yaml" and "check that the directory is writable", exit 2. A file
   * written meanwhile is kept as it is, and init goes on with it.
   */
  @Test
  void anMlosYamlWrittenMeanwhileByAnotherInitIsKeptNotAnError() throws Exception {
    Path yaml = dir.resolve("mlos.yaml");
    assertTrue(InitCommand.writeNew(yaml, "workspace: first\n"));
    assertFalse(InitCommand.writeNew(yaml, "workspace: second\n"), "written by another");
    assertEquals("workspace: first\n", Files.readString(yaml), "the first one's file is kept");
  }

  /**
   * An upgrade trial: an MCP server of an older mlos left running through `mlos init` wrote on with
   * its old code, and init said nothing. The upgrade still succeeds, and stderr warns with the
   * other process named; `--json` carries it as {@code warnings}.
   */
  @Test
  void anUpgradeWarnsOfAnotherProcessThatHasTheDatabaseOpen() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(Path.of("/proc/self/fd")), "a process table to read (Linux)");
    Path ws = dir.resolve("ws");
    assertEquals(Main.OK, run(new StringWriter(), "init", "--workspace", ws.toString()));
    Path db = ws.resolve("mlos.db");
    for (String name : new String[] {"mlos.db", "mlos.db-wal", "mlos.db-shm"}) {
      Files.deleteIfExists(ws.resolve(name));
    }
    try (java.sql.Connection c = dev.mlos.core.db.Database.at(db).open(true)) {
      dev.mlos.core.schema.Migrator.forSet("mlos").migrate(c); // no compiler tables: an old mlos
    }
    Process holder =
        new ProcessBuilder("sleep", "120")
            .redirectInput(db.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          Main.commandLine(new PrintWriter(out), new PrintWriter(err))
              .execute("init", "--workspace", ws.toString(), "--json");

      assertEquals(Main.OK, code, err.toString());
      assertTrue(
          err.toString()
              .contains(
                  "warning: 1 other process has "
                      + db
                      + " open: pid "
                      + holder.pid()
                      + " (sleep 120). If one is an MCP server"),
          err.toString());
      assertTrue(
          out.toString().contains("\"warnings\" : [ \"1 other process has "), out.toString());
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }
}
