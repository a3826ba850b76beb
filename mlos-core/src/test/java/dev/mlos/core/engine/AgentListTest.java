package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team that registered three agent runs had no way to see them again but one id at a time: the
 * ids an MCP server's --agent takes were in the output of each registration and nowhere else.
 */
class AgentListTest {
  @TempDir Path dir;
  Engine engine;

  @BeforeEach
  void open() {
    engine = Engine.open(EngineDatabase.create(dir.resolve("mlos.db")), Actor.person("maria"));
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void theRunsNotFinishedAreListedInIdOrderAndAllOfThemOnRequest() {
    Agent trainer = engine.registerAgent(AgentSpec.of("trainer"));
    Agent evaluator = engine.registerAgent(AgentSpec.of("evaluator"));
    Agent wrangler = engine.registerAgent(AgentSpec.of("data_wrangler"));
    engine.startAgent(evaluator.id());
    engine.startAgent(trainer.id());
    engine.finishAgent(trainer.id(), "completed", null);

    AgentList live = engine.listAgents(false, 50);
    assertEquals(List.of(evaluator.id(), wrangler.id()), ids(live));
    assertEquals(2, live.total());

    AgentList all = engine.listAgents(true, 2);
    assertEquals(List.of(trainer.id(), evaluator.id()), ids(all));
    assertEquals(3, all.total(), "the limit cuts the list, not the count");

    RefusedException e = assertThrows(RefusedException.class, () -> engine.listAgents(true, 0));
    assertEquals("input", e.rule());
  }

  private static List<Long> ids(AgentList list) {
    return list.agents().stream().map(Agent::id).toList();
  }
}
