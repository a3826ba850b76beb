package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code mlos need ...} tells a person when a rule refuses, in this JVM. */
class NeedCommandTest {
  @TempDir Path dir;

  private int run(StringWriter err, String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--workspace";
    all[args.length + 1] = dir.toString();
    return Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err)).execute(all);
  }

  private void ok(String... args) {
    StringWriter err = new StringWriter();
    assertEquals(Main.OK, run(err, args), String.join(" ", args) + ": " + err);
  }

  @BeforeEach
  void workspace() {
    ok("init");
    ok("need", "create", "Boots everywhere", "--as", "alice");
    ok("need", "move", "1", "active", "--as", "alice");
    ok("need", "move", "1", "actionable", "--as", "alice");
    ok("need", "graduate", "1", "--task", "Pin the toolchain");
  }

  /**
   * A write held up by another process's lock sat silent up to 45 s (a trial waited 24 s behind a
   * sqlite3 shell in a transaction); after two seconds it says what it waits for, on stderr, and
   * then goes through once the lock is released.
   */
  @Test
  void aWriteHeldUpByAnotherProcesssLockSaysWhatItWaitsFor() throws Exception {
    try (java.sql.Connection other =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlos.db"));
        java.sql.Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      s.execute("UPDATE needs SET priority = 2 WHERE id = 1");
      Thread release =
          new Thread(
              () -> {
                try {
                  Thread.sleep(2_600);
                  s.execute("COMMIT");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      release.start();
      StringWriter err = new StringWriter();
      int code = run(err, "need", "update", "1", "--title", "Boots anywhere", "--as", "alice");
      release.join();

      assertEquals(Main.OK, code, err.toString());
      assertEquals(
          "mlos: waiting for the database's write lock, which another process holds (an agent's"
              + " MCP server writing, a sqlite3 shell inside a transaction); this write waits up to"
              + " 45 s, then changes nothing and says so\n",
          err.toString());
    }
  }

  private String out(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--workspace";
    all[args.length + 1] = dir.toString();
    assertEquals(
        Main.OK,
        Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(all),
        String.join(" ", args) + ": " + err);
    return out.toString();
  }

  /**
   * A new user's report: {@code need defer 1}, {@code need resume 1} on a need with tasks answered
   * "Resumed need 1 [active]" and left it active, where its tasks no longer moved it. It lands
   * where its tasks put it now (schema V16), and the answer says where and why.
   */
  @Test
  void resumeSaysWhereTheNeedWentAndWhy() {
    ok("need", "defer", "1");
    String text = out("need", "resume", "1");
    assertTrue(text.startsWith("Resumed need 1 [actionable] "), text);
    assertTrue(
        text.contains(
            "\n  moved on to actionable: it has tasks, cut when it was actionable, and none has"
                + " started"),
        text);
    ok("agent", "register", "builder");
    ok("task", "start", "1", "--agent", "1");
    ok("need", "defer", "1");
    text = out("need", "resume", "1");
    assertTrue(text.startsWith("Resumed need 1 [in_progress] "), text);
    assertTrue(
        text.contains(
            "\n  moved on to in_progress: one of its tasks has started (or failed) and work on it"
                + " is still open; its last task completed resolves it"),
        text);
    ok("task", "complete", "1", "--agent", "1");
    assertTrue(out("need", "show", "1").contains("[resolved]"), "its last task resolved it");
    ok("need", "create", "Later", "--as", "alice");
    ok("need", "move", "2", "active");
    ok("need", "defer", "2");
    text = out("need", "resume", "2");
    assertTrue(text.startsWith("Resumed need 2 [active] "), text);
    assertTrue(
        text.contains(
            "\n  no task to follow (none, or only cancelled ones): once what makes it actionable is"
                + " re-established, `mlos need move 2 actionable`"),
        text);
  }

  /**
   * A trial: {@code need move 1 active} on a deferred need with tasks answered "Moved need 1
   * [in_progress]" and no word of why it is not active, where {@code need resume} and the MCP
   * tool's {@code moved_on} say it; {@code --json} had no {@code moved_on} either.
   */
  @Test
  void aDeferredNeedMovedToActiveSaysWhereItsTasksPutIt() throws Exception {
    ok("agent", "register", "builder");
    ok("task", "start", "1", "--agent", "1");
    ok("need", "defer", "1");
    String text = out("need", "move", "1", "active");
    assertTrue(text.startsWith("Moved need 1 [in_progress] "), text);
    assertTrue(
        text.contains(
            "\n  moved on to in_progress: one of its tasks has started (or failed) and work on it"
                + " is still open; its last task completed resolves it"),
        text);
    ok("need", "defer", "1");
    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(out("need", "move", "1", "active", "--json"));
    assertEquals("in_progress", json.get("status").asText());
    assertTrue(
        json.get("moved_on").asText().startsWith("moved on to in_progress: "), json.toString());
    // Where it was asked to go, nothing is added.
    ok("need", "create", "Later", "--as", "alice");
    text = out("need", "move", "2", "active");
    assertFalse(text.contains("moved on"), text);
  }

  /**
   * {@code --source-transcript ''} stored an empty transcript; --clear source_transcript is the way
   * to remove one, so an empty value is refused naming the option and that way out.
   */
  @Test
  void anEmptySourceTranscriptIsRefusedNamingTheOptionAndClear() {
    ok("need", "update", "1", "--source-transcript", "transcripts/a.md");
    StringWriter err = new StringWriter();
    assertEquals(Main.BROKEN, run(err, "need", "update", "1", "--source-transcript", ""));
    assertTrue(
        err.toString()
            .startsWith(
                "error: --source-transcript is empty\n"
                    + "  fix: name the transcript (a path or URL), or pass --clear"
                    + " source_transcript to remove the one recorded\n"),
        err.toString());
    err = new StringWriter();
    assertEquals(Main.BROKEN, run(err, "need", "create", "x", "--source-transcript", " "));
    assertTrue(
        err.toString().startsWith("error: --source-transcript is empty\n  fix: name"),
        err.toString());
    StringWriter out = new StringWriter();
    assertEquals(
        Main.OK,
        Main.commandLine(new PrintWriter(out), new PrintWriter(new StringWriter()))
            .execute("need", "show", "1", "--json", "--workspace", dir.toString()));
    assertTrue(out.toString().contains("transcripts/a.md"), "left as it was: " + out);
    ok("need", "update", "1", "--clear", "source_transcript");
  }

  /**
   * {@code --description ''} stored an empty description (a trial: {@code need show --json} then
   * said {@code "description" : ""}, and MCP's tools refuse an empty one), so it is refused as an
   * empty transcript is, naming --clear description.
   */
  @Test
  void anEmptyDescriptionIsRefusedNamingClear() {
    StringWriter err = new StringWriter();
    assertEquals(Main.BROKEN, run(err, "need", "update", "1", "--description", ""));
    assertTrue(
        err.toString()
            .startsWith(
                "error: --description is empty\n"
                    + "  fix: give the text, or pass --clear description to remove the one"
                    + " recorded\n"),
        err.toString());
    err = new StringWriter();
    assertEquals(Main.BROKEN, run(err, "need", "create", "x", "--description", " "));
    assertTrue(
        err.toString()
            .startsWith("error: --description is empty\n  fix: give the text, or leave the"),
        err.toString());
  }

  /**
   * {@code --tags ''}, the way a new user tries to remove every tag, was refused by the tag rule
   * ("tag '' must match ...") without a word of {@code --clear tags}.
   */
  @Test
  void emptyTagsAreRefusedNamingClearTags() {
    StringWriter err = new StringWriter();
    assertEquals(Main.BROKEN, run(err, "need", "update", "1", "--tags", ""));
    assertTrue(
        err.toString()
            .startsWith(
                "error: --tags is empty\n"
                    + "  fix: give the tags, or pass --clear tags to remove every tag\n"),
        err.toString());
  }

  /** {@code --session ''} and {@code --reason ' '} were recorded in history as they were. */
  @Test
  void anEmptySessionOrReasonIsRefused() {
    StringWriter err = new StringWriter();
    assertEquals(Main.BROKEN, run(err, "need", "create", "x", "--session", ""));
    assertTrue(
        err.toString()
            .startsWith(
                "error: --session is empty\n"
                    + "  fix: name the session or transcript, or leave the option out\n"),
        err.toString());
    err = new StringWriter();
    assertEquals(Main.BROKEN, run(err, "need", "move", "1", "identified", "--reason", " "));
    assertTrue(
        err.toString()
            .startsWith("error: --reason is empty\n  fix: say why, or leave the option out\n"),
        err.toString());
  }

  @Test
  void graduatingAGraduatedNeedAgainNamesTheMoreSwitchOfThisCommand() {
    StringWriter err = new StringWriter();
    assertEquals(Main.REFUSED, run(err, "need", "graduate", "1", "--task", "Boot twice"));
    String said = err.toString();
    assertTrue(said.startsWith("refused (need.graduated): need 1 already has live tasks"), said);
    assertTrue(
        said.contains("  fix: to add tasks beside them, run `mlos need graduate 1 --more --task"),
        said);
    assertFalse(said.contains("graduate with more"), said);
    ok("need", "graduate", "1", "--more", "--task", "Boot twice");
  }

  @Test
  void aTaskPriorityBelongsToTheTaskBeforeItAndIsRefusedAnywhereElse() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(
        Main.OK,
        Main.commandLine(new PrintWriter(out), new PrintWriter(err))
            .execute(
                "need",
                "graduate",
                "1",
                "--more",
                "--json",
                "--task",
                "a",
                "--task",
                "b",
                "--task-priority",
                "2",
                "--task",
                "c",
                "--workspace",
                dir.toString()),
        err.toString());
    List<String> made = new ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode t :
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString()).get("tasks")) {
      made.add(t.get("description").asText() + " P" + t.get("priority").asText());
    }
    assertEquals(List.of("a Pnull", "b P2", "c Pnull"), made);

    err = new StringWriter();
    assertEquals(
        Main.BROKEN,
        run(err, "need", "graduate", "1", "--more", "--task-priority", "1", "--task", "a"));
    assertTrue(
        err.toString().startsWith("error: --task-priority '1' comes before any --task"),
        err.toString());

    err = new StringWriter();
    assertEquals(
        Main.BROKEN,
        run(
            err,
            "need",
            "graduate",
            "1",
            "--more",
            "--task",
            "a",
            "--task-priority",
            "1",
            "--task-priority",
            "2"));
    assertTrue(
        err.toString().startsWith("error: --task 'a' has two priorities (--task-priority 1, then"),
        err.toString());
    assertFalse(err.toString().contains("Missing required"), err.toString());
  }

  /**
   * A --task-priority that is not a number, or that stands where no priority goes, said the way out
   * inside the message ("is not a priority: give a whole number, ..."), where every other refusal
   * has it on its own fix line (a new user's trial).
   */
  @Test
  void aTaskPriorityOutOfPlaceOrNotANumberHasItsFixOnItsOwnLine() {
    StringWriter err = new StringWriter();
    assertEquals(
        Main.BROKEN, run(err, "need", "graduate", "1", "--task", "a", "--task-priority", "x"));
    assertEquals(
        "error: --task-priority 'x' is not a priority, 1 (critical) .. 5 (background)\n"
            + "  fix: give --task-priority a whole number from 1 to 5, right after its --task\n"
            + "  see: mlos need graduate --help\n",
        err.toString());

    err = new StringWriter();
    assertEquals(Main.BROKEN, run(err, "need", "graduate", "1", "--task-priority", "2"));
    assertEquals(
        "error: --task-priority '2' comes before any --task\n"
            + "  fix: a priority belongs to the --task just before it, as in --task 'Write the"
            + " parser' --task-priority 2\n"
            + "  see: mlos need graduate --help\n",
        err.toString());

    err = new StringWriter();
    assertEquals(
        Main.BROKEN,
        run(
            err,
            "need",
            "graduate",
            "1",
            "--task",
            "a",
            "--task-priority",
            "1",
            "--task-priority",
            "2"));
    assertTrue(
        err.toString()
            .startsWith(
                "error: --task 'a' has two priorities (--task-priority 1, then '2')\n"
                    + "  fix: give each --task at most one --task-priority, right after it\n"),
        err.toString());
  }

  @Test
  void clearNamesTheSameFieldsInItsHelpAndItsRefusal() {
    String fields = "description, parent, priority, scope, source_transcript, tags";
    StringWriter err = new StringWriter();
    assertEquals(Main.BROKEN, run(err, "need", "update", "1", "--clear", "bogus"));
    assertTrue(err.toString().startsWith("error: --clear 'bogus': not a field"), err.toString());
    assertTrue(err.toString().contains("  allowed: " + fields + "\n"), err.toString());

    StringWriter help = new StringWriter();
    Main.commandLine(new PrintWriter(help), new PrintWriter(new StringWriter()))
        .execute("need", "update", "--help");
    assertTrue(
        help.toString()
            .replaceAll("\\s*\\R\\s*", " ")
            .contains("Set to empty (comma-separated): " + fields + "."),
        help.toString());
    for (String field : fields.split(", ")) {
      ok("need", "update", "1", "--clear", field);
    }
  }

  /**
   * A script that ran `need create` and lost its answer (killed, timed out) runs it again: with the
   * same --request-id it is told the first run's need, and no second need is made; the same id with
   * other arguments is refused, naming the rule and the fix.
   */
  @Test
  void aRetriedCreateOrGraduateWithTheSameRequestIdWritesOnce() {
    String first = out("need", "create", "Docs build", "--request-id", "r-1", "--as", "alice");
    assertEquals("Created need 2 [identified] P- Docs build\n", first);
    String again = out("need", "create", "Docs build", "--request-id", "r-1", "--as", "alice");
    assertEquals(
        "Created need 2 [identified] P- Docs build (replayed: request id r-1 was done before;"
            + " nothing written)\n",
        again);
    String json =
        out("need", "create", "Docs build", "--request-id", "r-1", "--as", "alice", "--json");
    assertTrue(json.contains("\"id\" : 2,") && json.contains("\"replayed\" : true"), json);

    StringWriter err = new StringWriter();
    assertEquals(
        Main.REFUSED,
        run(err, "need", "create", "Docs build!", "--request-id", "r-1", "--as", "alice"));
    assertTrue(err.toString().contains("request id 'r-1' was sent on "), err.toString());
    assertTrue(err.toString().contains("(request.reused)"), err.toString());
    assertTrue(err.toString().contains("send a new request id for a new write"), err.toString());

    StringWriter bad = new StringWriter();
    assertEquals(
        Main.REFUSED, run(bad, "need", "create", "x", "--request-id", "a b", "--as", "alice"));
    assertTrue(bad.toString().contains("request id 'a b' holds U+0020"), bad.toString());

    ok("need", "move", "2", "active");
    ok("need", "move", "2", "actionable");
    String graduated = out("need", "graduate", "2", "--task", "Build", "--request-id", "g-1");
    String retried = out("need", "graduate", "2", "--task", "Build", "--request-id", "g-1");
    assertTrue(graduated.startsWith("Graduated need 2 into 1 task(s):\n  task 2 "), graduated);
    assertTrue(
        retried.startsWith(
            "Graduated need 2 into 1 task(s) (replayed: request id g-1 was done before; nothing"
                + " written):\n  task 2 "),
        retried);
    StringWriter none = new StringWriter();
    assertEquals(Main.REFUSED, run(none, "need", "show", "3"), "no second need was made");
  }
}
