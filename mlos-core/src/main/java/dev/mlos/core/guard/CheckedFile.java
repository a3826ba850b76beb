package dev.mlos.core.guard;

import java.util.List;

/**
 * A file the guard looked at: one test case in the JUnit report.
 *
 * @param path relative to the workspace root, '/'-separated
 * @param kind why it was checked
 * @param violations what was found wrong with it, in report order; empty when it passed
 */
public record CheckedFile(String path, Kind kind, List<Violation> violations) {
  /** Why a file was checked. */
  public enum Kind {
    /** Recorded in the compile record, or produced by the current render. */
    COMPILED("compiled"),
    /** Carries compiled_at front matter but is not in the compile record. */
    UNKNOWN("unknown"),
    /** Registered in the artifacts table. */
    ARTIFACT("artifact"),
    /**
     * A graph record file an import read ({@code graph_import_files}), or one under a directory an
     * import read that no import read.
     */
    RECORD("record");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** Lower-case name used in reports ("compiled", "unknown", "artifact", "record"). */
    public String label() {
      return label;
    }
  }

  public CheckedFile {
    violations = List.copyOf(violations);
  }

  /**
   * How many files this entry stands for: 1, or, for the line of a check that counts the files it
   * does not list by path, the count of its one violation ({@link Violation#count}).
   */
  public int count() {
    return violations.size() == 1 ? violations.get(0).count() : 1;
  }

  /** True when nothing was found wrong. */
  public boolean passed() {
    return violations.isEmpty();
  }

  /**
   * The JUnit {@code classname}: the first violation's class, or the kind's label when the file
   * passed.
   */
  public String reportClassName() {
    return violations.isEmpty() ? kind.label() : violations.get(0).violationClass().name();
  }
}
