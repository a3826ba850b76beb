package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.Reporter;
import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.InvalidConfigException;
import dev.mlos.core.config.WorkspaceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mlos's own records go to the state directory the adapter gives; target/mlos when it gives none.
 */
class StateDirectoryTest {
  @TempDir Path dir;

  private static ConfigOverrides state(Path db, Path stateDirectory) {
    return new ConfigOverrides(null, db, null, null, Map.of(), null, stateDirectory);
  }

  @Test
  void theDefaultIsTargetMlosInsideTheWorkspace() {
    TestWorkspace w = TestWorkspace.create(dir);
    assertEquals(
        w.root.resolve("target/mlos").toAbsolutePath().normalize(),
        w.config().stateDirectory().normalize());
    w.compile();
    assertTrue(Files.isRegularFile(w.root.resolve("target/mlos/compile-state")));
  }

  @Test
  void aGivenStateDirectoryHoldsTheCompileRecords() {
    TestWorkspace w = TestWorkspace.create(dir);
    WorkspaceConfig config = new ConfigLoader().load(w.root, state(w.db, Path.of("build/state")));
    new Compiler().compile(new CompileRequest(config, null), Reporter.SILENT);
    Path state = w.root.resolve("build/state");
    assertTrue(Files.isRegularFile(state.resolve("compile-state")), "compile-state");
    assertTrue(Files.isRegularFile(state.resolve("compile-outputs")), "compile-outputs");
    assertFalse(
        Files.exists(w.root.resolve("target/mlos/compile-state")), "nothing under the default");
  }

  @Test
  void aStateDirectoryOutsideTheWorkspaceIsRefusedNamingTheSetting() {
    TestWorkspace w = TestWorkspace.create(dir);
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> new ConfigLoader().load(w.root, state(w.db, Path.of("../elsewhere"))));
    assertEquals("stateDirectory", e.source());
    assertTrue(
        e.getMessage().contains("'../elsewhere' is not a directory inside the workspace"),
        e.getMessage());
    assertThrows(
        InvalidConfigException.class,
        () -> new ConfigLoader().load(w.root, state(w.db, Path.of("."))));
  }
}
