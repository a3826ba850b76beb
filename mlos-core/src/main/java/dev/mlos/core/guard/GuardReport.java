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

  /**
   * How many violations a console lists in full (headline, diff and fix): a workspace checked out
   * under another directory name, or a template change after a hand edit, can give one per page,
   * and 100,000 of them would bury the log. The report files list them all.
   */
  public static final int CONSOLE_SHOWN = 50;

  /**
   * The violations a console lists in full: the first {@link #CONSOLE_SHOWN} of {@code violations},
   * in order.
   */
  public static List<Violation> shownOnConsole(List<Violation> violations) {
    return violations.size() <= CONSOLE_SHOWN ? violations : violations.subList(0, CONSOLE_SHOWN);
  }

  /**
   * The line a console prints after {@link #shownOnConsole}, {@code "... and 9982 more (9982
   * violations: UNKNOWN 9982)"} followed by {@code where}, or null when every violation was shown.
   */
  public static String notShownLine(List<Violation> violations, String where) {
    if (violations.size() <= CONSOLE_SHOWN) {
      return null;
    }
    List<Violation> rest = violations.subList(CONSOLE_SHOWN, violations.size());
    return "... and " + rest.size() + " more (" + countLine(rest) + "): " + where;
  }
}
