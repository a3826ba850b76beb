package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --as} written as history writes the actor ({@code person:alice}): a three-agent round's
 * person copied the actor from {@code mlos history} and every command was an error ("actor name
 * 'person:alice' is not valid for a person").
 */
class ActorOptionsTest {
  @TempDir Path dir;

  @Test
  void asTakesAPersonWrittenAsHistoryShowsIt() throws Exception {
    InProcess.ok(dir, "init");

    InProcess.ok(dir, "need", "create", "Boots", "--as", "person:alice");
    InProcess.ok(dir, "need", "move", "1", "active", "--as", "alice");

    String history = InProcess.ok(dir, "history", "need:1").out();
    assertTrue(history.contains("insert  by person:alice\n"), history);
    assertTrue(history.contains("by person:alice  (status identified -> active)"), history);
    // Another kind is no person: said, with the option that names it.
    InProcess.Run agent =
        InProcess.run(dir, Main.BROKEN, "need", "move", "1", "deferred", "--as", "agent:1");
    assertEquals(
        "error: --as names a person, and 'agent:1' is an agent\n"
            + "  fix: act as it with --agent 1 instead of --as\n",
        agent.err().substring(0, agent.err().indexOf("  see:")));
  }
}
