package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --help} works on every level of the command tree, and every command says what it does. */
class HelpTest {

  @Test
  void everyCommandAnswersHelpWithItsUsageAndExitsZero() {
    List<List<String>> paths = new ArrayList<>();
    collect(
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
        new ArrayList<>(),
        paths);
    assertTrue(paths.size() > 30, "the tree has every subcommand: " + paths);
    // picocli reports a description it cannot format (a bare '%') on the JVM's stderr.
    java.io.ByteArrayOutputStream tracer = new java.io.ByteArrayOutputStream();
    java.io.PrintStream realErr = System.err;
    System.setErr(new java.io.PrintStream(tracer, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      everyHelp(paths);
    } finally {
      System.setErr(realErr);
    }
    assertEquals("", tracer.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void everyCommandAnswersVersionWithMlosVersion() {
    List<List<String>> paths = new ArrayList<>();
    collect(
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
        new ArrayList<>(),
        paths);
    for (List<String> path : paths) {
      StringWriter out = new StringWriter();
      List<String> args = new ArrayList<>(path);
      args.add("-V");
      int code =
          Main.commandLine(new PrintWriter(out), new PrintWriter(new StringWriter()))
              .execute(args.toArray(String[]::new));
      assertEquals(Main.OK, code, String.join(" ", path));
      assertEquals("mlos " + Version.value(), out.toString().strip(), String.join(" ", path));
    }
  }

  private static void everyHelp(List<List<String>> paths) {
    for (List<String> path : paths) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      int code =
          Main.commandLine(new PrintWriter(out), new PrintWriter(err))
              .execute(args.toArray(String[]::new));
      String name = String.join(" ", path);
      assertEquals(Main.OK, code, name + ": " + err);
      // A real run builds only the subcommand it names: its help must read the same.
      StringWriter lean = new StringWriter();
      Main.commandLine(
              new PrintWriter(lean),
              new PrintWriter(new StringWriter()),
              path.isEmpty() ? "--help" : path.get(0))
          .execute(args.toArray(String[]::new));
      assertEquals(out.toString(), lean.toString(), name);
      assertTrue(
          out.toString().startsWith("Usage: mlos" + (path.isEmpty() ? "" : " " + name)),
          name + ": " + out);
      assertEquals("", err.toString(), name);
    }
  }

  @Test
  void mcpHelpListsTheToolsTheServersListInTheirOrder() {
    StringWriter out = new StringWriter();
    int code =
        Main.commandLine(new PrintWriter(out), new PrintWriter(new StringWriter()))
            .execute("mcp", "--help");
    assertEquals(Main.OK, code);
    // picocli wraps the paragraphs; join the lines to read the lists.
    String help = out.toString().replaceAll("\\s*\\R\\s*", " ");
    assertTrue(help.contains("Tools: " + String.join(", ", McpIT.TOOLS) + "."), help);
    assertTrue(
        help.contains("With pack agentos-graph, instead: " + String.join(", ", McpGraphIT.TOOLS)),
        help);
  }

  @Test
  void onlyWritesTakeSessionAndReasonForHistoryAReadRecordsNothing() {
    List<String> reads =
        List.of(
            "need show", "task show", "agent show", "artifact show", "ready", "search", "history");
    List<String> writes =
        List.of(
            "need create",
            "need move",
            "need graduate",
            "task claim",
            "task start",
            "agent lens",
            "artifact register",
            "relate");
    for (String command : reads) {
      String help = help(command);
      assertTrue(!help.contains("--reason") && !help.contains("--session"), command + ": " + help);
      assertTrue(help.contains("--agent"), command + ": " + help);
    }
    for (String command : writes) {
      String help = help(command);
      assertTrue(help.contains("--reason") && help.contains("--session"), command + ": " + help);
      // It said only "its lens applies to ready work", on writes too, where what --agent does is
      // who the history names (as `mlos mcp --help` says for the server's agent).
      assertTrue(
          help.replaceAll("\\s+", " ").contains("a write is attributed to it in history"),
          command + ": " + help);
    }
    StringWriter err = new StringWriter();
    assertEquals(
        Main.BROKEN,
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
            .execute("need", "show", "1", "--reason", "x"));
    assertTrue(
        err.toString().startsWith("error: Unknown options: '--reason', 'x'"), err.toString());
    assertTrue(
        err.toString()
            .contains(
                "  hint: `mlos need show` only reads and records nothing in history: --reason and"
                    + " --session go with the commands that write\n"),
        err.toString());
  }

  /** What {@code args} (a command and --help) prints, exit 0. */
  private static String usage(List<String> args) {
    StringWriter out = new StringWriter();
    assertEquals(
        Main.OK,
        Main.commandLine(new PrintWriter(out), new PrintWriter(new StringWriter()))
            .execute(args.toArray(String[]::new)));
    return out.toString();
  }

  /**
   * picocli wrapped {@code mvn mlos:guard} as {@code mvn mlos:} and {@code guard} on two lines of
   * {@code mlos --help} (it breaks after a ':'), so a user copying it got half a command. At the 80
   * columns a terminal gives by default, every help of the tree keeps each command whole.
   */
  @Test
  void helpAtEightyColumnsNeverBreaksACommandAcrossLines() {
    CommandLine top =
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    assertEquals(80, top.getUsageHelpWidth(), "the width a terminal gives by default");
    String main = help("").strip();
    for (String command :
        List.of(
            "`mvn mlos:guard`",
            "`mvn mlos:compile`",
            "`mvn mlos:clean`",
            "`mvn mlos:import`",
            "`mlos history need:5`")) {
      assertTrue(main.lines().anyMatch(l -> l.contains(command)), command + " whole in:\n" + main);
    }
    List<List<String>> paths = new ArrayList<>();
    collect(top, new ArrayList<>(), paths);
    for (List<String> path : paths) {
      String help = help(String.join(" ", path));
      for (String line : help.lines().toList()) {
        String name = String.join(" ", path) + ": '" + line + "'";
        assertEquals(0, line.chars().filter(c -> c == '`').count() % 2, name);
        String end = line.stripTrailing();
        assertTrue(
            !end.endsWith(" mvn") && !end.endsWith("mlos:") && !line.strip().startsWith("db.sql"),
            "a command or file name broken after: " + name);
      }
    }
  }

  private static String help(String command) {
    StringWriter out = new StringWriter();
    List<String> args =
        new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--help");
    assertEquals(
        Main.OK,
        Main.commandLine(new PrintWriter(out), new PrintWriter(new StringWriter()))
            .execute(args.toArray(String[]::new)));
    return out.toString();
  }

  @Test
  void anUnknownSubcommandIsABadArgumentWithAPointerToHelp() {
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
            .execute("need", "frobnicate");
    assertEquals(Main.BROKEN, code);
    assertTrue(err.toString().contains("frobnicate"), err.toString());
    assertTrue(err.toString().contains("mlos need --help"), err.toString());
  }

  /**
   * {@code mlos need} (any command that only groups others) said "Missing required subcommand" and
   * named none of the commands to type: it says which command wants one, then prints its usage with
   * its commands, one line each, to stderr, exit 2, as every bad command line.
   */
  @Test
  void aCommandThatGroupsOthersRunAloneListsThemAndExitsTwo() {
    List<List<String>> paths = new ArrayList<>();
    CommandLine tree =
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    collect(tree, new ArrayList<>(), paths);
    List<String> groups = new ArrayList<>();
    for (List<String> path : paths) {
      CommandLine cl = tree;
      for (String name : path) {
        cl = cl.getSubcommands().get(name);
      }
      Object command = cl.getCommand();
      if (cl.getSubcommands().isEmpty()
          || command instanceof Runnable
          || command instanceof java.util.concurrent.Callable) {
        continue;
      }
      String name = String.join(" ", path);
      groups.add(name);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      String[] args = path.toArray(String[]::new);
      int code =
          Main.commandLine(
                  new PrintWriter(out), new PrintWriter(err), path.isEmpty() ? null : path.get(0))
              .execute(args);
      assertEquals(Main.BROKEN, code, name + ": " + err);
      assertEquals("", out.toString(), name);
      String qualified = "mlos" + (path.isEmpty() ? "" : " " + name);
      List<String> helpArgs = new ArrayList<>(path);
      helpArgs.add("--help");
      assertEquals(
          "error: `"
              + qualified
              + "` needs one of its commands: `"
              + qualified
              + " <command>`\n"
              + usage(helpArgs),
          err.toString(),
          name);
      for (String sub : cl.getSubcommands().keySet()) {
        assertTrue(err.toString().contains("\n  " + sub + " "), name + " lists " + sub);
      }
    }
    assertTrue(
        groups.containsAll(List.of("", "need", "task", "agent", "artifact")), groups.toString());
  }

  @Test
  void aRunBuildsOnlyTheSubcommandItNamesAndAnswersBadLinesAsTheWholeTreeDoes() {
    assertEquals(
        List.of("mcp"),
        List.copyOf(
            Main.commandLine(
                    new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "mcp")
                .getSubcommands()
                .keySet()));
    for (String[] line :
        List.of(
            new String[] {"nede"}, new String[] {"need", "frobnicate"}, new String[] {"--bogus"})) {
      StringWriter full = new StringWriter();
      StringWriter lean = new StringWriter();
      assertEquals(
          Main.BROKEN,
          Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(full))
              .execute(line));
      assertEquals(
          Main.BROKEN,
          Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(lean), line[0])
              .execute(line));
      assertEquals(
          full.toString(),
          lean.toString(),
          "the same answer to a bad command line: " + List.of(line));
    }
  }

  @Test
  void mcpRefusesIntervalsOutsideTheirBoundsBeforeItServes() {
    for (String[] line :
        List.of(
            new String[] {"mcp", "--watch-interval", "10"},
            new String[] {"mcp", "--watch-interval", "600001"},
            new String[] {"mcp", "--recompile-delay", "-1"})) {
      StringWriter err = new StringWriter();
      assertEquals(
          Main.BROKEN,
          Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err), "mcp")
              .execute(line));
      assertTrue(err.toString().contains(line[1] + " " + line[2]), err.toString());
    }
  }

  @Test
  void everyOptionAndArgumentSaysWhatItTakes() {
    List<String> bare = new ArrayList<>();
    undescribed(
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
        "mlos",
        bare);
    assertEquals(List.of(), bare, "options and arguments whose --help line says nothing");
  }

  private static void undescribed(CommandLine cl, String path, List<String> out) {
    for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
      if (!o.hidden() && String.join("", o.description()).isBlank()) {
        out.add(path + " " + o.longestName());
      }
    }
    for (CommandLine.Model.PositionalParamSpec p : cl.getCommandSpec().positionalParameters()) {
      if (!p.hidden() && String.join("", p.description()).isBlank()) {
        out.add(path + " " + p.paramLabel());
      }
    }
    for (var e : cl.getSubcommands().entrySet()) {
      undescribed(e.getValue(), path + " " + e.getKey(), out);
    }
  }

  private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
    out.add(List.copyOf(path));
    for (var e : cl.getSubcommands().entrySet()) {
      List<String> next = new ArrayList<>(path);
      next.add(e.getKey());
      collect(e.getValue(), next, out);
    }
  }
}
