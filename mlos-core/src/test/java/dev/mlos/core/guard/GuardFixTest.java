package dev.mlos.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardFixTest {
  @TempDir Path dir;

  private static Violation of(ViolationClass c) {
    return new Violation(c, "a.md", 0, "m", "", "f");
  }

  @Test
  void aHandEditAloneNeverMentionsAccept() {
    GuardWorkspace w = GuardWorkspace.create(dir);
    w.seed();
    w.compile();
    w.write(GuardTest.NEED_1, w.read(GuardTest.NEED_1) + "edit\n");

    List<Violation> failures = w.guard().violations();

    assertEquals(
        List.of(ViolationClass.HAND_EDITED),
        failures.stream().map(Violation::violationClass).distinct().toList());
    String fix = GuardFix.of(failures);
    assertEquals(
        "move hand edits into the database, then run `mvn mlos:compile` and commit the compiled files",
        fix);
    assertFalse(fix.contains("accept"), fix);
  }

  @Test
  void eachClassAddsItsOwnStepInReportOrder() {
    assertEquals(
        "review drifted artifacts and run `mvn mlos:accept -Dmlos.accept=<path>`",
        GuardFix.of(List.of(of(ViolationClass.ARTIFACT_DRIFT))));
    assertEquals(
        "run `mvn mlos:compile` and commit the compiled files",
        GuardFix.of(List.of(of(ViolationClass.STALE), of(ViolationClass.MISSING))));
    String all =
        GuardFix.of(
            List.of(
                of(ViolationClass.ARTIFACT_MISSING),
                of(ViolationClass.UNKNOWN),
                of(ViolationClass.ARTIFACT_DRIFT),
                of(ViolationClass.HAND_EDITED)));
    assertEquals(
        "move hand edits into the database, then run `mvn mlos:compile` and commit the compiled files;"
            + " for each UNKNOWN file, follow its fix above;"
            + " review drifted artifacts and run `mvn mlos:accept -Dmlos.accept=<path>`;"
            + " restore missing artifact files, or unregister them (`DELETE FROM artifacts WHERE id=<id>`)",
        all);
    assertEquals("", GuardFix.of(List.of()));
  }
}
