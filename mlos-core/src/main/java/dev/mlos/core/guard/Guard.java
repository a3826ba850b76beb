package dev.mlos.core.guard;

import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileJournal;
import dev.mlos.core.compile.CompileReads;
import dev.mlos.core.compile.Compiler;
import dev.mlos.core.compile.OutputRecord;
import dev.mlos.core.compile.Page;
import dev.mlos.core.compile.PageHandler;
import dev.mlos.core.compile.ViewRenderer;
import dev.mlos.core.compile.WorkspaceLock;
import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.diff.UnifiedDiff;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.frontmatter.ParsedFile;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.schema.SchemaCheck;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code mlos:guard}: compares the database's record of what a workspace compiled, the files on
 * disk, the current render of the views and the registered artifacts, and reports every {@link
 * Violation}. It changes nothing: the database is opened read-only and no file is written.
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
 *       ViolationClass#STALE}. Unless nothing the pages depend on changed since the last compile
 *       of this workspace (the compiler's no-op check of its inputs: configuration, mlos's code,
 *       database, templates, files templates read): rendering is deterministic, so every page
 *       would render as recorded and no intact file can be stale. Then only the views with
 *       hand-edited files are rendered (for their diffs), as without the stale check, and the
 *       report is the same. Otherwise, when every template and file the last compile read is
 *       unchanged ({@code mlos_compile_reads}), a page whose inputs hash as its record's {@code
 *       input_hash} renders as recorded and is not rendered (a fresh clone checks quickly).
 *       {@link GuardRequest#renderAlways()} renders every page anyway.
 * </ul>
 *
 * <p>A broken setup (no database, an unreadable file, a template error) throws {@link
 * MlosException}; it is never reported as a violation.
 */
public final class Guard {
  /** Lines of unified diff kept per violation. */
  static final int MAX_DIFF_LINES = 40;
  /** Unchanged lines shown around each change in a diff. */
  static final int DIFF_CONTEXT = 2;

  private static final String COMPILE = "`mvn mlos:compile`";

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
    // A compile or clean running now is waited for: its files and its record are only consistent once it is done.
    try (WorkspaceLock lock = WorkspaceLock.shared(request.config(), WorkspaceLock.DEFAULT_WAIT, reporter)) {
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
    try (WorkspaceLock lock = WorkspaceLock.shared(request.config(), WorkspaceLock.DEFAULT_WAIT, reporter)) {
      return checkLocked(request, reporter);
    }
  }

  private GuardReport checkLocked(GuardRequest request, Reporter reporter) {
    WorkspaceConfig config = request.config();
    Database db = Database.at(config.database());
    try (Connection c = db.openReadOnly()) {
      SchemaCheck.requireReady(c, "guard", true);
      Run run = new Run(config, request, reporter, classLoader);
      // One read transaction: the reads and the records must come from the same compile.
      CompileReads reads = dev.mlos.core.db.Transaction.run(c, () -> {
        CompileReads r = request.checkStale() && !request.renderAlways() ? CompileReads.read(c, db.file(), config.name()) : null;
        run.records = readRecords(c, db.file(), config.name(), r != null);
        return r;
      });
      run.interrupted = CompileJournal.read(config).orElse(null);
      if (run.interrupted != null) {
        run.adoptInterrupted();
      }
      run.artifacts = readArtifacts(c, db.file());
      // Asked after the reads: a database changed before or while they ran no longer matches.
      run.renderAll = request.checkStale()
          && (request.renderAlways() || !new Compiler(classLoader).inputsUnchangedSinceLastCompile(config));
      run.trustInputHashes = run.renderAll && reads != null && reads.unchanged(config, classLoader);
      ExecutorService pool = Executors.newFixedThreadPool(request.effectiveThreads(), r -> {
        Thread t = new Thread(r, "mlos-guard-hash");
        t.setDaemon(true);
        return t;
      });
      ExecutorService scan = null;
      try {
        run.submitRecords(pool);
        if (run.renderAll) {
          // Every view is rendered anyway: render while the files are hashed. The search for
          // unknown files runs on its own thread; a page waits only for its own file's check.
          scan = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mlos-guard-scan");
            t.setDaemon(true);
            return t;
          });
          Future<List<Future<ArtifactCheck>>> unknownAndArtifacts = scan.submit(() -> run.hashEverything(pool));
          run.render(c);
          List<Future<ArtifactCheck>> artifactChecks = await(unknownAndArtifacts);
          run.collectRecords();
          run.afterRendering();
          run.collectArtifacts(artifactChecks);
        } else {
          // Only views with hand-edited files are rendered (for the diffs): hash first.
          List<Future<ArtifactCheck>> artifactChecks = run.hashEverything(pool);
          run.collectRecords();
          // Registered artifacts go on hashing while the views render: nothing rendered depends on them.
          run.render(c);
          run.afterRendering();
          run.collectArtifacts(artifactChecks);
        }
      } finally {
        pool.shutdownNow();
        if (scan != null) {
          scan.shutdownNow();
        }
      }
      // Text form hook (issue 19): <database>.sql is checked like a compiled file.
      return dev.mlos.core.dbtext.TextFormCheck.addTo(run.report(), c, config);
    } catch (SQLException e) {
      throw new DatabaseException(db.file(), e.getMessage(), null, e);
    }
  }

  /**
   * The compile record of this workspace; empty when the database was never compiled. It is held
   * for the whole check (100k records at N = 100k), so it is kept small: the source keys, which the
   * guard does not use, are not read (null), nor are the input hashes unless {@code inputHashes}
   * (the stale check may trust them), and the few distinct view names and compile times are shared
   * instead of one copy per record.
   */
  private static List<OutputRecord> readRecords(Connection c, Path db, String workspace, boolean inputHashes) {
    List<OutputRecord> records = new ArrayList<>();
    if (!tableExists(c, db, "mlos_outputs")) {
      return records;
    }
    Map<String, String> shared = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement("SELECT path, view, content_hash, file_hash, compiled_at, "
        + (inputHashes ? "input_hash" : "NULL") + " FROM mlos_outputs WHERE workspace = ? ORDER BY path")) {
      s.setString(1, workspace);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String view = rs.getString(2);
          String compiledAt = rs.getString(5);
          records.add(new OutputRecord(rs.getString(1), view == null ? null : shared.computeIfAbsent(view, v -> v), null,
              rs.getString(3), rs.getString(4), compiledAt == null ? null : shared.computeIfAbsent(compiledAt, t -> t),
              rs.getString(6)));
        }
      }
    } catch (SQLException e) {
      throw new DatabaseException(db, "cannot read the compile record (table mlos_outputs): " + e.getMessage(), null, e);
    }
    return records;
  }

  /** A registered artifact with a file. */
  private record ArtifactRow(long id, String filePath, String contentHash) {}

  private static List<ArtifactRow> readArtifacts(Connection c, Path db) {
    List<ArtifactRow> rows = new ArrayList<>();
    if (!tableExists(c, db, "artifacts")) {
      return rows;
    }
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id, file_path, content_hash FROM artifacts WHERE file_path IS NOT NULL ORDER BY file_path, id");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        rows.add(new ArtifactRow(rs.getLong(1), rs.getString(2), rs.getString(3)));
      }
    } catch (SQLException e) {
      throw new DatabaseException(db, "cannot read table artifacts: " + e.getMessage(), null, e);
    }
    return rows;
  }

  private static boolean tableExists(Connection c, Path db, String table) {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?")) {
      s.setString(1, table);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new DatabaseException(db, "cannot read the schema: " + e.getMessage(), null, e);
    }
  }

  /** What hashing found for a recorded output. */
  private enum State { INTACT, EDITED, MISSING }

  private record RecordCheck(OutputRecord record, State state, String problem) {}

  /** What checking an artifact found, and the unknown-file violation when the same file is one. */
  private record ArtifactCheck(CheckedFile file, Violation unknown) {}

  /** The state of one check. */
  private static final class Run {
    final WorkspaceConfig config;
    final GuardRequest request;
    final Reporter reporter;
    final ClassLoader classLoader;
    final Path root;
    final Path out;
    /** The output directory relative to the root, with a trailing '/', or "" when they are the same. */
    final String outPrefix;
    List<OutputRecord> records;
    List<ArtifactRow> artifacts;
    /** Compiles that stopped before recording what they wrote (see {@link CompileJournal}), or null. */
    CompileJournal.Interrupted interrupted;
    /** Every view is rendered for the stale check (it was asked for, and the inputs changed or were not known). */
    boolean renderAll;
    /**
     * Everything the last compile read besides the database is unchanged: a page whose inputs
     * hash as recorded renders as recorded, so the stale check need not render it.
     */
    boolean trustInputHashes;
    /** Pages the stale check found as recorded without rendering them. */
    int notRendered;
    final Map<String, RecordCheck> checks = new LinkedHashMap<>();
    /** The checks of the recorded outputs while they run, by path (sorted, as the records are). */
    final Map<String, Future<RecordCheck>> recordFutures = new LinkedHashMap<>();
    /** Pages the database produces that have no record, with their view: STALE unless they are UNKNOWN files. */
    final Map<String, String> notCompiledYet = new LinkedHashMap<>();
    final Set<String> produced = new HashSet<>();
    final Set<String> rendered = new HashSet<>();
    final Map<String, List<Violation>> compiledViolations = new TreeMap<>();
    final Map<String, Violation> unknown = new TreeMap<>();
    final List<CheckedFile> artifactFiles = new ArrayList<>();
    /** Directories found to be plain directories (not links) while checking paths, shared by the hashing threads. */
    final Set<String> plainDirectories = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final List<Violation> violations = new ArrayList<>();

    Run(WorkspaceConfig config, GuardRequest request, Reporter reporter, ClassLoader classLoader) {
      this.config = config;
      this.classLoader = classLoader;
      this.request = request;
      this.reporter = reporter;
      this.root = config.root().toAbsolutePath().normalize();
      this.out = dev.mlos.core.compile.WritePlaces.outputDirectory(config);
      String rel = root.relativize(out).toString().replace('\\', '/');
      this.outPrefix = rel.isEmpty() ? "" : rel + "/";
    }

    /**
     * Phase 1 (after {@link #submitRecords}): finds the unknown candidates and hashes them and the
     * artifacts on the pool. A candidate that is also a registered artifact is read once: the
     * artifact's hashing answers the unknown check too. Returns once the unknown candidates are
     * checked; the artifact checks, in artifact order, may still be running: see {@link
     * #collectArtifacts}.
     */
    List<Future<ArtifactCheck>> hashEverything(ExecutorService pool) {
      Set<String> recorded = new HashSet<>();
      for (OutputRecord r : records) {
        recorded.add(r.path());
      }
      // Unknown candidates by workspace path (what artifacts.file_path holds), in sorted order.
      Map<String, String> candidates = new LinkedHashMap<>();
      for (String rel : unrecordedMarkdown(recorded)) {
        candidates.put(outPrefix + rel, rel);
      }
      List<Future<ArtifactCheck>> artifactFutures = new ArrayList<>();
      List<Future<ArtifactCheck>> alsoCandidates = new ArrayList<>();
      for (ArtifactRow a : artifacts) {
        // A valid workspace path equal to the candidate's names the same file; any other spelling
        // just misses here, and the candidate is checked on its own.
        String candidate = candidates.remove(a.filePath());
        Future<ArtifactCheck> f = pool.submit(() -> artifact(a, candidate));
        artifactFutures.add(f);
        if (candidate != null) {
          alsoCandidates.add(f);
        }
      }
      List<Future<Violation>> unknownFutures = new ArrayList<>();
      for (String rel : candidates.values()) {
        unknownFutures.add(pool.submit(() -> unknown(rel)));
      }
      for (Future<Violation> f : unknownFutures) {
        Violation v = await(f);
        if (v != null) {
          unknown.put(v.path(), v);
        }
      }
      // An artifact that may be an unknown compiled file: rendering must know before it says STALE.
      for (Future<ArtifactCheck> f : alsoCandidates) {
        ArtifactCheck check = await(f);
        if (check.unknown() != null) {
          unknown.put(check.unknown().path(), check.unknown());
        }
      }
      return artifactFutures;
    }

    /**
     * After a compile that stopped before recording what it did: the files it deleted leave the
     * record, and the pages it wrote where nothing is recorded join it, as that compile would have
     * recorded them. Pages it wrote over recorded files are recognised when they are hashed.
     */
    void adoptInterrupted() {
      List<OutputRecord> kept = new ArrayList<>(records.size());
      Set<String> recorded = new HashSet<>();
      for (OutputRecord r : records) {
        if (interrupted.deleted().contains(r.path()) && !Files.exists(out.resolve(r.path()), LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        kept.add(r);
        recorded.add(r.path());
      }
      int adopted = 0;
      for (String rel : unrecordedMarkdown(recorded)) {
        OutputRecord own = interrupted.recordOf(rel, out.resolve(rel));
        if (own != null) {
          kept.add(new OutputRecord(rel, own.view() == null ? "?" : own.view(), null, own.contentHash(), own.fileHash(),
              own.compiledAt(), null));
          adopted++;
        }
      }
      kept.sort(java.util.Comparator.comparing(OutputRecord::path));
      records = kept;
      reporter.warn(interrupted.runs().isEmpty()
          ? "A clean stopped before it recorded what it deleted: the files it deleted are not reported missing."
              + " The next compile or clean records it."
          : "A compile stopped before it recorded what it wrote (" + String.join("; ", interrupted.runs())
              + "): the files it wrote count as compiled (" + adopted + " not recorded at all), none as edited by"
              + " hand. The next compile records them.");
    }

    /** Starts checking every recorded output on the pool; {@link #collectRecords} takes the results. */
    void submitRecords(ExecutorService pool) {
      for (OutputRecord r : records) {
        recordFutures.put(r.path(), pool.submit(() -> inspect(r)));
      }
    }

    /** Waits for the checks of the recorded outputs and takes their results, in path order. */
    void collectRecords() {
      for (Future<RecordCheck> f : recordFutures.values()) {
        RecordCheck check = await(f);
        checks.put(check.record().path(), check);
        if (check.state() == State.MISSING) {
          add(check.record().path(), new Violation(ViolationClass.MISSING, outPrefix + check.record().path(), 0,
              "'" + outPrefix + check.record().path() + "' was written by the last compile (view '" + check.record().view()
                  + "') but " + check.problem(),
              "", "run " + COMPILE + " to write it again"));
        }
      }
    }

    /** Waits for the artifact checks {@link #hashEverything} started and takes their results in order. */
    void collectArtifacts(List<Future<ArtifactCheck>> artifactFutures) {
      for (Future<ArtifactCheck> f : artifactFutures) {
        ArtifactCheck check = await(f);
        artifactFiles.add(check.file());
        if (check.unknown() != null) {
          unknown.put(check.unknown().path(), check.unknown());
        }
      }
    }

    private RecordCheck inspect(OutputRecord r) throws IOException {
      WorkspacePath.Target target;
      try {
        target = WorkspacePath.of(r.path()).locateIn(out, plainDirectories);
      } catch (MlosException e) {
        return new RecordCheck(r, State.MISSING, "it cannot be checked: " + e.getMessage());
      }
      Path file = target.path();
      // One lstat told what is there, unless a symlink is on the way: then look through it.
      if (target.looked() ? target.attributes() == null : !Files.exists(file)) {
        return new RecordCheck(r, State.MISSING, "it no longer exists");
      }
      if (target.looked() ? !target.attributes().isRegularFile() : !Files.isRegularFile(file)) {
        return new RecordCheck(r, State.MISSING, "it is no longer a regular file");
      }
      if (Sha256.ofFile(file, target.looked() ? target.attributes().size() : -1).equals(r.fileHash())) {
        return new RecordCheck(r, State.INTACT, null);
      }
      // Only now read the text: other line endings (or another compiled_at) are not an edit.
      String text = readLenient(file);
      if (CompiledFile.contentHashOf(text).equals(r.contentHash())) {
        return new RecordCheck(r, State.INTACT, null);
      }
      // Written by a compile that stopped before recording it: as that compile would have recorded it.
      OutputRecord own = interrupted == null ? null : interrupted.recordOf(r.path(), file);
      if (own != null) {
        return new RecordCheck(new OutputRecord(r.path(), r.view(), r.sourceKeys(), own.contentHash(), own.fileHash(),
            own.compiledAt(), null), State.INTACT, null);
      }
      return new RecordCheck(r, State.EDITED, null);
    }

    /**
     * {@code *.md} files under the output directory that are not recorded, relative to it, sorted.
     * Hidden entries, {@code target/} and {@code node_modules/} are skipped without being entered.
     * A recorded output is passed by name, without a look at it (its own check looks): that spares
     * one lstat per compiled page, and only means that a recorded page replaced by a directory
     * (reported MISSING) is not searched.
     */
    private List<String> unrecordedMarkdown(Set<String> recorded) {
      List<String> found = new ArrayList<>();
      if (!Files.isDirectory(out)) {
        return found;
      }
      java.util.Deque<String> pending = new java.util.ArrayDeque<>();
      pending.push("");
      while (!pending.isEmpty()) {
        String prefix = pending.pop();
        Path dir = prefix.isEmpty() ? out : out.resolve(prefix);
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
          for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".")) {
              continue;
            }
            String rel = prefix + name;
            if (name.endsWith(".md") && recorded.contains(rel)) {
              continue;
            }
            BasicFileAttributes attrs;
            try {
              attrs = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (java.nio.file.NoSuchFileException gone) {
              continue;
            }
            if (attrs.isDirectory()) {
              if (!skipped(name)) {
                pending.push(rel + "/");
              }
            } else if (attrs.isRegularFile() && name.endsWith(".md")) {
              found.add(rel);
            }
          }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
          throw new MlosException("Cannot list the output directory " + out + ": " + e.getMessage(),
              "check its permissions", e);
        }
      }
      found.sort(null);
      return found;
    }

    /** A directory the unknown scan does not enter: hidden, or a build or dependency tree. */
    private static boolean skipped(String name) {
      return name.startsWith(".") || name.equals("target") || name.equals("node_modules");
    }

    private Violation unknown(String rel) throws IOException {
      return declaresCompiledAt(out.resolve(rel)) ? unknownViolation(rel) : null;
    }

    private Violation unknownViolation(String rel) {
      Path file = out.resolve(rel);
      String path = outPrefix + rel;
      String owner = null;
      dev.mlos.core.config.OtherWorkspace other = null;
      try {
        dev.mlos.core.frontmatter.ParseResult parsed = CompiledFile.parse(file);
        if (parsed instanceof ParsedFile p && p.frontMatter().get("workspace") != null) {
          owner = String.valueOf(p.frontMatter().get("workspace"));
        }
        other = dev.mlos.core.config.OtherWorkspace.of(config.name(), parsed);
      } catch (MlosException e) {
        // Broken front matter: it still claims to be compiled, which is what matters here.
      }
      String message = "'" + path + "' has compiled_at front matter but workspace '" + config.name()
          + "' did not compile it" + (owner == null ? "" : " (it names workspace '" + owner + "')");
      if (other != null) {
        // Another workspace's name: most often this same workspace cloned under another directory name.
        return new Violation(ViolationClass.UNKNOWN, path, 0,
            "'" + path + "' was compiled by another workspace: " + other.note(), "", other.fix());
      }
      String fix = config.name().equals(owner) && records.isEmpty()
          ? "this database has no compile record for the workspace yet: run " + COMPILE
              + ", which adopts the workspace's own compiled files (or deletes them when no view produces them)"
          : "delete '" + path + "' (mlos:clean only deletes recorded files), or enable the view that produces it and run "
              + COMPILE;
      return new Violation(ViolationClass.UNKNOWN, path, 0, message, "", fix);
    }

    /**
     * Checks a registered artifact; with {@code candidate} (its path relative to the output
     * directory) it is also an unknown candidate, and the same read answers that check.
     */
    private ArtifactCheck artifact(ArtifactRow a, String candidate) throws IOException {
      String path = a.filePath();
      List<Violation> found = new ArrayList<>(0);
      Path file = null;
      long size = -1;
      String problem = null;
      try {
        WorkspacePath.Target target = WorkspacePath.of(path).locateIn(root, plainDirectories);
        file = target.path();
        size = target.looked() && target.attributes() != null ? target.attributes().size() : -1;
        boolean regular = target.looked() ? target.attributes() != null && target.attributes().isRegularFile()
            : Files.isRegularFile(file);
        if (!regular) {
          boolean exists = target.looked() ? target.attributes() != null : Files.exists(file);
          problem = exists ? "it is not a regular file" : "it does not exist";
        }
      } catch (MlosException e) {
        problem = e.getMessage();
      }
      Violation unknownFile = null;
      boolean unknownChecked = false;
      if (problem != null) {
        found.add(new Violation(ViolationClass.ARTIFACT_MISSING, path, 0,
            "artifact " + a.id() + " is registered at '" + path + "' but " + problem, "",
            "restore '" + path + "', or unregister it: `DELETE FROM artifacts WHERE id=" + a.id() + "`"));
      } else if (a.contentHash() != null) {
        String actual;
        if (candidate == null) {
          actual = Sha256.ofFile(file, size);
        } else {
          FrontMatterScan.Answer answer;
          try (ScanningInputStream in = new ScanningInputStream(Files.newInputStream(file))) {
            actual = Sha256.ofStream(in);
            answer = in.answer();
          }
          if (answer != FrontMatterScan.Answer.BY_LINES) {
            unknownChecked = true;
            unknownFile = answer == FrontMatterScan.Answer.YES ? unknownViolation(candidate) : null;
          }
        }
        if (!actual.equalsIgnoreCase(a.contentHash())) {
          found.add(new Violation(ViolationClass.ARTIFACT_DRIFT, path, 0,
              "artifact " + a.id() + " '" + path + "' changed since it was registered: its SHA-256 is "
                  + actual.substring(0, 12) + "..., the database says " + shortHash(a.contentHash()) + "...",
              "", "review the change, then run `mvn mlos:accept -Dmlos.accept=" + path + "`"));
        }
      }
      if (candidate != null && !unknownChecked) {
        unknownFile = unknown(candidate);
      }
      return new ArtifactCheck(new CheckedFile(path, CheckedFile.Kind.ARTIFACT, found), unknownFile);
    }

    /**
     * Phase 2: renders views for STALE and for the diffs of hand-edited files. For the stale check
     * every view is rendered, and this may run while the outputs are still being hashed; else only
     * the views with hand-edited files, after {@link #collectRecords}.
     */
    void render(Connection c) {
      Set<String> editedViews = new HashSet<>();
      if (!renderAll) {
        for (RecordCheck check : checks.values()) {
          if (check.state() == State.EDITED) {
            editedViews.add(check.record().view());
          }
        }
      }
      Set<String> seen = new HashSet<>();
      if (renderAll || !editedViews.isEmpty()) {
        try (ViewRenderer renderer = new ViewRenderer(c, config, classLoader, request.effectiveThreads())) {
          renderer.check();
          Pages pages = new Pages(seen);
          for (ViewDefinition view : config.views()) {
            if (renderAll || editedViews.contains(view.name())) {
              rendered.add(view.name());
              renderer.render(view, pages, reporter);
            }
          }
        }
      }
    }

    /**
     * After rendering and once every check is in: pages without a record that are not unknown
     * files are STALE (not compiled yet); records no page produced are STALE (the next compile
     * deletes them) or HAND_EDITED.
     */
    void afterRendering() {
      for (Map.Entry<String, String> p : notCompiledYet.entrySet()) {
        String wsPath = outPrefix + p.getKey();
        if (!unknown.containsKey(wsPath)) {
          add(p.getKey(), new Violation(ViolationClass.STALE, wsPath, 0,
              "'" + wsPath + "' is not compiled yet: the database now produces it (view '" + p.getValue() + "')",
              "", "run " + COMPILE));
        }
      }
      for (RecordCheck check : checks.values()) {
        String path = check.record().path();
        if (produced.contains(path)) {
          continue;
        }
        String wsPath = outPrefix + path;
        if (check.state() == State.EDITED) {
          add(path, new Violation(ViolationClass.HAND_EDITED, wsPath, 0,
              "'" + wsPath + "' was edited by hand after it was compiled"
                  + (rendered.contains(check.record().view()) ? "; the database no longer produces it either" : ""),
              "", handEditFix(wsPath)));
        } else if (check.state() == State.INTACT && renderAll) {
          add(path, new Violation(ViolationClass.STALE, wsPath, 0,
              "'" + wsPath + "' is no longer produced by the database (view '" + check.record().view()
                  + "'): the next compile deletes it",
              "", "run " + COMPILE));
        }
      }
    }

    /** A violation found on a render thread, for the output at {@code path}. */
    private record Found(String path, Violation violation) {
      /** A page not rendered: its inputs hash as recorded, and its file is intact or missing. */
      static final Found AS_RECORDED = new Found(null, null);
    }

    /**
     * Decides per page, on the guard's thread, whether it needs rendering at all (only pages whose
     * file was edited, or all intact ones for the stale check); renders and compares on the
     * render threads.
     */
    private final class Pages implements PageHandler<Future<RecordCheck>, Found> {
      private final Set<String> seen;

      Pages(Set<String> seen) {
        this.seen = seen;
      }

      @Override
      public Future<RecordCheck> before(String view, WorkspacePath path, String sourceKey) {
        String p = path.value();
        // Two pages on one path are a compile conflict; the compiler reports it, the guard keeps the first.
        if (!seen.add(p.toLowerCase(Locale.ROOT))) {
          return null;
        }
        produced.add(p);
        Future<RecordCheck> check = recordFutures.get(p);
        if (check == null) {
          if (renderAll) {
            notCompiledYet.put(p, view);
          }
          return null;
        }
        // Without the stale check, only hand-edited files are rendered (their checks are in by now).
        if (!renderAll && checks.get(p).state() != State.EDITED) {
          return null;
        }
        return check;
      }

      @Override
      public boolean hashesInputs() {
        return trustInputHashes;
      }

      /**
       * A page whose inputs hash as the compile recorded renders to the recorded content: it is
       * not stale, and needs no rendering unless its file was edited (for the diff).
       */
      @Override
      public Found reuse(String inputHash, Future<RecordCheck> pending) {
        RecordCheck check = await(pending);
        return inputHash.equals(check.record().inputHash()) && check.state() != State.EDITED ? Found.AS_RECORDED : null;
      }

      @Override
      public Found work(Page page, Future<RecordCheck> pending) {
        RecordCheck check = await(pending);
        if (check.state() == State.MISSING) {
          return null;
        }
        Violation v = compare(page, check);
        return v == null ? null : new Found(page.path().value(), v);
      }

      @Override
      public void done(Found found) {
        if (found == Found.AS_RECORDED) {
          notRendered++;
        } else if (found != null) {
          add(found.path(), found.violation());
        }
      }
    }

    /** Compares a rendered page with its file on disk (thread-safe: reads only). */
    private Violation compare(Page page, RecordCheck check) {
      String path = page.path().value();
      String wsPath = outPrefix + path;
      OutputRecord r = check.record();
      // The rendering knows its content hash: no second pass over the text to hash it.
      CompiledFile.Rendering rendering = render(page, r.compiledAt());
      boolean databaseChanged = !rendering.contentHash().equals(r.contentHash());
      if (check.state() == State.INTACT && !databaseChanged) {
        return null;
      }
      String expected = rendering.text();
      String actual = normalize(readOrThrow(page.path().resolveIn(out)));
      String aligned = alignVolatileLines(expected, actual);
      if (check.state() == State.EDITED) {
        int line = Math.max(0, UnifiedDiff.firstDifferentLine(aligned, actual));
        String diff = UnifiedDiff.between(wsPath + " (compiled)", aligned, wsPath + " (on disk)", actual, DIFF_CONTEXT,
            MAX_DIFF_LINES);
        return new Violation(ViolationClass.HAND_EDITED, wsPath, line,
            "'" + wsPath + "' was edited by hand after it was compiled"
                + (databaseChanged ? " (the database changed since too, so the diff also shows what the next compile changes)" : ""),
            diff, handEditFix(wsPath));
      }
      int line = Math.max(0, UnifiedDiff.firstDifferentLine(actual, aligned));
      String diff = UnifiedDiff.between(wsPath + " (on disk)", actual, wsPath + " (after mlos:compile)", aligned,
          DIFF_CONTEXT, MAX_DIFF_LINES);
      return new Violation(ViolationClass.STALE, wsPath, line,
          "'" + wsPath + "' is out of date: what it is compiled from (the database, or a file it embeds) changed since it was compiled (view '" + page.view() + "')",
          diff, "run " + COMPILE);
    }

    private CompiledFile.Rendering render(Page page, String compiledAt) {
      try {
        return CompiledFile.rendering(page.fields(), page.view(), page.body(), compiledAt);
      } catch (IllegalArgumentException e) {
        throw new MlosException("View '" + page.view() + "' (page " + page.path().value() + "): " + e.getMessage(),
            "fix what the template assigns to meta");
      }
    }

    private static String handEditFix(String wsPath) {
      return "compiled files are overwritten by every compile: make the change in the database first, then run "
          + COMPILE + " (to drop the edit instead, just run " + COMPILE + ")";
    }

    private void add(String outputPath, Violation v) {
      compiledViolations.computeIfAbsent(outputPath, k -> new ArrayList<>()).add(v);
    }

    GuardReport report() {
      List<CheckedFile> files = new ArrayList<>();
      Set<String> listed = new HashSet<>();
      for (RecordCheck check : checks.values()) {
        String path = check.record().path();
        listed.add(path);
        files.add(new CheckedFile(outPrefix + path, CheckedFile.Kind.COMPILED, sorted(compiledViolations.get(path))));
      }
      for (Map.Entry<String, List<Violation>> e : compiledViolations.entrySet()) {
        if (!listed.contains(e.getKey())) {
          files.add(new CheckedFile(outPrefix + e.getKey(), CheckedFile.Kind.COMPILED, sorted(e.getValue())));
        }
      }
      for (Violation v : unknown.values()) {
        files.add(new CheckedFile(v.path(), CheckedFile.Kind.UNKNOWN, List.of(v)));
      }
      files.addAll(artifactFiles);
      files.sort(java.util.Comparator.comparing(CheckedFile::path).thenComparing(CheckedFile::kind));
      List<Violation> all = new ArrayList<>();
      for (CheckedFile f : files) {
        all.addAll(f.violations());
      }
      return new GuardReport(config.name(), root, all, files, request.checkStale(), renderAll, notRendered);
    }

    private static List<Violation> sorted(List<Violation> vs) {
      if (vs == null) {
        return List.of();
      }
      List<Violation> copy = new ArrayList<>(vs);
      copy.sort(Violation.ORDER);
      return copy;
    }
  }

  /**
   * True when the file starts with a front matter block that has a top-level {@code compiled_at:}
   * line. Reads only the front matter (at most {@value #MAX_FRONT_MATTER_LINES} lines), as raw
   * bytes: a file whose first bytes are not {@code ---} is rejected after one small read, without a
   * decoder.
   */
  static boolean declaresCompiledAt(Path file) throws IOException {
    FrontMatterScan scan = new FrontMatterScan();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[FIRST_READ];
      FrontMatterScan.Answer answer = FrontMatterScan.Answer.MORE;
      int n;
      while (answer == FrontMatterScan.Answer.MORE && (n = in.read(buffer)) != -1) {
        answer = scan.feed(buffer, 0, n);
        if (buffer.length == FIRST_READ) {
          buffer = new byte[NEXT_READS];
        }
      }
      if (answer == FrontMatterScan.Answer.MORE) {
        answer = scan.end();
      }
      if (answer != FrontMatterScan.Answer.BY_LINES) {
        return answer == FrontMatterScan.Answer.YES;
      }
    }
    return declaresCompiledAtByLines(file);
  }

  /** Bytes of the first read: enough for the usual answer, "no front matter". */
  private static final int FIRST_READ = 512;
  private static final int NEXT_READS = 8192;

  /**
   * The reference form of {@link #declaresCompiledAt}: decodes the file as UTF-8 (malformed bytes
   * replaced) and reads it line by line. Used only when the first line is {@code ---} followed by
   * bytes other than ASCII, where "only trailing whitespace" needs the decoded characters.
   */
  static boolean declaresCompiledAtByLines(Path file) throws IOException {
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
      String first = in.readLine();
      if (first == null) {
        return false;
      }
      if (first.startsWith("\uFEFF")) {
        first = first.substring(1);
      }
      if (!first.stripTrailing().equals("---")) {
        return false;
      }
      String line;
      int n = 0;
      while ((line = in.readLine()) != null && n++ < MAX_FRONT_MATTER_LINES) {
        if (line.startsWith("---") || line.startsWith("...")) {
          return false;
        }
        if (line.startsWith(CompiledFile.COMPILED_AT_KEY + ":")) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * {@link #declaresCompiledAtByLines} on raw bytes, fed in pieces: the same answer, because every
   * byte it looks at is ASCII ({@code \n}, {@code \r}, the first bytes of a line), and UTF-8
   * decoding, even of malformed input, never merges an ASCII byte into another character. Line ends
   * are those of {@link BufferedReader#readLine}: LF, CR or CRLF.
   */
  static final class FrontMatterScan {
    enum Answer {
      /** A front matter block with a top-level {@code compiled_at:} line. */
      YES,
      /** No front matter, or none with {@code compiled_at:} in its first lines. */
      NO,
      /** Undecided: feed more bytes, or call {@link #end()} at the end of the file. */
      MORE,
      /** The first line is {@code ---} and non-ASCII bytes: ask {@link #declaresCompiledAtByLines}. */
      BY_LINES
    }

    private static final byte[] KEY = (CompiledFile.COMPILED_AT_KEY + ":").getBytes(StandardCharsets.US_ASCII);

    private static final int BOM_1 = 0, BOM_2 = 1, BOM_3 = 2, DASHES = 3, FIRST_REST = 4, LINE_START = 5, PREFIX = 6,
        SKIP = 7;

    private int state = BOM_1;
    private int dashes;
    /** The last byte ended a line with CR: an LF right after it belongs to the same line end. */
    private boolean afterCr;
    /** Front matter lines started (the first line, {@code ---}, not counted). */
    private int lines;
    /** Bytes of the current line seen so far, up to the key's length. */
    private int length;
    private boolean maybeDashes;
    private boolean maybeDots;
    private boolean maybeKey;
    private Answer answer = Answer.MORE;

    /** Feeds {@code len} bytes; returns the answer so far. */
    Answer feed(byte[] bytes, int off, int len) {
      int end = off + len;
      for (int i = off; i < end && answer == Answer.MORE; i++) {
        step(bytes[i]);
      }
      return answer;
    }

    /** The end of the file: the final answer. */
    Answer end() {
      if (answer == Answer.MORE) {
        answer = Answer.NO;
      }
      return answer;
    }

    private void step(byte b) {
      switch (state) {
        case BOM_1 -> {
          if (b == (byte) 0xEF) {
            state = BOM_2;
          } else {
            state = DASHES;
            step(b);
          }
        }
        case BOM_2 -> {
          if (b == (byte) 0xBB) {
            state = BOM_3;
          } else {
            answer = Answer.NO;
          }
        }
        case BOM_3 -> {
          if (b == (byte) 0xBF) {
            state = DASHES;
          } else {
            answer = Answer.NO;
          }
        }
        case DASHES -> {
          if (b != '-') {
            answer = Answer.NO;
          } else if (++dashes == 3) {
            state = FIRST_REST;
          }
        }
        case FIRST_REST -> {
          if (b == '\n' || b == '\r') {
            lineEnd(b);
          } else if (b < 0) {
            // Not ASCII: whether it is trailing whitespace (U+2003...) depends on decoding.
            answer = Answer.BY_LINES;
          } else if (!(b == ' ' || b == '\t' || b == 0x0B || b == '\f' || (b >= 0x1C && b <= 0x1F))) {
            // Not what String.stripTrailing removes: the first line is not "---".
            answer = Answer.NO;
          }
        }
        case LINE_START -> {
          if (afterCr && b == '\n') {
            afterCr = false;
            return;
          }
          afterCr = false;
          if (lines == MAX_FRONT_MATTER_LINES) {
            answer = Answer.NO;
            return;
          }
          lines++;
          length = 0;
          maybeDashes = true;
          maybeDots = true;
          maybeKey = true;
          state = PREFIX;
          step(b);
        }
        case PREFIX -> {
          if (b == '\n' || b == '\r') {
            lineEnd(b);
            return;
          }
          maybeDashes &= b == '-';
          maybeDots &= b == '.';
          maybeKey = maybeKey && b == KEY[length];
          length++;
          if (length == 3 && (maybeDashes || maybeDots)) {
            answer = Answer.NO;
          } else if (maybeKey && length == KEY.length) {
            answer = Answer.YES;
          } else if (!maybeKey && (length >= 3 || !(maybeDashes || maybeDots))) {
            state = SKIP;
          }
        }
        case SKIP -> {
          if (b == '\n' || b == '\r') {
            lineEnd(b);
          }
        }
        default -> throw new IllegalStateException("state " + state);
      }
    }

    private void lineEnd(byte b) {
      afterCr = b == '\r';
      state = LINE_START;
    }
  }

  /**
   * Passes bytes through and feeds them to a {@link FrontMatterScan} until it has its answer, so
   * one read of a file both hashes it and checks its front matter.
   */
  private static final class ScanningInputStream extends FilterInputStream {
    private final FrontMatterScan scan = new FrontMatterScan();
    private FrontMatterScan.Answer answer = FrontMatterScan.Answer.MORE;

    ScanningInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (answer == FrontMatterScan.Answer.MORE) {
        answer = b < 0 ? scan.end() : scan.feed(new byte[] {(byte) b}, 0, 1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (answer == FrontMatterScan.Answer.MORE) {
        answer = n < 0 ? scan.end() : scan.feed(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      throw new UnsupportedOperationException("every byte must be scanned");
    }

    /** The answer after the stream was read to its end. */
    FrontMatterScan.Answer answer() {
      return answer == FrontMatterScan.Answer.MORE ? FrontMatterScan.Answer.NO : answer;
    }
  }

  private static final int MAX_FRONT_MATTER_LINES = 10_000;

  /**
   * {@code expected} with its {@code compiled_at:} and {@code content_hash:} front matter lines
   * replaced by those of {@code actual} (when it has them), so a diff shows content changes only.
   */
  static String alignVolatileLines(String expected, String actual) {
    Map<String, String> actualLines = volatileLines(actual);
    if (actualLines.isEmpty()) {
      return expected;
    }
    StringBuilder outText = new StringBuilder(expected.length());
    int start = 0;
    int lineNo = 0;
    boolean inFrontMatter = false;
    while (start < expected.length()) {
      int nl = expected.indexOf('\n', start);
      int end = nl < 0 ? expected.length() : nl + 1;
      String line = expected.substring(start, end);
      String replacement = null;
      if (lineNo == 0 && line.equals("---\n")) {
        inFrontMatter = true;
      } else if (inFrontMatter && line.startsWith("---")) {
        inFrontMatter = false;
      } else if (inFrontMatter) {
        for (String key : List.of(CompiledFile.COMPILED_AT_KEY, CompiledFile.CONTENT_HASH_KEY)) {
          if (line.startsWith(key + ":") && actualLines.containsKey(key)) {
            replacement = actualLines.get(key);
          }
        }
      }
      outText.append(replacement != null ? replacement : line);
      start = end;
      lineNo++;
    }
    return outText.toString();
  }

  private static Map<String, String> volatileLines(String text) {
    Map<String, String> found = new HashMap<>();
    if (!text.startsWith("---\n")) {
      return found;
    }
    int start = 4;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl + 1;
      String line = text.substring(start, end);
      if (line.startsWith("---") || line.startsWith("...")) {
        break;
      }
      for (String key : List.of(CompiledFile.COMPILED_AT_KEY, CompiledFile.CONTENT_HASH_KEY)) {
        if (line.startsWith(key + ":")) {
          found.putIfAbsent(key, line.endsWith("\n") ? line : line + "\n");
        }
      }
      start = end;
    }
    return found;
  }

  private static String shortHash(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }

  private static String normalize(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n');
  }

  /** UTF-8 with malformed bytes replaced: a file that is not UTF-8 simply hashes differently. */
  private static String readLenient(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  private static String readOrThrow(Path file) {
    try {
      return readLenient(file);
    } catch (IOException e) {
      throw new MlosException("Cannot read " + file + ": " + e.getMessage(), "check its permissions", e);
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlosException("The guard was interrupted", null, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof MlosException m) {
        throw m;
      }
      if (cause instanceof IOException io) {
        throw new MlosException("Cannot read a file: " + io, "check the file's permissions", io);
      }
      throw new MlosException("The guard failed: " + cause, null, cause);
    }
  }
}
