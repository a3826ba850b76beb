package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.Reporter;
import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.write.WorkspaceLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * workspace: recorded in {@code mlos_outputs} for it, or carrying front matter with this
 * workspace's name (a fresh database compiling a checked-out workspace). Anything else stops that
 * file with a conflict, reported after every other file is written. So does a registered artifact's
 * file, also in another case or Unicode form ({@link PagesOnArtifacts}).
 */
public final class Compiler {
  private final ClassLoader classLoader;

  /** Change log rows that must be prunable before a compile prunes ({@link ChangeLogPruning}). */
  private final int pruneRows;

  public Compiler(ClassLoader classLoader) {
    this(classLoader, ChangeLogPruning.MIN_ROWS);
  }

  private Compiler(ClassLoader classLoader, int pruneRows) {
    this.classLoader = classLoader;
    this.pruneRows = pruneRows;
  }

  /** This compiler pruning the change log once {@code rows} rows can go (tests use a few). */
  Compiler pruningChangeLogFrom(int rows) {
    return new Compiler(classLoader, rows);
  }

  public Compiler() {
    this(Compiler.class.getClassLoader());
  }

  /**
   * Compiles the workspace, holding its {@link WorkspaceLock} alone (waiting for another compile,
   * clean or guard of it first). A compile that finds the {@link CompileJournal} of one that
   * stopped before recording its work recovers it: that compile's pages are taken as its own, those
   * no view produces any more are deleted, and the temporary files it left are removed.
   *
   * @throws MlosException for a broken setup (database, template, query); nothing is written then.
   *     A database mlos did not initialise, or one that cannot take the record (read-only, locked),
   *     is refused before any file is written
   * @throws WorkspaceLock.WorkspaceBusyException when another process holds the workspace for too
   *     long
   * @throws OutputConflictException when files could not be written because they are not ours
   */
  public CompileResult compile(CompileRequest request, Reporter reporter) {
    long start = System.nanoTime();
    // Before anything is written, the lock file included: no symlink may lead a write outside the
    // workspace.
    WritePlaces.checkBeforeCompile(request.config());
    // One compile (or clean) per workspace at a time; guards wait for it too.
    try (WorkspaceLock lock =
        WorkspaceLock.exclusive(
            request.config(), "compile", WorkspaceLock.DEFAULT_WAIT, reporter)) {
      // --- text form hook (issue 19): keeps <database>.sql in step when the workspace has one;
      // refuses before any page is written when git (or a person) changed it and the database does
      // not hold it yet. Checked and written under the lock: compiles of several processes (agents'
      // servers recompiling after their writes, and `mlos compile`) each write the text form and
      // then its base, and interleaved they left the base another compile's text, so every
      // compile after took the text form as changed by git and refused.
      dev.mlos.core.dbtext.DatabaseText.PendingSync textForm =
          dev.mlos.core.dbtext.DatabaseText.checkBeforeCompile(
              request.config().database(), request.config().stateDirectory());
      CompileResult result;
      try {
        result = compileLocked(request, reporter, start);
      } catch (PagesTooLargeException e) {
        // Every other page is written and recorded: the text form follows, as after any compile,
        // or every change since stays out of it while the row is too large.
        throw e.withTextFormWritten(textForm(textForm, request, reporter));
      } catch (OutputConflictException e) {
        // As above: the pages around the conflicts are written and recorded, so the text form
        // follows, or every other change stays out of it until the conflict is resolved.
        if (e.written() == null) {
          throw e;
        }
        throw e.withTextFormWritten(textForm(textForm, request, reporter));
      }
      Path written = textForm(textForm, request, reporter);
      if (written != null) {
        result = result.withTextFormWritten(written);
      }
      // --- end of text form hook
      return result;
    }
  }

  /** Writes the database's text form when the workspace has one; the file, or null. */
  private static Path textForm(
      dev.mlos.core.dbtext.DatabaseText.PendingSync textForm,
      CompileRequest request,
      Reporter reporter) {
    if (!textForm.write(reporter)) {
      return null;
    }
    Path written = dev.mlos.core.dbtext.DatabaseText.fileOf(request.config().database());
    reporter.info("Wrote the database's text form " + written);
    return written;
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
      reporter.info(
          interrupted.get().runs().isEmpty()
              ? "The last clean stopped before it recorded what it deleted: this compile records it."
              : "The last compile stopped before it recorded what it wrote ("
                  + String.join("; ", interrupted.get().runs())
                  + "): this compile takes its files as compiled, records them and removes what it left behind.");
    }
    // The no-op check reads the last compile's manifest: when it fails, its entries serve this
    // compile as the previous outputs, so the manifest is read once (issue 20).
    NoOpCheck.Outcome check = NoOpCheck.Outcome.NONE;
    Database db = Database.at(config.database());
    // Once the check knows a compile follows, the database is opened and the views checked while
    // it still reads the manifest (issue 20).
    CompileSetup.Pending setup =
        new CompileSetup.Pending(
            db, config, classLoader, request.effectiveThreads(), request.full());
    if (!request.full() && interrupted.isEmpty()) {
      try {
        check =
            NoOpCheck.unchangedSinceLastCompile(
                classLoader, config, stateFile, start, request.effectiveThreads(), setup::start);
      } catch (RuntimeException | Error e) {
        setup.abandon();
        throw e;
      }
      Optional<CompileResult> skipped = check.skipped();
      if (skipped.isPresent()) {
        setup.abandon();
        reporter.info(
            Remedy.format(
                "Nothing changed since the last compile (configuration, templates, database, files"
                    + " read and outputs are as recorded), so nothing was rendered. {0} renders every"
                    + " page anyway.",
                List.of(Remedy.compileFull()), reporter.wording()));
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
    CompileJournal journal = null;
    try (CompileSetup opened = setup.take();
        OutputManifest.Writer manifest = manifestWriter(manifestFile, reporter)) {
      Connection c = opened.connection;
      long dataVersion = opened.dataVersion;
      ChangePlan.Horizon horizon = opened.horizon;
      ViewRenderer renderer = opened.renderer;
      try (OutputLedger ledger = new OutputLedger(c, db.file(), config.name())) {
        // Before any page is written: a database that cannot take the record stops the compile
        // here.
        ledger.requireWritable();
        boolean firstCompile = ledger.isEmpty();
        // The last compile's outputs as its manifest lists them, read before the manifest is
        // forgotten.
        PreviousOutputs previous = firstCompile ? PreviousOutputs.NONE : check.previous();
        ledger.startCompile(previous.size());
        long listedAt = check.listedAt();
        // Nothing was changed before this point, so a refused compile leaves the state as it was.
        CompileState.forget(config);
        journal = CompileJournal.begin(config, compiledAt, request.fsync());
        PageWriter run =
            new PageWriter(config, ledger, manifest, compiledAt, request.fsync(), reporter);
        run.nothingRecorded = firstCompile;
        run.artifacts =
            new PagesOnArtifacts(
                c, db.file(), config.root(), config.outputDirectory(), firstCompile);
        run.journal = journal;
        run.interrupted = interrupted.orElse(null);
        // What the last compile read besides the database, as it recorded it with its pages: while
        // unchanged, a page whose rows hash as recorded renders as recorded (on any machine).
        CompileReads reads = firstCompile ? null : opened.reads;
        run.reusable = reads != null && opened.readsUnchanged;
        Map<String, String> seeds = opened.seeds;
        ChangePlan.Recorded last = firstCompile ? null : ChangePlan.recorded(c, config.name());
        // How many changes this compile takes in: pruning keeps pace with them (issue 20).
        long changesRead =
            last == null || horizon.changesThrough() == null
                ? 0
                : Math.max(0, horizon.changesThrough() - last.changesThrough());
        if (run.reusable && run.interrupted == null) {
          ChangePlan plan =
              ChangePlan.decide(
                  c, db.file(), config, horizon, last, seeds, reporter, ChangePlan.Asker.COMPILE);
          if (plan != null) {
            // The manifest lists the record's rows as they are when its stamp is the one the record
            // notes and the record still sums as it does (an edit by hand): the kept pages are then
            // taken from it, not read from the record (issue 20).
            boolean trusted =
                previous.stamp() != null
                    && previous.stamp().equals(last.viewSeeds().get(OutputManifest.STAMP_KEY))
                    && previous.totals().equals(RecordTotals.of(c, config.name()));
            if (!trusted && previous.stamp() != null) {
              reporter.info(
                  "The list of outputs "
                      + manifestFile
                      + " is not the compile record as it stands (another compile wrote the record"
                      + " since, or it was edited): the pages kept are looked up in the record.");
            }
            run.kept =
                new KeptPages(
                    plan,
                    ledger,
                    config.outputDirectory(),
                    previous,
                    trusted,
                    listedAt,
                    request.effectiveThreads(),
                    run::mayBeReservedPlace);
          }
        }
        StaleOutputSweep sweep = new StaleOutputSweep(run);
        if (firstCompile || run.interrupted != null) {
          sweep.startOrphanScan();
        }
        List<CompileResult.ViewStats> stats = new ArrayList<>();
        try {
          for (ViewDefinition view : config.views()) {
            if (!run.beginView(view, renderer)) {
              // The pages kept without rendering count towards the view's page cap.
              renderer.render(view, run, reporter, run.onlyListed, run.pages);
            }
            stats.add(run.endView());
          }
          run.warnings.end();
          run.publishStaged();
        } catch (RuntimeException e) {
          run.warnings.end();
          sweep.cancelOrphanScan();
          // Pages written before the failure stay on disk: record them so guard and clean know
          // them.
          try {
            run.publishStaged();
          } catch (RuntimeException notMoved) {
            e.addSuppressed(notMoved);
          }
          try {
            if (run.interrupted != null || !ledger.recordedNothing()) {
              ledger.commitPartial();
            }
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
        // A page too large keeps its last file and record: the pages of rows that are gone are
        // deleted all the same, so one row does not hold back every other page.
        java.util.Set<String> notWritten = new java.util.HashSet<>();
        run.tooLarge.forEach(p -> notWritten.add(p.path()));
        if (run.conflicts.isEmpty()) {
          try {
            ledger.forEachVanished(
                r -> {
                  if (!notWritten.contains(r.path())) {
                    sweep.removeVanished(r.path(), r.fileHash(), deleted, kept);
                  }
                });
            if (firstCompile || run.interrupted != null) {
              // Here too a page too large keeps its file; the stale pages go now, as no later
              // compile, with this one's pages recorded, is a first one that looks for them.
              sweep.removeOrphans(deleted, kept, notWritten);
            }
          } finally {
            sweep.endKept();
          }
        } else {
          sweep.cancelOrphanScan();
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
        if (!run.conflicts.isEmpty()) {
          // The files no page produces any more were not deleted (a conflict stops the sweep):
          // their rows stay, as after a compile that stopped half way, and what this compile read
          // is forgotten, so the next one goes through every page and deletes them. A page too
          // large keeps its row too, so the next compile renders it again (and writes it once it
          // fits); the rows of the files deleted go.
          ledger.commitPartial();
          forget(c, db.file(), config.name(), deleted);
          journal.finished(config);
          CompileResult partial =
              new CompileResult(stats, deleted, kept, Duration.ofNanos(System.nanoTime() - start));
          // Capped as the other per-file warnings: 10,000 pages over the cap gave 10,000 lines.
          CappedWarnings tooLarge = new CappedWarnings(reporter);
          for (PagesTooLargeException.Page p : run.tooLarge) {
            tooLarge.say("Not written, over max_page_bytes: " + p.line());
          }
          tooLarge.end(
              Remedy.format(
                  "pages over max_page_bytes were not written ({0} lists each, with its size)",
                  List.of(Remedy.guard()), reporter.wording()));
          throw new OutputConflictException(run.conflicts, partial, run.artifactsInTheWay);
        }
        // Pages too large alone: the record is committed as after a successful compile, with what
        // this compile read, so the next one renders only what changed since and, again, the pages
        // too large (TooLargePages); the manifest and the no-op check's state are not written, so
        // no compile skips them as unchanged.
        boolean complete = run.tooLarge.isEmpty();
        ledger.commit(
            templatesRead,
            filesRead,
            horizon.changesThrough(),
            horizon.schemaVersion(),
            ChangePlan.seedsJson(
                TooLargePages.noteIn(seeds, run.tooLarge), complete ? run.manifestStamp() : null));
        // Recorded: what this compile (and any interrupted one before it) did is in the database.
        journal.finished(config);
        pruneChangeLog(c, pruneRows, changesRead, reporter);
        if (!complete) {
          throw new PagesTooLargeException(
              run.tooLarge,
              new CompileResult(stats, deleted, kept, Duration.ofNanos(System.nanoTime() - start)));
        }
        // Taken before the check below, so a commit in between cannot slip into the record.
        databaseState = CompileState.databaseWhileOpen(db.file());
        disturbed = dataVersion(c) != dataVersion;
        outputs = disturbed ? null : run.publishManifest();
        result =
            new CompileResult(stats, deleted, kept, Duration.ofNanos(System.nanoTime() - start));
      }
    } catch (SQLException e) {
      throw new dev.mlos.core.db.DatabaseException(db.file(), e.getMessage(), null, e);
    } finally {
      if (journal != null) {
        journal.close();
      }
    }
    if (disturbed) {
      reporter.info(
          "The database changed while this compile read it, so the next compile renders every page again.");
      return result;
    }
    if (outputs == null) {
      return result;
    }
    try {
      // In WAL mode fingerprinted after the connection is closed: closing may still write (a
      // checkpoint).
      new CompileState(
              CompileState.inputs(config),
              databaseState != null ? databaseState : CompileState.database(db.file()),
              templatesRead,
              filesRead,
              outputs)
          .write(stateFile);
    } catch (IOException | MlosException e) {
      reporter.warn(
          "Could not record the compile's inputs in "
              + stateFile
              + " ("
              + e.getMessage()
              + "); the next compile renders every page again.");
    }
    return result;
  }

  /** Drops the record of {@code paths}, files this compile deleted. */
  private static void forget(Connection c, Path db, String workspace, List<String> paths) {
    if (paths.isEmpty()) {
      return;
    }
    try (java.sql.PreparedStatement s =
        c.prepareStatement(
            "DELETE FROM mlos_outputs WHERE workspace = ? AND path IN (SELECT value FROM"
                + " json_each(?))")) {
      s.setString(1, workspace);
      s.setString(2, dev.mlos.core.view.Json.write(paths));
      s.executeUpdate();
    } catch (SQLException e) {
      throw new dev.mlos.core.db.DatabaseException(
          db, "cannot save the compile record: " + e.getMessage(), null, e);
    }
  }

  /**
   * Deletes the change log rows every compile record has read ({@link ChangeLogPruning}), now that
   * this compile's horizon is recorded. A failure is only warned about: the pages and their record
   * are committed, and the rows are pruned by a later compile.
   */
  private static void pruneChangeLog(
      Connection c, int minRows, long changesRead, Reporter reporter) {
    try {
      long deleted = ChangeLogPruning.prune(c, minRows, ChangeLogPruning.maxRows(changesRead));
      if (deleted > 0) {
        reporter.info(
            "Pruned "
                + deleted
                + " change log row(s) (mlos_changes) that every compile record has read.");
      }
    } catch (SQLException e) {
      reporter.warn(
          "Could not prune the change log (mlos_changes): "
              + e.getMessage()
              + "; a later compile tries again.");
    }
  }

  /**
   * True when nothing a compile's pages depend on changed since the last successful compile of this
   * workspace: configuration, mlos's own code, the database, every template and every file
   * templates read are as that compile recorded them. The outputs are not looked at. Pages render
   * deterministically, so each page would render as that compile recorded it.
   */
  public boolean inputsUnchangedSinceLastCompile(WorkspaceConfig config) {
    Optional<CompileState> state = CompileState.read(CompileState.file(config));
    try {
      return state.isPresent()
          && Files.isRegularFile(config.database())
          && state.get().unchanged(config, classLoader);
    } catch (IOException | MlosException e) {
      return false;
    }
  }

  /**
   * Starts the manifest of this compile's outputs; null (with a warning) when it cannot be written.
   */
  private static OutputManifest.Writer manifestWriter(Path file, Reporter reporter) {
    try {
      return new OutputManifest.Writer(file);
    } catch (MlosException e) {
      OutputManifest.warnUnrecorded(reporter, file, e);
      return null;
    }
  }

  /**
   * Changes when another connection commits to the database (never for this connection's own
   * commits).
   */
  static long dataVersion(Connection c) throws SQLException {
    try (java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("PRAGMA data_version")) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }
}
