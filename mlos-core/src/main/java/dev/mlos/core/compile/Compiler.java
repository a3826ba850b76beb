package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.frontmatter.ParseResult;
import dev.mlos.core.frontmatter.ParsedFile;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.path.WorkspaceWalker;
import dev.mlos.core.schema.SchemaCheck;
import dev.mlos.core.write.AtomicWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Compiles a workspace: renders every page of every view, writes only the files whose content
 * changed (atomically), deletes the files its last compile produced that nothing produces any more,
 * and records what it wrote in the database for the guard.
 *
 * <p>Ownership rule: a file is overwritten or deleted only when it is a compiled artifact of this
 * workspace: recorded in {@code mlos_outputs} for it, or carrying front matter with this workspace's
 * name (a fresh database compiling a checked-out workspace). Anything else stops that file with a
 * conflict, reported after every other file is written.
 */
public final class Compiler {
  private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  private final ClassLoader classLoader;

  public Compiler(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  public Compiler() {
    this(Compiler.class.getClassLoader());
  }

  /**
   * Compiles the workspace, holding its {@link WorkspaceLock} alone (waiting for another compile,
   * clean or guard of it first). A compile that finds the {@link CompileJournal} of one that
   * stopped before recording its work recovers it: that compile's pages are taken as its own,
   * those no view produces any more are deleted, and the temporary files it left are removed.
   *
   * @throws MlosException for a broken setup (database, template, query); nothing is written then.
   *     A database mlos did not initialise, or one that cannot take the record (read-only,
   *     locked), is refused before any file is written
   * @throws WorkspaceLock.WorkspaceBusyException when another process holds the workspace for too long
   * @throws OutputConflictException when files could not be written because they are not ours
   */
  public CompileResult compile(CompileRequest request, Reporter reporter) {
    // --- text form hook (issue 19): keeps <database>.sql in step when the workspace has one; refuses
    // before any page is written when git (or a person) changed it and the database does not hold it yet.
    dev.mlos.core.dbtext.DatabaseText.PendingSync textForm =
        dev.mlos.core.dbtext.DatabaseText.checkBeforeCompile(request.config().database(), request.config().stateDirectory());
    CompileResult result = compileViews(request, reporter);
    if (textForm.write(reporter)) {
      reporter.info("Wrote the database's text form " + dev.mlos.core.dbtext.DatabaseText.fileOf(request.config().database()));
    }
    // --- end of text form hook
    return result;
  }

  private CompileResult compileViews(CompileRequest request, Reporter reporter) {
    long start = System.nanoTime();
    // Before anything is written, the lock file included: no symlink may lead a write outside the workspace.
    WritePlaces.checkBeforeCompile(request.config());
    // One compile (or clean) per workspace at a time; guards wait for it too.
    try (WorkspaceLock lock = WorkspaceLock.exclusive(request.config(), "compile", WorkspaceLock.DEFAULT_WAIT, reporter)) {
      return compileLocked(request, reporter, start);
    }
  }

  private CompileResult compileLocked(CompileRequest request, Reporter reporter, long start) {
    WorkspaceConfig config = request.config();
    String compiledAt = CompiledAt.of(request.outputTimestamp(), Instant.now());
    Path stateFile = CompileState.file(config);
    // Under the lock no other compile is running: whatever temporary files are in the state
    // directory were left by one that was killed.
    StaleFiles.removeFromStateDirectory(stateFile.getParent());
    Optional<CompileJournal.Interrupted> interrupted = CompileJournal.read(config);
    if (interrupted.isPresent()) {
      reporter.info(interrupted.get().runs().isEmpty()
          ? "The last clean stopped before it recorded what it deleted: this compile records it."
          : "The last compile stopped before it recorded what it wrote (" + String.join("; ", interrupted.get().runs())
              + "): this compile takes its files as compiled, records them and removes what it left behind.");
    }
    if (!request.full() && interrupted.isEmpty()) {
      Optional<CompileResult> skipped = unchangedSinceLastCompile(config, stateFile, start, request.effectiveThreads());
      if (skipped.isPresent()) {
        reporter.info("Nothing changed since the last compile (configuration, templates, database, files read and"
            + " outputs are as recorded), so nothing was rendered. -Dmlos.compile.full renders every page anyway.");
        return skipped.get();
      }
    }
    Path manifestFile = OutputManifest.file(config);
    CompileResult result;
    Map<String, String> templatesRead;
    Map<String, String> filesRead;
    // The database as the next compile will compare it (null: fingerprint it after closing).
    String databaseState;
    // Another connection wrote to the database while this compile read it.
    boolean disturbed;
    OutputManifest.Summary outputs;
    Database db = Database.at(config.database());
    CompileJournal journal = null;
    try (Connection c = db.open(false); OutputManifest.Writer manifest = manifestWriter(manifestFile, reporter)) {
      long dataVersion = dataVersion(c);
      SchemaCheck.requireReady(c, "compile", false);
      try (ViewRenderer renderer = new ViewRenderer(c, config, classLoader, request.effectiveThreads());
          OutputLedger ledger = new OutputLedger(c, db.file(), config.name())) {
        renderer.check();
        // Before any page is written: a database that cannot take the record stops the compile here.
        ledger.requireWritable();
        boolean firstCompile = ledger.isEmpty();
        ledger.startCompile();
        // Nothing was changed before this point, so a refused compile leaves the state as it was.
        CompileState.forget(config);
        journal = CompileJournal.begin(config, compiledAt, request.fsync());
        Run run = new Run(config, ledger, manifest, compiledAt, request.fsync(), reporter);
        run.nothingRecorded = firstCompile;
        run.journal = journal;
        run.interrupted = interrupted.orElse(null);
        // What the last compile read besides the database, as it recorded it with its pages: while
        // unchanged, a page whose rows hash as recorded renders as recorded (on any machine).
        CompileReads reads = request.full() || firstCompile ? null : CompileReads.read(c, db.file(), config.name());
        run.reusable = reads != null && reads.unchanged(config, classLoader);
        if (firstCompile || run.interrupted != null) {
          run.startOrphanScan();
        }
        List<CompileResult.ViewStats> stats = new ArrayList<>();
        try {
          for (ViewDefinition view : config.views()) {
            run.beginView(view);
            renderer.render(view, run, reporter);
            stats.add(run.endView());
          }
          run.publishStaged();
        } catch (RuntimeException e) {
          run.cancelOrphanScan();
          // Pages written before the failure stay on disk: record them so guard and clean know them.
          try {
            run.publishStaged();
          } catch (RuntimeException notMoved) {
            e.addSuppressed(notMoved);
          }
          try {
            ledger.commitPartial();
            if (run.interrupted == null) {
              // Every page this compile wrote is recorded, and it deleted nothing yet.
              journal.finished(config);
            }
          } catch (RuntimeException notRecorded) {
            e.addSuppressed(notRecorded);
          }
          throw e;
        }
        List<String> deleted = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        if (run.conflicts.isEmpty()) {
          ledger.forEachVanished(r -> run.removeVanished(r.path(), r.fileHash(), deleted, kept));
          if (firstCompile || run.interrupted != null) {
            run.removeOrphans(deleted, kept);
          }
        } else {
          run.cancelOrphanScan();
        }
        templatesRead = new TreeMap<>(renderer.templatesRead());
        filesRead = new TreeMap<>(renderer.filesRead());
        if (run.reusedAny) {
          // Pages kept without rendering read nothing this time: what they depend on is what the
          // last compile read, as checked before this one began. That value wins over one read
          // since: a file changed during this compile must make the next one render every page,
          // not vouch for pages kept from its old text.
          templatesRead.putAll(reads.templates());
          filesRead.putAll(reads.files());
        }
        ledger.commit(templatesRead, filesRead);
        // Recorded: what this compile (and any interrupted one before it) did is in the database.
        journal.finished(config);
        if (!run.conflicts.isEmpty()) {
          throw new OutputConflictException(run.conflicts);
        }
        // Taken before the check below, so a commit in between cannot slip into the record.
        databaseState = CompileState.databaseWhileOpen(db.file());
        disturbed = dataVersion(c) != dataVersion;
        outputs = disturbed ? null : run.publishManifest();
        result = new CompileResult(stats, deleted, kept, Duration.ofNanos(System.nanoTime() - start));
      }
    } catch (SQLException e) {
      throw new dev.mlos.core.db.DatabaseException(db.file(), e.getMessage(), null, e);
    } finally {
      if (journal != null) {
        journal.close();
      }
    }
    if (disturbed) {
      reporter.info("The database changed while this compile read it, so the next compile renders every page again.");
      return result;
    }
    if (outputs == null) {
      return result;
    }
    try {
      // In WAL mode fingerprinted after the connection is closed: closing may still write (a checkpoint).
      new CompileState(CompileState.inputs(config),
          databaseState != null ? databaseState : CompileState.database(db.file()), templatesRead, filesRead, outputs)
          .write(stateFile);
    } catch (IOException | MlosException e) {
      reporter.warn("Could not record the compile's inputs in " + stateFile + " (" + e.getMessage()
          + "); the next compile renders every page again.");
    }
    return result;
  }

  /**
   * True when nothing a compile's pages depend on changed since the last successful compile of
   * this workspace: configuration, mlos's own code, the database, every template and every file
   * templates read are as that compile recorded them. The outputs are not looked at. Pages render
   * deterministically, so each page would render as that compile recorded it.
   */
  public boolean inputsUnchangedSinceLastCompile(WorkspaceConfig config) {
    Optional<CompileState> state = CompileState.read(CompileState.file(config));
    try {
      return state.isPresent() && Files.isRegularFile(config.database()) && state.get().unchanged(config, classLoader);
    } catch (IOException | MlosException e) {
      return false;
    }
  }

  /** Starts the manifest of this compile's outputs; null (with a warning) when it cannot be written. */
  private static OutputManifest.Writer manifestWriter(Path file, Reporter reporter) {
    try {
      return new OutputManifest.Writer(file);
    } catch (MlosException e) {
      warnUnrecordedOutputs(reporter, file, e);
      return null;
    }
  }

  private static void warnUnrecordedOutputs(Reporter reporter, Path file, Exception e) {
    reporter.warn("Could not record the compile's outputs in " + file + " (" + e.getMessage()
        + "); the next compile renders every page again.");
  }

  /** Changes when another connection commits to the database (never for this connection's own commits). */
  private static long dataVersion(Connection c) throws SQLException {
    try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("PRAGMA data_version")) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  /**
   * The result of a compile that has nothing to do, when the inputs recorded by the last
   * successful compile are unchanged and every recorded output is on disk as written; else empty.
   */
  private Optional<CompileResult> unchangedSinceLastCompile(
      WorkspaceConfig config, Path stateFile, long start, int threads) {
    Optional<CompileState> state = CompileState.read(stateFile);
    if (state.isEmpty() || !Files.isRegularFile(config.database())) {
      return Optional.empty();
    }
    Map<String, Integer> pages = new LinkedHashMap<>();
    boolean[] intact = {true};
    // The inputs and the outputs are checked at the same time: one task fingerprints the inputs
    // while the others hash the recorded outputs in batches (with one thread, all of it in turn on
    // this one). The outputs are listed by the manifest the last compile wrote, so the database is
    // not opened: if it changed, the inputs check says so.
    try (OrderedPipeline pool = new OrderedPipeline(threads)) {
      java.util.concurrent.Future<Boolean> inputs = pool.async(() -> state.get().unchanged(config, classLoader));
      List<OutputManifest.Entry> batch = new ArrayList<>();
      Path manifest = OutputManifest.file(config);
      long listedAt = Files.getLastModifiedTime(manifest).to(java.util.concurrent.TimeUnit.NANOSECONDS);
      boolean listed = OutputManifest.read(manifest, state.get().outputs(), r -> {
        // Once the inputs are known to have changed, the compile renders anyway: stop checking.
        if (!intact[0] || inputs.isDone() && !inputsUnchanged(inputs)) {
          return;
        }
        pages.merge(r.view(), 1, Integer::sum);
        batch.add(r);
        if (batch.size() == 256) {
          List<OutputManifest.Entry> b = List.copyOf(batch);
          batch.clear();
          pool.submit(() -> intact(config, b, listedAt), ok -> intact[0] &= ok);
        }
      });
      List<OutputManifest.Entry> rest = List.copyOf(batch);
      pool.submit(() -> intact(config, rest, listedAt), ok -> intact[0] &= ok);
      pool.finish();
      if (!listed || !intact[0] || !inputs.get()) {
        return Optional.empty();
      }
    } catch (java.util.concurrent.ExecutionException | IOException | MlosException | IllegalStateException e) {
      // Anything unexpected just means: compile as usual.
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    List<CompileResult.ViewStats> stats = new ArrayList<>();
    for (ViewDefinition v : config.views()) {
      int n = pages.getOrDefault(v.name(), 0);
      stats.add(new CompileResult.ViewStats(v.name(), n, 0, n, 0));
    }
    return Optional.of(new CompileResult(stats, List.of(), List.of(), Duration.ofNanos(System.nanoTime() - start)));
  }

  /** The outcome of a finished inputs check: true only when nothing changed. */
  private static boolean inputsUnchanged(java.util.concurrent.Future<Boolean> inputs) {
    try {
      return inputs.get();
    } catch (java.util.concurrent.ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * What the compiling thread knows about a page before it is rendered.
   *
   * @param recorded what the last compile recorded at the page's path, or null
   */
  private record Ticket(String view, WorkspacePath path, String sourceKey, OutputRecord recorded) {}

  /**
   * What became of a page: written or kept as it was (with its hashes), or a conflict.
   *
   * @param warning something to tell the user (an edit that was replaced), or null
   * @param reused kept without rendering: its inputs and its file were as recorded
   */
  private record Outcome(Ticket page, String inputHash, String contentHash, String fileHash, String compiledAt,
      boolean written, String conflict, String warning, String key, boolean reused) {
    static Outcome kept(Ticket page, String inputHash, String contentHash, String fileHash, String compiledAt,
        BasicFileAttributes seen) {
      return new Outcome(page, inputHash, contentHash, fileHash, compiledAt, false, null, null, OutputManifest.key(seen),
          false);
    }

    static Outcome conflict(Ticket page, String what) {
      return new Outcome(page, null, null, null, null, false, what, null, null, false);
    }
  }

  /**
   * True when every recorded output is on disk exactly as the record says: its stat key is as
   * recorded (outside the racy window), or else its bytes hash as recorded.
   */
  private static boolean intact(WorkspaceConfig config, List<OutputManifest.Entry> records, long listedAt) {
    for (OutputManifest.Entry r : records) {
      Path file = config.outputDirectory().resolve(r.path());
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
          return false;
        }
        if (!OutputManifest.unmodified(a, r.key(), listedAt) && !Sha256.ofFile(file, a.size()).equals(r.fileHash())) {
          return false;
        }
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  /** The state of one compile. */
  private static final class Run implements PageHandler<Ticket, Outcome> {
    final WorkspaceConfig config;
    final OutputLedger ledger;
    /** The copy of the record for the next no-op check; null when it cannot be written. */
    OutputManifest.Writer manifest;
    final String compiledAt;
    final boolean fsync;
    final Reporter reporter;
    final Path out;
    final List<String> conflicts = new ArrayList<>();
    /** True when this workspace has no compile record in the database yet. */
    boolean nothingRecorded;
    /** Where this compile notes what it is about to delete. */
    CompileJournal journal;
    /** Compiles that stopped before recording what they wrote, or null. */
    CompileJournal.Interrupted interrupted;
    /** Temporary files and staging directories an interrupted compile left, found by the orphan scan. */
    final java.util.Set<Path> leftovers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * True when everything the last compile read besides the database is unchanged: a page whose
     * input hash is as recorded, and whose file is as written, is kept without rendering it.
     */
    boolean reusable;
    /** Set on the compiling thread when a page was kept without rendering. */
    boolean reusedAny;
    /** The listing of possible stale compiled files, after a fresh database. */
    java.util.concurrent.FutureTask<List<Path>> orphanScan;
    /** Directories this compile made sure exist, so each page need not ask again. */
    final java.util.Set<Path> knownDirectories = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Directories below the output directory found to be plain directories (not links) during this compile. */
    final java.util.Set<String> plainDirectories = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Directories this compile is creating, with the hidden directory they are filled under until it ends. */
    final Map<Path, Path> staged = new java.util.concurrent.ConcurrentHashMap<>();
    /** Directories this compile created (they did not exist when it looked): new, so empty but for its own pages. */
    final java.util.Set<Path> createdDirectories = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The output directory, absolute and normalized as {@link WorkspacePath#locateIn} resolves it. */
    final Path outAbsolute;
    ViewDefinition view;
    int pages;
    int written;
    int unchanged;
    int reused;
    long lastProgress = System.nanoTime();

    Run(WorkspaceConfig config, OutputLedger ledger, OutputManifest.Writer manifest, String compiledAt, boolean fsync,
        Reporter reporter) {
      this.config = config;
      this.manifest = manifest;
      this.fsync = fsync;
      this.ledger = ledger;
      this.compiledAt = compiledAt;
      this.reporter = reporter;
      this.out = config.outputDirectory();
      this.outAbsolute = out.toAbsolutePath().normalize();
    }

    void beginView(ViewDefinition v) {
      view = v;
      pages = 0;
      written = 0;
      unchanged = 0;
      reused = 0;
    }

    CompileResult.ViewStats endView() {
      return new CompileResult.ViewStats(view.name(), pages, written, unchanged, reused);
    }

    @Override
    public Ticket before(String viewName, WorkspacePath path, String sourceKey) {
      pages++;
      progress();
      OutputLedger.Reservation first = ledger.reserve(path.value(), viewName, sourceKey);
      if (first != null) {
        conflict(viewName, sourceKey, "'" + path.value() + "' is also written by view '" + first.view() + "' "
            + first.sourceKeys() + " (paths compare case-insensitively)");
        return null;
      }
      // A first compile has no record to look up: spare the query per page.
      return new Ticket(viewName, path, sourceKey, nothingRecorded ? null : ledger.find(path.value()));
    }

    @Override
    public boolean hashesInputs() {
      return true;
    }

    /**
     * Runs on a render thread: keeps the page without rendering it when nothing it is rendered
     * from changed (the templates and files the last compile read are as it recorded them, and
     * the page's inputs hash as recorded) and its file holds the bytes that compile recorded, or
     * its content with other line endings. Anything else (an edit, a missing file, a record from
     * another compile) renders the page as usual.
     */
    @Override
    public Outcome reuse(String inputHash, Ticket ticket) {
      OutputRecord r = ticket.recorded();
      if (!reusable || r == null || !inputHash.equals(r.inputHash()) || !ticket.view().equals(r.view())) {
        return null;
      }
      WorkspacePath.Target target = ticket.path().locateIn(out, plainDirectories);
      Path file = target.path();
      try {
        BasicFileAttributes a = target.looked() && target.attributes() != null
            ? target.attributes() : Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
          return null;
        }
        String fileHash = Sha256.ofFile(file, a.size());
        if (fileHash.equals(r.fileHash())) {
          return new Outcome(ticket, inputHash, r.contentHash(), fileHash, r.compiledAt(), false, null, null,
              OutputManifest.key(a), true);
        }
        // Other bytes with the recorded content (a CRLF checkout): kept, as rendering would keep it.
        if (parseQuietly(file) instanceof ParsedFile p && r.contentHash().equals(p.declaredContentHash())
            && r.contentHash().equals(CompiledFile.contentHashOf(read(file)))) {
          return new Outcome(ticket, inputHash, r.contentHash(), fileHash, p.compiledAt(), false, null, null,
              OutputManifest.key(a), true);
        }
        return null;
      } catch (IOException e) {
        return null; // missing or unreadable: rendering says what is wrong
      }
    }

    /** Runs on a render thread: front matter, the checks against the file on disk, the write. */
    @Override
    public Outcome work(Page page, Ticket ticket) {
      String inputHash = page.inputHash();
      String path = page.path().value();
      CompiledFile.Rendering rendering;
      try {
        rendering = CompiledFile.rendering(page.fields(), page.view(), page.body(), compiledAt);
      } catch (IllegalArgumentException e) {
        throw new MlosException("View '" + page.view() + "', template " + view.templateDisplayName() + " (page " + path
            + "): " + e.getMessage(), "fix what the template assigns to meta");
      }
      String contentHash = rendering.contentHash();
      // One look at the target: the path check's lstat, unless a symlink is on the way (then the
      // checks below follow it, so look again following links). Most pages of a first compile do
      // not exist yet, and each system call on a 100k-entry directory counts.
      Path lexical = outAbsolute.resolve(page.path().value());
      WorkspacePath.Target target = createdDirectories.contains(lexical.getParent())
          // This compile created the directory: nothing in it can be older than this compile, and
          // paths are reserved case-insensitively, so the target cannot exist yet.
          ? new WorkspacePath.Target(lexical, null, true)
          : page.path().locateIn(out, plainDirectories);
      Path file = target.path();
      OutputRecord recorded = ticket.recorded();
      String warning = null;
      BasicFileAttributes attributes;
      if (target.looked()) {
        attributes = target.attributes();
      } else {
        try {
          attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
          attributes = null;
        } catch (IOException e) {
          throw new MlosException("Cannot read " + file + ": " + e.getMessage(), "check permissions", e);
        }
      }
      if (attributes != null && attributes.isDirectory()) {
        return Outcome.conflict(ticket, "'" + path + "' is a directory");
      }
      if (attributes != null) {
        String fileHash = hash(file, attributes.size());
        if (recorded != null && recorded.contentHash().equals(contentHash) && recorded.fileHash().equals(fileHash)) {
          return Outcome.kept(ticket, inputHash, contentHash, fileHash, recorded.compiledAt(), attributes);
        }
        ParseResult existing = parseQuietly(file);
        boolean ours = recorded != null
            || (existing instanceof ParsedFile p && config.name().equals(String.valueOf(p.frontMatter().get("workspace"))))
            // Written by a compile that stopped before recording it.
            || (interrupted != null && existing instanceof ParsedFile && interrupted.recordOf(path, file) != null);
        if (!ours) {
          dev.mlos.core.config.OtherWorkspace other = dev.mlos.core.config.OtherWorkspace.of(config.name(), existing);
          return Outcome.conflict(ticket, "'" + path + "' exists and is not a compiled artifact of workspace '" + config.name() + "'"
              + (other == null ? "" : " (" + other.note() + "; " + other.fix() + ")"));
        }
        if (existing instanceof ParsedFile p) {
          String onDisk = CompiledFile.contentHashOf(read(file));
          if (contentHash.equals(p.declaredContentHash()) && contentHash.equals(onDisk)) {
            // Same content (perhaps with other line endings, or from a committed checkout): keep it.
            return Outcome.kept(ticket, inputHash, contentHash, fileHash, p.compiledAt(), attributes);
          }
          if (!onDisk.equals(p.declaredContentHash())) {
            Path copy = keepReplaced(file, path);
            warning = "'" + path + "' had been edited by hand; the edit is replaced by the compiled content"
                + " (the edited file is kept as " + copy + ").";
          }
        }
      }
      byte[] bytes = rendering.bytes();
      Path dir = file.getParent();
      if (!knownDirectories.contains(dir)) {
        prepareDirectory(dir, file);
      }
      Path staging = staged.get(dir);
      Path written;
      if (staging != null) {
        // No reader sees the staging directory before it is complete: no temporary file and rename.
        written = staging.resolve(file.getFileName().toString());
        AtomicWriter.writeNew(written, bytes, fsync);
      } else {
        written = file;
        AtomicWriter.writeChecked(file, bytes, fsync, attributes != null);
      }
      return new Outcome(ticket, inputHash, contentHash, Sha256.of(bytes), compiledAt, true, null, warning, keyOf(written),
          false);
    }

    /** The stat key of a file just written (moving its directory into place keeps it), or null. */
    private static String keyOf(Path written) {
      try {
        return OutputManifest.key(Files.readAttributes(written, BasicFileAttributes.class));
      } catch (IOException e) {
        return null;
      }
    }

    /**
     * Makes sure the directory of a page exists, once per directory. A missing directory whose
     * parent exists is filled under a hidden name and moved into place by {@link #publishStaged}
     * when the compile ends, so readers see it complete or not at all, and its pages are written
     * without a temporary file each. Deeper missing paths are created as they are.
     */
    private void prepareDirectory(Path dir, Path file) {
      synchronized (staged) {
        if (knownDirectories.contains(dir)) {
          return;
        }
        // Anything there, a link to a directory included, may hold older files: only an absent
        // entry makes the directory this compile's own.
        boolean existed = Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
        Path parent = dir.getParent();
        if (!existed && parent != null && dir.startsWith(outAbsolute) && !dir.equals(outAbsolute)
            && Files.isDirectory(parent)) {
          AtomicWriter.removeLeftStagingDirectories(dir);
          staged.put(dir, AtomicWriter.createStagingDirectory(dir));
        } else {
          AtomicWriter.createDirectories(file);
        }
        if (!existed) {
          createdDirectories.add(dir);
        }
        knownDirectories.add(dir);
      }
    }

    /**
     * Moves the directories this compile filled under a hidden name into place; after every page
     * is written, and also when the compile fails, so every page recorded is where the record says.
     */
    void publishStaged() {
      RuntimeException first = null;
      for (Map.Entry<Path, Path> e : new TreeMap<>(staged).entrySet()) {
        staged.remove(e.getKey());
        try {
          AtomicWriter.publishDirectory(e.getValue(), e.getKey(), fsync);
        } catch (RuntimeException failure) {
          if (first == null) {
            first = failure;
          } else {
            first.addSuppressed(failure);
          }
        }
      }
      if (first != null) {
        throw first;
      }
    }

    /** Back on the compiling thread, in page order: records the page and counts it. */
    @Override
    public void done(Outcome o) {
      if (o.warning() != null) {
        reporter.warn(o.warning());
      }
      if (o.conflict() != null) {
        conflict(o.page().view(), o.page().sourceKey(), o.conflict());
        return;
      }
      ledger.record(new OutputRecord(o.page().path().value(), o.page().view(), o.page().sourceKey(), o.contentHash(),
          o.fileHash(), o.compiledAt(), o.inputHash()));
      if (manifest != null) {
        try {
          manifest.add(o.page().path().value(), o.page().view(), o.fileHash(), o.key());
        } catch (IOException e) {
          manifestFailed(e);
        }
      }
      if (o.written()) {
        written++;
      } else {
        unchanged++;
      }
      if (o.reused()) {
        reused++;
        reusedAny = true;
      }
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
      warnUnrecordedOutputs(reporter, OutputManifest.file(config), e);
      manifest.close();
      manifest = null;
    }

    /**
     * Keeps a copy of a hand-edited file before it is overwritten, under {@code
     * <state directory>/replaced/} (default {@code target/mlos/replaced/}), so no edit is lost.
     */
    private Path keepReplaced(Path file, String path) {
      // Through the one path check, so a symlink in the state directory cannot send the copy elsewhere.
      Path copy = WorkspacePath.of(path)
          .resolveIn(WorkspacePath.checkedIn(config.root(), config.stateDirectory().resolve("replaced")));
      try {
        AtomicWriter.write(copy, Files.readAllBytes(file), false);
      } catch (IOException e) {
        throw new MlosException("Cannot keep a copy of the hand-edited " + file + " before replacing it: " + e.getMessage(),
            "make " + config.stateDirectory() + " writable, or move the file away yourself", e);
      }
      return config.root().relativize(copy);
    }

    private void conflict(String viewName, String sourceKey, String what) {
      conflicts.add(what + " [view '" + viewName + "'" + ("[]".equals(sourceKey) ? "" : ", row " + sourceKey) + "]");
    }

    private void progress() {
      long now = System.nanoTime();
      if (now - lastProgress > PROGRESS_EVERY_NANOS) {
        lastProgress = now;
        reporter.info("view '" + view.name() + "': " + pages + " pages so far (" + written + " written)");
      }
    }

    void removeVanished(String path, String fileHash, List<String> deleted, List<String> kept) {
      Path file;
      try {
        file = dev.mlos.core.path.WorkspacePath.of(path).resolveIn(out);
      } catch (MlosException e) {
        kept.add(path);
        reporter.warn("Not deleting '" + path + "': " + e.getMessage());
        return;
      }
      if (!Files.isRegularFile(file)) {
        return;
      }
      boolean intact = fileHash.equals(hash(file, -1)) || intactCompiled(file);
      if (!intact) {
        kept.add(path);
        reporter.warn("'" + path + "' is no longer produced but was edited by hand, so it was kept: review it and delete it yourself.");
        return;
      }
      delete(file, path, deleted);
    }

    /**
     * After a fresh database: starts listing the files in the views' output directories that may
     * be compiled files ({@code *.md} starting with a {@code ---} line, outside hidden and build
     * directories), on its own thread while the pages render. Files this compile writes meanwhile
     * are claimed, so they are passed over in {@link #removeOrphans}; temporary files are hidden.
     */
    void startOrphanScan() {
      orphanScan = new java.util.concurrent.FutureTask<>(this::scanForOrphans);
      Thread t = new Thread(orphanScan, "mlos-orphan-scan");
      t.setDaemon(true);
      t.start();
    }

    void cancelOrphanScan() {
      if (orphanScan != null) {
        orphanScan.cancel(true);
      }
    }

    /**
     * Lists the possible compiled files where this workspace's views write: the directory of each
     * output pattern (with its subdirectories when placeholders make them vary). A stale compiled
     * file elsewhere (left by a view since removed or moved) is not deleted; the guard reports it.
     */
    private List<Path> scanForOrphans() throws IOException {
      java.util.SortedSet<Path> candidates = new java.util.TreeSet<>();
      java.util.Map<Path, Boolean> roots = new java.util.TreeMap<>();
      for (ViewDefinition v : config.views()) {
        dev.mlos.core.view.OutputPattern p = new dev.mlos.core.view.OutputPattern(v.name(), v.output());
        Path dir = outAbsolute.resolve(p.directory()).normalize();
        if (dir.startsWith(outAbsolute)) {
          roots.merge(dir, p.directoryVaries(), Boolean::logicalOr);
        }
      }
      for (Map.Entry<Path, Boolean> root : roots.entrySet()) {
        Path dir = root.getKey();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || createdDirectories.contains(dir)) {
          continue;
        }
        Files.walkFileTree(dir, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class),
            root.getValue() ? Integer.MAX_VALUE : 1, new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
            if (interrupted != null && !d.equals(dir) && StaleFiles.isTemporaryName(d.getFileName().toString())) {
              leftovers.add(d);
            }
            // A directory this compile created holds only its own pages: nothing stale in there.
            return !d.equals(dir) && (skippedName(d.getFileName().toString())
                    || createdDirectories.contains(d.toAbsolutePath().normalize()))
                ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                : java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String name = file.getFileName().toString();
            if (interrupted != null && StaleFiles.isTemporaryName(name)) {
              leftovers.add(file);
            }
            if (attrs.isRegularFile() && name.endsWith(".md") && !name.startsWith(".") && mayBeCompiled(file)) {
              candidates.add(file);
            }
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return java.nio.file.FileVisitResult.CONTINUE; // a temporary file renamed away meanwhile
            }
            throw e;
          }
        });
      }
      return new ArrayList<>(candidates);
    }

    /** After a fresh database: our compiled files on disk that no view produced. */
    void removeOrphans(List<String> deleted, List<String> kept) {
      List<Path> candidates;
      try {
        candidates = orphanScan.get();
      } catch (java.util.concurrent.ExecutionException e) {
        reporter.warn("Could not look for stale compiled files under " + out + ": " + e.getCause().getMessage());
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      // Every page is written and every staging directory moved into place by now, and no other
      // compile runs (the lock): temporary entries still there were left by a killed compile.
      int removed = StaleFiles.remove(leftovers);
      if (removed > 0) {
        reporter.info("Removed " + removed + " temporary file" + (removed == 1 ? "" : "s")
            + " an interrupted compile left in " + out + ".");
      }
      for (Path p : candidates) {
        String rel = outAbsolute.relativize(p).toString().replace('\\', '/');
        if (ledger.claimed(rel)) {
          continue;
        }
        if (interrupted != null && interrupted.recordOf(rel, p) != null) {
          delete(p, rel, deleted); // an interrupted compile wrote it, and no view produces it now
        } else if (parseQuietly(p) instanceof ParsedFile pf
            && config.name().equals(String.valueOf(pf.frontMatter().get("workspace")))) {
          if (intactCompiled(p)) {
            delete(p, rel, deleted);
          } else {
            kept.add(rel);
            reporter.warn("'" + rel + "' is no longer produced but was edited by hand, so it was kept: review it and delete it yourself.");
          }
        }
      }
    }

    /**
     * False when the file cannot be a compiled file because it does not start with a {@code ---}
     * line (after an optional byte order mark): decided from its first bytes, so the documents of a
     * large workspace are not read whole.
     */
    private static boolean mayBeCompiled(Path file) {
      byte[] head = new byte[6];
      int n;
      try (var in = Files.newInputStream(file)) {
        n = in.readNBytes(head, 0, head.length);
      } catch (IOException e) {
        return true; // let the full check report it
      }
      int i = n >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF ? 3 : 0;
      return n - i >= 3 && head[i] == '-' && head[i + 1] == '-' && head[i + 2] == '-';
    }

    private void delete(Path file, String path, List<String> deleted) {
      // Noted first: a compile killed after the delete must not leave a record of a missing file behind.
      journal.deleting(path);
      AtomicWriter.deleteAndPruneEmptyParents(file, out);
      deleted.add(path);
    }

    /** Directories never searched for stale compiled files: hidden ones and build output. */
    private static boolean skippedName(String name) {
      return WorkspaceWalker.skipsDirectory(name);
    }

    private static boolean intactCompiled(Path file) {
      return parseQuietly(file) instanceof ParsedFile p
          && p.declaredContentHash() != null
          && p.declaredContentHash().equals(CompiledFile.contentHashOf(read(file)));
    }

    private static ParseResult parseQuietly(Path file) {
      try {
        return CompiledFile.parse(file);
      } catch (MlosException e) {
        return new dev.mlos.core.frontmatter.NotCompiledFile(e.getMessage());
      }
    }

    private static String read(Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }

    private static String hash(Path file, long size) {
      try {
        return Sha256.ofFile(file, size);
      } catch (IOException e) {
        throw new MlosException("Cannot read " + file + ": " + e.getMessage(), "check permissions", e);
      }
    }
  }
}
