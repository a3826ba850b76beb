package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code mlos mcp}'s recompile switch as picocli parses it. */
class McpCommandOptionsTest {
  private static McpCommand parsed(String... args) {
    McpCommand c = new McpCommand();
    new CommandLine(c).parseArgs(args);
    return c;
  }

  @Test
  void recompilingIsOnUnlessNoRecompileIsGiven() {
    assertTrue(parsed().recompile());
    assertTrue(parsed("--recompile").recompile());
    // A user trial found --no-recompile ignored: a negatable option defaulting to true is flipped.
    assertFalse(parsed("--no-recompile").recompile());
    assertFalse(parsed("--recompile-delay", "0", "--no-recompile").recompile());
  }
}
