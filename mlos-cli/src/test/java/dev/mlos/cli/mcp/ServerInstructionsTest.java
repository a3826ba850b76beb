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
import java.util.HashMap;
import java.util.Map;
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
}
