package dev.mlos.core.guard;

import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import dev.mlos.core.compile.ChangedViews;
import dev.mlos.core.compile.CompileJournal;
import dev.mlos.core.compile.CompileReads;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.compile.ViewRenderer;
import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.db.Transaction;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.schema.SchemaCheck;
import dev.mlos.core.write.WorkspaceLock;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The guard: compares the database's record of what a workspace compiled, the files on disk, the
 * current render of the views and the registered artifacts, and reports every {@link Violation}. It
 * changes nothing: the database is opened read-only and no file is written.
 *
 * <p>How each class is found:
 *
 * <ul>
 *   <li>every recorded output ({@code mlos_outputs} rows of this workspace) is hashed (streamed, in
 *       parallel); a file whose raw SHA-256 equals the recorded {@code file_hash} is intact without
 *       being parsed or rendered. Otherwise its {@link CompiledFile#contentHashOf content hash}
 *       decides: equal to the recorded {@code content_hash} (for example a CRLF checkout) is
 *       intact, different is {@link ViolationClass#HAND_EDITED}; a file that is gone is {@link
 *       ViolationClass#MISSING};
 *   <li>every {@code *.md} file under the output directory (skipping hidden directories, {@code
 *       target/} and {@code node_modules/}) that is not recorded but has a top-level {@code
 *       compiled_at:} line in its front matter is {@link ViolationClass#UNKNOWN};
 *   <li>every {@code artifacts} row with a {@code file_path} (relative to the workspace root) is
 *       checked for existence ({@link ViolationClass#ARTIFACT_MISSING}) and, when it has a {@code
 *       content_hash}, hashed ({@link ViolationClass#ARTIFACT_DRIFT});
 *   <li>with {@link GuardRequest#checkStale()}, every view is rendered through the compiler's own
 *       {@link ViewRenderer}: an intact file whose page now renders to another content hash, a page
 *       that no file holds yet, and a recorded file no page produces any more are {@link
 *       ViolationClass#STALE}. Unless nothing the pages depend on changed since the last compile of
 *       this workspace (the compiler's no-op check of its inputs: configuration, mlos's code,
 *       database, templates, files templates read): rendering is deterministic, so every page would
 *       render as recorded and no intact file can be stale. Then only the views with hand-edited
 *       files are rendered (for their diffs), as without the stale check, and the report is the
 *       same. Otherwise, when every template and file the last compile read is unchanged ({@code
 *       mlos_compile_reads}), a page whose inputs hash as its record's {@code input_hash} renders
 *       as recorded and is not rendered (a fresh clone checks quickly). {@link
 *       GuardRequest#renderAlways()} renders every page anyway;
 *   <li>every graph record file an import read ({@code graph_import_files}, agentos-graph) is
 *       hashed: changed, gone, or new under a directory an import read is {@link
 *       ViolationClass#RECORD_DRIFT} ({@link RecordFileCheck}).
 * </ul>
 *
 * <p>The phases, each a class of this package, in the order a check runs them: {@link GuardRecords}
 * reads the compile record and the artifacts; {@link RecordedOutputs} hashes the recorded outputs;
 * {@link UnknownFiles} walks the output directory for unrecorded compiled files; {@link
 * ArtifactChecks} checks the registered artifacts; {@link StaleCheck} renders views and {@link
 * PageComparison} compares each page with its file (the diffs); {@link ReportAssembly} builds the
 * report. {@link GuardRun} holds what they found.
 *
 * <p>A broken setup (no database, an unreadable file, a template error) throws {@link
 * MlosException}; it is never reported as a violation.
 */
public final class Guard {
  private final ClassLoader classLoader;

  /** A guard loading templates through {@code classLoader} (the one the compiler uses). */
  public Guard(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /** A guard loading templates through this library's class loader. */
  public Guard() {
    this(Guard.class.getClassLoader());
  }

  /**
   * Checks the workspace without changing anything.
   *
   * @throws MlosException for a broken setup: a missing or unreadable database, an unreadable file,
   *     a template or query error
   */
  public GuardReport check(GuardRequest request) {
    return check(request, Reporter.SILENT);
  }

  /**
   * As {@link #check(GuardRequest)}, sending rendering warnings (for example a query without ORDER
   * BY) to {@code reporter}.
   */
  public GuardReport check(GuardRequest request, Reporter reporter) {
    // A compile or clean running now is waited for: its files and its record are only consistent
    // once it is done.
    try (WorkspaceLock lock =
        WorkspaceLock.shared(request.config(), WorkspaceLock.DEFAULT_WAIT, reporter)) {
      GuardReport report;
      try {
        report = checkLocked(request, reporter);
      } catch (RuntimeException e) {
        if (!lock.appeared()) {
          throw e;
        }
        report = null; // perhaps a file the compile renamed away while it was read
      }
      if (!lock.appeared()) {
        return report;
      }
    }
    // No compile had ever locked this workspace, and one started while this check ran: what it saw
    // may be half that compile's. Once more, after it.
    try (WorkspaceLock lock =
        WorkspaceLock.shared(request.config(), WorkspaceLock.DEFAULT_WAIT, reporter)) {
      return checkLocked(request, reporter);
    }
  }

  private static Set<String> allViews(WorkspaceConfig config) {
    Set<String> all = new TreeSet<>();
    for (ViewDefinition v : config.views()) {
      all.add(v.name());
    }
    return all;
  }

  private GuardReport checkLocked(GuardRequest request, Reporter reporter) {
    WorkspaceConfig config = request.config();
    Database db = Database.at(config.database());
    try (Connection c = db.openReadOnly()) {
      // Most of what the guard reads it reads once; rendering many pages widens the cache again.
      Database.narrowCache(c);
      SchemaCheck.requireReady(c, "guard", true);
      GuardRun run = new GuardRun(config, request, reporter, classLoader);
      // One read transaction: the reads and the records must come from the same compile.
      CompileReads reads =
          Transaction.run(
              c,
              () -> {
                // Read when rendering always too: a stale page's message names the templates
                // that changed, the same with either.
                CompileReads r =
                    request.checkStale() ? CompileReads.read(c, db.file(), config.name()) : null;
                run.records =
                    GuardRecords.outputs(
                        c, db.file(), config.name(), r != null && !request.renderAlways());
                return r;
              });
      RecordedOutputs outputs = new RecordedOutputs(run);
      run.interrupted = CompileJournal.read(config).orElse(null);
      if (run.interrupted != null) {
        outputs.adoptInterrupted();
      }
      run.artifacts = GuardRecords.artifacts(c, db.file());
      // Asked after the reads: a database changed before or while they ran no longer matches.
      boolean renderAll =
          request.checkStale()
              && (request.renderAlways()
                  || !new Compiler(classLoader).inputsUnchangedSinceLastCompile(config));
      run.trustInputHashes =
          renderAll
              && reads != null
              && !request.renderAlways()
              && reads.unchanged(config, classLoader);
      if (renderAll && reads != null && !run.trustInputHashes) {
        run.changedTemplates = reads.changedTemplates(config, classLoader);
      }
      run.staleViews = renderAll ? allViews(config) : Set.of();
      if (renderAll && !request.renderAlways() && run.trustInputHashes && run.interrupted == null) {
        // No local record vouches for the database (after mvn clean, on a runner with a cached
        // database): its change log can still say which views no change since the compile feeds.
        Map<String, Set<String>> changed =
            ChangedViews.sinceLastCompile(c, config, classLoader, reporter);
        if (changed != null) {
          run.staleViews = new TreeSet<>(changed.keySet());
          Map<String, Set<String>> keys = new TreeMap<>();
          changed.forEach(
              (view, k) -> {
                if (k != null) {
                  keys.put(view, k);
                }
              });
          run.staleKeys = keys;
        }
      }
      // Every view in full: render while the files are hashed. Else the hashes come first: the
      // views not rendered, and the pages of a view rendered in part, are taken as recorded by
      // their checks.
      run.renderAll = run.staleViews.size() == config.views().size() && run.staleKeys.isEmpty();
      UnknownFiles unknownFiles = new UnknownFiles(run);
      ArtifactChecks artifacts = new ArtifactChecks(run, unknownFiles);
      StaleCheck stale = new StaleCheck(run);
      ExecutorService pool =
          Executors.newFixedThreadPool(
              request.effectiveThreads(),
              r -> {
                Thread t = new Thread(r, "mlos-guard-hash");
                t.setDaemon(true);
                return t;
              });
      ExecutorService scan = null;
      try {
        outputs.submit(pool);
        if (run.renderAll) {
          // Every view is rendered anyway: render while the files are hashed. The search for
          // unknown files runs on its own thread; a page waits only for its own file's check.
          scan =
              Executors.newSingleThreadExecutor(
                  r -> {
                    Thread t = new Thread(r, "mlos-guard-scan");
                    t.setDaemon(true);
                    return t;
                  });
          Future<List<Future<ArtifactChecks.Result>>> unknownAndArtifacts =
              scan.submit(() -> unknownFiles.search(pool, artifacts));
          stale.render(c);
          List<Future<ArtifactChecks.Result>> artifactChecks = GuardRun.await(unknownAndArtifacts);
          outputs.collect();
          stale.afterRendering();
          artifacts.collect(artifactChecks);
        } else {
          // Only views with hand-edited files are rendered (for the diffs): hash first.
          List<Future<ArtifactChecks.Result>> artifactChecks = unknownFiles.search(pool, artifacts);
          outputs.collect();
          // Registered artifacts go on hashing while the views render: nothing rendered depends on
          // them.
          stale.render(c);
          stale.afterRendering();
          artifacts.collect(artifactChecks);
        }
      } finally {
        pool.shutdownNow();
        if (scan != null) {
          scan.shutdownNow();
        }
      }
      // Text form hook (issue 19): <database>.sql is checked like a compiled file.
      GuardReport report = TextFormCheck.addTo(ReportAssembly.of(run), c, config);
      // Record files against what imports read (agentos-graph), in fast and full guards alike.
      return RecordFileCheck.addTo(report, c, config, reporter);
    } catch (SQLException e) {
      throw new DatabaseException(db.file(), e.getMessage(), null, e);
    }
  }
}
