package dev.mlos.core.guard;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompileJournal;
import dev.mlos.core.compile.OutputRecord;
import dev.mlos.core.compile.WritePlaces;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * What one guard check knows: its inputs, and what each phase has found so far. The phases ({@link
 * RecordedOutputs}, {@link UnknownFiles}, {@link ArtifactChecks}, {@link StaleCheck}, {@link
 * ReportAssembly}) read and add to it; {@link Guard} runs them in order on one thread, with the
 * hashing and rendering they start on pools.
 */
final class GuardRun {
  /**
   * How a violation's fix says "compile again": the first of its remedies, {@link
   * #COMPILE_REMEDIES}, worded by the adapter.
   */
  static final String COMPILE = "{0}";

  /** The remedies of a fix that says {@link #COMPILE}. */
  static final List<Remedy> COMPILE_REMEDIES = List.of(Remedy.compile());

  final WorkspaceConfig config;
  final GuardRequest request;
  final Reporter reporter;
  final ClassLoader classLoader;

  /** The workspace root, absolute. */
  final Path root;

  /** The output directory, absolute. */
  final Path out;

  /**
   * The output directory relative to the root, with a trailing '/', or "" when they are the same.
   */
  final String outPrefix;

  /** The compile record of this workspace, sorted by path. */
  List<OutputRecord> records;

  /** The registered artifacts with a file. */
  List<GuardRecords.ArtifactRow> artifacts;

  /**
   * Compiles that stopped before recording what they wrote (see {@link CompileJournal}), or null.
   */
  CompileJournal.Interrupted interrupted;

  /**
   * Every view is rendered for the stale check (it was asked for, and the inputs changed or were
   * not known): {@link #staleViews} holds every view.
   */
  boolean renderAll;

  /**
   * The views the stale check renders (by name): none when nothing the pages depend on changed
   * since the last compile, every view when that is not known, and in between those the change log
   * says a change since the compile feeds ({@link dev.mlos.core.compile.ChangedViews}).
   */
  Set<String> staleViews = Set.of();

  /**
   * For some of {@link #staleViews}: the source keys of the only pages a change since the compile
   * can affect (the view's {@code changed_pages}); the view's other pages are as recorded.
   */
  Map<String, Set<String>> staleKeys = Map.of();

  /** True when the stale check goes through {@code view}'s pages. */
  boolean checksStale(String view) {
    return staleViews.contains(view);
  }

  /**
   * Everything the last compile read besides the database is unchanged: a page whose inputs hash as
   * recorded renders as recorded, so the stale check need not render it.
   */
  boolean trustInputHashes;

  /**
   * The templates the last compile read that have changed since (empty when unknown): a stale
   * page's message names them, since a template mlos ships changes with mlos, not with the data.
   */
  List<String> changedTemplates = List.of();

  /** Pages the stale check found as recorded without rendering them. */
  int notRendered;

  /** What hashing found for each recorded output, by path (in path order). */
  final Map<String, RecordedOutputs.Check> checks = new LinkedHashMap<>();

  /** The checks of the recorded outputs while they run, by path (sorted, as the records are). */
  final Map<String, Future<RecordedOutputs.Check>> recordFutures = new LinkedHashMap<>();

  /**
   * Pages the database produces that have no record, with their view: STALE unless they are UNKNOWN
   * files.
   */
  final Map<String, String> notCompiledYet = new LinkedHashMap<>();

  /** Output paths some page produced in this check's rendering. */
  final Set<String> produced = new HashSet<>();

  /** Views rendered in this check. */
  final Set<String> rendered = new HashSet<>();

  /** Violations of compiled files, by path relative to the output directory. */
  final Map<String, List<Violation>> compiledViolations = new TreeMap<>();

  /** UNKNOWN violations by workspace path. */
  final Map<String, Violation> unknown = new TreeMap<>();

  final List<CheckedFile> artifactFiles = new ArrayList<>();

  /**
   * Directories found to be plain directories (not links) while checking paths, shared by the
   * hashing threads.
   */
  final Set<String> plainDirectories = ConcurrentHashMap.newKeySet();

  GuardRun(
      WorkspaceConfig config, GuardRequest request, Reporter reporter, ClassLoader classLoader) {
    this.config = config;
    this.classLoader = classLoader;
    this.request = request;
    this.reporter = reporter;
    this.root = config.root().toAbsolutePath().normalize();
    this.out = WritePlaces.outputDirectory(config);
    String rel = WorkspacePath.relative(root, out);
    this.outPrefix = rel.isEmpty() ? "" : rel + "/";
  }

  /**
   * Adds a violation of the compiled file at {@code outputPath} (relative to the output directory).
   */
  void add(String outputPath, Violation v) {
    compiledViolations.computeIfAbsent(outputPath, k -> new ArrayList<>()).add(v);
  }

  /** UTF-8 with malformed bytes replaced: a file that is not UTF-8 simply hashes differently. */
  static String readLenient(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  static String readOrThrow(Path file) {
    try {
      return readLenient(file);
    } catch (IOException e) {
      throw new MlosException(
          "Cannot read " + file + ": " + e.getMessage(), "check its permissions", e);
    }
  }

  /**
   * The result of work a phase started on a pool; its failure as the guard's {@link MlosException}.
   */
  static <T> T await(Future<T> f) {
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

  /** Every path in {@link #records}. */
  Set<String> recordedPaths() {
    Set<String> recorded = new HashSet<>();
    for (OutputRecord r : records) {
      recorded.add(r.path());
    }
    return recorded;
  }
}
