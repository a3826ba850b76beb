package dev.mlos.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run behind {@code target/mlos.jsa}, the class-data sharing archive the build makes
 * next to {@code mlos.jar}: {@code java -XX:ArchiveClassesAtExit=target/mlos.jsa -cp
 * target/mlos.jar dev.mlos.cli.StartupArchive target/startup-training}. It does in one JVM what
 * users start processes for (the CLI's commands on a scratch workspace, then an MCP session over a
 * scripted stdin), so the JVM records every class those load; a later {@code java
 * -XX:SharedArchiveFile=target/mlos.jsa -jar target/mlos.jar ...} maps them instead of loading,
 * verifying and linking them one by one (about half of a start-up's time). Not a user command: the
 * jar's own main is {@link Main}.
 */
public final class StartupArchive {
  private StartupArchive() {}

  /**
   * @param args one argument: a scratch directory (emptied first) for the training workspace
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: StartupArchive <scratch directory>");
      System.exit(Main.BROKEN);
    }
    Path scratch = Path.of(args[0]).toAbsolutePath().normalize();
    deleteTree(scratch);
    Path ws = scratch.resolve("ws");
    String w = ws.toString();
    cli("init", "--workspace", w);
    cli("agent", "register", "trainer", "--workspace", w, "--json");
    cli("agent", "lens", "--for", "1", "--tag", "kernel", "--workspace", w);
    cli(
        "need",
        "create",
        "Train the start-up archive",
        "--priority",
        "2",
        "--tag",
        "kernel",
        "--scope",
        "build",
        "--workspace",
        w,
        "--as",
        "trainer");
    cli("need", "move", "1", "active", "--workspace", w, "--as", "trainer");
    cli("need", "move", "1", "actionable", "--workspace", w, "--as", "trainer");
    cli(
        "need",
        "graduate",
        "1",
        "--task",
        "Record the classes",
        "--task",
        "Map them",
        "--workspace",
        w,
        "--as",
        "trainer");
    cli("task", "claim", "1", "--agent", "1", "--workspace", w);
    cli("task", "complete", "1", "--agent", "1", "--result", "recorded", "--workspace", w);
    cli("ready", "--agent", "1", "--workspace", w);
    cli("ready", "--agent", "1", "--workspace", w, "--json");
    cli("need", "show", "1", "--workspace", w);
    cli("search", "archive", "--workspace", w);
    cli("--help");

    // The MCP server as a client meets it, in one session: stdin ends after the last request, and
    // the server answers everything before it stops.
    List<String> messages =
        List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"mlos-startup-archive\",\"version\":\"1\"}}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
            call(3, "ready_work", "{}"),
            call(4, "get_need", "{\"need_id\":1}"),
            call(
                5,
                "create_need",
                "{\"title\":\"Served over MCP\",\"priority\":3,\"tags\":[\"kernel\"]}"),
            call(6, "claim_task", "{\"task_id\":2}"),
            call(
                7,
                "transition_need",
                "{\"need_id\":2,\"status\":\"resolved\"}"), // refused: a refusal's path too
            call(8, "create_need", "{\"title\":5}"), // malformed: the schema check's path
            call(9, "search", "{\"query\":\"MCP\"}"),
            "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"resources/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"mlos://workspace/PROBLEM.md\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"resources/read\",\"params\":{\"uri\":\"mlos://workspace/PROBLEM.md\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"prompts/get\",\"params\":{\"name\":\"boot\",\"arguments\":{}}}",
            "");
    InputStream stdin = System.in;
    System.setIn(
        new ByteArrayInputStream(String.join("\n", messages).getBytes(StandardCharsets.UTF_8)));
    try {
      cli("mcp", "--workspace", w, "--agent", "1", "--no-recompile");
    } finally {
      System.setIn(stdin);
    }
    deleteTree(scratch);
    System.exit(
        Main.OK); // the SDK's threads would keep the JVM, and the archive is written at exit
  }

  private static String call(int id, String tool, String arguments) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":"
        + arguments
        + "}}";
  }

  /**
   * One command line in this JVM; a failure stops the training (the archive would miss classes).
   */
  private static void cli(String... args) {
    int exit = Main.run(args);
    if (exit != Main.OK) {
      System.err.println(
          "startup archive training: mlos " + String.join(" ", args) + " exited " + exit);
      System.exit(exit);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
