package dev.mlos.core.guard.report;

import dev.mlos.core.RemedyWording;
import dev.mlos.core.guard.GuardReport;
import dev.mlos.core.guard.Violation;
import dev.mlos.core.guard.ViolationClass;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a guard report as a JSON summary:
 *
 * <pre>
 * {
 *   "tool": "mlos-guard",
 *   "workspace": "ml-os-build",
 *   "staleChecked": true,
 *   "rendered": true,
 *   "clean": false,
 *   "checkedFiles": 12,
 *   "failOn": ["HAND_EDITED", ...],
 *   "failing": 1,
 *   "counts": {"HAND_EDITED": 1, "STALE": 0, "MISSING": 0, "UNKNOWN": 0, "ARTIFACT_DRIFT": 0, "ARTIFACT_MISSING": 0, "RECORD_DRIFT": 0},
 *   "violations": [
 *     {"class": "HAND_EDITED", "path": "PROBLEM.md", "line": 9, "failing": true,
 *      "message": "...", "fix": "...", "diff": "...", "count": 1}
 *   ]
 * }
 * </pre>
 *
 * Paths are relative to the workspace root; {@code line} is 0 when unknown; violations are sorted
 * by class then path. {@code count} is 1, or how many violations a line that counts those not
 * listed by path stands for ({@link Violation#count}); {@code failing} and {@code counts} add them
 * up.
 */
public final class JsonSummaryWriter {
  /** Default file name. */
  public static final String FILE_NAME = "mlos-guard.json";

  private JsonSummaryWriter() {}

  /**
   * Writes {@link #FILE_NAME} into {@code outputDirectory} (created when missing); returns the
   * file.
   */
  public static Path write(GuardReport report, Set<ViolationClass> failOn, Path outputDirectory) {
    return write(report, failOn, outputDirectory, RemedyWording.OPERATIONS);
  }

  /**
   * Writes {@link #FILE_NAME} into {@code outputDirectory} (created when missing), the fixes in
   * {@code wording}'s words; returns the file.
   */
  public static Path write(
      GuardReport report, Set<ViolationClass> failOn, Path outputDirectory, RemedyWording wording) {
    return ReportText.write(outputDirectory, FILE_NAME, render(report, failOn, wording));
  }

  /** The JSON text. */
  public static String render(GuardReport report, Set<ViolationClass> failOn) {
    return render(report, failOn, RemedyWording.OPERATIONS);
  }

  /** The JSON text, the fixes in {@code wording}'s words (the Maven plugin's, the CLI's). */
  public static String render(
      GuardReport report, Set<ViolationClass> failOn, RemedyWording wording) {
    Map<String, Object> counts = new LinkedHashMap<>();
    report.counts().forEach((c, n) -> counts.put(c.name(), n));
    List<Object> failOnNames = new ArrayList<>();
    for (ViolationClass c : ViolationClass.values()) {
      if (failOn.contains(c)) {
        failOnNames.add(c.name());
      }
    }
    List<Object> violations = new ArrayList<>();
    for (Violation v : report.violations()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("class", v.violationClass().name());
      m.put("path", v.path());
      m.put("line", v.line());
      m.put("failing", failOn.contains(v.violationClass()));
      m.put("message", v.message());
      m.put("fix", v.fix(wording));
      m.put("diff", v.diff());
      m.put("count", v.count());
      violations.add(m);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("tool", "mlos-guard");
    root.put("workspace", report.workspace());
    root.put("staleChecked", report.staleChecked());
    // false with staleChecked: nothing changed since the last compile, so no view had to be
    // rendered
    root.put("rendered", report.rendered());
    root.put("clean", report.isClean());
    root.put("checkedFiles", report.checkedCount());
    root.put("failOn", failOnNames);
    root.put("failing", GuardReport.total(report.failing(failOn)));
    root.put("counts", counts);
    root.put("violations", violations);
    return JsonText.write(root);
  }
}
