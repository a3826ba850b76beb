package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace whose database lies outside it, by mlos.yaml's setting (said once per command) or by
 * a committed link (refused, the linked database untouched).
 */
class DatabaseOutsideTest {
  @TempDir Path dir;

  @Test
  void eachCommandOnASharedDatabaseSaysWhereItIsOnce() throws Exception {
    Path ws = Files.createDirectories(dir.resolve("ws"));
    Files.createDirectories(dir.resolve("shared"));
    Files.writeString(ws.resolve("mlos.yaml"), "workspace: w\ndatabase: ../shared/mlos.db\n");
    Path real = dir.resolve("shared").toRealPath().resolve("mlos.db");

    for (String[] command :
        new String[][] {{"init"}, {"need", "create", "shared", "--as", "alice"}, {"compile"}}) {
      String err = InProcess.ok(ws, command).err();
      String note = "note: the database is " + real + ", outside the workspace ";
      assertTrue(err.contains(note), String.join(" ", command) + ": " + err);
      assertEquals(err.indexOf(note), err.lastIndexOf(note), "said once: " + err);
      assertTrue(err.contains("/mlos.yaml, line 2"), err);
    }
    assertTrue(Files.isRegularFile(real));
  }

  @Test
  void initRefusesACommittedDatabaseLinkThatLeavesTheWorkspace() throws Exception {
    Path other = Files.createDirectories(dir.resolve("other"));
    InProcess.ok(other, "init");
    Path victim = other.resolve("mlos.db");
    byte[] before = Files.readAllBytes(victim);
    Path ws = Files.createDirectories(dir.resolve("ws"));
    Files.writeString(ws.resolve("mlos.yaml"), "workspace: w\n");
    Files.createSymbolicLink(ws.resolve("mlos.db"), victim);

    String err = InProcess.run(ws, Main.BROKEN, "init").err();

    assertTrue(err.startsWith("error: Refused to open the database "), err);
    assertTrue(err.contains("\n  fix: remove the link"), err);
    assertTrue(err.contains("database: " + victim.toRealPath()), err);
    assertArrayEquals(before, Files.readAllBytes(victim));
    assertFalse(Files.exists(ws.resolve("mlos.db.sql")));
  }
}
