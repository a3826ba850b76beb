package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar writes UTF-8 whatever the platform charset is: on Java 17 in a C/POSIX locale that
 * charset is ASCII, and a title like "Café → boot" came out as "Caf? ? boot".
 */
class CliEncodingIT {
  @TempDir Path dir;

  @Test
  void outputIsUtf8EvenWhenThePlatformCharsetIsAscii() throws Exception {
    Path ws = dir.resolve("ws");
    assertEquals(Main.OK, run(dir, "init", "--workspace", ws.toString()).exitCode());

    MlosJar.Run created = run(ws, "need", "create", "Café → boot", "--as", "alice", "--json");

    assertEquals(Main.OK, created.exitCode(), created.toString());
    assertTrue(created.stdout().contains("\"Café → boot\""), created.toString());
  }

  @Test
  void aNonAsciiWorkspaceInAnAsciiLocaleIsRefusedNamingTheLocaleAndTheFix() throws Exception {
    Path ws = dir.resolve("café");
    // LC_ALL=C (or no LANG, as MCP clients and cron start processes): the JVM reads the argument's
    // bytes as ASCII. picocli said 'cannot convert '.../caf??' to interface java.nio.file.Path
    // (java.nio.file.InvalidPathException: Malformed input or input contains unmappable ...)'.
    for (String command : List.of("init", "ready")) {
      MlosJar.Run r = runIn(dir, "C", command, "--workspace", ws.toString());
      assertEquals(Main.BROKEN, r.exitCode(), r.toString());
      assertTrue(
          r.stderr().contains("error: the argument '")
              && r.stderr().contains("has characters this JVM could not read")
              && r.stderr().contains("ANSI_X3.4-1968"),
          r.toString());
      assertTrue(r.stderr().contains("fix: Start mlos with a UTF-8 locale"), r.toString());
      assertTrue(r.stderr().contains("LC_ALL=C.UTF-8"), r.toString());
      assertTrue(
          !r.stderr().contains("picocli") && !r.stderr().contains("Malformed"), r.toString());
    }
    // A title loses its accents the same way: refused rather than recorded as 'Caf??'.
    assertEquals(Main.OK, runIn(dir, "C.UTF-8", "init", "--workspace", "ws").exitCode());
    MlosJar.Run title = runIn(dir.resolve("ws"), "C", "need", "create", "Café", "--as", "alice");
    assertEquals(Main.BROKEN, title.exitCode(), title.toString());
    // With a UTF-8 locale the same workspace works.
    assertEquals(Main.OK, runIn(dir, "C.UTF-8", "init", "--workspace", ws.toString()).exitCode());
  }

  /**
   * An MCP client starts the server with few environment variables and no LANG (the TypeScript
   * SDK's, the Inspector's): from a config without "env", on a workspace path with an accent, the
   * server said why on stderr only and exited, and the client showed "Connection closed". It now
   * answers the client's initialize with the reason and the fix, as for any server that cannot
   * start.
   */
  @Test
  void anMcpServerThatCannotReadItsWorkspaceArgumentTellsTheClientWhy() throws Exception {
    Path ws = dir.resolve("café");
    List<String> cmd =
        new java.util.ArrayList<>(MlosJar.command("mcp", "--workspace", ws.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE);
    pb.environment().remove("LANG");
    pb.environment().remove("LC_CTYPE");
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    p.getOutputStream()
        .write(
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                    + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n")
                .getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().flush();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server answers and exits");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(Main.BROKEN, p.exitValue(), err);
    assertTrue(out.startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,"), out);
    assertTrue(
        out.contains("mlos mcp cannot start: the argument '")
            && out.contains("has characters this JVM could not read")
            && out.contains("Fix: Start mlos with a UTF-8 locale")
            && out.contains("\\\"env\\\": {\\\"LC_ALL\\\": \\\"C.UTF-8\\\"}"),
        out);
    assertTrue(err.contains("LC_ALL=C.UTF-8"), "stderr says it too: " + err);
    assertTrue(err.contains("\"env\": {\"LC_ALL\": \"C.UTF-8\"}"), "in the config's words: " + err);
  }

  @Test
  void aNonAsciiFileNameInAnAsciiLocaleIsRefusedNamingTheLocaleAndTheFix() throws Exception {
    // An ASCII workspace and command line, as CI containers without LANG run them: the file name
    // comes from the database (an artifact registered on a UTF-8 machine) or from a directory
    // listing. The compile said "mlos.link: 'docs/é.md' is not a valid path (Malformed input ...)"
    // and called it a bug in the built-in pack; the guard failed with the JDK's exception.
    assertEquals(Main.OK, run(dir, "init", "--workspace", "ws").exitCode());
    Path ws = dir.resolve("ws");
    Files.createDirectories(ws.resolve("docs"));
    Files.writeString(ws.resolve("docs/é.md"), "é");
    MlosJar.Run registered = run(ws, "artifact", "register", "docs/é.md", "--as", "alice");
    assertEquals(Main.OK, registered.exitCode(), registered.toString());
    for (String command : List.of("compile", "guard")) {
      MlosJar.Run r = runIn(ws, "C", command);
      assertEquals(Main.BROKEN, r.exitCode(), r.toString());
      assertTrue(r.stderr().contains("ANSI_X3.4-1968"), r.toString());
      assertTrue(r.stderr().contains("fix: Start mlos with a UTF-8 locale"), r.toString());
      assertTrue(
          !r.stderr().contains("Malformed") && !r.stderr().contains("built-in pack"), r.toString());
    }
  }

  /**
   * Runs the jar with an ASCII platform charset ({@code file.encoding}); the arguments themselves
   * are decoded as UTF-8 ({@code LC_ALL}), as a UTF-8 terminal would pass them.
   */
  private static MlosJar.Run run(Path cwd, String... args)
      throws IOException, InterruptedException {
    return runIn(cwd, "C.UTF-8", args);
  }

  /** As {@link #run}, with {@code LC_ALL} set to {@code locale} and no {@code LANG}. */
  private static MlosJar.Run runIn(Path cwd, String locale, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(MlosJar.command(args));
    cmd.add(1, "-Dfile.encoding=ANSI_X3.4-1968");
    Path out = Files.createTempFile("mlos-out", ".txt");
    Path err = Files.createTempFile("mlos-err", ".txt");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(cwd.toFile())
              .redirectInput(
                  ProcessBuilder.Redirect.from(
                      new java.io.File(
                          System.getProperty("os.name").startsWith("Windows")
                              ? "NUL"
                              : "/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().remove("LANG");
      pb.environment().remove("LC_CTYPE");
      pb.environment().put("LC_ALL", locale);
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("mlos " + String.join(" ", args) + " did not finish within 60 s");
      }
      return new MlosJar.Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
