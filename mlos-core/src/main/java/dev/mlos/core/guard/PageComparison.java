package dev.mlos.core.guard;

import dev.mlos.core.MlosException;
import dev.mlos.core.compile.OutputRecord;
import dev.mlos.core.compile.Page;
import dev.mlos.core.diff.UnifiedDiff;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.frontmatter.FrontMatterLines;

/**
 * Compares a rendered page with its file on disk and words what differs: a hand-edited file or a
 * stale one, each with a unified diff. Thread-safe: it only reads.
 */
final class PageComparison {
  /** Lines of unified diff kept per violation. */
  static final int MAX_DIFF_LINES = 40;
  /** Unchanged lines shown around each change in a diff. */
  static final int DIFF_CONTEXT = 2;

  private final GuardRun run;

  PageComparison(GuardRun run) {
    this.run = run;
  }

  /** The violation of the page's file, or null when it is intact and renders as recorded. */
  Violation compare(Page page, RecordedOutputs.Check check) {
    String path = page.path().value();
    String wsPath = run.outPrefix + path;
    OutputRecord r = check.record();
    // The rendering knows its content hash: no second pass over the text to hash it.
    CompiledFile.Rendering rendering = render(page, r.compiledAt());
    boolean databaseChanged = !rendering.contentHash().equals(r.contentHash());
    if (check.state() == RecordedOutputs.State.INTACT && !databaseChanged) {
      return null;
    }
    String expected = rendering.text();
    String actual = FrontMatterLines.normalizeLineEndings(GuardRun.readOrThrow(page.path().resolveIn(run.out)));
    String aligned = FrontMatterLines.alignVolatileLines(expected, actual);
    if (check.state() == RecordedOutputs.State.EDITED) {
      int line = Math.max(0, UnifiedDiff.firstDifferentLine(aligned, actual));
      String diff = UnifiedDiff.between(wsPath + " (compiled)", aligned, wsPath + " (on disk)", actual, DIFF_CONTEXT,
          MAX_DIFF_LINES);
      return new Violation(ViolationClass.HAND_EDITED, wsPath, line,
          "'" + wsPath + "' was edited by hand after it was compiled"
              + (databaseChanged ? " (the database changed since too, so the diff also shows what the next compile changes)" : ""),
          diff, handEditFix());
    }
    int line = Math.max(0, UnifiedDiff.firstDifferentLine(actual, aligned));
    String diff = UnifiedDiff.between(wsPath + " (on disk)", actual, wsPath + " (after mlos:compile)", aligned,
        DIFF_CONTEXT, MAX_DIFF_LINES);
    return new Violation(ViolationClass.STALE, wsPath, line,
        "'" + wsPath + "' is out of date: what it is compiled from (the database, or a file it embeds) changed since it was compiled (view '" + page.view() + "')",
        diff, "run " + GuardRun.COMPILE);
  }

  private static CompiledFile.Rendering render(Page page, String compiledAt) {
    try {
      return CompiledFile.rendering(page.fields(), page.view(), page.body(), compiledAt);
    } catch (IllegalArgumentException e) {
      throw new MlosException("View '" + page.view() + "' (page " + page.path().value() + "): " + e.getMessage(),
          "fix what the template assigns to meta");
    }
  }

  /** The fix of a HAND_EDITED violation. */
  static String handEditFix() {
    return "compiled files are overwritten by every compile: make the change in the database first, then run "
        + GuardRun.COMPILE + " (to drop the edit instead, just run " + GuardRun.COMPILE + ")";
  }
}
