package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void anEmptyWorkspaceIsRefusedNotTakenAsTheCurrentDirectory() {
    String err = refused("ready", "--workspace", "");
    assertTrue(err.contains("--workspace is empty"), err);
  }
}
