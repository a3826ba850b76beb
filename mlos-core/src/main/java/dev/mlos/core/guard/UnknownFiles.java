package dev.mlos.core.guard;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.config.OtherWorkspace;
import dev.mlos.core.dbtext.DatabaseText;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.frontmatter.FrontMatterLines;
import dev.mlos.core.frontmatter.ParseResult;
import dev.mlos.core.frontmatter.ParsedFile;
import dev.mlos.core.path.GitCheckout;
import dev.mlos.core.path.PathKey;
import dev.mlos.core.path.WorkspaceWalker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The guard's phase for files nobody recorded: every {@code *.md} file under the output directory
 * that is not in the compile record but has a top-level {@code compiled_at:} line in its front
 * matter is {@link ViolationClass#UNKNOWN}. A candidate that is also a registered artifact is
 * checked by {@link ArtifactChecks}, with the artifact.
 */
final class UnknownFiles {
  private final GuardRun run;

  /** {@link #textFormDeletedIn}'s answer once asked: a commit's short hash, or "" for none. */
  private String deletedIn;

  /** {@link #textFormPulled}'s answer once asked. */
  private Boolean pulled;

  UnknownFiles(GuardRun run) {
    this.run = run;
  }

  /**
   * The commit that deleted the database's text form from git when the working tree lacks it (a
   * clone made after that commit), or "": asked of git once per guard, only for a workspace whose
   * database has no compile record yet.
   */
  private synchronized String textFormDeletedIn() {
    if (deletedIn == null) {
      deletedIn = "";
      Path text = DatabaseText.fileOf(run.config.database().toAbsolutePath().normalize());
      if (!Files.exists(text, LinkOption.NOFOLLOW_LINKS) && text.getParent() != null) {
        Path root = GitCheckout.rootOf(text.getParent());
        String commit = root == null ? null : GitCheckout.deletedIn(root, text);
        deletedIn = commit == null ? "" : commit;
      }
    }
    return deletedIn;
  }

  /**
   * True when the database's text form, inside the workspace, changed outside mlos since mlos last
   * wrote it (a pull or merge brought a teammate's rows, not in the database yet): a page of this
   * workspace's name without a record is then most likely the page of a pulled row. Asked once per
   * guard, only for such a page.
   */
  private synchronized boolean textFormPulled() {
    if (pulled == null) {
      pulled = false;
      Path db = run.config.database().toAbsolutePath().normalize();
      Path text = DatabaseText.fileOf(db);
      if (text.startsWith(run.root) && Files.isRegularFile(text, LinkOption.NOFOLLOW_LINKS)) {
        try {
          pulled = DatabaseText.changedOutsideMlos(db, run.config.stateDirectory(), text);
        } catch (IOException | MlosException e) {
          // The text form's own check reports a file it cannot read; here it only words a fix.
        }
      }
    }
    return pulled;
  }

  /**
   * Finds the unknown candidates and hashes them and, through {@code artifactChecks}, the artifacts
   * on the pool. Returns once the unknown candidates are checked (their violations are in {@link
   * GuardRun#unknown}); the artifact checks, in artifact order, may still be running: see {@link
   * ArtifactChecks#collect}.
   */
  List<Future<ArtifactChecks.Result>> search(ExecutorService pool, ArtifactChecks artifactChecks) {
    // Unknown candidates by workspace path (what artifacts.file_path holds), in sorted order.
    Map<String, String> candidates = new LinkedHashMap<>();
    for (String rel : unrecordedMarkdown(run.out, run.recordedPaths())) {
      candidates.put(run.outPrefix + rel, rel);
    }
    List<Future<ArtifactChecks.Result>> artifactFutures = new ArrayList<>();
    List<Future<ArtifactChecks.Result>> alsoCandidates = new ArrayList<>();
    for (GuardRecords.ArtifactRow a : run.artifacts) {
      // A valid workspace path equal to the candidate's names the same file; any other spelling
      // just misses here, and the candidate is checked on its own.
      String candidate = candidates.remove(a.filePath());
      Future<ArtifactChecks.Result> f = pool.submit(() -> artifactChecks.check(a, candidate));
      artifactFutures.add(f);
      if (candidate != null) {
        alsoCandidates.add(f);
      }
    }
    List<Future<Violation>> unknownFutures = new ArrayList<>();
    for (String rel : candidates.values()) {
      unknownFutures.add(pool.submit(() -> check(rel)));
    }
    for (Future<Violation> f : unknownFutures) {
      Violation v = GuardRun.await(f);
      if (v != null) {
        run.unknown.put(v.path(), v);
      }
    }
    // An artifact that may be an unknown compiled file: rendering must know before it says STALE.
    for (Future<ArtifactChecks.Result> f : alsoCandidates) {
      ArtifactChecks.Result check = GuardRun.await(f);
      if (check.unknown() != null) {
        run.unknown.put(check.unknown().path(), check.unknown());
      }
    }
    return artifactFutures;
  }

  /**
   * {@code *.md} files under {@code out} that are not {@code recorded}, relative to it, sorted, as
   * {@link WorkspaceWalker} finds them; hidden files are not compiled files either. A recorded
   * output is passed by name, without a look at it (its own check looks): that spares one lstat per
   * compiled page, and only means that a recorded page replaced by a directory (reported MISSING)
   * is not searched.
   */
  static List<String> unrecordedMarkdown(Path out, Set<String> recorded) {
    // A recorded path outside ASCII is also known in composed form (NFC): macOS may list the file
    // in another form than the one recorded (café with é, or with e and a combining accent), and
    // it is the same file there, not an unknown one.
    Set<String> composed = new java.util.HashSet<>();
    for (String r : recorded) {
      if (!PathKey.isAscii(r)) {
        composed.add(PathKey.composed(r));
      }
    }
    return WorkspaceWalker.regularFiles(
        out,
        rel -> {
          String name = rel.substring(rel.lastIndexOf('/') + 1);
          return name.startsWith(".")
              || name.endsWith(".md")
                  && (recorded.contains(rel)
                      || !composed.isEmpty() && composed.contains(PathKey.composed(rel)));
        },
        rel -> rel.endsWith(".md"));
  }

  /**
   * The UNKNOWN violation of the candidate {@code rel} (relative to the output directory), or null.
   */
  Violation check(String rel) throws IOException {
    return FrontMatterLines.declaresCompiledAt(run.out.resolve(rel)) ? violation(rel) : null;
  }

  /** The UNKNOWN violation of {@code rel}, a file known to declare {@code compiled_at}. */
  Violation violation(String rel) {
    Path file = run.out.resolve(rel);
    String path = run.outPrefix + rel;
    String owner = null;
    OtherWorkspace other = null;
    boolean edited = false;
    try {
      String text = CompiledFile.readUtf8(file);
      ParseResult parsed = CompiledFile.parse(text);
      if (parsed instanceof ParsedFile p) {
        if (p.frontMatter().get("workspace") != null) {
          owner = String.valueOf(p.frontMatter().get("workspace"));
        }
        edited =
            p.declaredContentHash() != null
                && !p.declaredContentHash().equals(CompiledFile.contentHashOf(text));
      }
      other = OtherWorkspace.of(run.config.name(), parsed);
    } catch (MlosException e) {
      // Broken front matter or text: it still claims to be compiled, which is what matters here.
    }
    boolean ours = run.config.name().equals(owner);
    // Asked only for a page of this workspace's name: the pull's rows may produce it.
    boolean afterPull = ours && !edited && textFormPulled();
    String message =
        "'"
            + path
            + "' has compiled_at front matter "
            + (ours
                // It names this workspace: what lacks it is the record, not the name.
                ? "and names workspace '"
                    + owner
                    + "', but its compile record has no row for it "
                    + (edited && run.records.isEmpty()
                        // No record at all: most often a clean, which deletes the record and keeps
                        // the hand-edited pages; no compile dropped this one.
                        ? "(it was edited by hand after it was compiled; a clean, which deletes the"
                            + " compile record, keeps such a page instead of deleting the edit)"
                        : edited
                            // A compile keeps a hand-edited page no view produces any more (a view
                            // deleted, a row gone) and drops it from the record: say so, not "a
                            // copy".
                            ? "(it was edited by hand after it was compiled, so the compile that no"
                                + " longer produced it kept it instead of deleting the edit)"
                            : afterPull
                                // A teammate's commit brought the page and the text form holding
                                // its row; the database has not taken that text form yet.
                                ? "(most likely the page of a row in the pulled mlos.db.sql that"
                                    + " the database does not hold yet; or a copy of a page)"
                                : "(a copy of a page, or a page compiled after the mlos.db.sql this"
                                    + " database was built from)")
                : "but workspace '"
                    + run.config.name()
                    + "' did not compile it"
                    + (owner == null ? "" : " (it names workspace '" + owner + "')"));
    if (other != null) {
      // Another workspace's name: most often this same workspace cloned under another directory
      // name.
      return new Violation(
          ViolationClass.UNKNOWN,
          path,
          0,
          "'" + path + "' was compiled by another workspace: " + other.note(),
          "",
          other.fix());
    }
    String gone = ours && run.records.isEmpty() ? textFormDeletedIn() : "";
    if (!gone.isEmpty()) {
      // A clone after a commit that deleted mlos.db.sql: init made an empty database, and the
      // usual fix (compile) would delete every page of the rows that went with it.
      String text = DatabaseText.fileOf(run.config.database()).getFileName().toString();
      String word = dev.mlos.core.RemedyWording.shellWord(text);
      return new Violation(
          ViolationClass.UNKNOWN,
          path,
          0,
          message
              + "; this database has no compile record, and its text form "
              + text
              + " was deleted from git in commit "
              + gone,
          "",
          "if "
              + gone
              + " deleted "
              + text
              + " by mistake, bring its rows back: `git checkout "
              + gone
              + "^ -- "
              + word
              + "` in the database's directory, move the database aside and run {2}, which"
              + " rebuilds it from the file, then commit "
              + text
              + "; to start empty on purpose, run "
              + GuardRun.COMPILE
              + ", which deletes the pages no view produces, and commit that",
          List.of(Remedy.compile(), Remedy.clean(), Remedy.init()));
    }
    if (afterPull) {
      // Deleting it would delete a page the pull and a compile make valid (a trial, after `git
      // pull --rebase`): take the text form first, and delete only what is left over.
      return new Violation(
          ViolationClass.UNKNOWN,
          path,
          0,
          message,
          "",
          "do not delete it yet: merge the pulled text form into the database first with {2}, then"
              + " run "
              + GuardRun.COMPILE
              + ", which records the page when a row produces it; only if it is still UNKNOWN after"
              + " that, delete '"
              + path
              + "' ({1} only deletes recorded files)",
          List.of(Remedy.compile(), Remedy.clean(), Remedy.pullTextForm()));
    }
    String fix =
        ours && run.records.isEmpty()
            ? "this database has no compile record for the workspace yet: run "
                + GuardRun.COMPILE
                + ", which adopts the workspace's own compiled files (or deletes them when no view produces them)"
            : "delete '"
                + path
                + "' ({1} only deletes recorded files), or enable the view that produces it and run "
                + GuardRun.COMPILE;
    return new Violation(
        ViolationClass.UNKNOWN, path, 0, message, "", fix, ViolationClass.UNKNOWN.remedies());
  }
}
