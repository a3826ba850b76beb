package dev.mlos.core.guard;

import dev.mlos.core.Remedy;
import dev.mlos.core.compile.Page;
import dev.mlos.core.compile.PageHandler;
import dev.mlos.core.compile.ViewRenderer;
import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.path.PathKey;
import dev.mlos.core.path.WorkspacePath;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * The guard's rendering phase: renders views through the compiler's own {@link ViewRenderer}, for
 * {@link ViolationClass#STALE} and for the diffs of hand-edited files. For the stale check every
 * view is rendered ({@link GuardRun#renderAll}), and this may run while the outputs are still being
 * hashed; else only the views with hand-edited files, after {@link RecordedOutputs#collect}. Each
 * rendered page is compared with its file by {@link PageComparison}. Between the two, when the
 * change log tells which views a change since the compile feeds ({@link GuardRun#staleViews}), only
 * those are rendered for the stale check, after the outputs were hashed.
 */
final class StaleCheck {
  private final GuardRun run;
  private final PageComparison comparison;

  StaleCheck(GuardRun run) {
    this.run = run;
    this.comparison = new PageComparison(run);
  }

  /** Renders the views the check needs (see the class comment). */
  void render(Connection c) {
    Set<String> editedViews = new HashSet<>();
    // With every view rendered, this may run before the checks are in: no need to know.
    if (!run.renderAll) {
      for (RecordedOutputs.Check check : run.checks.values()) {
        if (check.state() == RecordedOutputs.State.EDITED) {
          editedViews.add(check.record().view());
        }
      }
    }
    Map<String, FirstPage> seen = new HashMap<>();
    if (!run.staleViews.isEmpty() || !editedViews.isEmpty()) {
      try (ViewRenderer renderer =
          new ViewRenderer(c, run.config, run.classLoader, run.request.effectiveThreads())) {
        renderer.check();
        Pages pages = new Pages(seen);
        for (ViewDefinition view : run.config.views()) {
          boolean stale = run.checksStale(view.name());
          if (stale || editedViews.contains(view.name())) {
            run.rendered.add(view.name());
            Set<String> keys = stale ? run.staleKeys.get(view.name()) : null;
            if (keys == null || !renderListed(renderer, view, keys, pages, seen)) {
              renderer.render(view, pages, run.reporter);
            }
          }
          if (!stale && !run.staleViews.isEmpty()) {
            // A view no change since the compile feeds: its pages not edited are as recorded.
            run.notRendered += intactPagesOf(view.name());
          }
        }
      }
    }
  }

  /**
   * Renders only the pages of a per-row view that the changes since the compile can affect ({@code
   * keys}, its {@code changed_pages}) and those edited by hand (for their diffs); the others are as
   * recorded. False, having rendered nothing, when its rows cannot be listed exactly or a page to
   * render would take the path of one taken as recorded: then the caller renders every row, as the
   * compile does in that case.
   */
  private boolean renderListed(
      ViewRenderer renderer,
      ViewDefinition view,
      Set<String> keys,
      Pages pages,
      Map<String, FirstPage> seen) {
    Set<String> listed = new java.util.TreeSet<>(keys);
    List<RecordedOutputs.Check> asRecorded = new ArrayList<>();
    for (RecordedOutputs.Check check : run.checks.values()) {
      if (!check.record().view().equals(view.name())) {
        continue;
      }
      if (check.record().sourceKeys() == null) {
        return false; // a record without its keys (none read, or an older mlos): every row
      }
      if (check.state() == RecordedOutputs.State.EDITED) {
        listed.add(check.record().sourceKeys());
      }
    }
    Set<String> asRecordedPaths = new HashSet<>();
    for (RecordedOutputs.Check check : run.checks.values()) {
      if (check.record().view().equals(view.name())
          && !listed.contains(check.record().sourceKeys())) {
        asRecorded.add(check);
        asRecordedPaths.add(PathKey.of(check.record().path()));
      }
    }
    if (!renderer.restrictTo(view, listed)) {
      run.reporter.info(
          "view '"
              + view.name()
              + "': its each query cannot be limited to the changed rows: the stale check goes"
              + " through every row.");
      return false;
    }
    for (WorkspacePath p : renderer.restrictedPaths(view)) {
      if (asRecordedPaths.contains(PathKey.of(p.value()))) {
        run.reporter.info(
            "view '"
                + view.name()
                + "': a changed row's page takes the path of another page ("
                + p.value()
                + "): the stale check goes through every row.");
        return false;
      }
    }
    for (RecordedOutputs.Check check : asRecorded) {
      String path = check.record().path();
      seen.put(
          PathKey.of(path), new FirstPage(path, row(view.name(), check.record().sourceKeys())));
      run.produced.add(path);
      run.notRendered++;
    }
    // The pages taken as recorded count towards the page cap, as the compile's kept pages do: the
    // changed rows alone passed it, and the guard asked for a compile that then stopped at it.
    renderer.renderListed(view, pages, run.reporter, asRecorded.size());
    return true;
  }

  /**
   * The recorded pages of {@code view} not edited by hand (intact or missing): as the stale check
   * counts the pages whose rows hash as recorded.
   */
  private int intactPagesOf(String view) {
    int n = 0;
    for (RecordedOutputs.Check check : run.checks.values()) {
      if (check.record().view().equals(view) && check.state() != RecordedOutputs.State.EDITED) {
        n++;
      }
    }
    return n;
  }

  /**
   * After rendering and once every check is in: pages without a record that are not unknown files
   * are STALE (not compiled yet); records no page produced are STALE (the next compile deletes
   * them) or HAND_EDITED.
   */
  void afterRendering() {
    dev.mlos.core.path.ReservedPlaces places =
        new dev.mlos.core.path.ReservedPlaces(
            run.config.root(),
            run.config.database(),
            run.config.stateDirectory(),
            run.config.configFile());
    for (Map.Entry<String, String> p : run.notCompiledYet.entrySet()) {
      String wsPath = run.outPrefix + p.getKey();
      String reserved = places.whatIs(run.out.resolve(p.getKey()));
      if (reserved != null) {
        // The page's path is the database's, git's or mlos's own: the compile refuses it, and
        // moving that file is never the fix.
        run.add(
            p.getKey(),
            new Violation(
                ViolationClass.STALE,
                wsPath,
                0,
                "'"
                    + wsPath
                    + "' is a page of view '"
                    + p.getValue()
                    + "' whose path is "
                    + reserved
                    + ": the compile refuses to write it",
                "",
                "change the view's output pattern, or the row that gives this path, so the page"
                    + " lands elsewhere: "
                    + dev.mlos.core.path.ReservedPlaces.RULE,
                List.of()));
        continue;
      }
      if (!run.unknown.containsKey(wsPath)) {
        // A file mlos did not write in the page's place: a compile refuses to overwrite it, so
        // "run compile" alone would not do.
        boolean inTheWay = java.nio.file.Files.exists(run.out.resolve(p.getKey()));
        run.add(
            p.getKey(),
            new Violation(
                ViolationClass.STALE,
                wsPath,
                0,
                "'"
                    + wsPath
                    + "' is not compiled yet: the database now produces it (view '"
                    + p.getValue()
                    + "')"
                    + (inTheWay
                        ? ", and a file mlos did not write is in its place (a compile refuses to"
                            + " overwrite it)"
                        : ""),
                "",
                inTheWay
                    ? GuardFix.IN_THE_WAY
                        + wsPath
                        + "' out of the way (keep it elsewhere if it is yours), then run "
                        + GuardRun.COMPILE
                    : "run " + GuardRun.COMPILE,
                GuardRun.COMPILE_REMEDIES));
      }
    }
    for (RecordedOutputs.Check check : run.checks.values()) {
      String path = check.record().path();
      if (run.produced.contains(path)) {
        continue;
      }
      String wsPath = run.outPrefix + path;
      if (check.state() == RecordedOutputs.State.EDITED) {
        run.add(
            path,
            new Violation(
                ViolationClass.HAND_EDITED,
                wsPath,
                0,
                "'"
                    + wsPath
                    + "' was edited by hand after it was compiled"
                    + (run.rendered.contains(check.record().view())
                        ? "; the database no longer produces it either"
                        : ""),
                "",
                PageComparison.handEditFix(),
                GuardRun.COMPILE_REMEDIES));
      } else if (check.state() == RecordedOutputs.State.INTACT
          && run.checksStale(check.record().view())) {
        run.add(
            path,
            new Violation(
                ViolationClass.STALE,
                wsPath,
                0,
                "'"
                    + wsPath
                    + "' is no longer produced by the database (view '"
                    + check.record().view()
                    + "'): the next compile deletes it",
                "",
                "run " + GuardRun.COMPILE,
                GuardRun.COMPILE_REMEDIES));
      }
    }
  }

  /** A violation found on a render thread, for the output at {@code path}. */
  private record Found(String path, Violation violation) {
    /** A page not rendered: its inputs hash as recorded, and its file is intact or missing. */
    static final Found AS_RECORDED = new Found(null, null);
  }

  /** The page that took a path first ({@link PathKey}): its path as written, and its row. */
  private record FirstPage(String path, String row) {}

  /** A row in a message: {@code view 'sessions' row {"id":"b-7"}}. */
  private static String row(String view, String sourceKey) {
    return "view '" + view + "'" + ("[]".equals(sourceKey) ? "" : " row " + sourceKey);
  }

  /**
   * Decides per page, on the guard's thread, whether it needs rendering at all (only pages whose
   * file was edited, or all intact ones for the stale check); renders and compares on the render
   * threads.
   */
  private final class Pages implements PageHandler<Future<RecordedOutputs.Check>, Found> {
    /** The paths produced so far, lower-cased, with the row that produced each. */
    private final Map<String, FirstPage> seen;

    Pages(Map<String, FirstPage> seen) {
      this.seen = seen;
    }

    @Override
    public Future<RecordedOutputs.Check> before(String view, WorkspacePath path, String sourceKey) {
      String p = path.value();
      // Two pages on one path: the compile refuses to write either twice (a conflict, exit 1), so
      // the guard, often the only step CI runs, fails on it too. The first page is checked.
      FirstPage first = seen.putIfAbsent(PathKey.of(p), new FirstPage(p, row(view, sourceKey)));
      if (first != null) {
        run.add(
            p,
            new Violation(
                ViolationClass.STALE,
                p,
                0,
                "'"
                    + p
                    + "' is the page of two rows: "
                    + first.row()
                    + " and "
                    + row(view, sourceKey)
                    + dev.mlos.core.compile.OutputConflictException.asPath(first.path(), p)
                    + "; the compile writes it for the first and refuses the second"
                    + " (compile.conflict)",
                "",
                GuardFix.ONE_PAGE_PER_ROW
                    + ": put the row's key into the view's output pattern,"
                    + " or, if it is there already (as in a built-in pack's views), change one of the"
                    + " rows' keys: "
                    + dev.mlos.core.compile.OutputConflictException.SLUGGED
                    + "; then run {0}",
                List.of(Remedy.compile())));
        return null;
      }
      run.produced.add(p);
      Future<RecordedOutputs.Check> check = run.recordFutures.get(p);
      if (check == null) {
        if (run.checksStale(view)) {
          run.notCompiledYet.put(p, view);
        }
        return null;
      }
      // Without the stale check, only hand-edited files are rendered (their checks are in by now).
      if (!run.checksStale(view) && run.checks.get(p).state() != RecordedOutputs.State.EDITED) {
        return null;
      }
      return check;
    }

    @Override
    public boolean hashesInputs() {
      return run.trustInputHashes;
    }

    /**
     * A page whose inputs hash as the compile recorded renders to the recorded content: it is not
     * stale, and needs no rendering unless its file was edited (for the diff).
     */
    @Override
    public Found reuse(String inputHash, Future<RecordedOutputs.Check> pending) {
      RecordedOutputs.Check check = GuardRun.await(pending);
      return inputHash.equals(check.record().inputHash())
              && check.state() != RecordedOutputs.State.EDITED
          ? Found.AS_RECORDED
          : null;
    }

    /**
     * A page past max_page_bytes: the compile does not write it, so its file (if any) stays as last
     * compiled. A violation of the rule, not a broken guard: every other page is still checked.
     */
    @Override
    public Found tooLarge(
        dev.mlos.core.render.PageTooLargeException e, Future<RecordedOutputs.Check> pending) {
      String wsPath = run.outPrefix + e.path();
      String size =
          dev.mlos.core.render.PageTooLargeException.size(e.bytes(), e.exact())
              + " as the database now renders it, over the page size limit of "
              + dev.mlos.core.yaml.YamlLimits.describeBytes(e.limit())
              + " (max_page_bytes)";
      RecordedOutputs.State file =
          pending == null ? RecordedOutputs.State.INTACT : GuardRun.await(pending).state();
      if (file == RecordedOutputs.State.EDITED) {
        // Seen from the hashes alone, as for any page; there is no page to diff it against.
        return new Found(
            e.path(),
            new Violation(
                ViolationClass.HAND_EDITED,
                wsPath,
                0,
                "'"
                    + wsPath
                    + "' was edited by hand after it was compiled (no diff: the page is "
                    + size
                    + ", and the compile does not write it)",
                "",
                PageComparison.handEditFix()
                    + "; the row must fit the page first: "
                    + dev.mlos.core.render.PageTooLargeException.FIX,
                List.of(Remedy.compile())));
      }
      return new Found(
          e.path(),
          new Violation(
              ViolationClass.STALE,
              wsPath,
              0,
              "'"
                  + wsPath
                  + "' (view '"
                  + e.view()
                  + "') is "
                  + size
                  + ": the compile does not write it"
                  + (file == RecordedOutputs.State.MISSING
                      ? " until it fits"
                      : ", so the file is as last compiled"),
              "",
              dev.mlos.core.render.PageTooLargeException.FIX,
              List.of(Remedy.compile())));
    }

    @Override
    public Found work(Page page, Future<RecordedOutputs.Check> pending) {
      RecordedOutputs.Check check = GuardRun.await(pending);
      if (check.state() == RecordedOutputs.State.MISSING) {
        return null;
      }
      Violation v = comparison.compare(page, check);
      return v == null ? null : new Found(page.path().value(), v);
    }

    @Override
    public void done(Found found) {
      if (found == Found.AS_RECORDED) {
        run.notRendered++;
      } else if (found != null) {
        run.add(found.path(), found.violation());
      }
    }
  }
}
