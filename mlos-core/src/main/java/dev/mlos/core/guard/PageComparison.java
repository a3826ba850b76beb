package dev.mlos.core.guard;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.compile.OutputRecord;
import dev.mlos.core.compile.Page;
import dev.mlos.core.diff.HunkChoices;
import dev.mlos.core.diff.UnifiedDiff;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.frontmatter.FrontMatterLines;
import java.util.List;

/**
 * Compares a rendered page with its file on disk and words what differs: a hand-edited file or a
 * stale one, each with a unified diff. Both diffs run the same way: {@code -} is what the last
 * compile wrote, {@code +} what differs from it (the file as edited by hand, or what the next
 * compile writes). The line reported is the first one of the file on disk that differs, not
 * counting the volatile front matter lines ({@code compiled_at:}, {@code content_hash:}, {@code
 * updated:}). Thread-safe: it only reads.
 */
final class PageComparison {
  /** Lines of unified diff kept per violation. */
  static final int MAX_DIFF_LINES = 40;

  /** Unchanged lines shown around each change in a diff. */
  static final int DIFF_CONTEXT = 2;

  /**
   * Hunks tried in every combination to recover a compiled text: at most 2^12 content hashes of one
   * page.
   */
  static final int MAX_RECOVERY_HUNKS = 12;

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
    String rendered = rendering.text();
    String actual =
        FrontMatterLines.normalizeLineEndings(GuardRun.readOrThrow(page.path().resolveIn(run.out)));
    if (check.state() == RecordedOutputs.State.EDITED && compiledElsewhere(actual)) {
      // A compiled page, whole (its content_hash is its own text's), that this clone's compile
      // did not write: a merge, pull or checkout brought another clone's page. Not a hand edit.
      String next = FrontMatterLines.alignVolatileLines(rendered, actual);
      return new Violation(
          ViolationClass.STALE,
          wsPath,
          FrontMatterLines.firstEditedLine(next, actual),
          "'"
              + wsPath
              + "' is a compiled page, but compiled from other rows than this database's (a merge,"
              + " pull or checkout brought another clone's page): not edited by hand; the next"
              + " compile rewrites it",
          UnifiedDiff.between(
              wsPath + " (on disk, compiled elsewhere)",
              actual,
              wsPath + " (next compile)",
              next,
              DIFF_CONTEXT,
              MAX_DIFF_LINES),
          "take the merged rows with {0} when mlos.db.sql changed, then run {1}",
          List.of(Remedy.pullTextForm(), Remedy.compile()));
    }
    if (check.state() == RecordedOutputs.State.EDITED) {
      // The diff runs from what was compiled to the file: the edit, and nothing the database
      // changed since.
      String compiled =
          databaseChanged ? compiledText(rendered, actual, r.contentHash()) : rendered;
      String from =
          FrontMatterLines.alignVolatileLines(compiled != null ? compiled : rendered, actual);
      String diff =
          UnifiedDiff.between(
              wsPath + (compiled != null ? " (compiled)" : " (next compile)"),
              from,
              wsPath + " (on disk)",
              actual,
              DIFF_CONTEXT,
              MAX_DIFF_LINES);
      if (hasConflictMarkers(actual) && !hasConflictMarkers(rendered)) {
        return new Violation(
            ViolationClass.HAND_EDITED,
            wsPath,
            FrontMatterLines.firstEditedLine(from, actual),
            "'"
                + wsPath
                + "' holds git's conflict markers: a merge of two branches that both recompiled it"
                + " merged it line by line, as git does where no mlos-page merge driver is"
                + " registered in the clone or no .gitattributes line names it for the page",
            diff,
            MERGED_PAGE_FIX,
            List.of(Remedy.pullTextForm(), Remedy.compile(), Remedy.init()));
      }
      return new Violation(
          ViolationClass.HAND_EDITED,
          wsPath,
          FrontMatterLines.firstEditedLine(from, actual),
          "'"
              + wsPath
              + "' was edited by hand after it was compiled"
              + (!databaseChanged
                  ? ""
                  : compiled != null
                      ? " (the database changed since too; the diff shows the edit only)"
                      : " (the database changed since too, in the same lines, so the diff is against what the next compile"
                          + " writes and shows both changes)"),
          diff,
          handEditFix(),
          GuardRun.COMPILE_REMEDIES);
    }
    // Intact: the file is what was compiled, and the diff runs from it to what the next compile
    // writes.
    String next = FrontMatterLines.alignVolatileLines(rendered, actual);
    String diff =
        UnifiedDiff.between(
            wsPath + " (compiled, on disk)",
            actual,
            wsPath + " (next compile)",
            next,
            DIFF_CONTEXT,
            MAX_DIFF_LINES);
    return new Violation(
        ViolationClass.STALE,
        wsPath,
        FrontMatterLines.firstEditedLine(next, actual),
        "'"
            + wsPath
            + (run.changedTemplates.isEmpty()
                ? "' is out of date: what it is compiled from (the database, or a file it embeds) changed since it was compiled (view '"
                    + page.view()
                    + "')"
                : "' is out of date (view '"
                    + page.view()
                    + "'): "
                    + templatesChanged(run.changedTemplates)
                    + "; the database or a file it embeds may have changed too"),
        diff,
        "run " + GuardRun.COMPILE,
        GuardRun.COMPILE_REMEDIES);
  }

  /**
   * What the last compile wrote, recovered from the page as the database renders it now and the
   * edited file: the combination of their differing hunks whose content hash is the recorded one
   * (the database's changes as the file still has them, the edit's lines as the render has them).
   * Null when the two changes share lines, or the texts differ in more than {@value
   * #MAX_RECOVERY_HUNKS} hunks.
   */
  static String compiledText(String rendered, String onDisk, String recordedContentHash) {
    return HunkChoices.find(
            rendered,
            onDisk,
            MAX_RECOVERY_HUNKS,
            text -> CompiledFile.contentHashOf(text).equals(recordedContentHash))
        .orElse(null);
  }

  private static CompiledFile.Rendering render(Page page, String compiledAt) {
    try {
      return CompiledFile.rendering(page.fields(), page.view(), page.body(), compiledAt);
    } catch (IllegalArgumentException e) {
      throw new MlosException(
          "View '" + page.view() + "' (page " + page.path().value() + "): " + e.getMessage(),
          "fix what the template assigns to meta");
    }
  }

  /**
   * Says which templates the last compile read are no longer what it read: after an upgrade of mlos
   * its pack's templates are new, and the page is stale though no data changed.
   */
  static String templatesChanged(java.util.List<String> recorded) {
    // Recorded as workspace/<path> and pack/<pack>/<file>: shown as the path, or the pack's file.
    java.util.List<String> templates =
        recorded.stream()
            .map(
                t ->
                    t.startsWith("workspace/")
                        ? t.substring("workspace/".length())
                        : t.startsWith("pack/") && t.indexOf('/', 5) > 0
                            ? "pack "
                                + t.substring(5, t.indexOf('/', 5))
                                + "'s "
                                + t.substring(t.indexOf('/', 5) + 1)
                            : t)
            .toList();
    String shown =
        templates.size() > 3
            ? String.join(", ", templates.subList(0, 3))
                + " and "
                + (templates.size() - 3)
                + " more"
            : String.join(", ", templates);
    boolean pack = recorded.stream().anyMatch(t -> t.startsWith("pack/"));
    return "templates changed since the last compile read them ("
        + shown
        + ")"
        + (pack
            ? ", and a pack's templates come with mlos: another mlos compiled the page, and this"
                + " one may write it differently"
            : "");
  }

  /**
   * The fix of a page git merged line by line: {@code {0}} pulls the text form, {@code {1}}
   * compiles, {@code {2}} runs init.
   */
  private static final String MERGED_PAGE_FIX =
      "nothing in it needs resolving by hand: the compile rewrites it from the database, so take"
          + " the merged rows with {0} (when mlos.db.sql changed), run {1} and `git add` the page;"
          + " then run {2} once in this clone, which registers the mlos-page driver (the next"
          + " merge keeps one side of such a page, without a conflict) and warns when"
          + " .gitattributes does not name it for the page";

  /**
   * Whether {@code text} has the lines git writes around a conflict: a line starting {@code <<<<<<<
   * }, then {@code =======}, then one starting {@code >>>>>>> }.
   */
  static boolean hasConflictMarkers(String text) {
    int open = text.startsWith("<<<<<<< ") ? 0 : text.indexOf("\n<<<<<<< ");
    if (open < 0) {
      return false;
    }
    int middle = text.indexOf("\n=======\n", open);
    return middle >= 0 && text.indexOf("\n>>>>>>> ", middle) >= 0;
  }

  /** Whether {@code text} is a compiled page whose {@code content_hash} is its own text's. */
  private static boolean compiledElsewhere(String text) {
    try {
      return CompiledFile.parse(text) instanceof dev.mlos.core.frontmatter.ParsedFile p
          && p.declaredContentHash() != null
          && p.declaredContentHash().equals(CompiledFile.contentHashOf(text));
    } catch (RuntimeException e) {
      return false; // broken front matter: a hand edit, as before
    }
  }

  /** The fix of a HAND_EDITED violation. */
  static String handEditFix() {
    return "compiled files are overwritten by every compile: make the change in the database first, then run "
        + GuardRun.COMPILE
        + " (to drop the edit instead, just run "
        + GuardRun.COMPILE
        + ")";
  }
}
