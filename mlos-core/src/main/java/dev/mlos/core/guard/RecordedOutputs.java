package dev.mlos.core.guard;

import dev.mlos.core.MlosException;
import dev.mlos.core.compile.OutputRecord;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.frontmatter.ParsedFile;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The guard's phase for the recorded outputs: every {@code mlos_outputs} row of the workspace is
 * hashed (streamed, on the pool); a file whose raw SHA-256 equals the recorded {@code file_hash} is
 * intact without being parsed. Otherwise its {@link CompiledFile#contentHashOf content hash}
 * decides: equal to the recorded one (for example a CRLF checkout) is intact, different is edited;
 * a file that is gone is {@link ViolationClass#MISSING}.
 */
final class RecordedOutputs {
  /** What hashing found for a recorded output. */
  enum State {
    INTACT,
    EDITED,
    MISSING
  }

  /** What hashing found for {@code record}; {@code problem} says why it is MISSING. */
  record Check(OutputRecord record, State state, String problem) {}

  /** How the problem of a recorded path that cannot be looked at (a link out) begins. */
  private static final String UNCHECKABLE = "it cannot be checked: ";

  private final GuardRun run;

  RecordedOutputs(GuardRun run) {
    this.run = run;
  }

  /**
   * After a compile that stopped before recording what it did: the files it deleted leave the
   * record, and the pages it wrote where nothing is recorded join it, as that compile would have
   * recorded them. Pages it wrote over recorded files are recognised when they are hashed.
   */
  void adoptInterrupted() {
    List<OutputRecord> kept = new ArrayList<>(run.records.size());
    for (OutputRecord r : run.records) {
      if (run.interrupted.deleted().contains(r.path())
          && !Files.exists(run.out.resolve(r.path()), LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      kept.add(r);
    }
    run.records = kept;
    Set<String> recorded = run.recordedPaths();
    int adopted = 0;
    for (String rel : UnknownFiles.unrecordedMarkdown(run.out, recorded)) {
      OutputRecord own = run.interrupted.recordOf(rel, run.out.resolve(rel));
      if (own != null) {
        kept.add(
            new OutputRecord(
                rel,
                own.view() == null ? "?" : own.view(),
                null,
                own.contentHash(),
                own.fileHash(),
                own.compiledAt(),
                null));
        adopted++;
      }
    }
    kept.sort(Comparator.comparing(OutputRecord::path));
    run.reporter.warn(
        run.interrupted.runs().isEmpty()
            ? "A clean stopped before it recorded what it deleted: the files it deleted are not reported missing."
                + " The next compile or clean records it."
            : "A compile stopped before it recorded what it wrote ("
                + String.join("; ", run.interrupted.runs())
                + "): the files it wrote count as compiled ("
                + adopted
                + " not recorded at all), none as edited by"
                + " hand. The next compile records them.");
  }

  /** Starts checking every recorded output on the pool; {@link #collect} takes the results. */
  void submit(ExecutorService pool) {
    for (OutputRecord r : run.records) {
      run.recordFutures.put(r.path(), pool.submit(() -> inspect(r)));
    }
  }

  /** Waits for the checks of the recorded outputs and takes their results, in path order. */
  void collect() {
    for (Future<Check> f : run.recordFutures.values()) {
      Check check = GuardRun.await(f);
      run.checks.put(check.record().path(), check);
      if (check.state() == State.MISSING) {
        String path = run.outPrefix + check.record().path();
        run.add(
            check.record().path(),
            new Violation(
                ViolationClass.MISSING,
                path,
                0,
                "'"
                    + path
                    + "' was written by the last compile (view '"
                    + check.record().view()
                    + "') but "
                    + check.problem(),
                "",
                check.problem().startsWith(UNCHECKABLE)
                    // A compile refuses the same path (a link out of the workspace): say what to
                    // remove first, or the fix would send the person round in a circle.
                    ? "remove what leads it outside the workspace (the link named above; what it"
                        + " points to is not touched), then run "
                        + GuardRun.COMPILE
                        + " to write it again"
                    : "run " + GuardRun.COMPILE + " to write it again",
                GuardRun.COMPILE_REMEDIES));
      }
    }
  }

  private Check inspect(OutputRecord r) throws IOException {
    WorkspacePath.Target target;
    try {
      target = WorkspacePath.of(r.path()).locateIn(run.out, run.plainDirectories);
    } catch (MlosException e) {
      return new Check(r, State.MISSING, UNCHECKABLE + e.getMessage());
    }
    Path file = target.path();
    // One lstat told what is there, unless a symlink is on the way: then look through it.
    if (target.looked() ? target.attributes() == null : !Files.exists(file)) {
      return new Check(r, State.MISSING, "it no longer exists");
    }
    if (target.looked() ? !target.attributes().isRegularFile() : !Files.isRegularFile(file)) {
      return new Check(r, State.MISSING, "it is no longer a regular file");
    }
    if (Sha256.ofFile(file, target.looked() ? target.attributes().size() : -1)
        .equals(r.fileHash())) {
      return new Check(r, State.INTACT, null);
    }
    // Only now read the text: other line endings (or another compiled_at) are not an edit.
    String text = GuardRun.readLenient(file);
    if (CompiledFile.contentHashOf(text).equals(r.contentHash()) && declaresItsHash(text, r)) {
      return new Check(r, State.INTACT, null);
    }
    // Written by a compile that stopped before recording it: as that compile would have recorded
    // it.
    OutputRecord own = run.interrupted == null ? null : run.interrupted.recordOf(r.path(), file);
    if (own != null) {
      return new Check(
          new OutputRecord(
              r.path(),
              r.view(),
              r.sourceKeys(),
              own.contentHash(),
              own.fileHash(),
              own.compiledAt(),
              null),
          State.INTACT,
          null);
    }
    return new Check(r, State.EDITED, null);
  }

  /**
   * Whether a file whose content hashes as recorded still says so: the content hash leaves its own
   * {@code content_hash:} line out, so a file whose line was deleted or changed hashes as compiled,
   * yet the compile calls it hand-edited (its declared hash no longer matches) and replaces it. A
   * file that is not a compiled page (no front matter, or no {@code compiled_at}) declares nothing,
   * as the compile reads it.
   */
  private static boolean declaresItsHash(String text, OutputRecord r) {
    try {
      return !(CompiledFile.parse(text) instanceof ParsedFile p)
          || r.contentHash().equals(p.declaredContentHash());
    } catch (MlosException e) {
      return false;
    }
  }
}
