package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.cli.Main;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.ArtifactPlaces;
import dev.mlos.core.engine.Engine;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * context_pack of an agent the context view does not cover. Found with four agents' servers on one
 * workspace: after `mlos agent finish 5`, agent 5's server was refused every write and ready_work
 * with rule agent.lifecycle and the fix (a new run), but its context_pack was refused under a rule
 * of its own, naming no fix and listing as allowed the two statuses 'provisioning, active', which
 * the pack's agent_statuses may not even hold.
 */
class ContextPackToolTest {
  @TempDir Path dir;

  private void run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--workspace";
    all[args.length + 1] = dir.toString();
    assertEquals(Main.OK, Main.run(all), String.join(" ", args));
  }

  private String contextPack(long serverAgent) throws Exception {
    var config =
        new ConfigLoader(ContextPackToolTest.class.getClassLoader())
            .load(dir, ConfigOverrides.none());
    try (Engine engine = Engine.open(dir.resolve("mlos.db"), Actor.agent(serverAgent))) {
      var packs =
          new ContextPacks(new CompiledViews(config, ContextPackToolTest.class.getClassLoader()));
      var tools =
          new McpTools(
              engine, serverAgent, ArtifactPlaces.defaults(dir), () -> {}, packs, System.err);
      return ToolCalls.call(tools, "context_pack", Map.of(), true);
    }
  }

  @Test
  void aFinishedRunIsRefusedAsItsOtherToolsRefuseIt() throws Exception {
    run("init");
    run("agent", "register", "builder");
    run("agent", "start", "1");
    run("agent", "finish", "1");

    assertEquals(
        "refused (agent.lifecycle): agent 1 is completed; the workspace compiles no context pack"
            + " for a finished agent run (the pack's agent_statuses). Fix: more work is a new agent"
            + " run: register one with `mlos agent register builder` on the command line (no tool"
            + " registers an agent run) and act as it, by starting this server again with `--agent"
            + " <its id>`",
        contextPack(1));
  }

  @Test
  void aRunTheViewLeavesOutIsToldWhichSettingCoversIt() throws Exception {
    run("init");
    run("agent", "register", "builder");
    // The pack's agent_statuses without provisioning: a registered run that was not started yet.
    java.nio.file.Files.writeString(
        dir.resolve("mlos.yaml"),
        java.nio.file.Files.readString(dir.resolve("mlos.yaml"))
            + "params:\n  agent_statuses: [active]\n");
    String text = contextPack(1);
    assertEquals(
        "refused (context_pack): the workspace has no context pack for agent 1, which is"
            + " provisioning: the 'context' view covers the agents whose status is one of the"
            + " pack's agent_statuses (by default provisioning and active). Fix: to compile one for"
            + " it, add 'provisioning' to params.agent_statuses in mlos.yaml",
        text);
  }
}
