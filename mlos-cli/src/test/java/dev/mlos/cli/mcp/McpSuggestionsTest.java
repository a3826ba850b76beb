package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Remedy;
import dev.mlos.core.db.Database;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.Engine;
import dev.mlos.core.engine.RefusedException;
import dev.mlos.core.schema.Migrator;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core's remedies in an MCP client's words; what no tool does is said to be so. */
class McpSuggestionsTest {
  @TempDir Path dir;

  @Test
  void startingAnAgentRunIsTheCommandsForNoToolDoesIt() {
    String words = "`mlos agent start 4` on the command line (no tool starts an agent run)";
    assertEquals(words, McpSuggestions.INSTANCE.word(Remedy.startAgent(4)));
    assertEquals(words, McpSuggestions.FOR_AGENT_SERVER.word(Remedy.startAgent(4)));
    assertEquals("`start_task`", McpSuggestions.INSTANCE.word(Remedy.startTask(4)));
  }

  /**
   * register_artifact of a directory was told to import it in the core's words ({@code `import
   * data/raw`}), as if a tool did: the import is the command line's.
   */
  @Test
  void importingIsTheCommandsForNoToolDoesIt() {
    assertEquals(
        "`mlos import data/raw` on the command line (no tool imports files)",
        McpSuggestions.INSTANCE.word(Remedy.importPaths("data/raw")));
  }

  /**
   * A trial's agent, its server's database deleted, was told "run `init`" as if a tool did, and not
   * that the server keeps the database it opened until it is started again.
   */
  @Test
  void makingTheDatabaseIsTheCommandsAndTheServerIsStartedAgain() {
    assertEquals(
        "`mlos init` in the workspace on the command line (no tool does it), then a restart of this"
            + " server from its client",
        McpSuggestions.INSTANCE.word(Remedy.init()));
  }

  /**
   * A resource whose workspace's template fails was told "fix the template at that line, then run
   * `compile` again", the core's words, as if a tool compiled: the compile is the command line's.
   */
  @Test
  void compilingIsTheCommandsForNoToolDoesIt() {
    assertEquals(
        "`mlos compile` in the workspace on the command line (no tool does it)",
        McpSuggestions.INSTANCE.word(Remedy.compile()));
    assertEquals(
        "`mlos compile --full` in the workspace on the command line (no tool does it)",
        McpSuggestions.INSTANCE.word(Remedy.compileFull()));
  }

  @Test
  void anIdThatNamesNoRowSaysWhereTheIdsAre() throws Exception {
    // An agent trial passed a need item's id of ready_work to claim_task and read only "task 1
    // does not exist"; an agent id that names no agent had no way out over MCP either.
    Path db = dir.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    }
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      RefusedException task = assertThrows(RefusedException.class, () -> engine.getTask(1));
      assertEquals(
          "refused (not_found): task 1 does not exist. Fix: take a task's id from ready_work or"
              + " get_need (a need item of ready_work is a need: graduate_need cuts it into tasks)",
          McpSuggestions.INSTANCE.refusal(task));
      RefusedException agent = assertThrows(RefusedException.class, () -> engine.getAgent(9));
      assertEquals(
          "refused (not_found): agent 9 does not exist. Fix: find the agent's id with list_agents"
              + " (a new run is registered on the command line, `mlos agent register TYPE`; no tool"
              + " does it)",
          McpSuggestions.FOR_AGENT_SERVER.refusal(agent));
      RefusedException need = assertThrows(RefusedException.class, () -> engine.getNeed(99));
      assertEquals(
          "refused (not_found): need 99 does not exist. Fix: find the need's id with search or"
              + " ready_work",
          McpSuggestions.INSTANCE.refusal(need));
    }
  }

  @Test
  void aPathOutsideTheWorkspaceOrOneWindowsRefusesSaysWhatToPassInstead() throws Exception {
    // register_artifact of '../x.md' answered only "contains a '..' segment": the fix the core
    // gave was dropped, as every fix without a remedy was, though the command line printed it.
    Path db = dir.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    }
    dev.mlos.core.engine.ArtifactPlaces places = dev.mlos.core.engine.ArtifactPlaces.defaults(dir);
    java.nio.file.Files.writeString(dir.resolve("aux.md"), "aux\n");
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      RefusedException outside =
          assertThrows(
              RefusedException.class,
              () ->
                  engine.registerArtifact(places, dev.mlos.core.engine.ArtifactSpec.of("../x.md")));
      assertEquals(
          "refused (artifact.path): Invalid workspace path '../x.md': contains a '..' segment."
              + " Fix: pass the file's path relative to the workspace root, inside the workspace,"
              + " with '/' separators and no '.' or '..' segment, for example 'docs/spec.md'; a"
              + " file outside the workspace cannot be an artifact (copy it in first)",
          McpSuggestions.INSTANCE.refusal(outside));
      RefusedException windows =
          assertThrows(
              RefusedException.class,
              () ->
                  engine.registerArtifact(places, dev.mlos.core.engine.ArtifactSpec.of("aux.md")));
      assertEquals(
          "refused (artifact.path): 'aux.md' is not a name every clone can check out, Windows"
              + " included: the name 'aux.md' is AUX with an extension, a device name Windows"
              + " reserves (in any case, with any extension). Fix: rename the file (or directory)"
              + " to a name Windows accepts too, for example with `git mv aux.md <new name>`, then"
              + " register the new path: a clone on Windows cannot check out 'aux.md', so git"
              + " fails there for the whole repository",
          McpSuggestions.INSTANCE.refusal(windows));
      // A second spelling of an artifact's file: the way out names the tool an agent has, not
      // the command line's `mlos artifact remove`.
      java.nio.file.Files.writeString(dir.resolve("Spec.md"), "spec\n");
      java.nio.file.Files.writeString(dir.resolve("spec.md"), "spec\n");
      engine.registerArtifact(places, dev.mlos.core.engine.ArtifactSpec.of("Spec.md"));
      RefusedException twice =
          assertThrows(
              RefusedException.class,
              () ->
                  engine.registerArtifact(places, dev.mlos.core.engine.ArtifactSpec.of("spec.md")));
      assertTrue(
          McpSuggestions.INSTANCE
              .refusal(twice)
              .endsWith(
                  "Fix: register it as 'Spec.md'; if the file was renamed, move artifact 1 to its"
                      + " new path instead (its edges stay): `move_artifact` with `artifact_id` 1"
                      + " and its new `file_path`"),
          McpSuggestions.INSTANCE.refusal(twice));
    }
  }

  @Test
  void theLoserOfAClaimIsToldToTakeOtherWork() throws Exception {
    // Agents racing for ready work: the ones that lost a claim read "task 7 is already claimed by
    // agent 3" and no way on, the refusal agents over MCP met most often.
    Path db = dir.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    }
    try (Engine engine = Engine.open(db, Actor.person("alice"))) {
      long need = engine.createNeed(dev.mlos.core.engine.NeedSpec.titled("n")).id();
      engine.moveNeed(need, "active", null);
      engine.moveNeed(need, "actionable", null);
      long task =
          engine
              .graduate(need, java.util.List.of(dev.mlos.core.engine.TaskSpec.of("t")))
              .get(0)
              .id();
      long a = engine.registerAgent(dev.mlos.core.engine.AgentSpec.of("builder")).id();
      long b = engine.registerAgent(dev.mlos.core.engine.AgentSpec.of("builder")).id();
      engine.as(Actor.agent(a)).claimTask(task, a);
      RefusedException lost =
          assertThrows(RefusedException.class, () -> engine.as(Actor.agent(b)).claimTask(task, b));
      assertEquals(
          "refused (task.claimed): task "
              + task
              + " is already claimed by agent "
              + a
              + " (builder). Fix: take another task from `ready_work`, which lists only tasks no one holds",
          McpSuggestions.FOR_AGENT_SERVER.refusal(lost));
      // The loser of a race to start the open task (a start claims it) had no way on at all.
      long other =
          engine
              .graduateMore(need, java.util.List.of(dev.mlos.core.engine.TaskSpec.of("u")))
              .get(0)
              .id();
      engine.as(Actor.agent(a)).startTask(other);
      RefusedException late =
          assertThrows(RefusedException.class, () -> engine.as(Actor.agent(b)).startTask(other));
      assertEquals(
          "refused (task.owner): task "
              + other
              + " is claimed by agent "
              + a
              + " (builder), not by agent "
              + b
              + "; only its holder (or a person) can change it. Fix: take another task from"
              + " `ready_work`, which lists only tasks no one holds",
          McpSuggestions.FOR_AGENT_SERVER.refusal(late));
    }
  }

  /**
   * graduate_need of a need still identified (the first thing an agent tries on a need it just
   * created) was refused with '(move it to actionable first)' and no word of the tool that moves
   * it, nor that it moves a step at a time.
   */
  @Test
  void graduatingANeedNotYetActionableNamesTheToolThatMovesIt() throws Exception {
    Path db = ToolCalls.migrated(dir);
    try (Engine engine = Engine.open(db, Actor.person("alice"))) {
      long need = engine.createNeed(dev.mlos.core.engine.NeedSpec.titled("n")).id();
      RefusedException early =
          assertThrows(
              RefusedException.class,
              () ->
                  engine.graduate(need, java.util.List.of(dev.mlos.core.engine.TaskSpec.of("t"))));
      assertEquals(
          "refused (need.graduate): need "
              + need
              + " is identified; only an actionable or in_progress need graduates into tasks."
              + " Allowed: actionable, in_progress. Fix: move it a step at a time, identified ->"
              + " active -> actionable, with `transition_need` (get_need lists its next_statuses);"
              + " then graduate it",
          McpSuggestions.INSTANCE.refusal(early));
    }
  }

  /**
   * retry_task of a task an agent still holds answered 'Allowed: failed.' and no fix; the MCP
   * server gives the core's fix in its words, as the command line does in its own.
   */
  @Test
  void retryingAHeldTaskSaysToWaitOrToReleaseIt() throws Exception {
    Path db = dir.resolve("mlos.db");
    try (Connection c = Database.at(db).open(true)) {
      Migrator.forSet("mlos").migrate(c);
    }
    try (Engine engine = Engine.open(db, Actor.tool("mlos-mcp"))) {
      long need = engine.createNeed(dev.mlos.core.engine.NeedSpec.titled("Boot")).id();
      engine.moveNeed(need, "active", null);
      engine.moveNeed(need, "actionable", null);
      long task =
          engine
              .graduate(need, java.util.List.of(dev.mlos.core.engine.TaskSpec.of("one")))
              .get(0)
              .id();
      long agent = engine.registerAgent(dev.mlos.core.engine.AgentSpec.of("coder")).id();
      engine.startAgent(agent);
      engine.claimTask(task, agent);
      RefusedException e = assertThrows(RefusedException.class, () -> engine.retryTask(task));
      assertEquals(
          "refused (task.lifecycle): task "
              + task
              + " is assigned; only a task that is failed can be retried. Allowed: failed. Fix: it"
              + " is held by agent "
              + agent
              + ", not failed: wait for that agent to finish it, or give it back with"
              + " `release_task` (it is then open, for any agent to claim)",
          McpSuggestions.INSTANCE.refusal(e));
    }
  }

  /**
   * A reason an agent gives a tool that the actor rule refuses (a control character, pasted from a
   * terminal) came back with the rule and no fix; an agent server's run that is not registered (the
   * database replaced under a running server) was told to "act as the id it prints", which a tool
   * call cannot: the server acts as the run it was started with.
   */
  @Test
  void anActorRefusalOverMcpSaysWhatTheAgentOrItsServerCanDo() throws Exception {
    Path db = ToolCalls.migrated(dir);
    try (Engine person = Engine.open(db, Actor.person("alice"))) {
      long need = ToolCalls.actionableNeed(person);
      person.graduate(need, java.util.List.of(dev.mlos.core.engine.TaskSpec.of("t")));
      McpTools tools = ToolCalls.tools(person, null, dir);
      for (String[] call :
          new String[][] {{"release_task", "task_id"}, {"retry_task", "task_id"}}) {
        String refused =
            ToolCalls.call(
                tools, call[0], java.util.Map.of(call[1], 1L, "reason", "done\u001b[31m"), true);
        assertEquals(
            "refused (actor): actor reason contains a control character (U+001B). Fix: give the"
                + " reason on one line, without control characters, in at most 500 characters",
            refused,
            call[0]);
      }
    }
    try (Engine ghost = Engine.open(db, Actor.agent(55))) {
      RefusedException e =
          assertThrows(
              RefusedException.class,
              () -> ghost.createNeed(dev.mlos.core.engine.NeedSpec.titled("x")));
      assertEquals(
          "refused (not_found): the acting agent 55 is not registered. Fix: find the agent's id"
              + " with list_agents (a new run is registered on the command line, `mlos agent"
              + " register TYPE`; no tool does it); or register an agent run first with `mlos agent"
              + " register <agent type>` on the command line (no tool registers an agent run), then"
              + " act as the id it prints, by starting this server again with `--agent <its id>`",
          McpSuggestions.FOR_AGENT_SERVER.refusal(e));
    }
  }

  /**
   * Where a lens's or a relationship's id is shown: the agent-list words were every kind's but
   * need's, task's and artifact's, so a relationship would have been sent to list_agents.
   */
  @Test
  void aLensOrRelationshipIdIsFoundWhereItIsShownNotInTheAgentList() {
    assertEquals(
        "find the relationship's id with get_need of a need it touches (relationships)",
        McpSuggestions.INSTANCE.word(Remedy.findIds("relationship")));
    assertEquals(
        "a lens's id is shown on the command line, `mlos agent show <agent id>`",
        McpSuggestions.INSTANCE.word(Remedy.findIds("lens")));
    assertEquals(
        "find the relationship's id with `getNeed` of a need it touches",
        dev.mlos.core.RemedyWording.OPERATIONS.word(Remedy.findIds("relationship")));
    assertEquals(
        "find the lens's id with `lensOf` of its agent run",
        dev.mlos.core.RemedyWording.OPERATIONS.word(Remedy.findIds("lens")));
  }

  /** More heap for the server: it is set where the client starts it. */
  @Test
  void moreMemoryIsInTheServersArgs() {
    assertEquals(
        "\"-Xmx1024m\" in this server's args in the client's MCP configuration, before \"-jar\","
            + " then a restart of the server",
        McpSuggestions.INSTANCE.word(Remedy.moreMemory(1024)));
  }

  /**
   * A merge of text forms too large for the heap (a sparse file of 64 GiB, refused before a byte is
   * read) named JAVA_TOOL_OPTIONS and MAVEN_OPTS, whichever client ran it: the server names its
   * args.
   */
  @Test
  void aMergeTooLargeForTheHeapNamesTheServersArgs() throws Exception {
    Path ours = dir.resolve("ours.sql");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(ours.toFile(), "rw")) {
      f.setLength(64L << 30);
    }
    Path empty = java.nio.file.Files.writeString(dir.resolve("base.sql"), "");
    dev.mlos.core.MlosException e =
        assertThrows(
            dev.mlos.core.MlosException.class,
            () -> dev.mlos.core.dbtext.TextMerge.mergeFiles(empty, ours, empty));
    assertEquals(
        "give Java more memory and run it again: \"-Xmx655616m\" in this server's args in the"
            + " client's MCP configuration, before \"-jar\", then a restart of the server",
        e.fix(McpSuggestions.INSTANCE));
  }
}
