package dev.mlos.core.guard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a guard check found. Deterministic: the same database and files give an equal report on any
 * machine.
 *
 * @param workspace the workspace name
 * @param root the workspace root; every path in the report is relative to it
 * @param violations every violation, sorted by class then path
 * @param checkedFiles every file checked (each recorded output, each unknown compiled-looking file,
 *     each registered artifact, each page the database would newly produce), sorted by path then
 *     kind
 * @param staleChecked whether the check looked for {@link ViolationClass#STALE} files
 * @param rendered whether views were gone through for it (every view, or those the change log says
 *     a change since the compile feeds); false with {@code staleChecked} when nothing the pages
 *     depend on changed since the last compile, so none could be stale
 * @param notRendered pages of those views the stale check found as recorded without rendering them:
 *     their rows hash as the compile recorded, and nothing else they depend on changed
 */
public record GuardReport(
    String workspace,
    Path root,
    List<Violation> violations,
    List<CheckedFile> checkedFiles,
    boolean staleChecked,
    boolean rendered,
    int notRendered) {

  /** A report whose stale check rendered every page it looked at. */
  public GuardReport(
      String workspace,
      Path root,
      List<Violation> violations,
      List<CheckedFile> checkedFiles,
      boolean staleChecked,
      boolean rendered) {
    this(workspace, root, violations, checkedFiles, staleChecked, rendered, 0);
  }

  public GuardReport {
    List<Violation> sorted = new ArrayList<>(violations);
    sorted.sort(Violation.ORDER);
    violations = List.copyOf(sorted);
    checkedFiles = List.copyOf(checkedFiles);
  }

  /** True when there is no violation at all. */
  public boolean isClean() {
    return violations.isEmpty();
  }

  /** How many violations of each class, every class present (zero included), in class order. */
  public Map<ViolationClass, Integer> counts() {
    Map<ViolationClass, Integer> counts = new EnumMap<>(ViolationClass.class);
    for (ViolationClass c : ViolationClass.values()) {
      counts.put(c, 0);
    }
    for (Violation v : violations) {
      counts.merge(v.violationClass(), 1, Integer::sum);
    }
    return Collections.unmodifiableMap(counts);
  }

  /** The violations whose class is in {@code failOn}: the ones that fail the build. */
  public List<Violation> failing(Set<ViolationClass> failOn) {
    return violations.stream().filter(v -> failOn.contains(v.violationClass())).toList();
  }

  /** The violations whose class is not in {@code failOn}: the ones that only warn. */
  public List<Violation> warnings(Set<ViolationClass> failOn) {
    return violations.stream().filter(v -> !failOn.contains(v.violationClass())).toList();
  }

  /**
   * A one-line count by class of {@code violations}, for example {@code "3 violations: HAND_EDITED
   * 2, MISSING 1"}; {@code "no violations"} when empty.
   */
  public static String countLine(List<Violation> violations) {
    if (violations.isEmpty()) {
      return "no violations";
    }
    Map<ViolationClass, Integer> counts = new EnumMap<>(ViolationClass.class);
    for (Violation v : violations) {
      counts.merge(v.violationClass(), 1, Integer::sum);
    }
    StringBuilder out = new StringBuilder();
    out.append(violations.size()).append(violations.size() == 1 ? " violation: " : " violations: ");
    String sep = "";
    for (Map.Entry<ViolationClass, Integer> e : counts.entrySet()) {
      out.append(sep).append(e.getKey()).append(' ').append(e.getValue());
      sep = ", ";
    }
    return out.toString();
  }
}
