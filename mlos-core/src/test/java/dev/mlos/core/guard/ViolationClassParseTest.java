package dev.mlos.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlos.core.config.ConfigLoader;
import dev.mlos.core.config.ConfigOverrides;
import dev.mlos.core.config.InvalidConfigException;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.guard.report.GuardReportFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard's settings an adapter passes as text are read by the core: failOn, the report
 * directory.
 */
class ViolationClassParseTest {
  @TempDir Path root;

  @Test
  void failOnNamesClassesInAnyCaseAndSkipsBlanks() {
    assertEquals(
        EnumSet.of(ViolationClass.HAND_EDITED, ViolationClass.MISSING),
        ViolationClass.parseAll("failOn", List.of(" hand_edited", "", "MISSING ")));
    assertEquals(EnumSet.noneOf(ViolationClass.class), ViolationClass.parseAll("failOn", null));
  }

  @Test
  void aNameThatIsNoClassIsABrokenSettingNamingItAndTheClasses() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> ViolationClass.parseAll("failOn", List.of("HAND_EDITED", "HAND_EDITS")));
    assertEquals("failOn: 'HAND_EDITS' is not a violation class.", e.getMessage());
    assertEquals("use some of " + Arrays.toString(ViolationClass.values()), e.fix());
  }

  @Test
  void reportsGoWhereAskedElseToTheStateDirectory() {
    WorkspaceConfig config = new ConfigLoader().load(root, ConfigOverrides.none());
    assertEquals(config.stateDirectory(), GuardReportFiles.directory(null, config));
    assertEquals(
        root.resolve("reports").toAbsolutePath(),
        GuardReportFiles.directory(root.resolve("reports"), config));
  }
}
