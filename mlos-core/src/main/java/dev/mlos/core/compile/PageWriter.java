package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.frontmatter.ParsedFile;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.PathKey;
import dev.mlos.core.path.ReservedPlaces;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The write phase of one compile: decides for each page whether it is kept (its inputs and file as
 * recorded), rewritten or a conflict, writes it on a render thread ({@link PageWrite}), and records
 * it in page order ({@link OutputLedger}, {@link OutputManifest}). {@link StaleOutputSweep} deletes
 * what no page produces any more.
 */
final class PageWriter implements PageHandler<PageWriter.Ticket, PageWriter.Outcome> {
  private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  final WorkspaceConfig config;
  final OutputLedger ledger;

  /** The copy of the record for the next no-op check; null when it cannot be written. */
  OutputManifest.Writer manifest;

  final String compiledAt;
  final boolean fsync;

  /** The directories this compile creates or made sure exist. */
  final StagedDirectories directories;

  final Reporter reporter;
  final PageWarnings warnings;
  final Path out;
  final List<String> conflicts = new ArrayList<>();
  final java.util.SortedSet<Long> artifactsInTheWay = new java.util.TreeSet<>();

  /** Pages not written because they render past max_page_bytes, in page order. */
  final List<PagesTooLargeException.Page> tooLarge = new ArrayList<>();

  private final ReservedPlaces reserved;
  private final String outKey;

  /** True when this workspace has no compile record in the database yet. */
  boolean nothingRecorded;

  /** Where this compile notes what it is about to delete. */
  CompileJournal journal;

  /** Compiles that stopped before recording what they wrote, or null. */
  CompileJournal.Interrupted interrupted;

  /**
   * Temporary files and staging directories an interrupted compile left, found by the orphan scan.
   */
  final java.util.Set<Path> leftovers = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * True when everything the last compile read besides the database is unchanged: a page whose
   * input hash is as recorded, and whose file is as written, is kept without rendering it.
   */
  boolean reusable;

  /** Set on the compiling thread when a page was kept without rendering. */
  boolean reusedAny;

  /** The registered artifacts' files, which no page may be written over; null: not looked at. */
  PagesOnArtifacts artifacts;

  /** The pages an incremental compile keeps without running their queries; null for a full pass. */
  KeptPages kept;

  /**
   * Set by {@link #beginView}: the view's kept pages are recorded, and only the rows listed for it
   * are to be rendered ({@link ViewRenderer#render(ViewDefinition, PageHandler, Reporter,
   * boolean)}).
   */
  boolean onlyListed;

  /**
   * Directories below the output directory found to be plain directories (not links) during this
   * compile.
   */
  final java.util.Set<String> plainDirectories = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * The output directory, absolute and normalized as {@link WorkspacePath#locateIn} resolves it.
   */
  final Path outAbsolute;

  ViewDefinition view;
  int pages;
  int written;
  int unchanged;
  int reused;
  int conflicted;
  int overLimit;
  long lastProgress = System.nanoTime();

  PageWriter(
      WorkspaceConfig config,
      OutputLedger ledger,
      OutputManifest.Writer manifest,
      String compiledAt,
      boolean fsync,
      Reporter reporter) {
    this.config = config;
    this.manifest = manifest;
    this.fsync = fsync;
    this.ledger = ledger;
    this.compiledAt = compiledAt;
    this.reporter = reporter;
    this.warnings = new PageWarnings(reporter, ReplacedEdits.directory(config));
    this.out = config.outputDirectory();
    this.outAbsolute = out.toAbsolutePath().normalize();
    this.directories = new StagedDirectories(outAbsolute, fsync);
    this.reserved =
        new ReservedPlaces(
            config.root(), config.database(), config.stateDirectory(), config.configFile());
    this.outKey = ReservedPlaces.directoryKey(outAbsolute);
  }

  /**
   * Starts a view. Returns true when every page of it was kept as recorded (an incremental compile
   * found nothing it reads changed), so it need not be rendered at all. Else {@link #onlyListed}
   * says whether the pages kept were recorded here already and only the rows {@link
   * ViewRenderer#restrictTo} listed are to be rendered.
   */
  boolean beginView(ViewDefinition v, ViewRenderer renderer) {
    view = v;
    pages = 0;
    written = 0;
    unchanged = 0;
    reused = 0;
    conflicted = 0;
    overLimit = 0;
    onlyListed = false;
    List<KeptPages.Kept> all = kept == null ? null : kept.beginView(v);
    if (all == null) {
      KeptPages.Split split = kept == null ? null : kept.split(v, renderer, reporter);
      if (split != null) {
        keepInBulk(v, split);
        onlyListed = true;
      }
      return false;
    }
    // Every recorded page of the view is kept: carried as a whole (a change elsewhere must not cost
    // a record write per page of a large view).
    keepInBulk(v, new KeptPages.Split(all, List.of()));
    return true;
  }

  /**
   * Records the pages of a {@link KeptPages.Split} kept as they were: reserved as a whole ({@link
   * OutputLedger#reserveKept}) and listed in the manifest, their records carried over as they stand
   * ({@link OutputLedger#carryOver}) instead of a write each. A kept page whose path may be a
   * reserved place is reserved on its own, as a rendered page is.
   */
  private void keepInBulk(ViewDefinition v, KeptPages.Split split) {
    List<String> notCarried = new ArrayList<>(split.notKept());
    List<KeptPages.Kept> bulk = new ArrayList<>(split.kept().size());
    List<KeptPages.Kept> oneByOne = new ArrayList<>();
    for (KeptPages.Kept k : split.kept()) {
      (k.reservedPlace() ? oneByOne : bulk).add(k);
    }
    int n = bulk.size();
    String[] paths = new String[n];
    String[] lower = new String[n];
    String[] keys = new String[n];
    for (int i = 0; i < n; i++) {
      KeptPages.Kept k = bulk.get(i);
      paths[i] = k.page().path();
      lower[i] = k.lower();
      keys[i] = k.page().sourceKeys();
    }
    java.util.SortedMap<Integer, OutputLedger.Reservation> taken =
        ledger.reserveKept(v.name(), paths, lower, keys);
    long carried = 0;
    // Runs of kept pages whose manifest lines are right as they stand are copied, not written.
    int runFrom = -1;
    int runTo = -1;
    for (int i = 0; i < n; i++) {
      KeptPages.Kept k = bulk.get(i);
      OutputLedger.Page p = k.page();
      pages++;
      OutputLedger.Reservation first = taken.get(i);
      if (first != null) {
        // A page reserved before took its path: a conflict, as before() finds it.
        conflict(v.name(), p.sourceKeys(), OutputConflictException.alsoWritten(p.path(), first));
        notCarried.add(p.path());
        continue;
      }
      carried++;
      if (k.line() >= 0 && k.line() == runTo) {
        runTo++;
        continue;
      }
      copyLines(v.name(), runFrom, runTo);
      runFrom = runTo = -1;
      if (k.line() >= 0) {
        runFrom = k.line();
        runTo = runFrom + 1;
      } else {
        list(p.path(), v.name(), p.fileHash(), p.sourceKeys(), p.hasInputHash(), k.statKey());
      }
    }
    copyLines(v.name(), runFrom, runTo);
    unchanged += (int) carried;
    reused += (int) carried;
    reusedAny |= carried > 0;
    progress();
    for (KeptPages.Kept k : oneByOne) {
      OutputLedger.Page p = k.page();
      Ticket ticket = before(v.name(), k.workspacePath(), k.lower(), p.sourceKeys(), false);
      if (ticket == null) {
        notCarried.add(p.path()); // a conflict, noted by before
      } else {
        listed(ticket, p.fileHash(), p.sourceKeys(), p.hasInputHash(), k.statKey(), false, true);
        carried++;
      }
    }
    ledger.carryOver(v.name(), notCarried, carried);
  }

  /** Copies the last manifest's lines {@code from} to {@code to} of a view into this one's. */
  private void copyLines(String viewName, int from, int to) {
    if (manifest == null || from < 0 || from == to) {
      return;
    }
    try {
      kept.previous().copyLines(viewName, from, to, manifest);
    } catch (IOException e) {
      manifestFailed(e);
    }
  }

  /** Whether a page at {@code lower} (a lower-cased path) may be a reserved place. */
  boolean mayBeReservedPlace(String lower) {
    return reserved.mayBeReservedLowerCase(outKey, lower);
  }

  /**
   * On the compiling thread, in page order: the outcome of a page an incremental compile keeps as
   * recorded without running its queries, or null to render it.
   */
  @Override
  public Outcome carry(String viewName, WorkspacePath path, String sourceKey) {
    KeptPages.KeptRow k = kept == null ? null : kept.keep(viewName, path, sourceKey);
    return k == null ? null : keptAsRecorded(viewName, path, sourceKey, k);
  }

  /** Reserves a kept page's path as {@link #before} does, and records it as it was. */
  private Outcome keptAsRecorded(
      String viewName, WorkspacePath path, String sourceKey, KeptPages.KeptRow k) {
    Ticket ticket = before(viewName, path, PathKey.of(path.value()), sourceKey, false);
    if (ticket == null) {
      return null; // a conflict, recorded by before
    }
    OutputRecord r = k.record();
    return Outcome.reused(
        ticket, r.inputHash(), r.contentHash(), r.fileHash(), r.compiledAt(), k.statKey());
  }

  CompileResult.ViewStats endView() {
    return new CompileResult.ViewStats(
        view.name(), pages, written, unchanged, reused, conflicted, overLimit);
  }

  @Override
  public Ticket before(String viewName, WorkspacePath path, String sourceKey) {
    return before(viewName, path, PathKey.of(path.value()), sourceKey, true);
  }

  /** As {@link #before(String, WorkspacePath, String)}, with the path lower-cased already. */
  private Ticket before(
      String viewName, WorkspacePath path, String lower, String sourceKey, boolean lookUp) {
    pages++;
    progress();
    String refused =
        reserved.mayBeReservedLowerCase(outKey, lower)
            ? reserved.refusal(outAbsolute.resolve(path.value()), path.value())
            : null;
    if (refused != null) {
      conflict(viewName, sourceKey, refused);
      return null;
    }
    OutputLedger.Reservation first =
        ledger.reserveLowerCase(path.value(), lower, viewName, sourceKey);
    if (first != null) {
      conflict(viewName, sourceKey, OutputConflictException.alsoWritten(path.value(), first));
      return null;
    }
    // A first compile has no record to look up: spare the query per page.
    OutputRecord recorded = nothingRecorded || !lookUp ? null : ledger.find(path.value());
    // A page the last compile did not write at its path (a view added, an output moved, a new
    // row) may land on a registered artifact's file; a recorded one cannot (registration refuses
    // it), nor can a page kept as recorded.
    PagesOnArtifacts.Conflict artifact =
        recorded != null || !lookUp || artifacts == null
            ? null
            : artifacts.conflictAt(path.value());
    if (artifact != null) {
      conflict(viewName, sourceKey, artifact.what());
      artifactsInTheWay.add(artifact.artifactId());
      return null;
    }
    return new Ticket(viewName, path, sourceKey, recorded);
  }

  @Override
  public boolean hashesInputs() {
    return true;
  }

  /**
   * Runs on a render thread: keeps the page without rendering it when nothing it is rendered from
   * changed (the templates and files the last compile read are as it recorded them, and the page's
   * inputs hash as recorded) and its file holds the bytes that compile recorded, or its content
   * with other line endings. Anything else (an edit, a missing file, a record from another compile)
   * renders the page as usual.
   */
  @Override
  public Outcome reuse(String inputHash, Ticket ticket) {
    OutputRecord r = ticket.recorded();
    if (!reusable
        || r == null
        || !inputHash.equals(r.inputHash())
        || !ticket.view().equals(r.view())) {
      return null;
    }
    WorkspacePath.Target target = locate(ticket.path(), ticket.view(), ticket.sourceKey());
    Path file = target.path();
    try {
      // Not following a link in the page's own place: a page replaced by one is rendered, so the
      // write replaces the link and says so.
      BasicFileAttributes a =
          target.looked() && target.attributes() != null
              ? target.attributes()
              : Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile()) {
        return null;
      }
      String fileHash = Sha256.ofFile(file, a.size());
      if (fileHash.equals(r.fileHash())) {
        return Outcome.reused(
            ticket, inputHash, r.contentHash(), fileHash, r.compiledAt(), OutputManifest.key(a));
      }
      // Other bytes with the recorded content (a CRLF checkout): kept, as rendering would keep it.
      if (PageFiles.parseQuietly(file) instanceof ParsedFile p
          && r.contentHash().equals(p.declaredContentHash())
          && r.contentHash().equals(CompiledFile.contentHashOf(PageFiles.read(file)))) {
        return Outcome.reused(
            ticket, inputHash, r.contentHash(), fileHash, p.compiledAt(), OutputManifest.key(a));
      }
      return null;
    } catch (IOException e) {
      return null; // missing or unreadable: rendering says what is wrong
    }
  }

  /**
   * Where a page whose way goes through a symlink inside the workspace really lands, with the
   * reserved place it is ({@code '.git/x/1.md', in git's own '.git': ...}); null when that place is
   * free. A directory a row's values choose ({@code pages/{scope}/}) is not checked before the
   * compile, and the reserved places are compared as paths are written.
   */
  String reservedThroughLink(Path file) {
    try {
      Path root = config.root().toRealPath();
      Path real = file.getParent().toRealPath().resolve(file.getFileName());
      if (!real.startsWith(root)) {
        return null; // the path check refuses a link leading outside
      }
      Path inside = root.relativize(real);
      String what = reserved.whatIs(inside);
      return what == null
          ? null
          : "'" + WorkspacePath.slashed(inside) + "', " + what + ": " + ReservedPlaces.RULE;
    } catch (IOException e) {
      return null; // no directory there yet: the page's own write creates it, plain
    }
  }

  WorkspacePath.Target locate(WorkspacePath path, String viewName, String sourceKey) {
    return WritePlaces.page(path, out, plainDirectories, viewName, sourceKey);
  }

  /** Runs on a render thread for a page past max_page_bytes: nothing is written ({@link #done}). */
  @Override
  public Outcome tooLarge(dev.mlos.core.render.PageTooLargeException e, Ticket ticket) {
    return new Outcome(ticket, null, null, null, null, false, null, null, null, false, e);
  }

  /** Runs on a render thread: front matter, the checks against the file on disk, the write. */
  @Override
  public Outcome work(Page page, Ticket ticket) {
    return PageWrite.work(this, page, ticket);
  }

  /**
   * Moves the directories this compile filled under a hidden name into place; after every page is
   * written, and also when the compile fails, so every page recorded is where the record says.
   */
  void publishStaged() {
    directories.publish();
  }

  /** Back on the compiling thread, in page order: records the page and counts it. */
  @Override
  public void done(Outcome o) {
    warnings.say(o.warning());
    if (o.conflict() != null) {
      conflict(o.page().view(), o.page().sourceKey(), o.conflict());
      return;
    }
    if (o.tooLarge() != null) {
      overLimit++;
      tooLarge.add(PagesTooLargeException.Page.of(o.page().sourceKey(), o.tooLarge()));
      // Its last file stays, recorded so that the next compile renders it again.
      TooLargePages.keepLastFile(ledger, o.page());
      return;
    }
    ledger.record(
        new OutputRecord(
            o.page().path().value(),
            o.page().view(),
            o.page().sourceKey(),
            o.contentHash(),
            o.fileHash(),
            o.compiledAt(),
            o.inputHash()));
    listed(
        o.page(),
        o.fileHash(),
        o.page().sourceKey(),
        o.inputHash() != null,
        o.key(),
        o.written(),
        o.reused());
  }

  /** Lists a page in the manifest and counts it (its record is written or carried elsewhere). */
  private void listed(
      Ticket page,
      String fileHash,
      String sourceKeys,
      boolean hasInputHash,
      String key,
      boolean written,
      boolean reused) {
    list(page.path().value(), page.view(), fileHash, sourceKeys, hasInputHash, key);
    if (written) {
      this.written++;
    } else {
      unchanged++;
    }
    if (reused) {
      this.reused++;
      reusedAny = true;
    }
  }

  /** Lists a page in the manifest. */
  private void list(
      String path,
      String viewName,
      String fileHash,
      String sourceKeys,
      boolean hasInputHash,
      String key) {
    if (manifest != null) {
      try {
        manifest.add(path, viewName, fileHash, sourceKeys, hasInputHash, key);
      } catch (IOException e) {
        manifestFailed(e);
      }
    }
  }

  /**
   * What the record notes about this compile's manifest ({@link OutputManifest.Stamp}); null when
   * there is no manifest.
   */
  String manifestStamp() {
    return manifest == null ? null : manifest.stamp();
  }

  /** Puts the manifest of this compile's outputs in place; null when there is none to trust. */
  OutputManifest.Summary publishManifest() {
    if (manifest == null) {
      return null;
    }
    try {
      return manifest.publish();
    } catch (IOException | MlosException e) {
      manifestFailed(e);
      return null;
    }
  }

  private void manifestFailed(Exception e) {
    OutputManifest.warnUnrecorded(reporter, OutputManifest.file(config), e);
    manifest.close();
    manifest = null;
  }

  private void conflict(String viewName, String sourceKey, String what) {
    conflicted++;
    conflicts.add(
        what
            + " [view '"
            + viewName
            + "'"
            + ("[]".equals(sourceKey) ? "" : ", row " + sourceKey)
            + "]");
  }

  private void progress() {
    long now = System.nanoTime();
    if (now - lastProgress > PROGRESS_EVERY_NANOS) {
      lastProgress = now;
      reporter.info(
          "view '" + view.name() + "': " + pages + " pages so far (" + written + " written)");
    }
  }

  /**
   * What the compiling thread knows about a page before it is rendered.
   *
   * @param recorded what the last compile recorded at the page's path, or null
   */
  record Ticket(String view, WorkspacePath path, String sourceKey, OutputRecord recorded) {}

  /**
   * What became of a page: written or kept as it was (with its hashes), or a conflict.
   *
   * @param warning something to tell the user (an edit that was replaced), or null
   * @param reused kept without rendering: its inputs and its file were as recorded
   * @param tooLarge the page rendered past max_page_bytes and was not written, else null
   */
  record Outcome(
      Ticket page,
      String inputHash,
      String contentHash,
      String fileHash,
      String compiledAt,
      boolean written,
      String conflict,
      PageWarnings.Warning warning,
      String key,
      boolean reused,
      dev.mlos.core.render.PageTooLargeException tooLarge) {
    /** A page kept without rendering: its inputs and file are as recorded. */
    static Outcome reused(
        Ticket page,
        String inputHash,
        String contentHash,
        String fileHash,
        String compiledAt,
        String key) {
      return new Outcome(
          page, inputHash, contentHash, fileHash, compiledAt, false, null, null, key, true, null);
    }

    static Outcome kept(
        Ticket page,
        String inputHash,
        String contentHash,
        String fileHash,
        String compiledAt,
        BasicFileAttributes seen) {
      return new Outcome(
          page,
          inputHash,
          contentHash,
          fileHash,
          compiledAt,
          false,
          null,
          null,
          OutputManifest.key(seen),
          false,
          null);
    }

    static Outcome conflict(Ticket page, String what) {
      return new Outcome(page, null, null, null, null, false, what, null, null, false, null);
    }
  }
}
