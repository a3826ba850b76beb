package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command line picocli cannot read is answered in mlos's words, with the line that works. */
class ArgumentWordsTest {
  @TempDir Path dir;

  /** stderr of a command line that must exit 2 (nothing is opened: it fails while parsing). */
  private String said(String... args) {
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err), args[0])
            .execute(args);
    assertEquals(Main.BROKEN, code, err.toString());
    return err.toString();
  }

  @Test
  void aMistypedCommandGetsTheNearestCommandAndTheList() {
    assertEquals(
        "error: 'ned' is not a command of `mlos`\n"
            + "  hint: did you mean `mlos need`?\n"
            + "  hint: the commands of `mlos` are init, need, task, agent, artifact, import, relate,"
            + " unrelate, ready,"
            + " search, history, compile, guard, check-text, clean, mcp, merge-db\n"
            + "  see: mlos --help\n",
        said("ned", "create", "x"));
    assertEquals(
        "error: 'shw' is not a command of `mlos need`\n"
            + "  hint: did you mean `mlos need show`?\n"
            + "  hint: the commands of `mlos need` are create, show, update, move, defer, resume,"
            + " graduate\n"
            + "  see: mlos need --help\n",
        said("need", "shw", "1"));
  }

  @Test
  void aHealthCheckOfAnotherToolIsPointedAtTheGuardNotAtANearSpelling() {
    // `mlos doctor` (brew, flutter) was answered "did you mean `mlos history`?".
    assertEquals(
        "error: 'doctor' is not a command of `mlos`\n"
            + "  hint: mlos has no `doctor`: `mlos guard` checks the workspace's files against the"
            + " database (changes nothing), and `mlos init` checks the database itself and brings"
            + " it up to date\n"
            + "  hint: the commands of `mlos` are init, need, task, agent, artifact, import, relate,"
            + " unrelate, ready,"
            + " search, history, compile, guard, check-text, clean, mcp, merge-db\n"
            + "  see: mlos --help\n",
        said("doctor"));
    assertTrue(said("status").contains("hint: mlos has no `status`: `mlos guard`"), said("status"));
  }

  @Test
  void theMcpToolsVerbsGetTheCommandThatDoesTheSameNotANearSpelling() {
    // An agent that knows transition_need and get_need types their verbs: the nearest spelling
    // was another operation, one that changes the row (graduate cuts the need into tasks).
    assertEquals(
        "error: 'transition' is not a command of `mlos need`\n"
            + "  hint: did you mean `mlos need move`?\n"
            + "  hint: the commands of `mlos need` are create, show, update, move, defer, resume,"
            + " graduate\n"
            + "  see: mlos need --help\n",
        said("need", "transition", "1", "active"));
    assertTrue(
        said("task", "get", "1").contains("  hint: did you mean `mlos task show`?\n"),
        said("task", "get", "1"));
    assertTrue(
        said("artifact", "get", "1").contains("  hint: did you mean `mlos artifact show`?\n"),
        said("artifact", "get", "1"));
    assertTrue(
        said("need", "get", "1").contains("  hint: did you mean `mlos need show`?\n"),
        said("need", "get", "1"));
  }

  @Test
  void listingNeedsTasksOrArtifactsSaysWhereTheListsAreNotANearCommand() {
    // A new user's (and an agent's) first guess, as in gh or bd: `mlos task list` was answered
    // "did you mean `mlos task start`?", and nothing said where needs, tasks or artifacts are
    // listed.
    assertEquals(
        "error: 'list' is not a command of `mlos task`\n"
            + "  hint: there is no list of tasks: `mlos ready` ranks the open work (`--agent ID`:"
            + " an agent's, with the tasks it holds), `mlos need show ID` lists a need's tasks,"
            + " `mlos search TEXT` finds tasks by their text, and `mlos compile` writes"
            + " PROBLEM.md and READY.md\n"
            + "  hint: the commands of `mlos task` are show, update, claim, release, start,"
            + " complete, fail, cancel, retry\n"
            + "  see: mlos task --help\n",
        said("task", "list"));
    assertTrue(
        said("need", "ls")
            .startsWith(
                "error: 'ls' is not a command of `mlos need`\n"
                    + "  hint: there is no list of needs: `mlos ready` ranks the open work"));
    assertTrue(
        said("artifact", "list").contains("`mlos compile` writes ARTIFACTS.md"),
        said("artifact", "list"));
  }

  @Test
  void anOptionBeforeItsCommandGetsTheLineWithTheOptionAfterIt() {
    assertEquals(
        "error: Unknown options: '--workspace', '/x'\n"
            + "  hint: options go after the command they belong to: `mlos ready --workspace /x`\n"
            + "  see: mlos --help\n",
        said("--workspace", "/x", "ready"));
    assertEquals(
        "error: Unknown option: '--json'\n"
            + "  hint: options go after the command they belong to: `mlos need show 1 --json`\n"
            + "  see: mlos need --help\n",
        said("need", "--json", "show", "1"));
    // A word holding a backtick: the line is set off by two, or its backtick ended it.
    assertEquals(
        "error: Unknown options: '--workspace', '/x/a`b'\n"
            + "  hint: options go after the command they belong to: `` mlos ready --workspace"
            + " '/x/a`b' ``\n"
            + "  see: mlos --help\n",
        said("--workspace", "/x/a`b", "ready"));
  }

  @Test
  void aRowIdThatIsNotANumberSaysSoInMlosWords() {
    assertEquals(
        "error: NEED_ID 'abc' is not a row id: ids are whole numbers from 1, as mlos prints them"
            + " (need 3)\n"
            + "  fix: find the need's id with `mlos search <words>` or `mlos ready`\n"
            + "  see: mlos need show --help\n",
        said("need", "show", "abc", "--workspace", dir.toString()));
    assertEquals(
        "error: --limit 'x' is not a whole number\n"
            + "  fix: give --limit a whole number from 1 to 50\n"
            + "  see: mlos ready --help\n",
        said("ready", "--limit", "x", "--workspace", dir.toString()));
  }

  /**
   * A row id mlos cannot read ({@code 1e30}, as an agent copies a float) named its rule and no fix:
   * it gets the fix of an id that does not exist, where such ids are listed, for its kind.
   */
  @Test
  void aRowIdItCannotReadSaysWhereSuchIdsAreListed() {
    assertEquals(
        "error: NEED_ID '1e30' is not a row id: ids are whole numbers from 1, as mlos prints them"
            + " (need 3)\n"
            + "  fix: find the need's id with `mlos search <words>` or `mlos ready`\n"
            + "  see: mlos need show --help\n",
        said("need", "show", "1e30", "--workspace", dir.toString()));
    assertTrue(
        said("task", "show", "x", "--workspace", dir.toString())
            .contains("\n  fix: take a task's id from `mlos ready` or `mlos need show <need id>`"),
        said("task", "show", "x", "--workspace", dir.toString()));
    assertTrue(
        said("artifact", "show", "1.5", "--workspace", dir.toString())
            .contains(
                "(artifact 3)\n"
                    + "  fix: find the artifact's id with `mlos search <words> --kind artifact`\n"),
        said("artifact", "show", "1.5", "--workspace", dir.toString()));
    // --agent ID and --for AGENT_ID take an agent's id; out of range, the same fix.
    assertEquals(
        "error: --agent 'seven' is not a row id: ids are whole numbers from 1, as mlos prints them"
            + " (agent 3)\n"
            + "  fix: find the agent's id with `mlos agent list`\n"
            + "  see: mlos ready --help\n",
        said("ready", "--agent", "seven", "--workspace", dir.toString()));
    assertEquals(
        "error: --for '99999999999999999999' is out of range: no agent id is that large (ids count"
            + " up from 1)\n"
            + "  fix: find the agent's id with `mlos agent list`\n"
            + "  see: mlos task claim --help\n",
        said("task", "claim", "1", "--for", "99999999999999999999", "--workspace", dir.toString()));
  }

  /**
   * A whole number too large to hold named no range and no fix (a trial: {@code mlos agent lens
   * --token-budget 99999999999} said only "is out of range", where 10000001 got the range
   * 1..10,000,000 from the engine): it gets the range its option's label or help gives.
   */
  @Test
  void aWholeNumberTooLargeToHoldIsNotCalledNotAWholeNumber() {
    assertEquals(
        "error: --limit '99999999999' is out of range\n"
            + "  fix: give --limit a whole number from 1 to 50\n"
            + "  see: mlos ready --help\n",
        said("ready", "--limit", "99999999999", "--workspace", dir.toString()));
    assertEquals(
        "error: --priority '-99999999999' is out of range\n"
            + "  fix: give --priority a whole number from 1 to 5\n"
            + "  see: mlos need create --help\n",
        said("need", "create", "t", "--priority", "-99999999999", "--workspace", dir.toString()));
    assertEquals(
        "error: --token-budget '99999999999' is out of range\n"
            // As the user types it: picocli reads no 10,000,000 (a trial copied it and was
            // told 'is not a whole number').
            + "  fix: give --token-budget a whole number from 1 to 10000000\n"
            + "  see: mlos agent lens --help\n",
        said(
            "agent",
            "lens",
            "--for",
            "1",
            "--token-budget",
            "99999999999",
            "--workspace",
            dir.toString()));
    // A range followed by a comma in the help ("(0..600000, default 1000)") ends at its digits.
    assertEquals(
        "error: --recompile-delay '99999999999999999999' is out of range\n"
            + "  fix: give --recompile-delay a whole number from 0 to 600000\n"
            + "  see: mlos mcp --help\n",
        said("mcp", "--recompile-delay", "99999999999999999999", "--workspace", dir.toString()));
    // 0 (never) is also a watch interval: the fix named only 50..600000.
    assertEquals(
        "error: --watch-interval '99999999999999999999' is out of range\n"
            + "  fix: give --watch-interval 0 (never) or a whole number from 50 to 600000\n"
            + "  see: mlos mcp --help\n",
        said("mcp", "--watch-interval", "99999999999999999999", "--workspace", dir.toString()));
    assertEquals(
        "error: --watch-interval 'often' is not a whole number\n"
            + "  fix: give --watch-interval 0 (never) or a whole number from 50 to 600000\n"
            + "  see: mlos mcp --help\n",
        said("mcp", "--watch-interval", "often", "--workspace", dir.toString()));
    assertEquals(
        "error: --limit '1e9' is not a whole number\n"
            + "  fix: give --limit a whole number from 1 to 1000\n"
            + "  see: mlos history --help\n",
        said("history", "need:1", "--limit", "1e9", "--workspace", dir.toString()));
    assertEquals(
        "error: NEED_ID '99999999999999999999' is out of range: no need id is that large (ids"
            + " count up from 1)\n"
            + "  fix: find the need's id with `mlos search <words>` or `mlos ready`\n"
            + "  see: mlos need show --help\n",
        said("need", "show", "99999999999999999999", "--workspace", dir.toString()));
  }

  /**
   * A number with a space around it (' 5', pasted with its space or quoted so) was called out of
   * range, and an id so written "out of range: no need id is that large", where 5 and 1 are in
   * range: picocli takes no space around the digits, and the refusal says that.
   */
  @Test
  void aNumberWithASpaceAroundItIsNotCalledOutOfRange() {
    assertEquals(
        "error: --limit ' 5' is not a whole number: it has a space around its digits\n"
            + "  fix: write --limit without the space: 5\n"
            + "  see: mlos ready --help\n",
        said("ready", "--limit", " 5", "--workspace", dir.toString()));
    assertEquals(
        "error: NEED_ID '1 ' is not a whole number: it has a space around its digits\n"
            + "  fix: write NEED_ID without the space: 1\n"
            + "  see: mlos need show --help\n",
        said("need", "show", "1 ", "--workspace", dir.toString()));
  }

  /**
   * A negative number given to an option (--token-budget -5) when a required option was left out
   * was hinted "'-5' was read as an option; put a value that starts with '-' after `--`", which
   * points away from the mistake: '-5' was --token-budget's value, and --for was missing.
   */
  @Test
  void aNegativeOptionValueIsNotHintedAsReadAsAnOption() {
    assertEquals(
        "error: Missing required argument (specify one of these): (--for=AGENT_ID |"
            + " --type=AGENT_TYPE)\n"
            + "  see: mlos agent lens --help\n",
        said("agent", "lens", "--token-budget", "-5", "--workspace", dir.toString()));
    assertTrue(
        said("need", "create", "--priority", "2", "- a title", "--workspace", dir.toString())
            .contains("was read as an option"),
        "a TITLE that starts with '-' keeps its hint");
  }

  @Test
  void aKeyValueOptionNamesItsFormOnce() {
    assertEquals(
        "error: --weight 'foo' is not of the form KEY=N (a key, '=', a value)\n"
            + "  see: mlos agent lens --help\n",
        said("agent", "lens", "--for", "1", "--weight", "foo", "--workspace", dir.toString()));
  }

  /**
   * {@code mlos relate need 1 references artifact 1}, as the help's "need:ID" reads aloud, was
   * refused as "takes no more arguments" with a hint about quotes: the line it meant is the fix.
   */
  @Test
  void aRowTypedAsTypeAndIdApartGetsTheLineWithTypeColonId() {
    String ws = dir.toString();
    assertEquals(
        "error: 'need 1', 'artifact 1': `mlos relate` takes SOURCE and TARGET each as one word,"
            + " type:id (need:1), not the type and the id apart\n"
            + "  fix: mlos relate need:1 references artifact:1 --workspace "
            + ws
            + "\n"
            + "  see: mlos relate --help\n",
        said("relate", "need", "1", "references", "artifact", "1", "--workspace", ws));
    // One end written right, the other apart; options kept where they were, with their values.
    assertEquals(
        "error: 'Task 9': `mlos unrelate` takes SOURCE and TARGET each as one word, type:id"
            + " (need:1), not the type and the id apart\n"
            + "  fix: mlos unrelate --reason 'need 1 done' task:9 produced artifact:3 --workspace "
            + ws
            + "\n"
            + "  see: mlos unrelate --help\n",
        said(
            "unrelate",
            "--reason",
            "need 1 done",
            "Task",
            "9",
            "produced",
            "artifact:3",
            "--workspace",
            ws));
    assertEquals(
        "error: 'relationship 4': `mlos history` takes ENTITY as one word, type:id (need:1), not"
            + " the type and the id apart\n"
            + "  fix: mlos history relationship:4 --workspace "
            + ws
            + "\n"
            + "  see: mlos history --help\n",
        said("history", "relationship", "4", "--workspace", ws));
    // Not that shape: the words left over are said as before.
    assertTrue(
        said("relate", "need", "1", "references", "artifact", "1", "x", "--workspace", ws)
            .startsWith("error: 'artifact', '1', 'x': `mlos relate` takes no more arguments\n"));
    assertTrue(
        said("relate", "lens", "1", "references", "need:2", "--workspace", ws)
            .startsWith("error: 'need:2': `mlos relate` takes no more arguments\n"),
        "a lens is no end of an edge: nothing to join");
  }

  /**
   * An agent's end typed apart, {@code relate agent 3 produced artifact 5} (what an agent run did),
   * got no line to run: the word {@code agent} was taken for the option {@code --agent} (picocli
   * finds an option by its name without dashes) and {@code 3} for its value.
   */
  @Test
  void anAgentsEndTypedApartGetsTheLineWithTypeColonIdToo() {
    String ws = dir.toString();
    assertEquals(
        "error: 'agent 3', 'artifact 5': `mlos relate` takes SOURCE and TARGET each as one word,"
            + " type:id (need:1), not the type and the id apart\n"
            + "  fix: mlos relate --agent 3 agent:3 produced artifact:5 --workspace "
            + ws
            + "\n"
            + "  see: mlos relate --help\n",
        said(
            "relate",
            "--agent",
            "3",
            "agent",
            "3",
            "produced",
            "artifact",
            "5",
            "--workspace",
            ws));
    assertTrue(
        said("unrelate", "need", "1", "references", "agent", "2", "--workspace", ws)
            .startsWith(
                "error: 'need 1', 'agent 2': `mlos unrelate` takes SOURCE and TARGET each as one"
                    + " word"),
        "agent as the target");
  }

  @Test
  void extraArgumentsAndMistypedOptionsSayWhatWasMeant() {
    assertEquals(
        "error: 'b': `mlos need create` takes no more arguments\n"
            + "  hint: a value with spaces goes in quotes, as one argument: 'two words'\n"
            + "  see: mlos need create --help\n",
        said("need", "create", "a", "b", "--workspace", dir.toString()));
    assertEquals(
        "error: Unknown option: '--jsn'\n"
            + "  hint: did you mean --json?\n"
            + "  see: mlos need show --help\n",
        said("need", "show", "1", "--jsn", "--workspace", dir.toString()));
  }

  @Test
  void aMistypedOptionGetsTheNearestByItsSpelling() {
    // picocli's own first suggestion for --remove-tags was --reason.
    assertTrue(
        said("need", "update", "1", "--remove-tags", "x")
            .contains("hint: did you mean --remove-tag?"),
        said("need", "update", "1", "--remove-tags", "x"));
    assertTrue(
        said("need", "create", "x", "--priorty", "2").contains("hint: did you mean --priority?"),
        said("need", "create", "x", "--priorty", "2"));
  }

  @Test
  void anOptionThatAddsOnCreateIsMatchedWithTheOneThatAddsOnUpdate() {
    // A user trial: need update --tag x hinted --tags, which replaces every tag.
    assertEquals(
        "error: Unknown options: '--tag', 'x'\n"
            + "  hint: did you mean --add-tag? (--tags replaces them all)\n"
            + "  see: mlos need update --help\n",
        said("need", "update", "1", "--tag", "x", "--workspace", dir.toString()));
  }
}
