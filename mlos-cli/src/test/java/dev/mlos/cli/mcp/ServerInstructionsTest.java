package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlos.cli.Main;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code instructions} a client reads at {@code initialize} name only the tools the server has
 * (a user trial: a runtime-memory workspace, served with no tools as docs/mcp.md says, told agents
 * to use graph_search, graph_get and graph_upsert).
 */
class ServerInstructionsTest {
  @TempDir Path dir;

  @Test
  void aWorkspaceWithoutToolsIsNotToldToUseTheGraphs() throws Exception {
    Path ws = dir.resolve("tom");
    assertEquals(
        Main.OK,
        Main.run(new String[] {"init", "--pack", "runtime-memory", "--workspace", ws.toString()}));
    var config =
        new ConfigLoader(ServerInstructionsTest.class.getClassLoader())
            .load(ws, ConfigOverrides.none());
    String session =
        String.join(
            "\n",
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
            "");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    assertTrue(
        MlosMcpServer.serve(
            config,
            null,
            null,
            new MlosMcpServer.Settings(null, false, 0, 0),
            new ByteArrayInputStream(session.getBytes(StandardCharsets.UTF_8)),
            out,
            new PrintStream(log, true, StandardCharsets.UTF_8)),
        log.toString(StandardCharsets.UTF_8));
    Map<Long, JsonNode> answers = new HashMap<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      JsonNode m = new ObjectMapper().readTree(line);
      if (m.has("id")) {
        answers.put(m.get("id").asLong(), m);
      }
    }
    assertEquals(0, answers.get(1L).get("result").get("tools").size(), answers.toString());
    String instructions = answers.get(0L).get("result").get("instructions").asText();
    assertFalse(instructions.contains("graph_"), instructions);
    assertTrue(instructions.contains("no tools"), instructions);
    assertTrue(instructions.contains("the pack 'runtime-memory'"), instructions);
    assertTrue(instructions.contains("resources/list"), instructions);
  }

  /**
   * An agent trial read only what a client sees: "Start with ready_work; claim_task before working;
   * complete_task when done" left it stuck on an empty ready_work (needs identified), on a need
   * item (claim_task of its id: "task 1 does not exist") and on a file to attach. The instructions
   * now walk the loop, and every tool they name is one the server has.
   */
  @Test
  void theInstructionsWalkTheWorkLoopWithToolsTheServerHas() {
    String text = MlosMcpServer.instructions(true, false, null);
    for (String step :
        new String[] {
          "ready_work",
          "held",
          // A trial's agent held a failed task and complete_task refused it (task.lifecycle).
          "one that failed: retry_task",
          "claim_task",
          "start_task",
          "complete_task",
          "release_task",
          "completed, failed or cancelled",
          "graduate_need",
          "identified -> active -> actionable",
          "register_artifact",
          "relate task produced artifact",
          "a registered file you moved: move_artifact",
          "mlos agent register",
          // An answer lost after the commit: the retry must not write twice (trial14's kill.mjs).
          "create_need and graduate_need a new request_id",
          "the same one when you retry"
        }) {
      assertTrue(text.contains(step), step + " in: " + text);
    }
    Set<String> tools = Set.copyOf(MlosMcpServer.engineToolNames());
    Matcher names = Pattern.compile("\\b[a-z]+_[a-z_]+\\b").matcher(text);
    while (names.find()) {
      String name = names.group();
      assertTrue(
          tools.contains(name) || name.equals("next_statuses") || name.equals("request_id"),
          name + " is no tool");
    }
  }

  /**
   * A three-agent round: a server started with --agent of a run finished with mlos agent finish was
   * given the work loop (claim_task, complete_task) and said nothing, and its first write was
   * refused. Its client and stderr are now told the run is finished, as for a shared agent.
   */
  @Test
  void aServerOfAFinishedRunSaysSoToItsClientAndStderr() throws Exception {
    Path ws = dir.resolve("done");
    for (String[] args :
        new String[][] {
          {"init"},
          {"agent", "register", "coder"},
          {"agent", "start", "1"},
          {"agent", "register", "coder"}
        }) {
      String[] all = java.util.Arrays.copyOf(args, args.length + 2);
      all[args.length] = "--workspace";
      all[args.length + 1] = ws.toString();
      assertEquals(Main.OK, Main.run(all), String.join(" ", args));
    }
    assertEquals(
        Main.OK, Main.run(new String[] {"agent", "finish", "1", "--workspace", ws.toString()}));
    var config =
        new ConfigLoader(ServerInstructionsTest.class.getClassLoader())
            .load(ws, ConfigOverrides.none());
    String finished = instructionsOf(config, 1L);
    String expected =
        "Agent 1's run is finished (completed): every write tool of this server refuses it"
            + " (agent.lifecycle), so take no task; the read tools still answer. Tell the person"
            + " who runs you: more work is a new run (mlos agent register coder), then --agent"
            + " with the new id.";
    assertTrue(finished.endsWith(" " + expected), finished);
    assertTrue(log.contains("mlos mcp: warning: " + expected), log);
    // trial11: resources/list offered it mlos://context/1, "Your context pack", which the
    // workspace does not compile for a finished run: its read was "not found".
    assertFalse(listed.contains("mlos://context/1"), listed.toString());
    assertTrue(listed.contains("mlos://workspace/READY.md"), listed.toString());
    // A run not finished (provisioning) is served as before.
    String live = instructionsOf(config, 2L);
    assertFalse(live.contains("finished"), live);
    assertTrue(listed.contains("mlos://context/2"), listed.toString());
  }

  private String log = "";
  private List<String> listed = List.of();

  private String instructionsOf(dev.mlos.core.config.WorkspaceConfig config, long agent)
      throws Exception {
    String session =
        "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n"
            + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/list\"}\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (var engine =
        dev.mlos.core.engine.Engine.open(
            config.root().resolve("mlos.db"), dev.mlos.core.engine.Actor.agent(agent))) {
      MlosMcpServer.serve(
          config,
          engine,
          null,
          new MlosMcpServer.Settings(agent, false, 0, 0),
          new ByteArrayInputStream(session.getBytes(StandardCharsets.UTF_8)),
          out,
          new PrintStream(err, true, StandardCharsets.UTF_8));
    }
    log = err.toString(StandardCharsets.UTF_8);
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    JsonNode m = new ObjectMapper().readTree(lines[0]);
    listed = new ArrayList<>();
    for (JsonNode r : new ObjectMapper().readTree(lines[1]).get("result").get("resources")) {
      listed.add(r.get("uri").asText());
    }
    return m.get("result").get("instructions").asText();
  }
}
