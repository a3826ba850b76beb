package dev.mlos.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.init.InitRequest;
import dev.mlos.core.init.Initializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may put the workspace's database outside it: mlos.yaml's database setting may (a shared
 * database; every command says so), a symbolic link committed in the workspace may not.
 */
class DatabasePlaceTest {
  @TempDir Path dir;
  Path ws;
  Path outside;

  @BeforeEach
  void workspaces() throws Exception {
    ws = Files.createDirectories(dir.resolve("ws"));
    outside = Files.createDirectories(dir.resolve("shared"));
  }

  private WorkspaceConfig load() {
    return new ConfigLoader().load(ws, ConfigOverrides.none());
  }

  private static void init(Path db) {
    new Initializer().init(new InitRequest(db, List.of("mlos"), List.of(), null));
  }

  @Test
  void aDatabaseSettingOutsideTheWorkspaceWorksAndIsSaid() throws Exception {
    Files.writeString(ws.resolve("mlos.yaml"), "workspace: w\ndatabase: ../shared/mlos.db\n");

    WorkspaceConfig config = load();
    init(config.database());

    Path real = outside.toRealPath().resolve("mlos.db");
    assertTrue(Files.isRegularFile(real));
    String notice = config.databaseNotice();
    assertTrue(notice.startsWith("the database is " + real + ", outside the workspace "), notice);
    assertTrue(
        notice.contains("database: '../shared/mlos.db' in " + ws.resolve("mlos.yaml") + ", line 2"),
        notice);
  }

  @Test
  void aDatabaseInsideTheWorkspaceNeedsNoNotice() throws Exception {
    Files.writeString(ws.resolve("mlos.yaml"), "workspace: w\n");
    assertNull(load().databaseNotice());
  }

  /**
   * A cloned repository whose mlos.db is a link to a database elsewhere on the machine: init,
   * compile, the guard and the MCP server opened and migrated that file, which no setting names.
   */
  @Test
  void aCommittedDatabaseLinkLeavingTheWorkspaceIsRefusedAndItsTargetUntouched() throws Exception {
    Path victim = outside.resolve("victim.db");
    init(victim);
    byte[] before = Files.readAllBytes(victim);
    Files.writeString(ws.resolve("mlos.yaml"), "workspace: w\n");
    Files.createSymbolicLink(ws.resolve("mlos.db"), victim);

    MlosException e = assertThrows(MlosException.class, this::load);

    assertTrue(e.getMessage().startsWith("Refused to open the database " + ws.resolve("mlos.db")));
    assertTrue(e.getMessage().contains("leads outside the workspace"), e.getMessage());
    assertTrue(e.getMessage().contains("(rule: a symbolic link in the workspace"), e.getMessage());
    assertTrue(e.fix().contains("name it in mlos.yaml: database: " + victim.toRealPath()), e.fix());
    assertArrayEquals(before, Files.readAllBytes(victim));
  }

  @Test
  void aDanglingDatabaseLinkLeavingTheWorkspaceIsRefusedAndNothingIsCreated() throws Exception {
    Path victim = outside.resolve("new.db");
    Files.writeString(ws.resolve("mlos.yaml"), "workspace: w\n");
    Files.createSymbolicLink(ws.resolve("mlos.db"), victim);

    MlosException e = assertThrows(MlosException.class, this::load);

    assertTrue(e.getMessage().contains("whose target does not exist"), e.getMessage());
    assertTrue(e.fix().contains("database: " + victim), e.fix());
    assertFalse(Files.exists(victim));
  }

  @Test
  void aDirectoryLinkTakingTheSettingsDatabaseOutIsRefused() throws Exception {
    Files.writeString(ws.resolve("mlos.yaml"), "workspace: w\ndatabase: data/mlos.db\n");
    Files.createSymbolicLink(ws.resolve("data"), outside);

    MlosException e = assertThrows(MlosException.class, this::load);

    assertTrue(e.getMessage().contains("database: 'data/mlos.db' in "), e.getMessage());
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }

  /** The fix as written: the setting that names the target makes the same database usable. */
  @Test
  void theSettingTheRefusalNamesOpensThatDatabaseWithANotice() throws Exception {
    Path victim = outside.resolve("shared.db");
    init(victim);
    Files.writeString(
        ws.resolve("mlos.yaml"), "workspace: w\ndatabase: " + victim.toRealPath() + "\n");

    WorkspaceConfig config = load();

    assertEquals(victim.toRealPath(), config.database());
    assertTrue(config.databaseNotice().contains("outside the workspace"));
  }

  /** Only links are checked: the database's name is the user's (a backslash is a name on Linux). */
  @Test
  void aDatabaseNamedWithABackslashInsideTheWorkspaceLoads() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().getSeparator().equals("/"));
    Files.writeString(ws.resolve("mlos.yaml"), "workspace: w\ndatabase: 'my\\db.db'\n");

    WorkspaceConfig config = load();

    assertEquals(ws.resolve("my\\db.db"), config.database());
    assertNull(config.databaseNotice());
  }

  @Test
  void aDatabaseLinkInsideTheWorkspaceIsFollowedAsBefore() throws Exception {
    Path real = Files.createDirectories(ws.resolve("real")).resolve("mlos.db");
    init(real);
    Files.writeString(ws.resolve("mlos.yaml"), "workspace: w\n");
    Files.createSymbolicLink(ws.resolve("mlos.db"), Path.of("real/mlos.db"));

    WorkspaceConfig config = load();
    init(config.database());

    assertEquals(ws.resolve("mlos.db"), config.database());
    assertNull(config.databaseNotice());
  }
}
