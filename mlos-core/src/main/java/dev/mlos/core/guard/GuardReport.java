package dev.mlos.core.guard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
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

  /**
   * How many files were checked: one per {@link CheckedFile}, and for an entry that counts files
   * not listed by path, each of them ({@link CheckedFile#count}). What the summaries say; the JUnit
   * report has one test case per entry.
   */
  public int checkedCount() {
    int n = 0;
    for (CheckedFile f : checkedFiles) {
      n += f.count();
    }
    return n;
  }

  /** True when there is no violation at all. */
  public boolean isClean() {
    return violations.isEmpty();
  }

  /**
   * How many violations of each class, every class present (zero included), in class order; a
   * violation that counts others ({@link Violation#count}) adds them all.
   */
  public Map<ViolationClass, Integer> counts() {
    Map<ViolationClass, Integer> counts = new EnumMap<>(ViolationClass.class);
    for (ViolationClass c : ViolationClass.values()) {
      counts.put(c, 0);
    }
    for (Violation v : violations) {
      counts.merge(v.violationClass(), v.count(), Integer::sum);
    }
    return Collections.unmodifiableMap(counts);
  }

  /**
   * How many violations {@code violations} stand for: one each, and what each line that counts
   * others counts ({@link Violation#count}).
   */
  public static int total(List<Violation> violations) {
    int total = 0;
    for (Violation v : violations) {
      total += v.count();
    }
    return total;
  }

  /**
   * The violations whose class is in {@code failOn}: the ones that fail the build ({@link #total}
   * counts them).
   */
  public List<Violation> failing(Set<ViolationClass> failOn) {
    return violations.stream().filter(v -> failOn.contains(v.violationClass())).toList();
  }

  /** The violations whose class is not in {@code failOn}: the ones that only warn. */
  public List<Violation> warnings(Set<ViolationClass> failOn) {
    return violations.stream().filter(v -> !failOn.contains(v.violationClass())).toList();
  }

  /**
   * A one-line count by class of {@code violations}, for example {@code "3 violations: HAND_EDITED
   * 2, MISSING 1"}; {@code "no violations"} when empty. A class some of whose violations are
   * counted on one line rather than listed by path says how many of each: {@code "1005 violations:
   * RECORD_DRIFT 1005 (1000 listed by path, 5 counted)"}.
   */
  public static String countLine(List<Violation> violations) {
    if (violations.isEmpty()) {
      return "no violations";
    }
    Map<ViolationClass, Integer> counts = new EnumMap<>(ViolationClass.class);
    Map<ViolationClass, Integer> listed = new EnumMap<>(ViolationClass.class);
    Set<ViolationClass> withCounted = EnumSet.noneOf(ViolationClass.class);
    for (Violation v : violations) {
      counts.merge(v.violationClass(), v.count(), Integer::sum);
      // By what the line is, not by its count: a counted line of 1 (the 1,001st new record file)
      // is still no file listed by path.
      if (v.counted()) {
        withCounted.add(v.violationClass());
      } else {
        listed.merge(v.violationClass(), 1, Integer::sum);
      }
    }
    int total = total(violations);
    StringBuilder out = new StringBuilder();
    out.append(total).append(total == 1 ? " violation: " : " violations: ");
    String sep = "";
    for (Map.Entry<ViolationClass, Integer> e : counts.entrySet()) {
      out.append(sep).append(e.getKey()).append(' ').append(e.getValue());
      int byPath = listed.getOrDefault(e.getKey(), 0);
      if (withCounted.contains(e.getKey())) {
        out.append(" (")
            .append(byPath)
            .append(" listed by path, ")
            .append(e.getValue() - byPath)
            .append(" counted)");
      }
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
   * violations: UNKNOWN 9982)"} followed by {@code where}, or null when every violation was shown;
   * counted as {@link #countLine} counts.
   */
  public static String notShownLine(List<Violation> violations, String where) {
    if (violations.size() <= CONSOLE_SHOWN) {
      return null;
    }
    List<Violation> rest = violations.subList(CONSOLE_SHOWN, violations.size());
    return "... and " + total(rest) + " more (" + countLine(rest) + "): " + where;
  }
}
