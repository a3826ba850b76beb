package dev.mlos.core.guard;

import dev.mlos.core.Remedy;
import dev.mlos.core.RemedyWording;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The one fix line under a failed guard: only the steps for the classes that failed, in the order
 * they are to be taken (whatever changes the database, an import or an accept, before the compile
 * that brings the pages in line with it), so a build with no drifted artifact never suggests
 * accepting one.
 */
public final class GuardFix {
  /** How the fix of a page whose place another file takes begins ({@code StaleCheck}). */
  static final String IN_THE_WAY = "move '";

  /** How the fix of a page two rows would both write begins ({@code StaleCheck}). */
  static final String ONE_PAGE_PER_ROW = "give each row a page of its own";

  private GuardFix() {}

  /**
   * The fix for {@code failures}, steps joined by {@code "; "}, in the core's own words ({@link
   * RemedyWording#OPERATIONS}); empty when there are none.
   *
   * @param failures the violations that fail the build
   */
  public static String of(Collection<Violation> failures) {
    return of(failures, RemedyWording.OPERATIONS);
  }

  /**
   * The fix for {@code failures}, steps joined by {@code "; "}, the commands in {@code wording}'s
   * words; empty when there are none.
   *
   * @param failures the violations that fail the build
   * @param wording how the adapter names the compile and accept it suggests
   */
  public static String of(Collection<Violation> failures, RemedyWording wording) {
    Set<ViolationClass> classes = EnumSet.noneOf(ViolationClass.class);
    failures.forEach(v -> classes.add(v.violationClass()));
    List<String> steps = new ArrayList<>();
    boolean edited = classes.contains(ViolationClass.HAND_EDITED);
    boolean records = classes.contains(ViolationClass.RECORD_DRIFT);
    // An import changes the graph, so the pages and the text form: a compile follows it.
    // A text form git tracks but the working tree lacks: restored from git, not compiled (a
    // compile of the database it would have replaced deletes the pages).
    // Told by the violation's kind, never by its words: a page's message quotes its path, which
    // may hold any words.
    boolean textFormGone =
        failures.stream().anyMatch(v -> v.kind() == Violation.Kind.TEXT_FORM_TRACKED_MISSING);
    // Accepting a drifted artifact or unregistering a missing one changes its row, so the pages
    // that list it (ARTIFACTS.md, context packs) and the text form: a compile follows them (a trial
    // followed the fix line as written, accepted, and the next guard failed STALE).
    boolean artifacts =
        classes.contains(ViolationClass.ARTIFACT_DRIFT)
            || classes.contains(ViolationClass.ARTIFACT_MISSING);
    boolean outOfDate =
        records
            || artifacts
            || classes.contains(ViolationClass.STALE)
            || failures.stream()
                .anyMatch(
                    v ->
                        v.violationClass() == ViolationClass.MISSING
                            && v.kind() != Violation.Kind.TEXT_FORM_TRACKED_MISSING);
    if (textFormGone) {
      steps.add(
          "restore the database's text form git tracks before anything else (its fix above says"
              + " how; do not compile before)");
    }
    // A text form changed outside mlos (a pull, a merge): a compile refuses until it is merged.
    boolean pulled =
        failures.stream()
            .anyMatch(
                v -> v.remedies().stream().anyMatch(r -> r.kind() == Remedy.Kind.PULL_TEXT_FORM));
    if (pulled) {
      // A line no pull can take: the pull refuses until that line is fixed.
      boolean unrestorable =
          failures.stream().anyMatch(v -> v.kind() == Violation.Kind.TEXT_FORM_UNRESTORABLE);
      steps.add(
          (unrestorable
                  ? "fix the line of the text form named above (its fix says how), then merge the"
                      + " text form"
                  : "merge the changed text form")
              + " into the database with "
              + wording.word(Remedy.pullTextForm())
              + " first");
    }
    // A file mlos did not write in the place of a new page: a compile refuses to overwrite it.
    if (failures.stream().anyMatch(v -> v.fixTemplate().startsWith(IN_THE_WAY))) {
      steps.add("move the files in the way of new pages (each one's fix above names it)");
    }
    // A page past max_page_bytes: a compile refuses to write it (compile.page_size) until it fits,
    // so "run compile" alone fails again.
    if (failures.stream()
        .anyMatch(v -> v.fixTemplate().endsWith(dev.mlos.core.render.PageTooLargeException.FIX))) {
      steps.add(
          "make the pages over max_page_bytes fit (shorten the row, or raise the limit: each one's"
              + " fix above says how)");
    }
    // Two rows on one page: a compile refuses the second (compile.conflict) until their keys or
    // the view's pattern tell them apart, so "run compile" alone fails again.
    if (failures.stream().anyMatch(v -> v.fixTemplate().startsWith(ONE_PAGE_PER_ROW))) {
      steps.add(
          "give the rows that share a page a page each (change one row's key, or the view's"
              + " output pattern: each one's fix above says how)");
    }
    if (records) {
      steps.add(importStep(failures, wording));
    }
    if (classes.contains(ViolationClass.ARTIFACT_DRIFT)) {
      steps.add("review drifted artifacts and run " + wording.word(Remedy.accept(null)));
    }
    if (classes.contains(ViolationClass.ARTIFACT_MISSING)) {
      steps.add(
          "restore missing artifact files, record the new path of one moved on purpose ("
              + wording.word(Remedy.moveArtifacts())
              + "), or unregister them ("
              + wording.word(Remedy.removeArtifacts())
              + ")");
    }
    if (edited || outOfDate) {
      steps.add(
          (edited ? "move hand edits into the database, then run" : "run")
              + " "
              + wording.word(Remedy.compile())
              + " and commit the compiled files");
    }
    if (classes.contains(ViolationClass.UNKNOWN)) {
      steps.add("for each UNKNOWN file, follow its fix above");
    }
    return String.join("; ", steps);
  }

  /**
   * At most this many imports are named in the fix line; each violation's own fix names its own.
   */
  static final int IMPORTS_NAMED = 3;

  /** "import the changed record files again with `mlos import data`", each source once. */
  private static String importStep(Collection<Violation> failures, RemedyWording wording) {
    Set<String> imports = new java.util.LinkedHashSet<>();
    for (Violation v : failures) {
      if (v.violationClass() == ViolationClass.RECORD_DRIFT) {
        v.remedies().stream()
            .filter(r -> r.kind() == Remedy.Kind.RUN_IMPORT)
            .forEach(r -> imports.add(wording.word(r)));
      }
    }
    List<String> named = new ArrayList<>(imports);
    String list =
        named.size() <= IMPORTS_NAMED
            ? String.join(" and ", named)
            : String.join(", ", named.subList(0, IMPORTS_NAMED))
                + " and the others each RECORD_DRIFT's fix above names";
    return "import the record files that differ from the graph again with "
        + (named.isEmpty() ? wording.word(Remedy.importPaths(null)) : list);
  }
}
