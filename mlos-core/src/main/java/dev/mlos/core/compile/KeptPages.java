package dev.mlos.core.compile;

import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The keep phase of an incremental compile: which recorded pages stay as they are without running
 * their queries, following the {@link ChangePlan}. A page is kept only when its record has an input
 * hash and its file on disk holds the recorded bytes (the last compile's stat key of it, outside
 * the racy window, or else its hash); anything else is rendered, exactly as a full compile would
 * render it. A kept page is recorded again as it was, which is what a full compile records for a
 * page whose inputs did not change.
 *
 * <p>A view's recorded pages come from the last compile's manifest when it lists the record as it
 * stands ({@link OutputManifest#STAMP_KEY}, {@link RecordTotals}), else from the record itself; the
 * order below ("path order") is then the manifest's, the order that compile listed them in.
 */
final class KeptPages {
  /**
   * A page kept as recorded, with the stat key of its file as seen now and its path, checked once
   * (null when taken from a manifest that lists the record: see {@link #workspacePath}). Its record
   * is carried over as it stands in the database ({@link OutputLedger#carryOver}).
   *
   * @param reservedPlace whether its path may be a place no page may take ({@link
   *     dev.mlos.core.path.ReservedPlaces}): then it is reserved on its own, as a rendered page is
   * @param line its index among its view's entries of the last manifest when its line there is
   *     still right (its file's stat key is unchanged), so the line is copied; else -1
   */
  record Kept(
      OutputLedger.Page page,
      String statKey,
      WorkspacePath path,
      String lower,
      boolean reservedPlace,
      int line) {
    /** Its path as a workspace path (checked here when it was taken from the manifest). */
    WorkspacePath workspacePath() {
      return path != null ? path : WorkspacePath.of(page.path());
    }
  }

  /**
   * A page a view being gone through row by row keeps: its whole record, which is written again,
   * and the stat key of its file as seen now.
   */
  record KeptRow(OutputRecord record, String statKey) {}

  private final ChangePlan plan;
  private final OutputLedger ledger;
  private final Path out;
  private final PreviousOutputs previous;

  /**
   * True when the manifest lists the record's rows as they are (its stamp is the one the record
   * notes, and the record sums as it does): a view's pages are then taken from it, without reading
   * the record (issue 20).
   */
  private final boolean trusted;

  /** The current view's manifest entries, index for index with {@link #pages}, when trusted. */
  private OutputManifest.Entry[] entries;

  private final long listedAt;
  private final int threads;
  private ChangePlan.ViewPlan current;

  /**
   * The stat keys {@link #intactKey} gave {@link #pages}, index for index, when the view's every
   * page was looked at already; else null.
   */
  private String[] checked;

  /** The paths {@link #intactKeys} checked with {@link #checked}, index for index; else null. */
  private WorkspacePath[] checkedPaths;

  /** Those paths lower-cased, index for index; else null. */
  private String[] checkedLower;

  /** Whether those paths may be reserved places, index for index; else null. */
  private boolean[] checkedReserved;

  /** Whether a lower-cased path may be a reserved place ({@link PageWriter#mayBeReservedPlace}). */
  private final Predicate<String> reservedPlace;

  /**
   * The current view's recorded pages by source key, once its rows are gone through in {@link
   * ChangePlan.Mode#SUBSET}; else null.
   */
  private Map<String, OutputRecord> byKey;

  /**
   * The current view's recorded pages, in path order, in {@link ChangePlan.Mode#SUBSET} unless
   * {@link #split} kept them; else null.
   */
  private List<OutputLedger.Page> pages;

  /** The current view's name. */
  private String view;

  /**
   * A per-row view split without going through its rows: the pages kept as recorded, in path order,
   * and the paths of the view's other recorded pages (rendered again, or vanished).
   */
  record Split(List<Kept> kept, List<String> notKept) {}

  /**
   * @param previous the last compile's outputs, as its manifest lists them (none without one)
   * @param trusted whether the manifest lists the record's rows as they are
   * @param listedAt when that manifest was written, in nanoseconds (for the racy window)
   * @param threads how many threads look at the files of the kept pages
   */
  KeptPages(
      ChangePlan plan,
      OutputLedger ledger,
      Path out,
      PreviousOutputs previous,
      boolean trusted,
      long listedAt,
      int threads,
      Predicate<String> reservedPlace) {
    this.plan = plan;
    this.ledger = ledger;
    this.out = out;
    this.previous = previous;
    this.trusted = trusted;
    this.reservedPlace = reservedPlace;
    this.listedAt = listedAt;
    this.threads = Math.max(1, threads);
  }

  /**
   * The {@link #intactKey} of each record {@code look} accepts (null for the others), index for
   * index: a stat per page, on several threads, since a large view has one file per row (issue 20).
   * {@code paths} gets each looked-at record's path, checked once here for the steps that follow,
   * {@code lower} the path lower-cased ({@link OutputLedger#reserve} compares paths so), and {@code
   * reserved} whether it may be a reserved place.
   */
  private String[] intactKeys(
      List<OutputLedger.Page> pages,
      Predicate<OutputLedger.Page> look,
      WorkspacePath[] paths,
      String[] lower,
      boolean[] reserved) {
    String[] keys = new String[pages.size()];
    OutputManifest.Entry[] listed = entries;
    IntConsumer one =
        i -> {
          OutputLedger.Page p = pages.get(i);
          String value = null;
          boolean looked = look.test(p);
          if (looked && listed != null) {
            // A manifest lists only valid paths (a page is kept or written only at one), and this
            // one is the record as it stands: its path is not checked again.
            value = p.path();
          } else if (looked) {
            WorkspacePath path = validOrNull(p.path());
            paths[i] = path;
            value = path == null ? null : path.value();
          }
          keys[i] =
              value == null
                  ? null
                  : intactKey(value, p.fileHash(), listed != null ? listed[i] : previous.at(value));
          lower[i] = keys[i] == null ? null : dev.mlos.core.path.PathKey.of(value);
          reserved[i] = lower[i] != null && reservedPlace.test(lower[i]);
        };
    if (threads == 1 || pages.size() < 1024) {
      for (int i = 0; i < keys.length; i++) {
        one.accept(i);
      }
      return keys;
    }
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      pool.submit(() -> IntStream.range(0, keys.length).parallel().forEach(one)).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException("checking the kept pages' files failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the kept pages' files", e);
    } finally {
      pool.shutdown();
    }
    return keys;
  }

  /**
   * Starts a view. Returns every page of it, in path order, when all are kept (nothing it reads
   * changed and every file is intact); null when the view's rows must be gone through, in which
   * case {@link #keep} decides per row.
   */
  List<Kept> beginView(ViewDefinition v) {
    current = plan.of(v.name());
    view = v.name();
    byKey = null;
    this.pages = null;
    checked = null;
    checkedPaths = null;
    checkedLower = null;
    checkedReserved = null;
    entries = null;
    if (current.mode() == ChangePlan.Mode.RENDER) {
      return null;
    }
    List<OutputLedger.Page> pages;
    if (trusted) {
      // The manifest lists the record's rows: no read of the record (issue 20).
      List<OutputManifest.Entry> listed = previous.ofView(v.name());
      entries = listed.toArray(new OutputManifest.Entry[0]);
      pages = new ArrayList<>(entries.length);
      for (OutputManifest.Entry e : entries) {
        pages.add(new OutputLedger.Page(e.path(), e.sourceKeys(), e.fileHash(), e.hasInputHash()));
      }
    } else {
      pages = new ArrayList<>();
      ledger.forEachPageOfView(v.name(), pages::add);
    }
    if (current.mode() == ChangePlan.Mode.KEEP) {
      WorkspacePath[] paths = new WorkspacePath[pages.size()];
      String[] lower = new String[pages.size()];
      boolean[] reserved = new boolean[pages.size()];
      String[] keys = intactKeys(pages, OutputLedger.Page::hasInputHash, paths, lower, reserved);
      List<Kept> all = new ArrayList<>(pages.size());
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] == null) {
          all = null;
          break;
        }
        all.add(new Kept(pages.get(i), keys[i], paths[i], lower[i], reserved[i], line(i, keys[i])));
      }
      // A single page (or any view without a current row) keeps all its pages or renders.
      if (all != null && (v.perRow() || all.size() == 1)) {
        return all;
      }
      if (!v.perRow()) {
        current = new ChangePlan.ViewPlan(ChangePlan.Mode.RENDER, Set.of(), current.why());
        return null;
      }
      // Some file was edited or is missing: go through the rows, rendering those pages only.
      current = new ChangePlan.ViewPlan(ChangePlan.Mode.SUBSET, Set.of(), current.why());
      checked = keys;
      checkedPaths = paths;
      checkedLower = lower;
      checkedReserved = reserved;
    }
    // The map by key is built only when the rows are gone through: split usually spares it.
    this.pages = pages;
    return null;
  }

  /**
   * After {@link #beginView} returned null for a view in {@link ChangePlan.Mode#SUBSET}: splits its
   * recorded pages without running its {@code each} query over every row (issue 20). A page is kept
   * when its key is not among those the plan renders, its record has an input hash and its file is
   * intact, as {@link #keep} decides per row; the rows of every other key (the plan's, and those of
   * pages whose file was edited or deleted) are listed with {@link ViewRenderer#restrictTo}, so
   * only they are rendered. A recorded page whose key the plan names and whose row is gone
   * vanishes, as does the old path of a renamed page.
   *
   * <p>Returns null (go through every row, as {@link #keep} does) when the rows cannot be listed
   * exactly, or when a page to render would take the path of a kept one: which one wins is then
   * decided by the rows' order, as in a full compile.
   */
  Split split(ViewDefinition v, ViewRenderer renderer, dev.mlos.core.Reporter reporter) {
    if (pages == null) {
      return null;
    }
    Set<String> render = new HashSet<>(current.keys());
    // The files are looked at first, on several threads; whether a page is kept is then decided in
    // path order, as the rows' keys say.
    WorkspacePath[] paths = checked != null ? checkedPaths : new WorkspacePath[pages.size()];
    String[] lower = checked != null ? checkedLower : new String[pages.size()];
    boolean[] reserved = checked != null ? checkedReserved : new boolean[pages.size()];
    String[] keys =
        checked != null
            ? checked
            : intactKeys(
                pages,
                p -> !render.contains(p.sourceKeys()) && p.hasInputHash(),
                paths,
                lower,
                reserved);
    List<Kept> kept = new ArrayList<>(pages.size());
    boolean more = false;
    for (int i = 0; i < keys.length; i++) {
      OutputLedger.Page p = pages.get(i);
      if (render.contains(p.sourceKeys())) {
        continue;
      }
      // intactKey refused records whose path is not a valid workspace path.
      String key = p.hasInputHash() ? keys[i] : null;
      if (key == null) {
        more |= render.add(p.sourceKeys());
      } else {
        kept.add(new Kept(p, key, paths[i], lower[i], reserved[i], line(i, key)));
      }
    }
    // Two recorded pages with one key (an each query whose first column repeats): both render.
    // Only a key added in the loop can be a kept page's.
    if (more) {
      kept.removeIf(k -> render.contains(k.page().sourceKeys()));
    }
    if (!renderer.restrictTo(v, new java.util.TreeSet<>(render))) {
      reporter.info(
          "view '"
              + v.name()
              + "': its each query cannot be limited to the rows to render (a key that is not an"
              + " integer or text, or columns that change names when wrapped): every row is gone through.");
      return null;
    }
    // The few paths to render are held in a set and every kept path is looked up in it, not the
    // other way round: no set of every page's path is built.
    List<WorkspacePath> toRender = renderer.restrictedPaths(v);
    Set<String> rendered = new HashSet<>();
    for (WorkspacePath p : toRender) {
      rendered.add(dev.mlos.core.path.PathKey.of(p.value()));
    }
    Set<String> taken = new HashSet<>();
    for (Kept k : kept) {
      if (rendered.contains(k.lower())) {
        taken.add(k.lower());
      }
    }
    for (WorkspacePath p : toRender) {
      if (taken.contains(dev.mlos.core.path.PathKey.of(p.value()))) {
        reporter.info(
            "view '"
                + v.name()
                + "': a page to render takes the path of a kept one ("
                + p.value()
                + "): every row is gone through.");
        return null;
      }
    }
    // The kept pages are some of the records, in the same order (a path names one record): the
    // others are found by merging.
    List<String> notKept = new ArrayList<>();
    int next = 0;
    for (OutputLedger.Page p : pages) {
      if (next < kept.size() && kept.get(next).page().path().equals(p.path())) {
        next++;
      } else {
        notKept.add(p.path());
      }
    }
    // Only the listed rows are gone through: none of them is kept.
    pages = null;
    // Pages, not keys: a key may have no row any more (its page goes) or several rows. These are
    // the counts the view's line adds up: rendered (written or unchanged) and not rendered.
    int named = current.keys().size();
    reporter.info(
        "view '"
            + v.name()
            + "': the rows of "
            + render.size()
            + " key(s)"
            + (render.size() > named
                ? " (" + (render.size() - named) + " of them for a page edited or missing)"
                : "")
            + " give "
            + pageCount(toRender.size())
            + " to render; "
            + pageCount(kept.size())
            + " kept as recorded, not rendered");
    return new Split(kept, notKept);
  }

  /** {@code 1 page}, {@code 2 pages}. */
  private static String pageCount(int n) {
    return n + (n == 1 ? " page" : " pages");
  }

  /**
   * The index of the current view's page {@code i} among its manifest entries when its line there
   * is right as it stands (the manifest lists the record, and the file's stat key is the listed
   * one); else -1.
   */
  private int line(int i, String statKey) {
    return entries != null && statKey.equals(entries[i].key()) ? i : -1;
  }

  /** The last compile's outputs, as its manifest lists them. */
  PreviousOutputs previous() {
    return previous;
  }

  /** A recorded path as a workspace path; null when it is not a valid one (a hand-made record). */
  private static WorkspacePath validOrNull(String path) {
    try {
      return WorkspacePath.of(path);
    } catch (dev.mlos.core.path.InvalidPathException e) {
      return null;
    }
  }

  /**
   * The recorded page of a row of a view being gone through, when it can be kept: its key is not
   * among those the plan renders, its record is at the same path with an input hash, and its file
   * is intact. Null: render it.
   *
   * <p>The whole records are read here, once per view, since a page kept this way is recorded
   * again: this path serves only views whose rows cannot be listed ({@link #split} returned null).
   */
  KeptRow keep(String viewName, WorkspacePath path, String sourceKey) {
    if (pages == null || current.keys().contains(sourceKey)) {
      return null;
    }
    if (byKey == null) {
      byKey = new HashMap<>(pages.size() * 2);
      ledger.forEachOfView(view, r -> byKey.put(r.sourceKeys(), r));
    }
    OutputRecord r = byKey.get(sourceKey);
    if (r == null
        || r.inputHash() == null
        || !r.view().equals(viewName)
        || !r.path().equals(path.value())) {
      return null;
    }
    WorkspacePath recorded = validOrNull(r.path());
    String key =
        recorded == null
            ? null
            : intactKey(recorded.value(), r.fileHash(), previous.at(recorded.value()));
    return key == null ? null : new KeptRow(r, key);
  }

  /**
   * The file's stat key when it holds the recorded bytes; null when it does not or is missing. A
   * recorded path that is not a valid workspace path (a hand-made record naming a file outside the
   * output directory) never gets here: no file is looked at for it, and it is never kept.
   */
  private String intactKey(String path, String fileHash, OutputManifest.Entry e) {
    Path file = out.resolve(path);
    try {
      // A page replaced by a link is not kept: it is rendered, and the write replaces the link.
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile()) {
        return null;
      }
      String now = OutputManifest.key(a);
      boolean same =
          e != null
                  && e.fileHash().equals(fileHash)
                  && OutputManifest.unmodified(a, e.key(), now, listedAt)
              || Sha256.ofFile(file, a.size()).equals(fileHash);
      return same ? now : null;
    } catch (IOException unreadable) {
      return null;
    }
  }
}
