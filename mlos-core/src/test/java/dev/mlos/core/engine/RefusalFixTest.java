package dev.mlos.core.engine;

import static dev.mlos.core.engine.EngineTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Remedy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refusals an agent met in this session's three-agent round that said what was wrong but not what
 * to do instead (STYLE.md: a refused operation names its rule and the fix). The fix is the core's,
 * so the mlos command and the MCP server give the same words.
 */
class RefusalFixTest {
  @TempDir Path dir;
  Engine engine;

  @BeforeEach
  void open() {
    engine = Engine.open(EngineDatabase.create(dir.resolve("mlos.db")), Actor.person("alice"));
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void anEdgeFromANeedToItselfSaysToRelateItToAnother() {
    Need n = engine.createNeed(NeedSpec.titled("Boot"));
    RefusedException e =
        refused("relationship.self", () -> engine.relate(n.ref(), n.ref(), "references", null));
    assertEquals("relate it to another need, task, artifact or agent: an edge joins two", e.fix());
  }

  @Test
  void aBlocksEdgeClosingACycleSaysWhichEdgeToTakeOut() {
    Need a = engine.createNeed(NeedSpec.titled("A"));
    Need b = engine.createNeed(NeedSpec.titled("B"));
    engine.relate(a.ref(), b.ref(), "blocks", null);
    RefusedException e =
        refused("relationship.cycle", () -> engine.relate(b.ref(), a.ref(), "blocks", null));
    assertEquals(
        "leave this edge out: the work already waits the other way; or first remove (unrelate)"
            + " the blocks edge on the way from "
            + a.ref()
            + " to "
            + b.ref()
            + " that no longer holds",
        e.fix());
  }

  @Test
  void aBlocksEdgeClosingACycleThroughANeedsTasksNamesTheEdgeAndTheFix() {
    // Found trying the README as a new user: a need blocking its own task reached the database's
    // trigger, whose words named neither the edge nor what to do ("relationship: this blocks
    // edge would close a cycle through a need and its tasks ...", no fix).
    Need n = engine.createNeed(NeedSpec.titled("Croissants burn"));
    engine.moveNeed(n.id(), "active", null);
    engine.moveNeed(n.id(), "actionable", null);
    Task t = engine.graduate(n.id(), List.of(TaskSpec.of("Lower the heat"))).get(0);
    RefusedException e =
        refused("relationship.cycle", () -> engine.relate(n.ref(), t.ref(), "blocks", null));
    assertEquals(
        n.ref()
            + " blocks "
            + t.ref()
            + " would close a cycle through a need and its tasks: "
            + n.ref()
            + " already waits for "
            + t.ref()
            + " (a need waits for its open tasks, and a task for what blocks its need)",
        e.getMessage());
    assertEquals(
        "leave this edge out: the work already waits the other way (a need cannot block its own"
            + " open tasks; to order the tasks of one need, relate them to each other); or first"
            + " remove (unrelate) a blocks edge through which "
            + n.ref()
            + " waits for "
            + t.ref()
            + ", if one no longer holds",
        e.fix());
  }

  @Test
  void aParentThatWouldCloseACycleSaysWhichParentsAreLeft() {
    Need parent = engine.createNeed(NeedSpec.titled("Parent"));
    Need child = engine.createNeed(NeedSpec.titled("Child"));
    engine.updateNeed(child.id(), NeedChange.none().parent(parent.id()));
    RefusedException e =
        refused(
            "need.parent",
            () -> engine.updateNeed(parent.id(), NeedChange.none().parent(child.id())));
    assertEquals(
        "give need "
            + parent.id()
            + " a parent that is not itself or one of its descendants, or leave its parent as it"
            + " is",
        e.fix());
  }

  @Test
  void aTitleOnTwoLinesOrTooLongSaysWhereTheRestGoes() {
    RefusedException lines =
        refused("need.title", () -> engine.createNeed(NeedSpec.titled("Boot\nfast")));
    assertEquals(
        "write the need title on one line, and put the rest in the description", lines.fix());
    RefusedException longOne =
        refused("need.title", () -> engine.createNeed(NeedSpec.titled("x".repeat(501))));
    assertEquals(
        "shorten the need title to at most 500 characters, and put the rest in the description",
        longOne.fix());
  }

  @Test
  void aFileThatIsNotThereOrIsADirectorySaysWhatToRegister() throws Exception {
    ArtifactPlaces places = ArtifactPlaces.defaults(dir);
    RefusedException missing =
        refused(
            "artifact.file",
            () -> engine.registerArtifact(places, ArtifactSpec.of("docs/spec.md")));
    assertEquals(
        "write the file first, then register it by its path from the workspace root"
            + " (docs/spec.md)",
        missing.fix());
    Files.createDirectories(dir.resolve("docs"));
    RefusedException directory =
        refused("artifact.file", () -> engine.registerArtifact(places, ArtifactSpec.of("docs")));
    assertEquals(
        "register each file of it on its own, or import the directory with `import docs`, which"
            + " registers every file under it",
        directory.fix());
  }

  @Test
  void anIdThatDoesNotExistSaysWhereSuchIdsAreFound() {
    RefusedException e = refused("not_found", () -> engine.getNeed(99));
    assertEquals("need 99 does not exist", e.getMessage());
    assertEquals("find the need's id with `search` or `readyWork`", e.fix());
    assertEquals(List.of(Remedy.findIds("need")), e.remedies());
  }

  // A round with the MCP TypeScript SDK's client met these refusals with no fix line: the way on
  // was inline in the message, or missing.

  @Test
  void aCursorThatIsNoneOfOursSaysToStartWithoutOneAsItsFix() {
    RefusedException e =
        refused("input.cursor", () -> engine.readyWork(ReadyQuery.everyone().withCursor("abc")));
    assertEquals(
        "cursor 'abc' is not a page cursor (the next_cursor of the page before)", e.getMessage());
    assertEquals(
        "call again without cursor to start from the first page, then pass each page's"
            + " next_cursor",
        e.fix());
  }

  @Test
  void halfASurrogatePairSaysToSendValidUnicodeAsItsFix() {
    RefusedException e =
        refused("need.title", () -> engine.createNeed(NeedSpec.titled("Boot \uD800 fast")));
    assertEquals(
        "need title holds half of a surrogate pair (U+D800 at position 5), which is no character",
        e.getMessage());
    assertEquals(
        "send the need title as valid Unicode: keep both halves of a surrogate pair together (an"
            + " emoji beyond U+FFFF is two), or drop the lone half",
        e.fix());
  }

  @Test
  void aFileOutsideTheWorkspaceSaysToCopyItInFirst() {
    ArtifactPlaces places = ArtifactPlaces.defaults(dir);
    RefusedException e =
        refused(
            "artifact.path", () -> engine.registerArtifact(places, ArtifactSpec.of("/etc/passwd")));
    assertEquals(
        "copy the file into the workspace first, then register the copy by its path relative to"
            + " the workspace root ('docs/passwd')",
        e.fix());
  }

  @Test
  void releasingOrRetryingAFinishedTaskSaysThereIsNothingToDoAndWhereOtherWorkIs() {
    Need n = engine.createNeed(NeedSpec.titled("Boot"));
    engine.moveNeed(n.id(), "active", null);
    engine.moveNeed(n.id(), "actionable", null);
    List<Task> tasks =
        engine.graduate(n.id(), List.of(TaskSpec.of("done one"), TaskSpec.of("failed one")));
    long agent = engine.registerAgent(AgentSpec.of("coder")).id();
    engine.startAgent(agent);
    Engine asAgent = engine.as(Actor.agent(agent));
    long done = tasks.get(0).id();
    asAgent.claimTask(done, agent);
    asAgent.startTask(done);
    asAgent.finishTask(done, "completed", "booted");
    RefusedException release = refused("task.lifecycle", () -> asAgent.releaseTask(done));
    assertEquals(List.of("assigned", "in_progress"), release.allowed());
    assertEquals(
        "nothing to do: task "
            + done
            + " is completed and stays so; take other work from"
            + " `readyWork`",
        release.fix());
    assertEquals(List.of(Remedy.takeReadyWork(agent)), release.remedies());
    RefusedException retry = refused("task.lifecycle", () -> engine.retryTask(done));
    assertEquals(List.of(Remedy.takeReadyWork()), retry.remedies());

    long failed = tasks.get(1).id();
    asAgent.claimTask(failed, agent);
    asAgent.startTask(failed);
    asAgent.finishTask(failed, "failed", "no disk");
    RefusedException giveBack = refused("task.lifecycle", () -> engine.releaseTask(failed));
    assertEquals(
        "a failed task is not held: open it again with `retryTask` of task "
            + failed
            + ", for an agent to claim",
        giveBack.fix());
  }

  /**
   * A retry of a task still held (assigned or in progress) said only "Allowed: failed", as if the
   * agent had to fail it first: the fix is to wait for its agent or to give it back.
   */
  @Test
  void retryingAHeldTaskSaysToWaitForItsAgentOrReleaseIt() {
    Need n = engine.createNeed(NeedSpec.titled("Boot"));
    engine.moveNeed(n.id(), "active", null);
    engine.moveNeed(n.id(), "actionable", null);
    long task = engine.graduate(n.id(), List.of(TaskSpec.of("held one"))).get(0).id();
    long agent = engine.registerAgent(AgentSpec.of("coder")).id();
    engine.startAgent(agent);
    engine.claimTask(task, agent);
    for (int started = 0; started < 2; started++) {
      RefusedException e = refused("task.lifecycle", () -> engine.retryTask(task));
      assertEquals(List.of("failed"), e.allowed());
      assertEquals(true, e.fixGiven());
      assertEquals(
          "it is held by agent "
              + agent
              + ", not failed: wait for that agent to finish it, or give it back with"
              + " `releaseTask` of task "
              + task
              + " (it is then open, for any agent to claim)",
          e.fix());
      assertEquals(List.of(Remedy.releaseTask(task)), e.remedies());
      engine.as(Actor.agent(agent)).startTask(task);
    }
  }

  /**
   * The agent that holds a task and retries it (retry_task over MCP in a trial, to start over) was
   * told to wait for agent 1 to finish it, itself: it is told it holds it, to go on or give it
   * back.
   */
  @Test
  void retryingATaskYouHoldSaysYouHoldItNotToWaitForYourself() {
    Need n = engine.createNeed(NeedSpec.titled("Boot"));
    engine.moveNeed(n.id(), "active", null);
    engine.moveNeed(n.id(), "actionable", null);
    long task = engine.graduate(n.id(), List.of(TaskSpec.of("held one"))).get(0).id();
    long agent = engine.registerAgent(AgentSpec.of("coder")).id();
    engine.startAgent(agent);
    Engine holder = engine.as(Actor.agent(agent));
    holder.claimTask(task, agent);

    RefusedException e = refused("task.lifecycle", () -> holder.retryTask(task));

    assertEquals(List.of("failed"), e.allowed());
    assertEquals(
        "you hold it (agent "
            + agent
            + ") and it has not failed: go on with it, or give it back with `releaseTask` of task "
            + task
            + " (it is then open, for any agent to claim)",
        e.fix());
    assertEquals(List.of(Remedy.releaseTask(task)), e.remedies());
    assertEquals("assigned", engine.getTask(task).status(), "nothing written");
  }

  /**
   * Fixes that were written into the message, where an adapter cannot show them on its fix line: a
   * change that changes nothing, a blank title, a tag both added and removed, an empty transcript.
   */
  @Test
  void fixesWrittenInTheMessageAreOnTheFixLine() {
    Need n = engine.createNeed(NeedSpec.titled("Boot"));
    engine.moveNeed(n.id(), "active", null);
    engine.moveNeed(n.id(), "actionable", null);
    long task = engine.graduate(n.id(), List.of(TaskSpec.of("one"))).get(0).id();
    RefusedException nothing = refused("input", () -> engine.updateTask(task, null, null));
    assertEquals(
        "task "
            + task
            + ": nothing to change (the status moves with claim, start, complete and"
            + " retry)",
        nothing.getMessage());
    assertEquals("give a description or a priority", nothing.fix());
    RefusedException blank =
        refused("need.title", () -> engine.updateNeed(n.id(), NeedChange.none().title(" ")));
    assertEquals("need " + n.id() + ": need title is blank", blank.getMessage());
    assertEquals("give the need title words, on one line", blank.fix());
    RefusedException both =
        refused(
            "input",
            () ->
                engine.updateNeed(
                    n.id(), NeedChange.none().addTags(List.of("z")).removeTags(List.of("z"))));
    assertEquals("need " + n.id() + ": 'z' both added and removed", both.getMessage());
    assertEquals("name each tag in one of them: added or removed", both.fix());
    RefusedException transcript =
        refused("input", () -> engine.registerAgent(new AgentSpec("coder", null, " ")));
    assertEquals("session_transcript is empty", transcript.getMessage());
    assertEquals("name the transcript (a path or URL), or leave it out", transcript.fix());
  }

  /**
   * An artifact's empty description and a description both given and cleared had their fix in the
   * message ("give the text, or leave it out (...)", "pass one"), where no fix line showed it; an
   * update's fix now names the clear it meant, a registration's leaving it out.
   */
  @Test
  void anArtifactsEmptyDescriptionHasItsFixOnTheFixLine() throws Exception {
    ArtifactPlaces places = ArtifactPlaces.defaults(dir);
    Files.writeString(dir.resolve("notes.md"), "# Notes\n");
    RefusedException register =
        refused(
            "input",
            () ->
                engine.registerArtifact(places, ArtifactSpec.of("notes.md").withDescription(" ")));
    assertEquals("the description is empty", register.getMessage());
    assertEquals(true, register.fixGiven());
    assertEquals("give the text, or leave it out", register.fix());
    long id = engine.registerArtifact(places, ArtifactSpec.of("notes.md")).artifact().id();
    RefusedException update =
        refused("input", () -> engine.updateArtifact(id, ArtifactChange.none().description("")));
    assertEquals("artifact " + id + ": the description is empty", update.getMessage());
    assertEquals("give the text, or clear description to remove the one recorded", update.fix());
    RefusedException both =
        refused(
            "input",
            () ->
                engine.updateArtifact(
                    id, ArtifactChange.none().description("x").withoutDescription()));
    assertEquals(
        "artifact " + id + ": a new description and clearing it contradict each other",
        both.getMessage());
    assertEquals("give the new description, or clear it, not both", both.fix());
  }

  /**
   * A relationship that exists with other metadata, a need field both set and cleared, and a search
   * for nothing had the way on inline ("to change it, remove it first ...", "do one or the other",
   * "give a word to look for") or none (a search text too long, or with a control character).
   */
  @Test
  void anEdgeInTheWayAFieldSetAndClearedAndABadSearchTextHaveTheirFixApart() {
    Need a = engine.createNeed(NeedSpec.titled("A"));
    Need b = engine.createNeed(NeedSpec.titled("B"));
    engine.relate(a.ref(), b.ref(), "references", null);
    RefusedException exists =
        refused(
            "relationship.exists",
            () -> engine.relate(a.ref(), b.ref(), "references", "{\"why\": \"x\"}"));
    assertEquals(
        "relationship 1 (" + a.ref() + " references " + b.ref() + ") exists with other metadata",
        exists.getMessage());
    assertEquals(
        "to change its metadata, remove it first (unrelate), then relate again with the new"
            + " metadata",
        exists.fix());
    RefusedException both =
        refused(
            "input", () -> engine.updateNeed(a.id(), NeedChange.none().scope("x").clear("scope")));
    assertEquals("need field 'scope' is both set and cleared in one change", both.getMessage());
    assertEquals("set it or clear it, not both", both.fix());
    RefusedException spaces = refused("input", () -> engine.search(SearchQuery.of("   ")));
    assertEquals(
        "search text must be 1..200 characters without control characters; it is only spaces",
        spaces.getMessage());
    assertEquals("give a word to look for", spaces.fix());
    // A tab alone (or a line break) was told "it is only spaces" (a new user's trial).
    RefusedException tab = refused("input", () -> engine.search(SearchQuery.of("\t")));
    assertEquals(
        "search text must be 1..200 characters without control characters; it is only white"
            + " space (tabs, line breaks or spaces; the first is U+0009 CHARACTER TABULATION)",
        tab.getMessage());
    assertEquals("give a word to look for", tab.fix());
    assertTrue(
        refused("input", () -> engine.search(SearchQuery.of(" \n ")))
            .getMessage()
            .endsWith(
                "; it is only white space (tabs, line breaks or spaces; the first is U+000A LINE"
                    + " FEED (LF))"));
    assertTrue(
        refused("input", () -> engine.search(SearchQuery.of("\u3000")))
            .getMessage()
            .endsWith("the first is U+3000 IDEOGRAPHIC SPACE)"));
    assertEquals(
        "give a word to look for", refused("input", () -> engine.search(SearchQuery.of(""))).fix());
    assertEquals(
        "take the control characters out of the search text",
        refused("input", () -> engine.search(SearchQuery.of("a\tb"))).fix());
    assertEquals(
        "shorten the search text to at most 200 characters: a few words of the text find it",
        refused("input", () -> engine.search(SearchQuery.of("x".repeat(201)))).fix());
  }

  /**
   * Graduating a need not yet actionable said "(move it to actionable first)" in the message: a
   * move straight to actionable is refused, as a need moves a step at a time. The fix names the
   * steps from where the need is.
   */
  @Test
  void graduatingANeedNotYetActionableNamesTheStepsThatGetItThere() {
    Need n = engine.createNeed(NeedSpec.titled("Boot"));
    RefusedException identified =
        refused("need.graduate", () -> engine.graduate(n.id(), List.of(TaskSpec.of("t"))));
    assertEquals(
        "need "
            + n.id()
            + " is identified; only an actionable or in_progress need graduates into"
            + " tasks",
        identified.getMessage());
    assertEquals(
        "move it a step at a time, identified -> active -> actionable, with `moveNeed` of need "
            + n.id()
            + "; then graduate it",
        identified.fix());
    assertEquals(List.of(Remedy.moveNeed(n.id())), identified.remedies());
    engine.moveNeed(n.id(), "deferred", null);
    assertEquals(
        "move it a step at a time, deferred -> active -> actionable, with `moveNeed` of need "
            + n.id()
            + "; then graduate it",
        refused("need.graduate", () -> engine.graduate(n.id(), List.of(TaskSpec.of("t")))).fix());
    // Followed as written, it graduates.
    engine.moveNeed(n.id(), "active", null);
    assertEquals(
        "move it a step at a time, active -> actionable, with `moveNeed` of need "
            + n.id()
            + "; then graduate it",
        refused("need.graduate", () -> engine.graduate(n.id(), List.of(TaskSpec.of("t")))).fix());
    engine.moveNeed(n.id(), "actionable", null);
    assertEquals(1, engine.graduate(n.id(), List.of(TaskSpec.of("t"))).size());
  }

  /**
   * Metadata that is not one JSON value said what it must be and had no fix, nor which was wrong
   * (no JSON, two values, none); metadata nested too deeply had no fix either.
   */
  @Test
  void metadataThatIsNotOneJsonValueSaysWhyAndWhatToPass() {
    Need a = engine.createNeed(NeedSpec.titled("A"));
    Need b = engine.createNeed(NeedSpec.titled("B"));
    RefusedException broken =
        refused("relationship.metadata", () -> engine.relate(a.ref(), b.ref(), "references", "{x"));
    assertEquals("metadata must be one JSON value; '{x' is not valid JSON", broken.getMessage());
    assertEquals(
        "pass one JSON value, an object such as {\"why\": \"...\"}, or leave the metadata out",
        broken.fix());
    assertEquals(
        "metadata must be one JSON value; '{} {}' holds more than one JSON value",
        refused(
                "relationship.metadata",
                () -> engine.relate(a.ref(), b.ref(), "references", "{} {}"))
            .getMessage());
    RefusedException deep =
        refused(
            "relationship.metadata",
            () ->
                engine.relate(a.ref(), b.ref(), "references", "[".repeat(1000) + "]".repeat(1000)));
    assertEquals("nest it at most 999 levels deep, or leave the metadata out", deep.fix());
    // Followed as written, it relates.
    engine.relate(a.ref(), b.ref(), "references", "{\"why\": \"x\"}");
  }

  /**
   * A limit out of its range, and a graduation of no task or of too many, said the range only; the
   * fix now gives the range to pass, and for too many tasks the way to add the rest.
   */
  @Test
  void aLimitOrATaskCountOutOfRangeSaysWhatToPass() {
    assertEquals(
        "give a limit from 1 to 50; more come page by page, with the next_cursor each page gives",
        refused("input", () -> engine.readyWork(ReadyQuery.everyone().withLimit(0))).fix());
    Need n = engine.createNeed(NeedSpec.titled("Boot"));
    assertEquals(
        "give a limit from 1 to 1000", refused("input", () -> engine.history(n.ref(), 1001)).fix());
    assertEquals(
        "give a limit from 1 to 1000", refused("input", () -> engine.listAgents(true, 0)).fix());
    engine.moveNeed(n.id(), "active", null);
    engine.moveNeed(n.id(), "actionable", null);
    assertEquals(
        "give the tasks to cut it into, one at least",
        refused("input", () -> engine.graduate(n.id(), List.of())).fix());
    List<TaskSpec> many = new java.util.ArrayList<>();
    for (int i = 0; i < 101; i++) {
      many.add(TaskSpec.of("t" + i));
    }
    RefusedException tooMany = refused("input", () -> engine.graduate(n.id(), many));
    assertEquals(
        "graduate it with at most 100 tasks, then add the rest beside them with `graduateMore`",
        tooMany.fix());
    assertEquals(List.of(Remedy.graduateMore(n.id())), tooMany.remedies());
    // Followed as written, every task is cut.
    engine.graduate(n.id(), many.subList(0, 100));
    assertEquals(1, engine.graduateMore(n.id(), many.subList(100, 101)).size());
  }

  // Found while there: refusals a person or an agent plausibly meets that said the rule only.

  @Test
  void aTextTooLongOrWithAControlCharacterSaysWhatToDoWithIt() {
    RefusedException longOne =
        refused(
            "need.text",
            () -> engine.createNeed(NeedSpec.titled("Boot").withDescription("x".repeat(100_001))));
    assertEquals(
        "shorten the description to at most 100000 characters; a longer text goes in a file of"
            + " the workspace, registered as an artifact and named here",
        longOne.fix());
    RefusedException escape =
        refused(
            "need.text",
            () -> engine.createNeed(NeedSpec.titled("Boot").withDescription("\u001B[31mred")));
    assertEquals(
        "take the control characters out of the description (terminal colour codes among them);"
            + " line breaks and tabs are kept",
        escape.fix());
  }

  @Test
  void aScopeTooLongOrEmptySaysWhatAScopeIs() {
    RefusedException longOne =
        refused(
            "need.scope",
            () -> engine.createNeed(NeedSpec.titled("Boot").withScope("s".repeat(201))));
    assertEquals(
        "shorten the scope to at most 200 characters (a path or an area, 'kernel/boot'); the rest"
            + " goes in the description",
        longOne.fix());
    RefusedException empty =
        refused("need.scope", () -> engine.createNeed(NeedSpec.titled("Boot").withScope(" ")));
    assertEquals(
        "give the scope words (a path or an area, 'kernel/boot'), or leave it out", empty.fix());
  }

  @Test
  void moreThanAHundredTagsSaysToRemoveSome() {
    Need n = engine.createNeed(NeedSpec.titled("Boot"));
    List<String> tags = new java.util.ArrayList<>();
    for (int i = 0; i < 101; i++) {
      tags.add("t" + i);
    }
    RefusedException e =
        refused("need.tags", () -> engine.updateNeed(n.id(), NeedChange.none().tags(tags)));
    assertEquals("give 100 tags or fewer (a tag names a kind of work, not an item of it)", e.fix());
    // Added to the need's own, over the limit in all.
    engine.updateNeed(n.id(), NeedChange.none().tags(tags.subList(0, 100)));
    RefusedException added =
        refused(
            "need.tags", () -> engine.updateNeed(n.id(), NeedChange.none().addTags(List.of("x"))));
    assertEquals(
        "remove tags in the same change, to 100 or fewer in all (a tag names a kind of work, not"
            + " an item of it)",
        added.fix());
  }

  @Test
  void aLinkLeadingOutOfTheWorkspaceSaysToCopyTheFileIn(@TempDir Path outside) throws Exception {
    Files.writeString(outside.resolve("notes.md"), "n");
    Files.createSymbolicLink(dir.resolve("notes.md"), outside.resolve("notes.md"));
    RefusedException e =
        refused(
            "artifact.path",
            () ->
                engine.registerArtifact(ArtifactPlaces.defaults(dir), ArtifactSpec.of("notes.md")));
    // The path rule's own fix, which the refusal had dropped, as a clause like every other
    // engine fix (it was the compile's sentences: "mlos does not ... . Remove ...; then run
    // again.").
    assertEquals(
        "remove the link 'notes.md' (the file it points to is not touched), or replace it with a"
            + " plain file inside the workspace",
        e.fix());
  }

  @Test
  void aLensOfMoreThan100ScopesSaysHowManyToGiveAndWhatToDoInstead() {
    List<String> scopes = new java.util.ArrayList<>();
    for (int i = 1; i <= 101; i++) {
      scopes.add("s" + i);
    }
    RefusedException e =
        refused(
            "lens.scopes",
            () ->
                engine.setLens(
                    new LensSpec(null, "coder", scopes, List.of(), java.util.Map.of(), null)));
    assertEquals(
        "a lens takes at most 100 scopes and 100 weights, was given 101 scopes and 0 weights",
        e.getMessage());
    assertEquals(
        "give at most 100 scopes and 100 weights; to show the needs of more scopes, give them a"
            + " tag they share and give the lens that tag",
        e.fix());
    // Followed: 100 scopes and a tag.
    Lens lens =
        engine
            .setLens(
                new LensSpec(
                    null,
                    "coder",
                    scopes.subList(0, 100),
                    List.of("boot"),
                    java.util.Map.of(),
                    null))
            .lens();
    assertEquals(100, lens.scopes().size());
  }

  @Test
  void aReHashOfAnArtifactWithoutAFileSaysToRegisterTheFileAndRemoveIt() throws Exception {
    // Only a row written without the engine has no file_path (no operation gives one a path).
    try (java.sql.Connection c = dev.mlos.core.db.Database.at(dir.resolve("mlos.db")).open(false);
        java.sql.Statement s = c.createStatement()) {
      s.execute("INSERT INTO artifacts (title, artifact_type) VALUES ('design notes', 'document')");
    }
    RefusedException e =
        refused("artifact.path", () -> engine.rehashArtifact(ArtifactPlaces.defaults(dir), 1));
    assertEquals("artifact 1 has no file_path; there is no file to hash", e.getMessage());
    assertEquals(
        "register the file it stands for by its path relative to the workspace root (a new"
            + " artifact, hashed as it is registered); then remove this one with `removeArtifact`"
            + " of artifact 1",
        e.fix(dev.mlos.core.RemedyWording.OPERATIONS));
    // Followed.
    Files.writeString(dir.resolve("notes.md"), "n");
    engine.registerArtifact(ArtifactPlaces.defaults(dir), ArtifactSpec.of("notes.md"));
    engine.removeArtifact(1);
  }

  /**
   * The actor rule's refusals had no fix: a reason an agent gives a tool with a control character
   * in it, a session too long, an actor written as history does not write it.
   */
  @Test
  void anActorTheRuleRefusesSaysWhatToGiveInstead() {
    assertEquals(
        "give the reason on one line, without control characters, in at most 500 characters",
        refused("actor", () -> Actor.person("eve").withReason("a\u001bb")).fix());
    assertEquals(
        "give the session on one line, without control characters, in at most 500 characters",
        refused("actor", () -> Actor.person("eve").withSession("s".repeat(501))).fix());
    assertEquals(
        "give the person's name in those characters",
        refused("actor", () -> Actor.person("bob!")).fix());
    assertEquals(
        "name the agent run by its id: agent:7",
        refused("actor", () -> Actor.parse("agent:x")).fix());
    assertEquals(
        "give agent:<id>, person:<name> or tool:<name>",
        refused("actor", () -> Actor.parse("robot:1")).fix());
    assertEquals(
        "give agent:<id>, person:<name> or tool:<name>",
        refused("actor", () -> Actor.parse("alice")).fix());
    // An agent that is not registered is a row the workspace lacks, as any other id (it was the
    // actor rule, which the command line reports as a malformed option): find the run's id or
    // register one, then act as it, in each client's words.
    try (Engine ghost = Engine.open(dir.resolve("mlos.db"), Actor.agent(55))) {
      assertEquals(
          "find the agent's id with `listAgents`; or register an agent run first with"
              + " `registerAgent`, then act as the id it prints, as an agent",
          refused("not_found", () -> ghost.createNeed(NeedSpec.titled("x"))).fix());
    }
  }

  /**
   * A finished run moved again (`mlos agent finish 3` retried, `mlos agent start 3` of a finished
   * one) said the move is not allowed and had no fix line.
   */
  @Test
  void aFinishedRunMovedAgainSaysThereIsNothingToDoAndHowMoreWorkStarts() {
    long run = engine.registerAgent(AgentSpec.of("coder")).id();
    engine.startAgent(run);
    engine.finishAgent(run, "completed", null);
    RefusedException again =
        refused("agent.lifecycle", () -> engine.finishAgent(run, "completed", null));
    assertEquals(
        "agent 1: completed -> completed is not allowed (completed is final)", again.getMessage());
    assertEquals(
        "nothing to do: agent 1 is completed and stays so; more work is a new agent run: register"
            + " one with `registerAgent` of type coder",
        again.fix());
    assertEquals(again.fix(), refused("agent.lifecycle", () -> engine.startAgent(run)).fix());
  }
}
