package dev.mlos.core.guard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The one fix line under a failed guard: only the steps for the classes that failed, in report
 * order, so a build with no drifted artifact never suggests {@code mlos:accept}.
 */
public final class GuardFix {
  private GuardFix() {}

  /**
   * The fix for {@code failures}, steps joined by {@code "; "}; empty when there are none.
   *
   * @param failures the violations that fail the build
   */
  public static String of(Collection<Violation> failures) {
    Set<ViolationClass> classes = EnumSet.noneOf(ViolationClass.class);
    failures.forEach(v -> classes.add(v.violationClass()));
    List<String> steps = new ArrayList<>();
    boolean edited = classes.contains(ViolationClass.HAND_EDITED);
    boolean outOfDate =
        classes.contains(ViolationClass.STALE) || classes.contains(ViolationClass.MISSING);
    if (edited || outOfDate) {
      steps.add(
          (edited ? "move hand edits into the database, then run" : "run")
              + " `mvn mlos:compile` and commit the compiled files");
    }
    if (classes.contains(ViolationClass.UNKNOWN)) {
      steps.add("for each UNKNOWN file, follow its fix above");
    }
    if (classes.contains(ViolationClass.ARTIFACT_DRIFT)) {
      steps.add("review drifted artifacts and run `mvn mlos:accept -Dmlos.accept=<path>`");
    }
    if (classes.contains(ViolationClass.ARTIFACT_MISSING)) {
      steps.add(
          "restore missing artifact files, or unregister them (`DELETE FROM artifacts WHERE id=<id>`)");
    }
    return String.join("; ", steps);
  }
}
