package dev.mlos.core.init;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.WorkspaceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema sets init applies when the user names none are the pack's: the core decides, not the
 * adapter.
 */
class InitRequestTest {
  @TempDir Path root;

  @Test
  void noSchemasGivenMeansThePacksAndGivenOnesWin() throws Exception {
    Files.writeString(root.resolve("mlos.yaml"), "pack: agentos-graph\n");
    WorkspaceConfig config = new ConfigLoader().load(root, ConfigOverrides.none());
    assertEquals(
        List.of("agentos-graph"), InitRequest.forWorkspace(config, null, null, null).schemas());
    assertEquals(
        List.of("agentos-graph"),
        InitRequest.forWorkspace(config, List.of(), List.of(), null).schemas());
    assertEquals(
        List.of("mlos"), InitRequest.forWorkspace(config, List.of("mlos"), null, null).schemas());
    assertEquals(config.database(), InitRequest.forWorkspace(config, null, null, null).database());
  }

  @Test
  void packNoneHasNoSchemas() throws Exception {
    Files.writeString(root.resolve("mlos.yaml"), "pack: none\n");
    WorkspaceConfig config = new ConfigLoader().load(root, ConfigOverrides.none());
    assertEquals(List.of(), InitRequest.forWorkspace(config, null, null, null).schemas());
  }
}
