package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refusals a round with the MCP TypeScript SDK's client met with the way on inline in the message,
 * or with none: the command prints the core's fix on its own line, in the MCP server's words but
 * for its own commands.
 */
class RefusalFixLineTest {
  @TempDir Path dir;

  @Test
  void aForgedCursorIsAnsweredWithAFixLine() {
    InProcess.ok(dir, "init");
    assertEquals(
        "error: cursor 'abc' is not a page cursor (the next_cursor of the page before)\n"
            + "  fix: call again without cursor to start from the first page, then pass each page's"
            + " next_cursor\n"
            + "  see: mlos ready --help\n",
        InProcess.run(dir, Main.BROKEN, "ready", "--cursor", "abc").err());
  }

  /** A cursor was a plain offset: one of another search skipped that many hits of this one. */
  @Test
  void aCursorOfAnotherSearchIsRefused() throws Exception {
    InProcess.ok(dir, "init");
    for (int i = 0; i < 3; i++) {
      InProcess.ok(dir, "need", "create", "kernel " + i);
    }
    String cursor =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(InProcess.ok(dir, "search", "kernel", "--limit", "1", "--json").out())
            .get("next_cursor")
            .asText();
    assertEquals(
        "2",
        new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(InProcess.ok(dir, "search", "KERNEL", "--cursor", cursor, "--json").out())
                .get("hits")
                .size()
            + "");
    assertEquals(
        "error: cursor '"
            + cursor
            + "' pages another list: it was not given for this query and type (a next_cursor is"
            + " good only with the arguments of the call that gave it)\n"
            + "  fix: call again without cursor to start from the first page, then pass each page's"
            + " next_cursor\n"
            + "  see: mlos search --help\n",
        InProcess.run(dir, Main.BROKEN, "search", "kernel", "--kind", "task", "--cursor", cursor)
            .err());
  }

  @Test
  void anIdBelowOneSaysWhereSuchIdsAreListed() {
    InProcess.ok(dir, "init");
    assertEquals(
        "error: task id 0 is not a row id (1 or more)\n"
            + "  fix: take a task's id from `mlos ready` or `mlos need show <need id>` (a need item"
            + " of `mlos ready` is a need: `mlos need graduate` cuts it into tasks)\n"
            + "  see: mlos task release --help\n",
        InProcess.run(dir, Main.BROKEN, "task", "release", "0").err());
  }

  @Test
  void aFileOutsideTheWorkspaceSaysToCopyItIn() {
    InProcess.ok(dir, "init");
    assertEquals(
        "refused (artifact.path): Invalid workspace path '/etc/passwd': is absolute; it must be"
            + " relative to the workspace root (it is not under the workspace root "
            + dir.toAbsolutePath().normalize()
            + ": only a file in the workspace can be an artifact)\n"
            + "  fix: copy the file into the workspace first, then register the copy by its path"
            + " relative to the workspace root ('docs/passwd')\n",
        InProcess.run(dir, Main.REFUSED, "artifact", "register", "/etc/passwd").err());
  }

  @Test
  void releasingACompletedTaskSaysThereIsNothingToDo() {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "agent", "register", "coder");
    InProcess.ok(dir, "agent", "start", "1");
    InProcess.ok(dir, "need", "create", "Boot");
    InProcess.ok(dir, "need", "move", "1", "active");
    InProcess.ok(dir, "need", "move", "1", "actionable");
    InProcess.ok(dir, "need", "graduate", "1", "--task", "Do it");
    InProcess.ok(dir, "task", "claim", "1", "--for", "1");
    InProcess.ok(dir, "task", "start", "1", "--agent", "1");
    InProcess.ok(dir, "task", "complete", "1", "--result", "done", "--agent", "1");
    assertEquals(
        "refused (task.lifecycle): task 1 is completed; only a task that is assigned or"
            + " in_progress can be released\n"
            + "  allowed: assigned, in_progress\n"
            + "  fix: nothing to do: task 1 is completed and stays so; take other work from"
            + " `mlos ready --agent 1`\n",
        InProcess.run(dir, Main.REFUSED, "task", "release", "1", "--agent", "1").err());
  }

  /**
   * Completing again, or starting, a completed task (a script run twice) and resolving a need with
   * an open task printed the refusal with no fix line at all: the core had no fix for either.
   */
  @Test
  void finishingAFinishedTaskAndResolvingANeedWithOpenTasksHaveAFixLine() {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "agent", "register", "coder");
    InProcess.ok(dir, "agent", "start", "1");
    InProcess.ok(dir, "need", "create", "Boot");
    InProcess.ok(dir, "need", "move", "1", "active");
    InProcess.ok(dir, "need", "move", "1", "actionable");
    InProcess.ok(dir, "need", "graduate", "1", "--task", "Do it", "--task", "Then this");
    InProcess.ok(dir, "task", "claim", "1", "--for", "1");
    InProcess.ok(dir, "task", "start", "1", "--agent", "1");
    InProcess.ok(dir, "task", "complete", "1", "--result", "done", "--agent", "1");
    for (String[] again :
        new String[][] {
          {"task", "complete", "1", "--agent", "1"}, {"task", "start", "1", "--agent", "1"}
        }) {
      String err = InProcess.run(dir, Main.REFUSED, again).err();
      assertTrue(err.startsWith("refused (task.lifecycle): task 1: completed -> "), err);
      assertTrue(
          err.endsWith(
              "  fix: nothing to do: task 1 is completed and stays so; take other work from"
                  + " `mlos ready --agent 1`\n"),
          err);
    }
    InProcess.ok(dir, "need", "move", "1", "in_progress");
    assertEquals(
        "refused (need.open_tasks): need 1 cannot be resolved while 1 of its tasks is not done"
            + " (task 2 open); finish, retry or cancel them first\n"
            + "  fix: finish or cancel that task (a failed one is retried or cancelled); when none"
            + " is left open and one is completed, need 1 is resolved by itself\n",
        InProcess.run(dir, Main.REFUSED, "need", "move", "1", "resolved").err());
  }

  /**
   * A retry of a task an agent still holds printed 'allowed: failed' and no fix: the command
   * printed a fix beside an allowed list only when it named a command of its own.
   */
  @Test
  void retryingAHeldTaskSaysToWaitForItsAgentOrReleaseIt() {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "agent", "register", "coder");
    InProcess.ok(dir, "agent", "start", "1");
    InProcess.ok(dir, "need", "create", "Boot");
    InProcess.ok(dir, "need", "move", "1", "active");
    InProcess.ok(dir, "need", "move", "1", "actionable");
    InProcess.ok(dir, "need", "graduate", "1", "--task", "Do it");
    InProcess.ok(dir, "task", "claim", "1", "--for", "1");
    assertEquals(
        "refused (task.lifecycle): task 1 is assigned; only a task that is failed can be"
            + " retried\n"
            + "  allowed: failed\n"
            + "  fix: it is held by agent 1, not failed: wait for that agent to finish it, or give"
            + " it back with `mlos task release 1` (it is then open, for any agent to claim)\n",
        InProcess.run(dir, Main.REFUSED, "task", "retry", "1").err());
  }

  /**
   * Need 1 resolved past its failed task (before schema V7 this could happen; the trigger that now
   * prevents it is set aside here, as such a database has it).
   */
  private static void resolvePastAFailedTask(Path db) throws Exception {
    try (java.sql.Connection c = dev.mlos.core.db.Database.at(db).open(false);
        java.sql.Statement s = c.createStatement()) {
      String check;
      try (java.sql.ResultSet rs =
          s.executeQuery("SELECT sql FROM sqlite_schema WHERE name = 'needs_resolve_check'")) {
        assertTrue(rs.next());
        check = rs.getString(1);
      }
      s.execute("DROP TRIGGER needs_resolve_check");
      s.execute("UPDATE needs SET status = 'resolved' WHERE id = 1");
      s.execute(check);
    }
  }

  /**
   * A retry of a failed task under a resolved need was told to 'finish it as cancelled', the core's
   * words, naming no command: the fix names `mlos task cancel`, which works as written.
   */
  @Test
  void retryingATaskOfAResolvedNeedNamesTheCancelCommand() throws Exception {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "agent", "register", "coder");
    InProcess.ok(dir, "agent", "start", "1");
    InProcess.ok(dir, "need", "create", "Boot");
    InProcess.ok(dir, "need", "move", "1", "active");
    InProcess.ok(dir, "need", "move", "1", "actionable");
    InProcess.ok(dir, "need", "graduate", "1", "--task", "Do it");
    InProcess.ok(dir, "task", "claim", "1", "--for", "1");
    InProcess.ok(dir, "task", "fail", "1", "--agent", "1", "--result", "broke");
    resolvePastAFailedTask(dir.resolve("mlos.db"));
    assertEquals(
        "refused (task.lifecycle): task 1: failed -> open is not allowed: its need 1 is resolved"
            + " (resolved is final), so the task can only be cancelled\n"
            + "  allowed: cancelled\n"
            + "  fix: finish it as cancelled with `mlos task cancel 1`; work still to do for need 1"
            + " is a new need\n",
        InProcess.run(dir, Main.REFUSED, "task", "retry", "1").err());
    InProcess.ok(dir, "task", "cancel", "1");
  }

  /** Fixes that were written into the message are on the fix line. */
  @Test
  void fixesOnceInTheMessageAreOnTheFixLine() {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "need", "create", "Boot");
    assertEquals(
        "error: need 1: 'z' both added and removed\n"
            + "  fix: name each tag in one of them: added or removed\n"
            + "  see: mlos need update --help\n",
        InProcess.run(
                dir, Main.BROKEN, "need", "update", "1", "--add-tag", "z", "--remove-tag", "z")
            .err());
    assertEquals(
        "refused (need.title): need 1: need title is blank\n"
            + "  fix: give the need title words, on one line\n",
        InProcess.run(dir, Main.REFUSED, "need", "update", "1", "--title", " ").err());
  }

  /**
   * A title typed as a zero-width space alone (mlos need create "$(printf '\u200b')") was taken,
   * and PROBLEM.md linked the need with no text: it is refused, naming the character no one can
   * see.
   */
  @Test
  void aTitleOfOnlyInvisibleCharactersIsRefusedNamingTheCharacter() {
    InProcess.ok(dir, "init");
    assertEquals(
        "refused (need.title): need title holds only spaces or invisible characters (the first is"
            + " U+200B ZERO WIDTH SPACE)\n"
            + "  fix: give the need title words, on one line\n",
        InProcess.run(dir, Main.REFUSED, "need", "create", "\u200B").err());
  }

  /**
   * --agent 0 (or -1) was answered "actor name '0' is not valid for an agent" with the fix "name
   * the agent run by its id: agent:7", which --agent refuses in turn ('agent:7' is not a row id):
   * it names the id, and where agent ids are listed, for the command line and the MCP server alike.
   */
  @Test
  void anAgentIdBelowOneSaysWhereAgentIdsAreListed() {
    InProcess.ok(dir, "init");
    assertEquals(
        "error: agent id 0 names no agent run: ids are whole numbers from 1, as mlos prints them"
            + " (agent 3)\n"
            + "  fix: find the agent's id with `mlos agent list`\n"
            + "  see: mlos ready --help\n",
        InProcess.run(dir, Main.BROKEN, "ready", "--agent", "0").err());
    assertEquals(
        "error: agent id -1 names no agent run: ids are whole numbers from 1, as mlos prints them"
            + " (agent 3)\n"
            + "  fix: find the agent's id with `mlos agent list`\n"
            + "  see: mlos need create --help\n",
        InProcess.run(dir, Main.BROKEN, "need", "create", "t", "--agent=-1").err());
    // The server's own words for it were the core's, naming a Java method (`listAgents`).
    assertEquals(
        "error: agent id 0 names no agent run: ids are whole numbers from 1, as mlos prints them"
            + " (agent 3)\n"
            + "  fix: find the agent's id with `mlos agent list`\n"
            + "  see: mlos mcp --help\n",
        InProcess.run(dir, Main.BROKEN, "mcp", "--agent", "0", "--no-recompile").err());
  }

  /**
   * The command's own usage errors that wrote their way on into the message ("give one", "act as it
   * with --agent 1", "pass one", "claim needs an agent: --agent ID ...") print it on the fix line;
   * each fix, followed as written, works.
   */
  @Test
  void usageErrorsPrintTheirFixOnTheFixLineAndTheFixWorks() {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "agent", "register", "coder");
    InProcess.ok(dir, "need", "create", "Boot", "--tag", "x");
    assertEquals(
        "error: --agent and --as both name who acts\n"
            + "  fix: give one of them: --agent ID for an agent run, --as NAME for a person\n"
            + "  see: mlos need update --help\n",
        InProcess.run(
                dir,
                Main.BROKEN,
                "need",
                "update",
                "1",
                "--priority",
                "2",
                "--agent",
                "1",
                "--as",
                "bob")
            .err());
    assertEquals(
        "error: --as names a person, and 'agent:1' is an agent\n"
            + "  fix: act as it with --agent 1 instead of --as\n"
            + "  see: mlos need update --help\n",
        InProcess.run(dir, Main.BROKEN, "need", "update", "1", "--priority", "2", "--as", "agent:1")
            .err());
    InProcess.ok(dir, "need", "update", "1", "--priority", "2", "--agent", "1");
    assertEquals(
        "error: --clear tags and --tags/--add-tag contradict each other\n"
            + "  fix: pass --clear tags alone to remove every tag, or --tags/--add-tag to set them\n"
            + "  see: mlos need update --help\n",
        InProcess.run(dir, Main.BROKEN, "need", "update", "1", "--clear", "tags", "--add-tag", "y")
            .err());
    InProcess.ok(dir, "need", "update", "1", "--clear", "tags");
    assertEquals(
        "error: --weight tag:x is given twice\n"
            + "  fix: give each key one weight\n"
            + "  see: mlos agent lens --help\n",
        InProcess.run(
                dir,
                Main.BROKEN,
                "agent",
                "lens",
                "--for",
                "1",
                "--weight",
                "tag:x=2",
                "--weight",
                "tag:x=3")
            .err());
    InProcess.ok(dir, "agent", "lens", "--for", "1", "--weight", "tag:x=3");
    InProcess.ok(dir, "need", "move", "1", "active");
    InProcess.ok(dir, "need", "move", "1", "actionable");
    InProcess.ok(dir, "need", "graduate", "1", "--task", "Do it");
    assertEquals(
        "error: claim needs an agent\n"
            + "  fix: pass --agent ID (act as that agent) or --for ID (a person claims for that"
            + " agent); `mlos agent list` lists the agents' ids, and `mlos agent register <agent"
            + " type>` registers one when there is none\n"
            + "  see: mlos task claim --help\n",
        InProcess.run(dir, Main.BROKEN, "task", "claim", "1").err());
    InProcess.ok(dir, "task", "claim", "1", "--for", "1");
    assertEquals(
        "error: --pack applies only to a new mlos.yaml, and "
            + dir.resolve("mlos.yaml").toAbsolutePath().normalize()
            + " exists\n"
            + "  fix: edit its 'pack:' instead, or leave --pack out\n"
            + "  see: mlos init --help\n",
        InProcess.run(dir, Main.BROKEN, "init", "--pack", "none").err());
    InProcess.ok(dir, "init");
    assertEquals(
        "error: --pull-text takes no --pack or --seed: it only merges rows\n"
            + "  fix: run mlos init --pull-text without --pack and --seed\n"
            + "  see: mlos init --help\n",
        InProcess.run(dir, Main.BROKEN, "init", "--pull-text", "--pack", "mlos").err());
    assertEquals(
        "error: --recompile-delay 700000 is outside 0..600000 milliseconds\n"
            + "  fix: pass --recompile-delay from 0 to 600000 (milliseconds), or leave it out\n"
            + "  see: mlos mcp --help\n",
        InProcess.run(dir, Main.BROKEN, "mcp", "--recompile-delay", "700000").err());
    assertEquals(
        "error: --watch-interval 10 is neither 0 (never) nor within 50..600000 milliseconds\n"
            + "  fix: pass --watch-interval 0, or one from 50 to 600000 (milliseconds), or leave it"
            + " out\n"
            + "  see: mlos mcp --help\n",
        InProcess.run(dir, Main.BROKEN, "mcp", "--watch-interval", "10").err());
  }

  /**
   * `mlos need graduate` of a need just created said "(move it to actionable first)", and `mlos
   * need move 1 actionable` was then refused: a need moves a step at a time. The fix names the
   * steps and the command; followed as written, the need graduates.
   */
  @Test
  void graduatingANeedNotYetActionableNamesTheStepsAndTheCommand() {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "need", "create", "Boot");
    assertEquals(
        "refused (need.graduate): need 1 is identified; only an actionable or in_progress need"
            + " graduates into tasks\n"
            + "  allowed: actionable, in_progress\n"
            + "  fix: move it a step at a time, identified -> active -> actionable, with `mlos need"
            + " move 1 <status>`; then graduate it\n",
        InProcess.run(dir, Main.REFUSED, "need", "graduate", "1", "--task", "Do it").err());
    InProcess.ok(dir, "need", "move", "1", "active");
    InProcess.ok(dir, "need", "move", "1", "actionable");
    InProcess.ok(dir, "need", "graduate", "1", "--task", "Do it");
  }

  /**
   * An --as, --session or --reason the actor rule refuses was answered in the engine's words,
   * "actor name 'bob!' is not valid ...", naming no option, and with no fix.
   */
  @Test
  void anActorValueTheRuleRefusesNamesItsOptionAndTheFix() {
    InProcess.ok(dir, "init");
    assertEquals(
        "error: --as 'bob!' is not valid for a person (a letter or digit first, then letters,"
            + " digits, space, . _ @ + -, up to 100)\n"
            + "  fix: give the person's name in those characters, or leave --as out to act as your"
            + " login name\n"
            + "  see: mlos need create --help\n",
        InProcess.run(dir, Main.BROKEN, "need", "create", "Boot", "--as", "bob!").err());
    assertEquals(
        "error: --session contains a control character (U+000A)\n"
            + "  fix: give the session on one line, without control characters, in at most 500"
            + " characters\n"
            + "  see: mlos need create --help\n",
        InProcess.run(dir, Main.BROKEN, "need", "create", "Boot", "--session", "a\nb").err());
    InProcess.ok(dir, "need", "create", "Boot", "--as", "bob", "--session", "a b");
  }

  /** A lens of more than 100 scopes was refused with no fix line. */
  @Test
  void aLensOfMoreThan100ScopesSaysWhatToGiveInstead() {
    InProcess.ok(dir, "init");
    java.util.List<String> args =
        new java.util.ArrayList<>(java.util.List.of("agent", "lens", "--type", "coder"));
    for (int i = 1; i <= 101; i++) {
      args.add("--scope");
      args.add("s" + i);
    }
    assertEquals(
        "refused (lens.scopes): a lens takes at most 100 scopes and 100 weights, was given 101"
            + " scopes and 0 weights\n"
            + "  fix: give at most 100 scopes and 100 weights; to show the needs of more scopes,"
            + " give them a tag they share and give the lens that tag\n",
        InProcess.run(dir, Main.REFUSED, args.toArray(String[]::new)).err());
  }

  /**
   * A re-hash of an artifact without a file path (a row written with SQL: no command gives an
   * artifact a path) said there was no file to hash, and nothing on what to do.
   */
  @Test
  void aReHashOfAnArtifactWithoutAPathSaysToRegisterTheFileAndRemoveTheRow() throws Exception {
    InProcess.ok(dir, "init");
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mlos.db"));
        java.sql.Statement s = c.createStatement()) {
      s.execute("INSERT INTO artifacts (title, artifact_type) VALUES ('design notes', 'document')");
    }
    assertEquals(
        "refused (artifact.path): artifact 1 has no file_path; there is no file to hash\n"
            + "  fix: register the file it stands for by its path relative to the workspace root"
            + " (a new artifact, hashed as it is registered); then remove this one with `mlos"
            + " artifact remove 1`\n",
        InProcess.run(dir, Main.REFUSED, "artifact", "rehash", "1").err());
  }

  /**
   * Unrelating a task's derived_from edge to its own need reached the database's trigger: 'refused
   * (relationship.rule): relationship: the derived_from edge of a task to its need is kept by mlos;
   * it goes when the task is deleted', with no fix.
   */
  @Test
  void unrelatingATasksEdgeToItsNeedSaysToLeaveIt() {
    InProcess.ok(dir, "init");
    InProcess.ok(dir, "need", "create", "Boot");
    InProcess.ok(dir, "need", "move", "1", "active");
    InProcess.ok(dir, "need", "move", "1", "actionable");
    InProcess.ok(dir, "need", "graduate", "1", "--task", "Do it");
    assertEquals(
        "refused (relationship.kind): task 1 derived_from need 1 is kept by mlos: it says which"
            + " need the task was graduated from, for as long as the task exists\n"
            + "  fix: leave it; to stop the work of the task, cancel it (it stays derived_from its"
            + " need, as history does)\n",
        InProcess.run(dir, Main.REFUSED, "unrelate", "task:1", "derived_from", "need:1").err());
  }

  /**
   * `mlos mcp --session` with a line break said 'actor session contains a control character', in
   * the engine's words, naming no option (the other commands' --session does).
   */
  @Test
  void theServersSessionWithALineBreakNamesTheOption() {
    InProcess.ok(dir, "init");
    java.io.PrintStream out = System.out;
    InProcess.Run refused;
    try {
      refused = InProcess.run(dir, Main.BROKEN, "mcp", "--session", "a\nb");
    } finally {
      System.setOut(out); // the server takes stdout for the protocol first
    }
    assertEquals(
        "error: --session contains a control character (U+000A)\n"
            + "  fix: give the session on one line, without control characters, in at most 500"
            + " characters\n"
            + "  see: mlos mcp --help\n",
        refused.err());
  }

  @Test
  void aSearchOfATabAloneIsCalledWhiteSpaceNotSpaces() {
    // A new user's trial: mlos search $'\t' was told "it is only spaces".
    InProcess.ok(dir, "init");
    assertEquals(
        "error: search text must be 1..200 characters without control characters; it is only"
            + " white space (tabs, line breaks or spaces; the first is U+0009 CHARACTER"
            + " TABULATION)\n"
            + "  fix: give a word to look for\n"
            + "  see: mlos search --help\n",
        InProcess.run(dir, Main.BROKEN, "search", "\t").err());
  }
}
