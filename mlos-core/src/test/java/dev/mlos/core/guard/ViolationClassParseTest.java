package dev.mlos.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  }

  /**
   * An empty value (an unset CI variable: {@code -Dmlos.guard.failOn=$FAIL_ON}) would make every
   * class a warning and turn the guard off silently: refused, naming the setting and the fix.
   */
  @Test
  void aValueThatNamesNoClassIsABrokenSettingNotAGuardThatFailsNothing() {
    for (List<String> empty :
        Arrays.asList(null, List.<String>of(), List.of(""), List.of(" ", ""), List.of("", ""))) {
      InvalidConfigException e =
          assertThrows(
              InvalidConfigException.class,
              () -> ViolationClass.parseAll("failOn", empty),
              String.valueOf(empty));
      assertTrue(e.getMessage().startsWith("failOn: names no violation class"), e.getMessage());
      assertTrue(e.fix().startsWith("leave the setting unset for the default"), e.fix());
    }
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
