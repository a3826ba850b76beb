package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlos mcp} as a client we did not write meets it: {@code .ci/mcp-client/check.mjs} drives
 * four servers (three agents', one without {@code --agent}) with the official MCP TypeScript SDK
 * client (the one Claude Desktop, the MCP Inspector and many IDE clients are built on), which
 * checks every answer against its own schemas. The script calls every tool with good and bad
 * arguments, reads the resources and the prompt, has three agents claim one task at once, cancels a
 * request, and exits 1 naming each failed check. Its SDK is pinned in {@code
 * .ci/mcp-client/package-lock.json}; without {@code node_modules} there the test is skipped, unless
 * {@code CI} is set ({@code .ci/run} installs it).
 */
class McpTsClientIT {
  @TempDir Path dir;

  @Test
  void theTypeScriptSdkClientAcceptsEveryAnswer() throws Exception {
    Path client = repositoryRoot().resolve(".ci/mcp-client");
    boolean installed =
        Files.isRegularFile(client.resolve("node_modules/@modelcontextprotocol/sdk/package.json"));
    String ci = System.getenv("CI");
    if (!installed && ci != null && !ci.isEmpty()) {
      fail(
          "CI is set but the MCP TypeScript SDK is not installed in "
              + client
              + ": run `npm ci` there (.ci/run does)");
    }
    Assumptions.assumeTrue(
        installed,
        "the MCP TypeScript SDK is not installed in "
            + client
            + " (run `npm ci` there to enable this test)");

    List<String> command = new ArrayList<>(List.of("node", "check.mjs", dir.toString()));
    command.addAll(MlosJar.command());
    Path log = dir.resolve("check.log");
    Process p =
        new ProcessBuilder(command)
            .directory(client.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      fail(
          "check.mjs did not finish within 120 s:\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
    assertEquals(0, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** The nearest directory above the working directory with {@code .ci/mcp-client}. */
  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(".ci/mcp-client/package.json"))) {
        return p;
      }
    }
    throw new IllegalStateException("no .ci/mcp-client/package.json above " + dir);
  }
}
