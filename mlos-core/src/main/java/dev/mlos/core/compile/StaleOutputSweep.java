package dev.mlos.core.compile;

import dev.mlos.core.MlosException;
import dev.mlos.core.Reporter;
import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.frontmatter.ParsedFile;
import dev.mlos.core.path.InvalidPathException;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.path.WorkspaceWalker;
import dev.mlos.core.write.AtomicWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The clean-up phase of a compile: deletes the files the last compile recorded that no page
 * produces any more (unless edited by hand since), and, after a fresh database or an interrupted
 * compile, this workspace's compiled files that no view produced and the temporary files left.
 */
final class StaleOutputSweep {
  private final PageWriter run;
  private final WorkspaceConfig config;
  private final Reporter reporter;
  private final Path out;
  private final Path outAbsolute;

  /** The files kept because they were edited by hand: the first ones named, the rest counted. */
  private final KeptEditWarnings keptEdits;

  /**
   * The files no longer produced that were kept because a link (or a path mlos does not delete) is
   * where they were: the first ones named, the rest counted.
   */
  private final CappedWarnings keptInPlace;

  /** The listing of possible stale compiled files, after a fresh database. */
  private java.util.concurrent.FutureTask<List<Path>> orphanScan;

  StaleOutputSweep(PageWriter run) {
    this.run = run;
    this.config = run.config;
    this.reporter = run.reporter;
    this.out = run.out;
    this.outAbsolute = run.outAbsolute;
    this.keptEdits =
        new KeptEditWarnings(
            reporter,
            "files no longer produced but edited by hand were kept: review them and delete them"
                + " yourself ({0} names each that keeps its front matter, as UNKNOWN)");
    this.keptInPlace = new CappedWarnings(reporter);
  }

  /**
   * After the sweep (or its failure): counts the files kept as edited by hand past the ones named.
   */
  void endKept() {
    keptEdits.end();
    keptInPlace.end(
        "files no longer produced were kept, each a symbolic link, behind one, or at a path mlos"
            + " does not delete: remove them yourself if they are not needed (what a link points"
            + " to is not touched)");
  }

  /** Keeps {@code path}, edited by hand, and says so (the first ones by name). */
  private void keptEdited(String path, List<String> kept) {
    kept.add(path);
    keptEdits.say(
        "'"
            + path
            + "' is no longer produced but was edited by hand, so it was kept: review it and delete"
            + " it yourself.");
  }

  void removeVanished(String path, String fileHash, List<String> deleted, List<String> kept) {
    Path file;
    try {
      file = WorkspacePath.of(path).resolveIn(out);
    } catch (MlosException e) {
      kept.add(path);
      keptInPlace.say("Not deleting '" + path + "': " + e.getMessage());
      return;
    }
    if (Files.isSymbolicLink(file)) {
      // Not the page: a link someone put in its place. Neither it nor its target is deleted.
      kept.add(path);
      String to;
      try {
        to = Files.readSymbolicLink(file).toString();
      } catch (java.io.IOException | UnsupportedOperationException e) {
        to = "?";
      }
      keptInPlace.say(
          "'"
              + path
              + "' is no longer produced but was replaced by a symbolic link (to "
              + InvalidPathException.quote(to)
              + "), so it was kept: mlos deletes nothing through a link; remove the link yourself"
              + " if it is not needed (what it points to is not touched).");
      return;
    }
    String link = WorkspacePath.of(path).linkOnTheWay(out);
    if (link != null) {
      // A directory on the way leads elsewhere (into .git, say): what is there is not the page.
      kept.add(path);
      keptInPlace.say(
          "'"
              + path
              + "' is no longer produced, but the directory '"
              + link
              + "' on its way was replaced by a symbolic link, so it was kept: mlos deletes nothing"
              + " through a link; remove the link yourself if it is not needed (what it points to"
              + " is not touched).");
      return;
    }
    if (!Files.isRegularFile(file)) {
      return;
    }
    boolean intact = fileHash.equals(PageFiles.hash(file, -1)) || PageFiles.intactCompiled(file);
    if (!intact) {
      keptEdited(path, kept);
      return;
    }
    delete(file, path, deleted);
  }

  /**
   * After a fresh database: starts listing the files in the views' output directories that may be
   * compiled files ({@code *.md} starting with a {@code ---} line, outside hidden and build
   * directories), on its own thread while the pages render. Files this compile writes meanwhile are
   * claimed, so they are passed over in {@link #removeOrphans}; temporary files are hidden.
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
   * output pattern (with its subdirectories, up to {@link WorkspaceWalker#MAX_DEPTH} deep, when
   * placeholders make them vary), walked by the {@link WorkspaceWalker} (its skip rule, no link
   * followed). A root reached through a link that leads out of the output directory is refused. A
   * stale compiled file elsewhere (left by a view since removed or moved) is not deleted; the guard
   * reports it.
   */
  private List<Path> scanForOrphans() {
    java.util.SortedSet<Path> candidates = new java.util.TreeSet<>();
    java.util.Map<Path, Boolean> roots = new java.util.TreeMap<>();
    for (ViewDefinition v : config.views()) {
      dev.mlos.core.view.OutputPattern p =
          new dev.mlos.core.view.OutputPattern(v.name(), v.output());
      Path dir = outAbsolute.resolve(p.directory()).normalize();
      if (dir.startsWith(outAbsolute)) {
        roots.merge(dir, p.directoryVaries(), Boolean::logicalOr);
      }
    }
    for (Map.Entry<Path, Boolean> root : roots.entrySet()) {
      Path dir = root.getKey();
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || run.directories.created(dir)) {
        continue;
      }
      WorkspacePath.checkedIn(outAbsolute, dir);
      for (String rel :
          WorkspaceWalker.regularFiles(
              dir,
              root.getValue() ? WorkspaceWalker.MAX_DEPTH : 1,
              rel -> passedOver(dir, rel),
              rel -> mayBeCompiled(dir.resolve(rel)))) {
        candidates.add(dir.resolve(rel));
      }
    }
    return new ArrayList<>(candidates);
  }

  /**
   * True for an entry below an output root the orphan scan does not look at: a temporary file or
   * staging directory (noted as a leftover after an interrupted compile; hidden, so never a
   * candidate), and a directory this compile created, which holds only its own pages.
   */
  private boolean passedOver(Path root, String rel) {
    String name = rel.substring(rel.lastIndexOf('/') + 1);
    if (StaleFiles.isTemporaryName(name)) {
      if (run.interrupted != null) {
        run.leftovers.add(root.resolve(rel));
      }
      return true;
    }
    return !name.endsWith(".md") && run.directories.created(root.resolve(rel));
  }

  /**
   * After a fresh database: our compiled files on disk that no view produced, but for {@code
   * notWritten} (pages too large, which keep their last file).
   */
  void removeOrphans(List<String> deleted, List<String> kept, java.util.Set<String> notWritten) {
    java.util.Set<String> passedOver = new java.util.HashSet<>();
    notWritten.forEach(p -> passedOver.add(dev.mlos.core.path.PathKey.of(p)));
    List<Path> candidates;
    try {
      candidates = orphanScan.get();
    } catch (java.util.concurrent.ExecutionException e) {
      reporter.warn(
          "Could not look for stale compiled files under "
              + out
              + ": "
              + e.getCause().getMessage());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    // Every page is written and every staging directory moved into place by now, and no other
    // compile runs (the lock): temporary entries still there were left by a killed compile.
    int removed = StaleFiles.remove(run.leftovers);
    if (removed > 0) {
      reporter.info(
          "Removed "
              + removed
              + " temporary file"
              + (removed == 1 ? "" : "s")
              + " an interrupted compile left in "
              + out
              + ".");
    }
    for (Path p : candidates) {
      String rel = WorkspacePath.relative(outAbsolute, p);
      if (run.ledger.claimed(rel) || passedOver.contains(dev.mlos.core.path.PathKey.of(rel))) {
        continue;
      }
      if (run.interrupted != null && run.interrupted.recordOf(rel, p) != null) {
        delete(p, rel, deleted); // an interrupted compile wrote it, and no view produces it now
      } else if (PageFiles.parseQuietly(p) instanceof ParsedFile pf
          && config.name().equals(String.valueOf(pf.frontMatter().get("workspace")))) {
        if (PageFiles.intactCompiled(p)) {
          delete(p, rel, deleted);
        } else {
          keptEdited(rel, kept);
        }
      }
    }
  }

  /**
   * False when the file cannot be a compiled file: not a visible {@code .md} file, or not starting
   * with a {@code ---} line (after an optional byte order mark), decided from its first bytes, so
   * the documents of a large workspace are not read whole.
   */
  private static boolean mayBeCompiled(Path file) {
    String name = file.getFileName().toString();
    if (!name.endsWith(".md") || name.startsWith(".")) {
      return false;
    }
    return dev.mlos.core.frontmatter.CompiledFile.startsWithFrontMatter(file);
  }

  private void delete(Path file, String path, List<String> deleted) {
    // Noted first: a compile killed after the delete must not leave a record of a missing file
    // behind.
    run.journal.deleting(path);
    AtomicWriter.deleteAndPruneEmptyParents(file, out);
    deleted.add(path);
  }
}
