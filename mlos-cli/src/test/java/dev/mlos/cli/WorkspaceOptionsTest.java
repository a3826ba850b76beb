package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --workspace} values that name no workspace directory say what to pass instead. */
class WorkspaceOptionsTest {
  @TempDir Path dir;

  private String refused(String... args) {
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err)).execute(args);
    assertEquals(Main.BROKEN, code, err.toString());
    return err.toString();
  }

  @Test
  void theWorkspacesMlosYamlInsteadOfItsDirectoryNamesTheDirectory() throws Exception {
    Path yaml = Files.writeString(dir.resolve("mlos.yaml"), "workspace: w\n");
    String err = refused("ready", "--workspace", yaml.toString());
    assertTrue(err.contains("a file, not a directory"), err);
    assertTrue(err.contains("--workspace " + dir), err);
  }

  @Test
  void aDatabaseSettingThatNamesADirectoryOrADeviceSaysSo() throws Exception {
    Files.writeString(dir.resolve("mlos.yaml"), "workspace: w\ndatabase: /dev/null\n");
    String err = refused("ready", "--workspace", dir.toString());
    assertTrue(err.contains("Database /dev/null is not a file (a directory or a device)"), err);
    assertTrue(err.contains("point `database:`"), err);
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("mlos.yaml"), "workspace: w\ndatabase: data\n");
    assertTrue(refused("ready", "--workspace", dir.toString()).contains("is not a file"));
  }

  /**
   * --workspace naming a directory that holds neither a database nor an mlos.yaml (a parent of the
   * workspace, a mistyped path) was answered "create it with: mlos init --workspace DIR", which
   * makes a second, empty workspace there; the answer says it may be the wrong directory, and names
   * the nearest workspace above it.
   */
  @Test
  void aWorkspaceDirectoryWithoutMlosYamlMayBeTheWrongOneAndTheFixSaysSo() throws Exception {
    InProcess.ok(dir, "init");
    Path below = Files.createDirectories(dir.resolve("docs"));
    String err = refused("ready", "--workspace", below.toString());
    assertEquals(
        "error: No database: "
            + below.resolve("mlos.db")
            + " does not exist (workspace "
            + below
            + ", which holds no mlos.yaml either: it may not be the workspace you meant)\n"
            + "  fix: pass --workspace the directory that holds the workspace's mlos.yaml (the"
            + " nearest above is "
            + dir
            + ": --workspace "
            + dir
            + "); or, to make this directory a workspace, create it with: mlos init --workspace "
            + below
            + "\n",
        err.substring(0, err.indexOf("  see: ") < 0 ? err.length() : err.indexOf("  see: ")));
    assertFalse(Files.exists(below.resolve("mlos.yaml")), "nothing is created");

    // A workspace with its mlos.yaml and no database yet: init is the fix, as before.
    Files.delete(dir.resolve("mlos.db"));
    assertTrue(
        refused("ready", "--workspace", dir.toString())
            .contains("fix: create it with: mlos init --workspace " + dir + "\n"));
  }

  @Test
  void aFixNamingTheWorkspaceQuotesItSoThePastedCommandDoesWhatItSays() throws Exception {
    // Unquoted, `mlos init --workspace /x/my ws; touch pwned` ran a second command when pasted.
    Path odd = dir.resolve("my ws; touch pwned");
    String err = refused("ready", "--workspace", odd.toString());
    assertTrue(err.contains("mlos init --workspace '" + odd + "'"), err);

    Files.createDirectories(odd);
    err = refused("ready", "--workspace", odd.toString());
    assertTrue(err.contains("create it with: mlos init --workspace '" + odd + "'"), err);

    // A line break in the value is shown escaped, not as a second line of the message.
    err = refused("ready", "--workspace", dir.resolve("a\nb").toString());
    assertTrue(err.startsWith("error: --workspace '" + dir + "/a\\nb': no such directory"), err);
  }

  @Test
  void aFifoGivenAsTheWorkspaceIsNotADirectoryAndNotSomethingInitCouldCreate() throws Exception {
    Path fifo = dir.resolve("fifo");
    Assumptions.assumeTrue(
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
    String err = refused("ready", "--workspace", fifo.toString());
    assertTrue(err.contains("not a directory (a FIFO, socket or device)"), err);
    assertFalse(err.contains("mlos init"), err);
  }

  @Test
  void anEmptyWorkspaceIsRefusedNotTakenAsTheCurrentDirectory() {
    String err = refused("ready", "--workspace", "");
    // The fix on its own line, as every refusal's (STYLE.md).
    assertEquals(
        "error: --workspace is empty\n"
            + "  fix: pass the directory that holds mlos.yaml (--workspace . for this one), or"
            + " leave the option out to use the nearest one from here upwards\n",
        err);
  }

  @Test
  void anEngineCommandOnAnotherPacksWorkspaceNamesThePackNotMlosInit() {
    for (String pack : new String[] {"runtime-memory", "agentos-graph"}) {
      Path ws = dir.resolve(pack);
      InProcess.ok(ws, "init", "--pack", pack);
      // The command as help names it, then its arguments.
      for (String[] command :
          new String[][] {
            {"mlos ready"},
            {"mlos need create", "x"},
            {"mlos search", "x"},
            {"mlos history", "need"},
            {"mlos agent register", "t"}
          }) {
        String[] words = command[0].substring("mlos ".length()).split(" ");
        String[] args = new String[words.length + command.length + 1];
        System.arraycopy(words, 0, args, 0, words.length);
        System.arraycopy(command, 1, args, words.length, command.length - 1);
        args[args.length - 2] = "--workspace";
        args[args.length - 1] = ws.toString();
        String err = refused(args);
        assertTrue(err.contains("is of pack '" + pack + "'"), err);
        // A user trial read "(pack: in .../mlos.yaml)" and "which only pack 'mlos' has" as odd.
        assertTrue(
            err.contains(
                "(its mlos.yaml, " + ws.resolve("mlos.yaml") + ", says pack: " + pack + "); `"),
            err);
        assertTrue(
            err.contains(
                "`"
                    + command[0]
                    + "` works on the mlos pack's tables (needs, tasks, agents, artifacts, history),"
                    + " which this workspace does not have\n"),
            err);
        assertFalse(err.contains("not an mlos database"), err);
        assertFalse(err.contains("fix: run `mlos init`"), err);
      }
      String err = refused("ready", "--workspace", ws.toString());
      assertEquals(
          pack.equals("agentos-graph"), err.contains("graph_search, graph_get, graph_upsert"), err);
    }
  }
}
