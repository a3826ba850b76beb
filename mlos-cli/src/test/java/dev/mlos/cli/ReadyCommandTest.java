package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlos ready}: what an agent may take, and what it already holds. */
class ReadyCommandTest {
  @TempDir Path dir;

  private InProcess.Run run(String... args) {
    return InProcess.ok(dir, args);
  }

  /**
   * A new user who created needs and asked for ready work got "0 ready:" and nothing else: needs
   * start identified, which is no one's work yet. The empty list now says what makes work ready.
   */
  @Test
  void anEmptyListSaysWhatMakesWorkReady() throws Exception {
    run("init");
    run("need", "create", "Nightly ingest drops quoted commas", "--as", "bob");

    String text = run("ready").out();

    assertEquals(
        "0 ready:\n  (none: ready work is open tasks and actionable needs without a live task; a"
            + " new need becomes actionable with `mlos need move ID active`, then `mlos need move"
            + " ID actionable`)",
        text.strip());
    JsonNode json = new ObjectMapper().readTree(run("ready", "--json").out());
    assertEquals(0, json.get("total").asInt(), "--json unchanged: " + json);
  }

  @Test
  void eachReadyLineNamesTheItemsOwnTitle() {
    // A trial: the tasks of one need were listed as identical lines, their reason naming only the
    // need, so a person could not tell which task to claim without --json.
    run("init");
    run("need", "create", "Boots", "--priority", "2", "--as", "alice");
    run("need", "move", "1", "active", "--as", "alice");
    run("need", "move", "1", "actionable", "--as", "alice");
    run("need", "create", "Docs", "--priority", "3", "--as", "alice");
    run("need", "move", "2", "active", "--as", "alice");
    run("need", "move", "2", "actionable", "--as", "alice");
    run("need", "graduate", "1", "--task", "Pin the toolchain", "--task", "Boot twice");

    String text = run("ready").out();

    String since = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    assertEquals(
        "3 ready:\n"
            + "  task 1  Pin the toolchain  (P2 task of need 1 'Boots', open since "
            + since
            + ")\n"
            + "  task 2  Boot twice  (P2 task of need 1 'Boots', open since "
            + since
            + ")\n"
            + "  need 2  Docs  (P3 actionable need with no live task, waiting since "
            + since
            + ")",
        text.strip());

    // A long description is shown on one line, cut (the review: a 100,000-character description
    // filled the line, and the boot prompt's budget).
    run("task", "update", "2", "--description", "Boot twice, " + "again and ".repeat(40) + "done");
    String cut =
        run("ready").out().lines().filter(l -> l.contains("task 2")).findFirst().orElseThrow();
    assertTrue(
        cut.startsWith(
            "  task 2  Boot twice, again and again and again and again and again and again and again...  (P2"),
        cut);
  }

  /**
   * A need created without a priority read {@code P-} in {@code mlos need show} but {@code P3} in
   * {@code mlos ready}, which ranks it as 3: the list claimed a priority nobody gave it.
   */
  @Test
  void aNeedWithoutAPriorityIsShownWithoutOneAndRankedAsThree() throws Exception {
    run("init");
    run("need", "create", "Unranked", "--as", "alice");
    run("need", "move", "1", "active", "--as", "alice");
    run("need", "move", "1", "actionable", "--as", "alice");
    assertTrue(run("need", "show", "1").out().contains("P-"), run("need", "show", "1").out());

    String text = run("ready").out();
    assertTrue(text.contains("(P- actionable need with no live task, waiting since "), text);
    JsonNode item = new ObjectMapper().readTree(run("ready", "--json").out()).get("items").get(0);
    assertTrue(item.get("priority").isNull(), item.toString());
    assertEquals(3.0, item.get("score").asDouble(), "ranked as P3: " + item);
  }

  @Test
  void anAgentFindsTheTasksItHoldsWhichReadyWorkLeavesOut() throws Exception {
    run("init");
    run("agent", "register", "builder");
    run("agent", "register", "reviewer");
    run("need", "create", "Boots", "--as", "alice");
    run("need", "move", "1", "active", "--as", "alice");
    run("need", "move", "1", "actionable", "--as", "alice");
    run("need", "graduate", "1", "--task", "Pin the toolchain", "--task", "Boot twice and compare");
    run("task", "claim", "1", "--agent", "1");
    run("task", "claim", "2", "--agent", "1");
    run("task", "start", "2", "--agent", "1");

    String text = run("ready", "--agent", "1").out();
    assertTrue(text.startsWith("0 ready for agent 1:"), text);
    assertTrue(
        text.contains(
            "2 held by agent 1:\n  task 1 [assigned] Pin the toolchain\n"
                + "  task 2 [in_progress] Boot twice and compare"),
        text);

    JsonNode json = new ObjectMapper().readTree(run("ready", "--for", "1", "--json").out());
    assertEquals(2, json.get("held").size(), json.toString());
    assertEquals(2, json.get("held").get(1).get("id").asLong());
    assertEquals("in_progress", json.get("held").get(1).get("status").asText());

    // Another agent holds nothing; everyone (no agent) has no held list to show.
    assertEquals(
        0,
        new ObjectMapper().readTree(run("ready", "--for", "2", "--json").out()).get("held").size());
    assertTrue(!run("ready").out().contains("held"), "no agent: nothing is held by anyone");

    // More held than --limit shows: the count was the page's ("1 held" of 2), so an agent that
    // asked for one item learned of one task and no more.
    assertTrue(
        run("ready", "--agent", "1", "--limit", "1")
            .out()
            .contains(
                "2 held by agent 1 (the first 1 shown; --limit shows up to 50):\n"
                    + "  task 1 [assigned] Pin the toolchain"),
        run("ready", "--agent", "1", "--limit", "1").out());
    JsonNode page =
        new ObjectMapper().readTree(run("ready", "--for", "1", "--limit", "1", "--json").out());
    assertEquals(1, page.get("held").size(), page.toString());
    assertEquals(2, page.get("held_total").asInt(), page.toString());
  }

  /**
   * {@code mlos ready --agent 1} for a finished run listed work each claim of it then refused
   * (agent.lifecycle, "register a new agent run with `mlos agent register builder`"): the rule and
   * its fix come up front, exit 1, instead of the list.
   */
  @Test
  void aFinishedRunIsToldUpFrontItCanClaimNoneOfTheReadyWork() {
    run("init");
    run("agent", "register", "builder");
    run("agent", "start", "1");
    run("agent", "finish", "1");
    run("need", "create", "Boots", "--as", "alice");
    run("need", "move", "1", "active", "--as", "alice");
    run("need", "move", "1", "actionable", "--as", "alice");

    InProcess.Run r = InProcess.run(dir, Main.REFUSED, "ready", "--agent", "1");

    assertEquals("", r.out(), "no unclaimable list");
    assertEquals(
        "refused (agent.lifecycle): agent 1 is completed; a finished agent run cannot claim tasks,"
            + " so it has no ready work\n"
            + "  fix: register a new agent run with `mlos agent register builder` and ask for the"
            + " ready work of that run\n",
        r.err());
    assertTrue(run("ready").out().startsWith("1 ready"), "without the agent the need is listed");
    run("need", "graduate", "1", "--task", "Pin the toolchain");
    String claim =
        InProcess.run(dir, Main.REFUSED, "task", "claim", "1", "--for", "1", "--as", "alice").err();
    assertTrue(
        claim.startsWith("refused (agent.lifecycle): agent 1 is completed; a finished agent run")
            && claim.contains("  fix: register a new agent run with `mlos agent register builder`"),
        "the claim's rule and fix: " + claim);
  }
}
